"""`shellhooks adopt SOURCE [--into ID] [--keep] [--dry-run]`: move a list's tasks into another."""

from __future__ import annotations

import argparse
import sys

from shellhooks.errors import ShellhooksError

HELP = "move the tasks of a list (a session's own, say) into the list in effect here"
DESCRIPTION = (
    "Appends the tasks of list SOURCE (a session-named list, or any list) to the list in "
    "effect here, or to ID with --into: new ids after the target's highest id and "
    ".highwatermark, `blocks`/`blockedBy` remapped, written under Claude Code's list lock. "
    "The copies are read back and checked before SOURCE's task files are removed (--keep "
    "keeps them; a task that changed meanwhile is kept too). --dry-run prints the plan only."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="SOURCE", help="the list whose tasks to move")
    parser.add_argument("--into", metavar="ID", help="the target list (default: the id in effect)")
    parser.add_argument("--keep", action="store_true", help="keep the tasks in SOURCE too")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from shellhooks import journal, listio, listlock, sessions, store, textsafe

    target_id = args.into if args.into is not None else journal.id_in_effect()
    if not target_id or not store.list_dirname(target_id):
        raise ShellhooksError("no list id in effect here; name the target with --into ID")
    if not store.list_dirname(args.source):
        raise ShellhooksError("SOURCE needs a list id (not empty, not only whitespace)")
    src_shown, dst_shown = textsafe.shown_id(args.source), textsafe.shown_id(target_id)
    source, target = Path(store.list_path(args.source)), Path(store.list_path(target_id))
    if source.name == target.name:
        raise ShellhooksError(f"'{src_shown}' and '{dst_shown}' are the same list")
    if not source.is_dir():
        raise ShellhooksError(f"there is no list '{src_shown}'")
    texts = listio.read_task_texts(source)
    if not texts:
        raise ShellhooksError(f"list '{src_shown}' has no tasks to adopt")
    if not args.keep and source.name in sessions.lists_in_use():
        raise ShellhooksError(f"list '{src_shown}' is in use by a running Claude Code session; "
                              "quit it first, or copy with --keep")
    tasks = [{**json.loads(text), "id": tid} for tid, text in texts.items()]
    if args.dry_run:
        first = listio.highest_id(target) + 1
        numbered, _ = listio.renumber(tasks, first)
        print(f"Would move {len(tasks)} task(s) from list {src_shown} into list {dst_shown}:")
        for old, new in zip(tasks, numbered, strict=True):
            print(f"  #{old['id']} -> #{new['id']}  {textsafe.clean(new.get('subject', ''))}")
        print(f"and then {'keep' if args.keep else 'remove'} them in list {src_shown}.")
        return 0
    try:
        ids = listio.append_tasks(target, tasks, append=True)
    except listlock.ListLocked:
        raise ShellhooksError(f"list '{dst_shown}' is locked by another writer (.lock.lock); "
                              "try again; nothing moved") from None
    except listlock.NotInside as e:
        raise ShellhooksError(f"list '{dst_shown}': {textsafe.clean(e)}; nothing moved") from None
    except OSError as e:
        raise ShellhooksError(f"list '{dst_shown}': cannot write into "
                              f"{textsafe.shown_path(target)}: {e.strerror}; nothing moved"
                              ) from None
    print(f"Copied {len(ids)} task(s) from list {src_shown} into list {dst_shown} "
          f"(#{ids[0]}-#{ids[-1]}).")
    if args.keep:
        return 0
    expected = {f"{tid}.json": text.encode("utf-8") for tid, text in texts.items()}
    try:
        kept = listio.remove_tasks(source, expected)
    except (listlock.ListLocked, listlock.NotInside, OSError):
        print(f"shellhooks: list '{src_shown}' was left as it is (it could not be locked or "
              "written); its tasks are now in both lists", file=sys.stderr)
        return 1
    if kept:
        print(f"shellhooks: {len(kept)} task(s) of list '{src_shown}' changed while they were "
              "copied and were kept there", file=sys.stderr)
        return 1
    print(f"Removed them from list {src_shown}.")
    return 0
