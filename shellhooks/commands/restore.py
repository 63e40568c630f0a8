"""`shellhooks restore ID [--to NEWID]`: bring back a list's task files from the last snapshot."""

from __future__ import annotations

import argparse
import sys
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
    from pathlib import Path

    from shellhooks import finished, listlock, sessions, snapshot, store, textsafe, timefmt

    source = store.list_dirname(args.id)
    snap = finished.newest_snapshot(source)
    shown = textsafe.shown_id(args.id)
    if snap is None or not snap["tasks"]:
        raise ShellhooksError(
            f"no snapshot of list '{shown}' in the history "
            f"(set up `shellhooks setup claude-hooks` so finished lists are kept)"
        )
    target_id = args.to if args.to is not None else args.id
    if not store.list_dirname(target_id):
        raise ShellhooksError("--to needs a list id (not empty, not only whitespace)")
    target = Path(store.list_path(target_id))
    target_shown = textsafe.shown_id(target_id)
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
    entries, skipped = snapshot.snapshot_entries(snap)
    for key in skipped:  # a tampered snapshot must not name a file outside the list
        print(f"shellhooks: skipped '{textsafe.shown_id(key)}' in the snapshot: not a task "
              "file Claude Code writes", file=sys.stderr)
    if not entries:
        raise ShellhooksError(f"the snapshot of list '{shown}' holds no task to restore")
    try:
        written = snapshot.restore_snapshot(snap, target)
    except listlock.ListLocked:
        raise ShellhooksError(
            f"list '{target_shown}' is locked by another writer (.lock.lock); try again"
        ) from None
    except listlock.HasTasks as e:
        raise ShellhooksError(f"list '{target_shown}' already has {e.args[0]} task file(s) "
                              "(written just now); nothing restored") from None
    except listlock.NotInside as e:
        raise ShellhooksError(f"list '{target_shown}': {textsafe.clean(e)}; nothing "
                              "restored") from None
    except OSError as e:
        raise ShellhooksError(f"list '{target_shown}': cannot write into "
                              f"{textsafe.clean(target)}: {e.strerror}") from None
    when = snap.get("time")
    taken = float(when) if isinstance(when, int | float) and not isinstance(when, bool) \
        and when > 0 else None
    print(
        f"Restored {len(written)} task(s) into list {target_shown} "
        f"from the snapshot taken {timefmt.ago(taken, time.time())} ({timefmt.iso(taken)})."
    )
    return 0
