"""`shellhooks restore ID [--to NEWID]`: bring back a list's task files from the last snapshot."""

from __future__ import annotations

import argparse
import time

from shellhooks.errors import ShellhooksError

HELP = "recreate a list's task files from the last snapshot in the history"
DESCRIPTION = (
    "Writes the task files of the last snapshot of list ID (kept by the Claude Code hooks, "
    "`statusline`, `watch` and `wait`) back into ID, or into NEWID with --to, exactly as "
    "Claude Code writes them, under Claude Code's lock. Refuses a list that a running "
    "Claude Code session uses, and a list that already has task files."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the list whose snapshot to restore")
    parser.add_argument("--to", metavar="NEWID", help="restore into this list instead of ID")


def run(args: argparse.Namespace) -> int:
    from shellhooks import history, sessions, store, textsafe, timefmt

    source = store.list_dirname(args.id)
    snap = history.load_snapshot(source)
    shown = textsafe.clean(args.id)
    if snap is None or not snap["tasks"]:
        raise ShellhooksError(
            f"no snapshot of list '{shown}' in the history "
            f"(set up `shellhooks setup claude-hooks` so finished lists are kept)"
        )
    target_id = args.to if args.to is not None else args.id
    if not target_id:
        raise ShellhooksError("--to needs a list id")
    target = store.list_path(target_id)
    target_shown = textsafe.clean(target_id)
    if target.name in sessions.lists_in_use():
        raise ShellhooksError(
            f"list '{target_shown}' is in use by a running Claude Code session; "
            f"quit it first, or restore into another list with --to NEWID"
        )
    existing = store.read_list_dir(target)
    if existing.task_files:
        raise ShellhooksError(
            f"list '{target_shown}' already has {existing.task_files} task file(s); "
            f"restore into another list with --to NEWID"
        )
    try:
        written = history.restore_snapshot(snap, target)
    except history.ListLocked:
        raise ShellhooksError(
            f"list '{target_shown}' is locked by another writer (.lock.lock); try again"
        ) from None
    taken = float(snap.get("time") or 0) or None
    print(
        f"Restored {len(written)} task(s) into list {target_shown} "
        f"from the snapshot taken {timefmt.ago(taken, time.time())} ({timefmt.iso(taken)})."
    )
    return 0
