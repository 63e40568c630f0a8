"""`shellhooks history [ID] [--json] [--since DURATION] [--all]`: the record of finished work."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

HELP = "show the tasks finished in a list, and when (kept after Claude Code clears the list)"
DESCRIPTION = (
    "Shows the completed tasks recorded in the journal or the last snapshot of list ID "
    "(default: the list id in effect here; without one, every list with a history); a task "
    "already completed when first seen is marked 'first seen'. The journal is fed by the Claude "
    "Code hooks (`shellhooks setup claude-hooks`), `shellhooks statusline`, `watch` and `wait`. "
    "--all shows every recorded change, not only completions."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", metavar="ID", help="list id (default: the id in effect)")
    parser.add_argument("--json", action="store_true", help="print a JSON array of events")
    parser.add_argument(
        "--since", metavar="DURATION", help="only events newer than this (e.g. 2h, 7d)"
    )
    parser.add_argument(
        "--all", action="store_true", help="every recorded change, not only completions"
    )


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def event_line(event: dict[str, Any], brief: bool = False) -> str:
    """One human line for a journal event (text cleaned for the terminal).

    `brief`: only the task and its owner (the list of completions says the rest).
    """
    from shellhooks import textsafe

    kind = event.get("event")
    if kind == "cleared":
        return f"list cleared by Claude Code ({event.get('count')} tasks)"
    tid = textsafe.clean(event.get("task") or "?")
    head = f"#{tid} {textsafe.clean(event.get('subject') or '')}"
    owner = event.get("owner")
    tail = f"  @{textsafe.clean(owner)}" if isinstance(owner, str) and owner else ""
    if brief:
        return head + tail
    if kind == "created":
        return f"{head}: new ({event.get('new')}){tail}"
    if kind == "deleted":
        return f"{head}: deleted (was {event.get('old')}){tail}"
    if kind == "updated":
        fields = event.get("fields") or ["details"]
        return f"{head}: {', '.join(str(f) for f in fields)} changed{tail}"
    return f"{head}: {event.get('old') or '?'} -> {event.get('new')}{tail}"


def run(args: argparse.Namespace) -> int:
    from shellhooks import journal, store, textsafe, timefmt

    since = time.time() - timefmt.parse_duration(args.since) if args.since else None
    list_id = args.id or journal.id_in_effect()
    dirname = store.list_dirname(list_id) if list_id else None
    if args.all:
        events = journal.read_events(dirname, since=since)
    else:
        from shellhooks import finished

        events = finished.completions(dirname, since=since)
    if args.json:
        from shellhooks import render

        sys.stdout.write(render.dumps_json(events) + "\n")
        return 0
    what = "changes" if args.all else "completed tasks"
    if not events:
        where = f"list {textsafe.clean(list_id)}" if list_id else "any list"
        print(f"No {what} recorded for {where}" + (f" in the last {args.since}." if since else "."))
        return 0
    by_list: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        by_list.setdefault(str(e.get("list")), []).append(e)
    now = time.time()
    for i, (name, items) in enumerate(by_list.items()):
        if i:
            print()
        n = len(items)
        if args.all:
            count = f"{n} change" + ("" if n == 1 else "s")
        else:
            count = f"{n} task completed" if n == 1 else f"{n} tasks completed"
        first = sum(journal.is_first_seen(e) for e in items)
        if first and not args.all:
            count += f" ({first} first seen already completed)"
        print(f"{store.display_name(textsafe.clean(name))}: {count}")
        for e in items:
            ts = float(e["ts"])
            # A task already completed when first seen: its time is not when it was done.
            label = "first seen " if journal.is_first_seen(e) else ""
            when = f"{label}{_when(ts)}"
            print(f"  {when:<27}  {timefmt.ago(ts, now):>9}  "
                  f"{event_line(e, brief=not args.all)}")
    return 0
