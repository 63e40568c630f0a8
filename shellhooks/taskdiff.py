"""What changed between two reads of a task list: the one copy of that rule.

A task's state is the list `[status, subject, owner, blocked_by]` (as the journal's
`state.json` stores it); a change is the tuple of `changes.Change`'s fields
`(kind, task_id, subject, old_status, new_status, owner, fields, count)`. Plain lists
and tuples, no dataclasses or `typing`: the statusLine and Claude Code's hooks
record changes through `history`, which uses this after every message.
`changes` wraps the same rule in `TaskState` and `Change` objects for `watch`
and `wait`.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shellhooks.store import TaskList

TaskRaw = list


def states(tl: TaskList, previous: dict[str, TaskRaw] | None = None) -> dict[str, TaskRaw]:
    """Each visible task's state, by id.

    A task whose file could not be read this time (half-written, being renamed)
    keeps its `previous` state: it is being written, not gone.
    """
    out = {t.id: [t.status, t.subject, t.owner, [*t.blocked_by]] for t in tl.tasks}
    if previous:
        for p in tl.problems:
            tid = p.name[:-5] if p.name.endswith(".json") else None
            if tid is not None and tid not in out and tid in previous:
                out[tid] = previous[tid]
    return out


def is_cleared(tl: TaskList) -> bool:
    """True when `tl` is what Claude Code's wipe leaves: no task files, a `.highwatermark`."""
    return tl.exists and tl.readable and tl.task_files == 0 and bool(tl.highwatermark)


def id_key(tid: str) -> tuple[int, str]:
    return (int(tid), tid) if tid.isdigit() else (1 << 62, tid)


def diff(old: dict[str, TaskRaw], new: dict[str, TaskRaw], cleared: bool = False) -> list[tuple]:
    """The changes from `old` to `new`, ordered by numeric task id.

    `cleared` says the new read is Claude Code's wipe (no task files left and a
    `.highwatermark`): the vanished tasks then become one `cleared` change.
    """
    out: list[tuple] = []
    # Usually one task of hundreds changed: sort only the ids that differ.
    differ = [tid for tid in old.keys() | new.keys() if old.get(tid) != new.get(tid)]
    for tid in sorted(differ, key=id_key):
        before, after = old.get(tid), new.get(tid)
        if before is None and after is not None:
            out.append(("created", tid, after[1], None, after[0], after[2], (), None))
        elif after is None and before is not None:
            if cleared and not new:
                continue  # reported once below
            out.append(("deleted", tid, before[1], before[0], None, before[2], (), None))
        elif before is not None and after is not None:
            if before[0] != after[0]:
                out.append(("status", tid, after[1], before[0], after[0], after[2], (), None))
                continue
            fields = tuple(name for name, i in (("subject", 1), ("owner", 2), ("blockers", 3))
                           if before[i] != after[i])
            out.append(("updated", tid, after[1], before[0], after[0], after[2], fields, None))
    if cleared and not new and old:
        out.append(("cleared", None, "", None, None, None, (), len(old)))
    return out
