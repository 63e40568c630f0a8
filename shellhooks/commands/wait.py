"""`shellhooks wait [ID] [--task N] [--status S] [--timeout S]`: block until a list says so."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from shellhooks.errors import ShellhooksError

HELP = "wait until a task (or every task of a list) reaches a status; exit 124 on timeout"
DESCRIPTION = (
    "Blocks until the condition holds, then exits 0: with --task, until that task (an id, or "
    "text matching one subject) has the status; without, for `completed` until every task of "
    "the list is completed (or Claude Code cleared the finished list), for `in_progress` until "
    "any task is in progress. `any-change` waits for the next change of the task or list. "
    "Exits 124 when --timeout runs out, like timeout(1)."
)

STATUSES = ("completed", "in_progress", "any-change")
POLL = 0.25
EXIT_TIMEOUT = 124


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", nargs="?",
                        help="the task list id (default: the one in effect here, as "
                             "`shellhooks status` shows)")
    parser.add_argument(
        "--task", metavar="N", help="a task id, or text found in exactly one task's subject"
    )
    parser.add_argument(
        "--status", choices=STATUSES, default="completed", help="the condition (default: completed)"
    )
    parser.add_argument(
        "--timeout", type=float, metavar="SECONDS", help="give up after this long (exit 124)"
    )


def find_task(tl: Any, wanted: str) -> Any:
    """The task `wanted` names: its id, else the one subject that contains the text.

    Returns None when no task matches yet; raises ShellhooksError when several do.
    """
    from shellhooks import textsafe

    for t in tl.tasks:
        if t.id == wanted:
            return t
    if wanted.isdigit():
        return None
    exact = [t for t in tl.tasks if t.subject == wanted]
    if len(exact) == 1:
        return exact[0]
    needle = wanted.casefold()
    found = [t for t in tl.tasks if needle in t.subject.casefold()]
    if len(found) > 1:
        names = ", ".join(f"#{textsafe.clean(t.id)}" for t in found[:5])
        raise ShellhooksError(
            f"--task {textsafe.clean(wanted)!r} matches several tasks ({names}); give an id"
        )
    return found[0] if found else None


def condition_met(tl: Any, task: str | None, status: str, matched: Any = None) -> str | None:
    """A line saying what happened when the condition holds, else None.

    `matched` is the task `task` resolved to earlier (its id stays the same after
    the wipe removes its file).
    """
    from shellhooks import textsafe

    if task is not None:
        t = find_task(tl, task) if matched is None else _by_id(tl, matched.id)
        if t is None:
            tid = matched.id if matched is not None else task
            # Claude Code wipes a list only when every task is completed.
            if status == "completed" and tl.state == "cleared" and tid.isdigit():
                if int(tid) <= (tl.cleared_count or 0):
                    return f"#{textsafe.clean(tid)}: completed (list cleared since)"
            return None
        if t.status == status:
            return f"#{textsafe.clean(t.id)} {textsafe.clean(t.subject)}: {status}"
        return None
    if status == "completed":
        if tl.state == "cleared":
            return f"{textsafe.clean(tl.id)}: all {tl.cleared_count} tasks completed (cleared)"
        c = tl.counts()
        if c["total"] and c["completed"] == c["total"]:
            return f"{textsafe.clean(tl.id)}: all {c['total']} tasks completed"
        return None
    active = tl.in_progress()
    if active:
        t = active[0]
        return f"#{textsafe.clean(t.id)} {textsafe.clean(t.subject)}: in_progress"
    return None


def _by_id(tl: Any, tid: str) -> Any:
    return next((t for t in tl.tasks if t.id == tid), None)


def run(args: argparse.Namespace) -> int:
    from shellhooks import changes, recorder, store, textsafe

    if args.timeout is not None and args.timeout < 0:
        raise ShellhooksError("--timeout must not be negative")
    deadline = None if args.timeout is None else time.monotonic() + args.timeout
    if args.id is None:
        from shellhooks.resolve import id_in_effect

        args.id = id_in_effect()
        if args.id is None:
            raise ShellhooksError("no list id given and none is in effect here "
                                  "(try `shellhooks list`)")
    folder = store.list_path(args.id)
    sig = changes.signature(folder)
    tl = store.read_list(args.id)
    matched = find_task(tl, args.task) if args.task else None
    baseline = changes.task_states(tl)
    baseline_task = baseline.get(matched.id) if matched is not None else None
    while True:
        if args.status == "any-change":
            pass  # only a change after the start counts
        else:
            line = condition_met(tl, args.task, args.status, matched)
            if line:
                print(line)
                return 0
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            what = f"task {textsafe.clean(args.task)}" if args.task else "the list"
            print(
                f"shellhooks: timed out after {args.timeout:g}s waiting for {what} of "
                f"{textsafe.clean(args.id)} ({args.status})",
                file=sys.stderr,
            )
            return EXIT_TIMEOUT
        time.sleep(POLL if remaining is None else max(0.0, min(POLL, remaining)))
        new_sig = changes.signature(folder)
        if new_sig == sig:
            continue
        sig = new_sig
        tl = store.read_list(args.id)
        try:
            recorder.observe(tl, source="wait")
        except Exception:  # noqa: BLE001 - the journal must not stop the wait
            pass
        if args.task and matched is None:
            matched = find_task(tl, args.task)
            if matched is not None and args.status == "any-change":
                print(f"#{textsafe.clean(matched.id)} {textsafe.clean(matched.subject)}: created")
                return 0
            continue
        if args.status == "any-change":
            current = changes.task_states(tl, baseline)
            if matched is not None:
                now_task = current.get(matched.id)
                if now_task == baseline_task:
                    continue
                desc = now_task.status if now_task is not None else "gone"
                print(f"#{textsafe.clean(matched.id)} {textsafe.clean(matched.subject)}: {desc}")
                return 0
            diff = changes.diff_states(baseline, current, cleared=changes.is_cleared(tl))
            if not diff:
                continue
            for ch in diff:
                print(changes.describe(ch))
            return 0
