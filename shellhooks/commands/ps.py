"""`shellhooks ps`: running Claude Code sessions and the list each one launched with."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from shellhooks import render, sessions, timefmt

HELP = "show running Claude Code sessions and their task lists"
DESCRIPTION = (
    "Show running Claude Code sessions: pid, terminal, working folder, the task list id "
    "they launched with (`session` when none was set: the list is named by the session id) "
    "and when they started. Sessions on the same list are shown together."
)

HEADERS = ["pid", "tty", "cwd", "list id", "started"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the `ps` options."""
    parser.add_argument("--json", action="store_true", help="print a JSON array")


def session_json(s: sessions.Session) -> dict[str, Any]:
    """The `--json` object of one session."""
    return {
        "pid": s.pid,
        "tty": s.tty,
        "cwd": s.cwd,
        "list_id": s.shown_list_id if s.environ_readable else None,  # None: could not read
        "started": timefmt.iso(s.started),
    }


def run(args: argparse.Namespace) -> int:
    """Print the sessions as a table or JSON."""
    found = sessions.grouped_by_list(sessions.running_sessions())  # oldest first
    out = sys.stdout
    if args.json:
        out.write(render.dumps_json([session_json(s) for s in found]) + "\n")
        return 0
    if not found:
        out.write("no running Claude Code sessions\n")
        return 0
    now = time.time()
    rows = [[s.pid, s.tty or "?", s.cwd or "?",
             s.shown_list_id if s.environ_readable else "? (no access)",
             timefmt.ago(s.started, now)] for s in found]
    out.write(render.table(rows, HEADERS) + "\n")
    return 0
