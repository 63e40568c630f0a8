"""`shellhooks list`: every task list with its counts, last change and state."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from shellhooks import paths, render, store, timefmt
from shellhooks.textsafe import use_color

HELP = "show every task list with its counts"
DESCRIPTION = (
    "Show every task list under Claude Code's tasks folder: tasks by status, the last change "
    "and the state (active, cleared, empty, unreadable). Lists named by a random session id "
    "(nobody named them) are folded into one summary row unless --all. --json always "
    "includes every list."
)

SORTS = ("recent", "name", "open")
HEADERS = ["id", "total", "pending", "in progress", "completed", "last change", "state"]
ALIGN = ["left", "right", "right", "right", "right", "left", "left"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the `list` options."""
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument("--sort", choices=SORTS, default="recent",
                        help="recent (default, newest first), name, or open (most open first)")
    parser.add_argument("--all", action="store_true",
                        help="one row per session-named (UUID) list instead of a summary row")


def text_path(path: os.PathLike[str] | str) -> str:
    """A path as printable text (undecodable bytes become U+FFFD)."""
    return store.display_name(os.fspath(path))


def list_json(tl: store.TaskList, cleanup_days: float) -> dict[str, Any]:
    """The `--json` object of one list."""
    from shellhooks import retention

    c = tl.counts()
    return {
        "id": store.display_name(tl.id),
        "path": text_path(tl.path),
        "total": c["total"],
        "pending": c["pending"],
        "in_progress": c["in_progress"],
        "completed": c["completed"],
        "updated": timefmt.iso(tl.updated),
        "state": tl.state,
        "cleared_count": tl.cleared_count,
        "cleanup_at": timefmt.iso(retention.deleted_from(tl.path, cleanup_days)),
    }


def sort_lists(lists: list[store.TaskList], how: str) -> list[store.TaskList]:
    """Lists ordered for display: `recent` newest first, `name`, or `open` most first."""
    by_name = sorted(lists, key=lambda tl: store.display_name(tl.id))
    if how == "name":
        return by_name
    if how == "open":
        return sorted(by_name, key=lambda tl: -tl.counts()["open"])
    return sorted(by_name, key=lambda tl: -(tl.updated or 0.0))


def _state_cell(tl: store.TaskList) -> str:
    state = tl.state
    if state == "cleared":
        return f"cleared ({tl.cleared_count})"
    if tl.problems and state == "active":
        n = len(tl.problems)
        return f"active, {n} unreadable file{'s' if n != 1 else ''}"
    return state


def _row(tl: store.TaskList, now: float) -> list[Any]:
    c = tl.counts()
    return [store.display_name(tl.id), c["total"], c["pending"], c["in_progress"],
            c["completed"], timefmt.ago(tl.updated, now), _state_cell(tl)]


def _summary_row(lists: list[store.TaskList], now: float) -> list[Any]:
    """One row standing for every session-named list."""
    totals = {k: 0 for k in ("total", "pending", "in_progress", "completed")}
    states: dict[str, int] = {}
    for tl in lists:
        c = tl.counts()
        for k in totals:
            totals[k] += c[k]
        states[tl.state] = states.get(tl.state, 0) + 1
    newest = max((tl.updated for tl in lists if tl.updated is not None), default=None)
    state = ", ".join(f"{n} {s}" for s, n in sorted(states.items(), key=lambda x: -x[1]))
    n = len(lists)
    return [f"({n} session list{'s' if n != 1 else ''})", totals["total"], totals["pending"],
            totals["in_progress"], totals["completed"], timefmt.ago(newest, now), state]


def run(args: argparse.Namespace) -> int:
    """Print the lists as a table or JSON."""
    lists = sort_lists(list(store.iter_lists()), args.sort)
    out = sys.stdout
    if args.json:
        from shellhooks import retention

        try:
            days = retention.cleanup_period_days(os.getcwd())
        except OSError:  # the current folder is gone: no project settings apply
            days = retention.cleanup_period_days("/")
        out.write(render.dumps_json([list_json(tl, days) for tl in lists]) + "\n")
        return 0
    if not lists:
        out.write(f"no task lists in {text_path(paths.tasks_root_str())}\n")
        return 0
    now = time.time()
    named = [tl for tl in lists if args.all or not store.is_session_id(tl.id)]
    sessions = [] if args.all else [tl for tl in lists if store.is_session_id(tl.id)]
    rows = [_row(tl, now) for tl in named]
    if sessions:
        rows.append(_summary_row(sessions, now))
    text = render.table(rows, HEADERS, ALIGN)
    if use_color(out):
        # Header underline and session summary row dimmed; data rows stay plain.
        lines = text.split("\n")
        lines[1] = render.paint(lines[1], "dim", True)
        if sessions:
            lines[-1] = render.paint(lines[-1], "dim", True)
        text = "\n".join(lines)
    out.write(text + "\n")
    _retention_notes(out, now)
    return 0


def _retention_notes(out: Any, now: float) -> None:
    """Below the table: the named lists Claude Code's start-up clean-up deletes soon."""
    from shellhooks import retention
    from shellhooks.textsafe import shown_id

    try:
        cwd = os.getcwd()
    except OSError:
        return
    due = retention.lists_due(cwd, now)
    if not due:
        return
    days = retention.cleanup_period_days(cwd)
    out.write(f"\nClaude Code's start-up clean-up (cleanupPeriodDays {days:g}) will delete:\n")
    for name, left in due:
        out.write(f"  {shown_id(name)}  {retention.when(left)}\n")
    out.write(f"To keep one: {retention.keep_advice()}.\n")
