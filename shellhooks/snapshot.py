"""Snapshots: the last good copy of a list, each task file's exact text, and restoring it.

`snapshot.json` in the list's journal folder (`journal.py`). A read with fewer
tasks that looks like Claude Code's wipe in progress never replaces a fuller
snapshot; `restore` writes it back under Claude Code's list lock (`listlock.py`).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from shellhooks import journal, store, taskdiff

TYPE_CHECKING = False  # `typing` costs start-up time of the statusLine
if TYPE_CHECKING:
    from typing import Any


def read_task_text(path: str) -> tuple[str, str] | None:
    """(text, status) of a task file that is a valid task now (a half-written one is retried)."""
    for attempt in range(store.RETRIES + 1):
        # The store's reader: never blocks on a FIFO, refuses huge files.
        data, problem, _mtime = store._read_bytes(path)
        if data is None:
            return None
        task, _problem, partial = store.parse_task(data, os.path.basename(path)[:-5])
        if task is not None:
            try:
                return data.decode("utf-8"), task.status
            except UnicodeDecodeError:
                return None
        if not partial:
            return None
        time.sleep(store.RETRY_DELAY * (attempt + 1))
    return None


def take_snapshot(
    folder: Path,
    overrides: dict[str, dict[str, Any]] | None = None,
    now: float | None = None,
    previous: dict[str, Any] | None = None,
    listing: dict[str, tuple[int, int]] | None = None,
) -> dict[str, Any]:
    """A copy of every task file's exact text in `folder`.

    `overrides` maps a task id to fields to change first (the TaskCompleted hook
    runs before Claude Code writes the completion); such a file is written the way
    Claude Code writes JSON (insertion order kept, 2-space indent, no newline).
    Files whose mtime and size match `previous` are not read again; files that
    cannot be read now (being written) keep their copy from `previous`.
    `listing`: the folder's entries with their (mtime_ns, size), from a listing the
    caller has just made (saves listing and stat-ing the folder again).
    """
    overrides = overrides or {}
    prev_tasks = (previous or {}).get("tasks") or {}
    prev_stamps = (previous or {}).get("stamps") or {}
    prev_status = (previous or {}).get("statuses") or {}
    tasks: dict[str, str] = {}
    statuses: dict[str, str] = {}
    stamps: dict[str, list[int]] = {}
    base = os.fspath(folder)
    if listing is None:
        listing = {}
        try:
            with os.scandir(base) as it:
                for entry in it:
                    try:
                        st = entry.stat()
                    except OSError:
                        continue  # deleted just now
                    listing[entry.name] = (st.st_mtime_ns, st.st_size)
        except OSError:
            pass
    for name, (mtime_ns, size) in listing.items():
        if name == ".highwatermark":
            continue  # read below, whether or not it was listed
        if not (name.endswith(".json") and name[:-5].isdigit()):
            continue
        tid = name[:-5]
        stamp = [mtime_ns, size]
        if stamp == prev_stamps.get(tid) and tid in prev_tasks and tid in prev_status:
            text, status = prev_tasks[tid], prev_status[tid]
        else:
            got = read_task_text(os.path.join(base, name))
            if got is None:
                if tid in prev_tasks and tid in prev_status:
                    tasks[tid], statuses[tid] = prev_tasks[tid], prev_status[tid]
                continue
            text, status = got
        if tid in overrides:
            obj = json.loads(text)
            obj.update(overrides[tid])
            text = json.dumps(obj, indent=2, ensure_ascii=False)
            status = obj.get("status", status)
        tasks[tid], statuses[tid], stamps[tid] = text, status, stamp
    # Read now even when a caller's listing did not have it: Claude Code writes it as it
    # wipes the list, and a snapshot without it is kept after the wipe.
    hwm = store._read_highwatermark(os.path.join(base, ".highwatermark"))
    order = sorted(tasks, key=int)
    return {
        "v": 1,
        "list": folder.name,
        "time": time.time() if now is None else now,
        "highwatermark": hwm,
        "tasks": {tid: tasks[tid] for tid in order},
        "statuses": {tid: statuses[tid] for tid in order},
        "stamps": stamps,
    }


def load_snapshot(list_dirname: str) -> dict[str, Any] | None:
    """The last snapshot of a list, or None."""
    try:
        snap = json.loads(journal.read_file(journal.journal_dir(list_dirname) / journal.SNAPSHOT))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(snap, dict) or not isinstance(snap.get("tasks"), dict):
        return None
    return snap


def _should_replace(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    if not new["tasks"]:
        return False  # an empty or wiped list is never the snapshot to restore
    if old is None:
        return True
    return old.get("tasks") != new["tasks"] or old.get("highwatermark") != new["highwatermark"]


def _keep_wiped(old: dict[str, Any] | None, new: dict[str, Any]) -> None:
    """The wipe caught half-way (fewer tasks, every one left completed, every one gone
    completed when last seen): the tasks already deleted keep their copy in `new`, even
    when a completion was missed before the wipe began (no hooks)."""
    if old is None or not new["tasks"]:
        return
    before, after = old.get("statuses"), new["statuses"]
    if not isinstance(before, dict) or not isinstance(old["tasks"], dict):
        return
    gone = [t for t in before if t not in after and type(old["tasks"].get(t)) is str]
    if not gone or not all(s == "completed" for s in after.values()) \
            or not all(before[t] == "completed" for t in gone):
        return
    for t in gone:
        new["tasks"][t], new["statuses"][t] = old["tasks"][t], "completed"
    order = sorted(new["tasks"], key=taskdiff.id_key)
    new["tasks"] = {t: new["tasks"][t] for t in order}
    new["statuses"] = {t: new["statuses"][t] for t in order}


def refresh(
    folder: Path, task_folder: Path, now: float, overrides: dict[str, dict[str, Any]] | None = None,
    listing: dict[str, tuple[int, int]] | None = None,
) -> bool:
    """Take a new snapshot of `task_folder` and keep it if it is worth keeping."""
    old = load_snapshot(folder.name)
    snap = take_snapshot(task_folder, overrides, now, previous=old, listing=listing)
    _keep_wiped(old, snap)
    if not _should_replace(old, snap):
        return False
    # Compact: with `indent`, json falls back to its pure-Python encoder (several times
    # slower on a long list, and the statusLine writes this after a change).
    data = json.dumps(snap, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogateescape")
    journal.write_atomic(folder / journal.SNAPSHOT, data)
    return True


def task_file_name(key: object) -> str | None:
    """`<key>.json` if `key` is a task id as Claude Code issues them (ASCII decimal from
    1, no leading zero), else None: a snapshot key is used as a file name only then."""
    if isinstance(key, str) and 0 < len(key) <= 18 and key.isascii() and key.isdigit() \
            and key[0] != "0":
        return f"{key}.json"
    return None


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not what Claude Code wrote
        return False
    return True


def snapshot_entries(snap: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """({file name: text} of the snapshot's tasks that can be restored, [keys skipped])."""
    good: dict[str, str] = {}
    skipped: list[str] = []
    for key, text in snap["tasks"].items():
        name = task_file_name(key)
        if name is None or not isinstance(text, str) or not _is_text(text):
            skipped.append(str(key))
        else:
            good[name] = text
    return good, skipped


def restore_snapshot(snap: dict[str, Any], folder: Path) -> list[str]:
    """Write the snapshot's task files into `folder` under Claude Code's list lock.

    Each file is written under a temporary name and renamed into place, so a
    reader never sees half a task. Only keys that are task ids are written, each as
    `<id>.json` inside `folder` and never through a link (see snapshot_entries;
    NotInside for a folder that leads out of the tasks folder; HasTasks, nothing written,
    when the folder holds task files once the lock is taken). `.highwatermark`
    becomes the larger of the folder's and the snapshot's, so the next id Claude Code
    issues is the one it would have issued before the wipe. Returns the ids written.
    """
    from shellhooks import confined, listlock

    entries, _skipped = snapshot_entries(snap)
    dir_fd = listlock.open_for_writing(folder)
    try:
        written: list[str] = []
        with listlock.claude_list_lock(dir_fd) as lock:
            listlock.refuse_if_tasks(dir_fd)  # checked again, under the lock
            for name, text in entries.items():
                lock.refresh()
                confined.replace_at(dir_fd, name, text.encode("utf-8"))
                written.append(name[:-5])
            try:
                found = confined.read_at(dir_fd, ".highwatermark", 64)
            except OSError:
                found = None
            current = found[0].strip() if found else b""
            have = int(current) if current.isdigit() and len(current) < 19 else 0
            mark = snap.get("highwatermark")
            # Only a number Claude Code could have issued: it reads the file as a JavaScript
            # number, and 10**40 would make its next task `1e+40.json`.
            wanted = mark if isinstance(mark, int) and not isinstance(mark, bool) \
                and task_file_name(str(mark)) else 0
            if wanted > have:
                confined.replace_at(dir_fd, ".highwatermark", str(wanted).encode())
    finally:
        os.close(dir_fd)
    return written
