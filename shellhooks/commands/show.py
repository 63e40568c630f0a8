"""`shellhooks show [ID]`: the tasks of one list."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from shellhooks import paths, render, store
from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import clean, use_color

HELP = "show the tasks of a list"
DESCRIPTION = (
    "Show the tasks of a list: [x] completed, [>] in progress, [ ] pending (with open "
    "blockers). ID defaults to the list a `claude` started here would use (what "
    "`shellhooks status` shows)."
)

LIST_ID_VAR = "CLAUDE_CODE_TASK_LIST_ID"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the `show` options."""
    parser.add_argument("id", nargs="?", metavar="ID",
                        help="the list id (default: the one in effect here)")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.add_argument("--open", action="store_true", help="hide completed tasks")


def default_list_id() -> str | None:
    """The list shown when no ID is given: the one a `claude` started here would use,
    resolved as `shellhooks status` does (the hook need not have run: a script, `bash
    -c`, a `cd` on the same line). None for a new session list."""
    from shellhooks.resolve import id_in_effect

    return id_in_effect()


def find_list_folder(list_id: str) -> Path | None:
    """The folder of `list_id`: the one Claude Code would use, else a folder of exactly
    that name (so odd folders that Claude Code did not name can still be shown)."""
    if not store.list_dirname(list_id):
        return None  # an empty id would name the tasks folder itself
    folder = Path(store.list_path(list_id))
    if os.path.lexists(folder):
        return folder
    if list_id not in ("", ".", "..") and "/" not in list_id and "\0" not in list_id:
        literal = Path(paths.tasks_root_str()) / list_id
        if os.path.lexists(literal):
            return literal
    return None


def _near_miss_line(list_id: str) -> str | None:
    """`no task list 'webap-auth'; did you mean 'webapp-auth' (...)?`, or None."""
    from shellhooks import nearmiss

    try:
        suggestions = nearmiss.near_misses(list_id)
    except Exception:  # only a hint: the plain message is still right
        return None
    if not suggestions:
        return None
    return nearmiss.warning_line(list_id, suggestions).removeprefix("shellhooks: ")


def task_json(task: store.Task) -> dict[str, Any]:
    """The `--json` object of one task."""
    return {
        "id": task.id,
        "subject": task.subject,
        "description": task.description,
        "active_form": task.active_form,
        "status": task.status,
        "owner": task.owner,
        "blocks": list(task.blocks),
        "blocked_by": list(task.blocked_by),
    }


def read(list_id: str | None) -> store.TaskList:
    """The list to show, or a ShellhooksError saying why there is none."""
    if list_id is None:
        list_id = default_list_id()
        if list_id is None:
            raise ShellhooksError(
                "no list id given and none is in effect here (try `shellhooks list`)"
            )
    folder = find_list_folder(list_id)
    if folder is None:
        hint = _near_miss_line(list_id)
        if hint:
            raise ShellhooksError(hint)
        root = clean(store.display_name(paths.tasks_root_str()))
        raise ShellhooksError(f"no task list {clean(list_id)!r} in {root}")
    tl = store.read_list_dir(folder)
    if tl.state == "unreadable":
        why = tl.problems[0].reason if tl.problems else "unreadable"
        raise ShellhooksError(f"task list {clean(store.display_name(tl.id))!r}: {why}")
    return tl


def run(args: argparse.Namespace) -> int:
    """Print the list's tasks, or its JSON."""
    tl = read(args.id)
    tasks = [t for t in tl.tasks if not (args.open and t.status == "completed")]
    out = sys.stdout
    if args.json:
        obj = {
            "id": store.display_name(tl.id),
            "path": store.display_name(os.fspath(tl.path)),
            "state": tl.state,
            "tasks": [task_json(t) for t in tasks],
        }
        out.write(render.dumps_json(obj) + "\n")
        return 0
    color = use_color(out)
    name = clean(store.display_name(tl.id))
    lines = []
    if tl.state == "cleared":
        n = tl.cleared_count
        lines.append(f"{name}: cleared: Claude Code finished all {n} task{'s' if n != 1 else ''}"
                     " and removed them")
    elif tl.state == "empty":
        lines.append(f"{name}: no tasks yet")
    else:
        c = tl.counts()
        head = (f"{name}: {c['total']} task{'s' if c['total'] != 1 else ''}, "
                f"{c['completed']} done, {c['in_progress']} in progress, {c['pending']} pending")
        lines.append(render.paint(head, "bold", color))
        lines.extend(render.task_line(tl, t, color=color) for t in tasks)
        if args.open and not tasks and tl.tasks:
            lines.append("(no open tasks)")
    if tl.hidden:
        lines.append(render.paint(f"({tl.hidden} internal task{'s' if tl.hidden != 1 else ''}"
                                  " hidden)", "dim", color))
    for p in tl.problems:
        lines.append(render.paint(f"! {clean(store.display_name(p.name))}: {clean(p.reason)}",
                                  "warn", color))
    out.write("\n".join(lines) + "\n")
    return 0
