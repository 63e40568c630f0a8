"""The recorder: turns fresh reads of a list, and Claude Code's task hooks, into journal
lines, exactly once each.

`state.json` in the list's journal folder holds what each task looked like when
last seen, when a Claude Code hook last told us about it, and its file's mtime.
`observe()`/`record()` compare a fresh read with it (the rule is `taskdiff.py`),
append the changes (`journal.py`) and refresh the snapshot (`snapshot.py`).

Standard library only, and few modules even of that: the statusLine runs this
after every Claude Code message, so task states are kept as the plain lists
stored in `state.json` (no dataclasses, no `typing`, no `datetime`); a change
is turned into `changes.Change` objects only for callers of `observe()`.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from shellhooks import journal, safefile, snapshot, store, taskdiff

TYPE_CHECKING = False  # `typing` costs start-up time of the statusLine
if TYPE_CHECKING:
    from typing import Any

    from shellhooks.changes import Change

LOCK_TIMEOUT = journal.LOCK_TIMEOUT
# A Claude Code hook fires before Claude Code writes the change; for this long the
# hook's word beats a task file that is older than the hook.
CLAUDE_HOOK_GRACE = 10.0
CLAUDE_HOOK_LOCK_TIMEOUT = 0.05


# A task's state is the list `[status, subject, owner, blocked_by]`, as `state.json`
# stores it (the same four fields, in the same order, as `changes.TaskState`).
TaskRaw = taskdiff.TaskRaw


class _State:
    """What `state.json` holds: per task id its last seen state, the time a Claude Code hook told
    us about it, and its file's mtime; `known`: a state file existed."""

    __slots__ = ("tasks", "claude_hook_times", "files", "known", "data")

    def __init__(self, known: bool = False) -> None:
        self.tasks: dict[str, TaskRaw] = {}
        self.claude_hook_times: dict[str, float] = {}  # stored under the key "hook"
        self.files: dict[str, float] = {}
        self.known = known
        self.data = b""  # the file's bytes as read

    def to_bytes(self) -> bytes:
        return json.dumps(
            {"v": 1, "tasks": self.tasks, "hook": self.claude_hook_times, "files": self.files},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8", "surrogateescape")


def raw_state(value: object) -> TaskRaw | None:
    """A stored task state in its exact form, or None for anything that is not one
    (also what `changes.TaskState.from_json` reads)."""
    if type(value) is list and len(value) == 4:
        # What this module writes: taken as it is, without a copy (the statusLine reads
        # every task's state after each message; benchmarks/README.md).
        status, subject, owner, blocked = value
        if (status in store.STATUSES and type(subject) is str
                and (owner is None or type(owner) is str) and type(blocked) is list):
            for b in blocked:
                if type(b) is not str:
                    break
            else:
                return value
    if not isinstance(value, list) or len(value) < 2:
        return None
    status, subject = value[0], value[1]
    if status not in store.STATUSES or not isinstance(subject, str):
        return None
    owner = value[2] if len(value) > 2 and isinstance(value[2], str) else None
    blocked = value[3] if len(value) > 3 and isinstance(value[3], list) else []
    return [status, subject, owner, [str(b) for b in blocked]]


def _load_state(folder: Path, seen: _State | None = None) -> _State:
    """The list's state.json; `seen`: an earlier read, reused if the file is unchanged."""
    try:
        data = journal.read_file(folder / journal.STATE)
    except OSError:
        return _State()
    if seen is not None and seen.known and seen.data == data:
        return seen
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        return _State()
    st = _State(known=True)
    st.data = data
    if not isinstance(raw, dict):
        return st
    tasks = raw.get("tasks")
    if isinstance(tasks, dict):
        for key, value in tasks.items():
            state = raw_state(value)
            if state is not None:
                st.tasks[str(key)] = state
    for key_name, target in (("hook", st.claude_hook_times), ("files", st.files)):
        table = raw.get(key_name)
        if not isinstance(table, dict):
            continue
        for value in table.values():
            if type(value) is not float:
                break
        else:
            target.update(table)  # what this module writes: all floats (keys are str in JSON)
            continue
        for key, value in table.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                target[str(key)] = float(value)
    return st


def _file_times(tl: store.TaskList) -> dict[str, float]:
    return {t.id: t.mtime for t in getattr(tl, "_all", tl.tasks)}


def observe(
    tl: store.TaskList,
    source: str = "observe",
    now: float | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> list[Change]:
    """Record what changed in `tl` since the list was last seen, and refresh its snapshot.

    Called by `watch`, `wait` and the Claude Code hooks with a fresh read. Cheap
    when nothing changed (one small file read, no lock, no write); a list that
    never had a task leaves no trace. Returns the changes recorded.
    """
    found = _observe(tl, source, now, lock_timeout)
    if not found:
        return []
    from shellhooks.changes import Change

    return [Change(*c) for c in found]


def record(
    tl: store.TaskList,
    source: str = "observe",
    now: float | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
    listing: dict[str, tuple[int, int]] | None = None,
) -> int:
    """observe() for callers that only want the journal kept (the statusLine): the same
    records, without building `changes.Change` objects. Returns how many were recorded.

    `listing`: the list folder's entries and their (mtime_ns, size), as listed just
    before `tl` was read (see take_snapshot)."""
    return len(_observe(tl, source, now, lock_timeout, listing))


def _observe(tl: store.TaskList, source: str, now: float | None, lock_timeout: float,
             listing: dict[str, tuple[int, int]] | None = None) -> list[tuple]:
    if not tl.exists or not tl.readable:
        return []
    dirname = tl.path.name
    folder = journal.journal_dir(dirname)
    state = _load_state(folder)
    if not state.known and not tl.task_files:
        return []
    current, files = taskdiff.states(tl, state.tasks), _file_times(tl)
    if current == state.tasks and files == state.files:
        return []
    safefile.private_dir(os.fspath(folder))
    with journal.JournalLock(folder, lock_timeout) as locked:
        if not locked:
            return []  # someone else is recording; the next look catches up
        seen = state
        state = _load_state(folder, seen=seen)  # again: someone may have written it since
        if state is not seen:
            current = taskdiff.states(tl, state.tasks)
        return _observe_locked(tl, folder, state, current, files, source,
                               time.time() if now is None else now, listing)


def _observe_locked(tl: store.TaskList, folder: Path, state: _State, current: dict[str, TaskRaw],
                    files: dict[str, float], source: str, now: float,
                    listing: dict[str, tuple[int, int]] | None) -> list[tuple]:
    for tid, told in list(state.claude_hook_times.items()):
        if now - told > CLAUDE_HOOK_GRACE:
            del state.claude_hook_times[tid]
            continue
        if tid not in state.tasks:
            continue
        # The hook ran before Claude Code wrote the file: until the file is newer
        # than the hook, the hook's version is the truth. (A file that is gone was
        # deleted or wiped after the hook: the disk is right.)
        if tid in current and files.get(tid, 0.0) < told:
            current[tid] = state.tasks[tid]
    found = taskdiff.diff(state.tasks, current, cleared=taskdiff.is_cleared(tl))
    if found:
        journal.append_locked(folder, [journal.event_of(folder.name, c, source, now)
                                       for c in found])
    if tl.task_files and files != state.files:
        snapshot.refresh(folder, tl.path, now, listing=listing)
    state.tasks, state.files = current, files
    journal.write_atomic(folder / journal.STATE, state.to_bytes(), sync=False)
    return found


def record_claude_hook(
    event: str, payload: dict[str, Any], list_id: str, now: float | None = None
) -> None:
    """Record a Claude Code `TaskCreated` or `TaskCompleted` hook.

    TaskCompleted also snapshots the whole list with that task marked completed,
    so the list's last state is kept before Claude Code wipes it.
    """
    now = time.time() if now is None else now
    dirname = store.list_dirname(list_id)
    task_folder = Path(store.list_path(list_id))
    tid = payload.get("task_id")
    tid = str(tid) if isinstance(tid, str | int) and not isinstance(tid, bool) else None
    if not tid:
        return
    subject = payload.get("task_subject")
    subject = subject if isinstance(subject, str) else ""
    new = "completed" if event == "TaskCompleted" else "pending"
    on_disk = _read_task(task_folder, tid)
    old = on_disk.status if on_disk is not None and event == "TaskCompleted" else None
    owner = on_disk.owner if on_disk is not None else None
    subject = subject or (on_disk.subject if on_disk is not None else "")
    blocked = tuple(on_disk.blocked_by) if on_disk is not None else ()
    kind = "status" if event == "TaskCompleted" else "created"
    line = journal.make_event(dirname, kind, tid, subject, old, new, owner, f"hook:{event}",
                              now)

    folder = journal.journal_dir(dirname)
    safefile.private_dir(os.fspath(folder))
    with journal.JournalLock(folder, CLAUDE_HOOK_LOCK_TIMEOUT) as locked:
        if not locked:
            journal.append_bytes(folder / journal.JOURNAL, journal.encode([line]))
            return
        state = _load_state(folder)
        first: list[dict[str, Any]] = []
        if not state.known:
            # The first sight of this list (the hooks were set up mid-list): the tasks
            # already completed are recorded as first seen, so they are not missing from
            # the history after the wipe (open ones are recorded by their own hooks, or
            # by the next observation).
            seen = {k: v for k, v in taskdiff.states(store.read_list_dir(task_folder), {}).items()
                    if v[0] == "completed" and k != tid}
            first = [journal.event_of(dirname, c, f"hook:{event}", now)
                     for c in taskdiff.diff({}, seen, cleared=False)]
            state.tasks.update(seen)
        known = state.tasks.get(tid)
        # Already in that status: recorded by an earlier hook or an observation.
        if known is None or known[0] != new:
            if known is not None and old is None and event == "TaskCompleted":
                line["old"] = known[0]  # the file could not be read: the last seen status
            first.append(line)
        if first:
            journal.append_locked(folder, first)
        state.tasks[tid] = [new, subject, owner, list(blocked)]
        state.claude_hook_times[tid] = now
        if event == "TaskCompleted":
            snapshot.refresh(folder, task_folder, now, {tid: {"status": "completed"}})
        journal.write_atomic(folder / journal.STATE, state.to_bytes(), sync=False)


def _read_task(folder: Path, tid: str) -> store.Task | None:
    if not tid.isdigit():
        return None
    got = snapshot.read_task_text(os.path.join(folder, f"{tid}.json"))
    if got is None:
        return None
    task, _p, _partial = store.parse_task(got[0].encode("utf-8"), tid)
    return task
