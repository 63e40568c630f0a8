"""`shellhooks claude-hook EVENT`: run by Claude Code's hooks (see `setup claude-hooks`)."""

from __future__ import annotations

import argparse

HELP = "handle a Claude Code hook event (run by Claude Code; see `setup claude-hooks`)"
DESCRIPTION = (
    "Reads the hook's JSON on stdin. TaskCreated and TaskCompleted are recorded in the "
    "history journal (TaskCompleted also keeps a snapshot of the whole list); SessionStart "
    "prints a one-line summary of the list for Claude. Always exits 0."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "event", nargs="?", default="",
        help="SessionStart, SessionEnd, TaskCreated or TaskCompleted",
    )


def run(args: argparse.Namespace) -> int:
    from shellhooks import claudehook

    return claudehook.main([args.event])
