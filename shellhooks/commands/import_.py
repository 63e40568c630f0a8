"""`shellhooks import FILE --to ID [--append]`: a list from a checklist or JSON file."""

from __future__ import annotations

import argparse

from shellhooks.errors import ShellhooksError

HELP = "create a list from a Markdown checklist or JSON file (as `export` writes them)"
DESCRIPTION = (
    "Reads FILE (a Markdown checklist: `- [ ]`/`- [x]` items, indented descriptions; or a JSON "
    "array of tasks as `shellhooks export --format json` prints) and writes its tasks into "
    "list ID, under Claude Code's list lock, as Claude Code writes task files. Refuses a list "
    "that already has tasks unless --append, which numbers the new tasks after the list's "
    "highest id. Nothing in the file is run or evaluated; it is read as text only."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the checklist or JSON file")
    parser.add_argument("--to", metavar="ID", required=True, help="the list to write into")
    parser.add_argument("--append", action="store_true",
                        help="add to a list that already has tasks")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from shellhooks import listio, listlock, store, textsafe

    if not store.list_dirname(args.to):
        raise ShellhooksError("--to needs a list id (not empty, not only whitespace)")
    shown = textsafe.shown_id(args.to)
    tasks = listio.parse_file(args.file, listio.read_import_file(args.file))
    if not tasks:
        raise ShellhooksError(f"{textsafe.shown_path(args.file)} holds no task (no `- [ ]` "
                              "item, no JSON task); nothing imported")
    target = Path(store.list_path(args.to))
    try:
        ids = listio.append_tasks(target, tasks, append=args.append)
    except listlock.HasTasks as e:
        raise ShellhooksError(f"list '{shown}' already has {e.args[0]} task file(s); add "
                              "--append to add these after them") from None
    except listlock.ListLocked:
        raise ShellhooksError(f"list '{shown}' is locked by another writer (.lock.lock); "
                              "try again; nothing imported") from None
    except listlock.NotInside as e:
        raise ShellhooksError(f"list '{shown}': {textsafe.clean(e)}; nothing imported") from None
    except OSError as e:
        raise ShellhooksError(f"list '{shown}': cannot write into "
                              f"{textsafe.shown_path(target)}: {e.strerror}") from None
    print(f"Imported {len(tasks)} task(s) into list {shown} (#{ids[0]}-#{ids[-1]}).")
    return 0
