"""`shellhooks export [ID] [--format md|json]`: a list as a Markdown checklist or JSON."""

from __future__ import annotations

import argparse
import sys

from shellhooks.errors import ShellhooksError

HELP = "print a list as a Markdown checklist or as JSON (for a pull request, another machine)"
DESCRIPTION = (
    "Prints the tasks of list ID (default: the list id in effect here) on stdout: a Markdown "
    "checklist (completed tasks ticked, in-progress and blocked ones marked, descriptions "
    "indented; every character of the task text escaped, so nothing in it can inject "
    "Markdown or a terminal sequence) or, with --format json, the task objects as Claude Code "
    "writes them. A cleared list is exported from its last snapshot in the history. "
    "`shellhooks import FILE --to ID` reads either back."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", metavar="ID", help="list id (default: the id in effect)")
    parser.add_argument("--format", choices=("md", "json"), default="md",
                        help="md (a checklist, the default) or json")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from shellhooks import finished, journal, listio, snapshot, store, textsafe

    list_id = args.id if args.id is not None else journal.id_in_effect()
    if not list_id or not store.list_dirname(list_id):
        raise ShellhooksError("no list id in effect here; name one: shellhooks export ID")
    shown = textsafe.shown_id(list_id)
    tasks = listio.read_tasks(Path(store.list_path(list_id)))
    if not tasks:
        # Cleared by Claude Code (or deleted): what the history kept.
        snap = finished.newest_snapshot(store.list_dirname(list_id))
        if snap is not None:
            import json

            entries, _skipped = snapshot.snapshot_entries(snap)
            for name, text in entries.items():
                try:
                    obj = json.loads(text)
                except (ValueError, RecursionError):
                    continue
                if isinstance(obj, dict):
                    obj["id"] = name[:-5]
                    tasks.append(obj)
            tasks.sort(key=lambda t: int(t["id"]))
            if tasks:
                print(f"shellhooks: list '{shown}' has no task files; exported from its last "
                      "snapshot in the history", file=sys.stderr)
    if not tasks:
        raise ShellhooksError(f"list '{shown}' has no tasks to export")
    out = listio.export_json(tasks) if args.format == "json" else listio.export_markdown(tasks)
    sys.stdout.write(out)
    return 0
