"""What a list finished, and its newest state, from everything the history knows.

The journal alone can miss work: a list first seen when some tasks were already
completed, a completion made while nothing was watching (no Claude Code hooks),
a hook that could not take the journal's lock and so left the snapshot behind.
These functions put the journal and the snapshot together, so `history` lists
every finished task either knows and `restore` brings back the newest state.
"""

from __future__ import annotations

import json
from typing import Any

from shellhooks import journal, snapshot, store


def _snapshot_time(snap: dict[str, Any]) -> float:
    when = snap.get("time")
    return float(when) if isinstance(when, int | float) and not isinstance(when, bool) else 0.0


def _snapshot_completions(name: str, snap: dict[str, Any], known: set[str]) -> list[dict[str, Any]]:
    """A `created ... completed` event (first seen, source `snapshot`) for each completed
    task of the snapshot that the journal has no completion of, timed by its file's mtime."""
    out: list[dict[str, Any]] = []
    stamps = snap.get("stamps")
    stamps = stamps if isinstance(stamps, dict) else {}
    entries, _skipped = snapshot.snapshot_entries(snap)
    for file_name, text in entries.items():
        tid = file_name[:-5]
        if tid in known:
            continue
        task, _problem, _partial = store.parse_task(text.encode("utf-8"), tid)
        if task is None or task.status != "completed":
            continue
        stamp = stamps.get(tid)
        ts = stamp[0] / 1e9 if isinstance(stamp, list) and stamp and type(stamp[0]) is int \
            else _snapshot_time(snap)
        out.append(journal.make_event(name, "created", tid, task.subject, None, "completed",
                                      task.owner, "snapshot", ts))
    return out


def completions(list_dirname: str | None = None, since: float | None = None
                ) -> list[dict[str, Any]]:
    """Every completion the history knows, oldest first, of one list or of all: the
    journal's, then each completed task of a snapshot the journal has no completion of."""
    events = [e for e in journal.read_events(list_dirname, since) if journal.is_completion(e)]
    names = [list_dirname] if list_dirname else [p.name for p in journal.list_histories()]
    for name in names:
        snap = snapshot.load_snapshot(name)
        if snap is None:
            continue
        known = {str(e.get("task")) for e in events if e.get("list") == name}
        extra = _snapshot_completions(name, snap, known)
        events.extend(e for e in extra if since is None or e["ts"] >= since)
    events.sort(key=lambda e: e["ts"])
    return events


def newest_snapshot(list_dirname: str) -> dict[str, Any] | None:
    """The list's snapshot with the status changes the journal recorded after it was
    taken applied (a hook that found the journal locked wrote only its line), or None."""
    snap = snapshot.load_snapshot(list_dirname)
    if snap is None:
        return None
    taken = _snapshot_time(snap)
    latest: dict[str, str] = {}
    for e in journal.read_events(list_dirname, since=taken):
        tid, new = e.get("task"), e.get("new")
        if e["ts"] > taken and e.get("event") == "status" and isinstance(tid, str) \
                and new in store.STATUSES:
            latest[tid] = new
    tasks = snap["tasks"]
    for tid, status in latest.items():
        text = tasks.get(tid)
        if not isinstance(text, str):
            continue
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError):
            continue
        if isinstance(obj, dict) and obj.get("status") != status:
            obj["status"] = status
            tasks[tid] = json.dumps(obj, indent=2, ensure_ascii=False)  # as Claude Code writes
            if isinstance(snap.get("statuses"), dict):
                snap["statuses"][tid] = status
    return snap
