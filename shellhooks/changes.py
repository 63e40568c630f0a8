"""Noticing that a task list changed, and saying what changed.

Two layers, both standard library only (the statusLine runs this):

- `signature(folder)`: a cheap fingerprint of a list folder: the folder's mtime
  plus every `*.json` and `.highwatermark` entry's mtime, size and inode. Claude
  Code creates tasks by rewriting in place, which leaves the folder's mtime alone,
  so the per-file part is what catches those; create, rename and delete move the
  folder's mtime. Polling this costs one `scandir` and no file reads.
- `task_states(tasklist)` and `diff_states(old, new)`: what each task looked
  like, and the list of `Change`s between two reads (created, status change,
  other update, deleted, and the wipe as one `cleared` change).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from shellhooks import paths, store, taskcache, taskdiff

Signature = tuple


def signature(folder: str | os.PathLike[str]) -> Signature:
    """A hashable fingerprint of a list folder; equal fingerprints mean nothing changed."""
    path = os.fspath(folder)
    try:
        st = os.stat(path)
    except OSError as e:
        return ("missing", e.errno)
    files = taskcache.entries(path)
    if files is None:
        return ("unreadable", st.st_mtime_ns)
    # An entry deleted between listing and stat is left out: the folder mtime shows it.
    return (st.st_mtime_ns, tuple(sorted((name, f[0], f[1], f[2])
                                         for name, f in files.items() if f is not None)))


def root_signature(root: Path | None = None) -> Signature:
    """The fingerprint of every list folder under the tasks root (for `watch --all`)."""
    base = root if root is not None else Path(paths.tasks_root_str())
    try:
        st = os.stat(base)
    except OSError as e:
        return ("missing", e.errno)
    folders = sorted(store.list_folders(base))
    return (st.st_mtime_ns, tuple((f.name, signature(f)) for f in folders))


@dataclass(frozen=True)
class TaskState:
    """The parts of a task whose change is worth telling someone about."""

    status: str
    subject: str
    owner: str | None = None
    blocked_by: tuple[str, ...] = ()

    def to_json(self) -> list:
        return [self.status, self.subject, self.owner, list(self.blocked_by)]

    @classmethod
    def from_json(cls, value: object) -> TaskState | None:
        """Parse what `to_json` wrote; None for anything else (the journal's own parser,
        `recorder.raw_state`, which reads state.json without building these objects)."""
        from shellhooks.recorder import raw_state

        raw = raw_state(value)
        return None if raw is None else cls(raw[0], raw[1], raw[2], tuple(raw[3]))


def task_states(
    tl: store.TaskList, previous: Mapping[str, TaskState] | None = None
) -> dict[str, TaskState]:
    """Each visible task's state, by id (`taskdiff.states`: a task whose file could not
    be read this time keeps its `previous` state)."""
    before = {k: v.to_json() for k, v in previous.items()} if previous else None
    return {k: TaskState(r[0], r[1], r[2], tuple(r[3]))
            for k, r in taskdiff.states(tl, before).items()}


@dataclass(frozen=True)
class Change:
    """One observed change of one task (or the wipe of the whole list)."""

    kind: str  # created | status | updated | deleted | cleared
    task_id: str | None
    subject: str = ""
    old_status: str | None = None
    new_status: str | None = None
    owner: str | None = None
    fields: tuple[str, ...] = ()  # for `updated`: which of subject, owner, blockers changed
    count: int | None = None  # for `cleared`: how many tasks went


def diff_states(
    old: Mapping[str, TaskState], new: Mapping[str, TaskState], *, cleared: bool = False
) -> list[Change]:
    """The changes from `old` to `new`, by task id (`taskdiff.diff`).

    `cleared` says the new read is Claude Code's wipe (no task files left and a
    `.highwatermark`): the vanished tasks then become one `cleared` change.
    """
    raw = taskdiff.diff({k: v.to_json() for k, v in old.items()},
                        {k: v.to_json() for k, v in new.items()}, cleared)
    return [Change(*c) for c in raw]


is_cleared = taskdiff.is_cleared


def diff(old: store.TaskList | None, new: store.TaskList) -> list[Change]:
    """The changes between two reads of the same list."""
    before = task_states(old) if old is not None else {}
    return diff_states(before, task_states(new, before), cleared=is_cleared(new))


def describe(change: Change, list_name: str | None = None) -> str:
    """One human line for a change, e.g. `#3 Auth endpoint: pending -> in_progress (alice)`.

    The text is passed through `textsafe.clean`: subjects can hold anything.
    """
    from shellhooks import textsafe

    prefix = f"{textsafe.clean(list_name)}: " if list_name else ""
    if change.kind == "cleared":
        return f"{prefix}list cleared by Claude Code ({change.count} tasks)"
    subject = textsafe.clean(change.subject)
    owner = f" ({textsafe.clean(change.owner)})" if change.owner else ""
    head = f"{prefix}#{textsafe.clean(change.task_id or '?')} {subject}"
    if change.kind == "created":
        return f"{head}: new, {change.new_status}{owner}"
    if change.kind == "deleted":
        return f"{head}: deleted (was {change.old_status})"
    if change.kind == "status":
        return f"{head}: {change.old_status} -> {change.new_status}{owner}"
    return f"{head}: {', '.join(change.fields) or 'details'} changed{owner}"
