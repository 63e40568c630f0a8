"""The journal: a lasting record of every task list's changes, kept outside Claude Code.

Claude Code deletes a list's task files a few seconds after the last task is
completed. shellhooks keeps, per list, under
`$XDG_DATA_HOME/shellhooks/history/<list-dir>/`:

- `journal.jsonl`: append-only JSON lines, one per observed change of a task
  (`time`, `ts`, `list`, `event`, `task`, `subject`, `old`, `new`, `owner`,
  `source`; a wipe is one `cleared` line with `count`). Every append is one
  `O_APPEND` write followed by `fsync`, made under an `flock` on `.lock`, so
  writers running at the same moment (several Claude Code hooks, the
  statusLine, `watch`) never lose or tear a line. Past `max_bytes()` the file is
  rotated to `journal.1.jsonl` (and `.2`), so a list's history has a size cap.
- `snapshot.json`: the last good copy of the whole list, each task file's exact
  text, for `shellhooks restore`. A read with fewer tasks that looks like the
  wipe in progress never replaces a fuller snapshot.
- `state.json`: what each task looked like when last seen, so that a new
  observation can be turned into change events exactly once.

Standard library only, and few modules even of that: the statusLine runs this
after every Claude Code message, so task states are kept as the plain lists
stored in `state.json` (no dataclasses, no `typing`, no `datetime`); a change
is worked out here and only turned into `changes.Change` objects for callers
of `observe()` that want them.
"""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

from shellhooks import paths, safefile, store, taskdiff, timefmt

TYPE_CHECKING = False  # `typing` costs milliseconds of the statusLine's start-up
if TYPE_CHECKING:
    from typing import Any

    from shellhooks.changes import Change

JOURNAL = "journal.jsonl"
STATE = "state.json"
SNAPSHOT = "snapshot.json"
LOCK = ".lock"
DEFAULT_MAX_BYTES = 1 << 20
KEEP_ROTATED = 2
# A hook fires before Claude Code writes the change; for this long the hook's
# word beats a task file that is older than the hook.
HOOK_GRACE = 10.0
LOCK_TIMEOUT = 2.0
HOOK_LOCK_TIMEOUT = 0.05


def max_bytes() -> int:
    """The size at which a list's journal is rotated (`SHELLHOOKS_HISTORY_MAX_BYTES`)."""
    value = os.environ.get("SHELLHOOKS_HISTORY_MAX_BYTES", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_BYTES


def history_root() -> Path:
    """The folder holding one journal folder per list."""
    return Path(paths.data_dir_str()) / "history"


def journal_dir(list_dirname: str) -> Path:
    """The journal folder of a list, by its folder name (already sanitized by Claude's rule)."""
    return history_root() / store.list_dirname(list_dirname)


def id_in_effect() -> str | None:
    """The list id a `claude` started here would use, or None."""
    try:
        from shellhooks import resolve

        return resolve.id_in_effect()
    except (ImportError, AttributeError):
        return os.environ.get("CLAUDE_CODE_TASK_LIST_ID") or None


# ---------------------------------------------------------------- locking, files


class _Locked:
    """`with _Locked(folder, timeout) as locked:` holds the journal folder's flock;
    `locked` is False if it could not be had in `timeout` (a class, not
    contextlib.contextmanager, to keep contextlib off the statusLine's start-up)."""

    def __init__(self, folder: Path, timeout: float) -> None:
        self.folder = folder
        self.timeout = timeout
        self.fd = -1
        self.held = False

    def __enter__(self) -> bool:
        import fcntl

        self.fd = safefile.open_own(os.fspath(self.folder / LOCK), os.O_RDWR | os.O_CREAT)
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                try:
                    fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    self.held = True
                    return True
                except OSError as e:
                    if e.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        return False
                    time.sleep(0.005)
        except BaseException:
            os.close(self.fd)
            raise

    def __exit__(self, *exc: object) -> None:
        try:
            if self.held:
                import fcntl

                fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)


def _append_bytes(path: Path, data: bytes) -> None:
    # One write of the whole batch: appends from other processes land before or
    # after it, never inside it.
    fd = safefile.open_own(os.fspath(path), os.O_RDWR | os.O_APPEND | os.O_CREAT)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data  # a line torn by a crash must not swallow this one
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    safefile.write_bytes(os.fspath(path), data, sync=sync)


def _read(path: Path) -> bytes:
    # Journal files are rotated at max_bytes(); the cap only guards against a huge file.
    return safefile.read_bytes(os.fspath(path), 1 << 30)


def _journal_files(folder: Path) -> list[Path]:
    """Journal files oldest first."""
    rotated = [folder / f"journal.{i}.jsonl" for i in range(KEEP_ROTATED, 0, -1)]
    return [p for p in rotated if p.exists()] + [folder / JOURNAL]


def _rotate_if_needed(folder: Path, incoming: int) -> None:
    current = folder / JOURNAL
    try:
        size = current.stat().st_size
    except FileNotFoundError:
        return
    if size == 0 or size + incoming <= max_bytes():
        return
    for i in range(KEEP_ROTATED, 0, -1):
        src = folder / (JOURNAL if i == 1 else f"journal.{i - 1}.jsonl")
        if src.exists():
            os.replace(src, folder / f"journal.{i}.jsonl")


def _encode(events: list[dict[str, Any]]) -> bytes:
    return "".join(
        json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in events
    ).encode("utf-8", "surrogateescape")


def _append_locked(folder: Path, events: list[dict[str, Any]]) -> None:
    data = _encode(events)
    _rotate_if_needed(folder, len(data))
    _append_bytes(folder / JOURNAL, data)


def append(list_dirname: str, events: list[dict[str, Any]], timeout: float = LOCK_TIMEOUT) -> None:
    """Append `events` to a list's journal (one write, fsync'd, rotated at the size cap)."""
    if not events:
        return
    folder = journal_dir(list_dirname)
    safefile.private_dir(os.fspath(folder))
    with _Locked(folder, timeout) as locked:
        if locked:
            _append_locked(folder, events)
        else:
            # Still one O_APPEND write: never lost, only the rotation is skipped.
            _append_bytes(folder / JOURNAL, _encode(events))


def make_event(
    list_dirname: str,
    kind: str,
    task: str | None,
    subject: str = "",
    old: str | None = None,
    new: str | None = None,
    owner: str | None = None,
    source: str = "observe",
    now: float | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One journal line as a dict."""
    ts = time.time() if now is None else now
    event: dict[str, Any] = {
        "time": timefmt.iso(ts, millis=True),
        "ts": round(ts, 3),
        "list": list_dirname,
        "event": kind,
        "task": task,
        "subject": subject,
        "old": old,
        "new": new,
        "owner": owner,
        "source": source,
    }
    event.update(extra)
    return event


def _event(list_dirname: str, change: tuple, source: str, now: float | None) -> dict[str, Any]:
    """The journal line for a change as `taskdiff.diff` gives it (Change's fields, in order)."""
    kind, task_id, subject, old, new, owner, fields, count = change
    extra: dict[str, Any] = {}
    if fields:
        extra["fields"] = list(fields)
    if count is not None:
        extra["count"] = count
    return make_event(list_dirname, kind, task_id, subject, old, new, owner, source, now,
                      **extra)


# ---------------------------------------------------------------- reading


def read_events(
    list_dirname: str | None = None, since: float | None = None
) -> list[dict[str, Any]]:
    """Journal events, oldest first: of one list, or of every list when None.

    Lines that do not parse (a crash mid-write) are skipped.
    """
    if list_dirname is None:
        folders = list_histories()
    else:
        folders = [journal_dir(list_dirname)]
    events: list[dict[str, Any]] = []
    for folder in folders:
        for path in _journal_files(folder):
            try:
                data = _read(path)
            except OSError:
                continue
            for line in data.splitlines():
                try:
                    event = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if not isinstance(event, dict) or not isinstance(event.get("ts"), int | float):
                    continue
                if since is not None and event["ts"] < since:
                    continue
                events.append(event)
    events.sort(key=lambda e: e["ts"])
    return events


def list_histories() -> list[Path]:
    """Every list folder that has a journal or a snapshot."""
    try:
        entries = sorted(history_root().iterdir())
    except OSError:
        return []
    return [
        p for p in entries if p.is_dir() and ((p / JOURNAL).exists() or (p / SNAPSHOT).exists())
    ]


def is_completion(event: dict[str, Any]) -> bool:
    """True for an event that records a task becoming completed."""
    return event.get("new") == "completed" and event.get("old") != "completed"


def is_first_seen(event: dict[str, Any]) -> bool:
    """True for a completion seen only as a task already completed when the journal first
    saw it (its time is when it was first seen, not when it was completed)."""
    return event.get("event") == "created" and event.get("new") == "completed"


# ---------------------------------------------------------------- state


# A task's state is the list `[status, subject, owner, blocked_by]`, as `state.json`
# stores it (the same four fields, in the same order, as `changes.TaskState`).
TaskRaw = taskdiff.TaskRaw


class _State:
    """What `state.json` holds: per task id its last seen state, the time a hook told
    us about it, and its file's mtime; `known`: a state file existed."""

    __slots__ = ("tasks", "hook", "files", "known", "data")

    def __init__(self, known: bool = False) -> None:
        self.tasks: dict[str, TaskRaw] = {}
        self.hook: dict[str, float] = {}
        self.files: dict[str, float] = {}
        self.known = known
        self.data = b""  # the file's bytes as read

    def to_bytes(self) -> bytes:
        return json.dumps(
            {"v": 1, "tasks": self.tasks, "hook": self.hook, "files": self.files},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8", "surrogateescape")


def raw_state(value: object) -> TaskRaw | None:
    """A stored task state in its exact form, or None for anything that is not one
    (also what `changes.TaskState.from_json` reads)."""
    if type(value) is list and len(value) == 4:
        # What this module writes: taken as it is, without a copy (500 tasks: ~1 ms less).
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
        data = _read(folder / STATE)
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
    for name in ("hook", "files"):
        target = getattr(st, name)
        table = raw.get(name)
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


# ---------------------------------------------------------------- snapshots


def _read_task_text(path: str) -> tuple[str, str] | None:
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
            got = _read_task_text(os.path.join(base, name))
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
        snap = json.loads(_read(journal_dir(list_dirname) / SNAPSHOT))
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


def _refresh_snapshot(
    folder: Path, task_folder: Path, now: float, overrides: dict[str, dict[str, Any]] | None = None,
    listing: dict[str, tuple[int, int]] | None = None,
) -> bool:
    """Take a new snapshot of `task_folder` and keep it if it is worth keeping."""
    old = load_snapshot(folder.name)
    snap = take_snapshot(task_folder, overrides, now, previous=old, listing=listing)
    _keep_wiped(old, snap)
    if not _should_replace(old, snap):
        return False
    # Compact: with `indent`, json falls back to its pure-Python encoder (3x slower on a
    # 500-task list, and the statusLine writes this after a change).
    data = json.dumps(snap, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogateescape")
    _write_atomic(folder / SNAPSHOT, data)
    return True


# ---------------------------------------------------------------- feeding the journal


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
    folder = journal_dir(dirname)
    state = _load_state(folder)
    if not state.known and not tl.task_files:
        return []
    current, files = taskdiff.states(tl, state.tasks), _file_times(tl)
    if current == state.tasks and files == state.files:
        return []
    safefile.private_dir(os.fspath(folder))
    with _Locked(folder, lock_timeout) as locked:
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
    for tid, told in list(state.hook.items()):
        if now - told > HOOK_GRACE:
            del state.hook[tid]
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
        _append_locked(folder, [_event(folder.name, c, source, now) for c in found])
    if tl.task_files and files != state.files:
        _refresh_snapshot(folder, tl.path, now, listing=listing)
    state.tasks, state.files = current, files
    _write_atomic(folder / STATE, state.to_bytes(), sync=False)
    return found


def record_hook(
    event: str, payload: dict[str, Any], list_id: str, now: float | None = None
) -> None:
    """Record a Claude Code `TaskCreated` or `TaskCompleted` hook.

    TaskCompleted also snapshots the whole list with that task marked completed,
    so the list's last state is kept before Claude Code wipes it.
    """
    now = time.time() if now is None else now
    dirname = store.list_dirname(list_id)
    task_folder = store.list_path(list_id)
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
    line = make_event(dirname, kind, tid, subject, old, new, owner, f"hook:{event}", now)

    folder = journal_dir(dirname)
    safefile.private_dir(os.fspath(folder))
    with _Locked(folder, HOOK_LOCK_TIMEOUT) as locked:
        if not locked:
            _append_bytes(folder / JOURNAL, _encode([line]))
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
            first = [_event(dirname, c, f"hook:{event}", now)
                     for c in taskdiff.diff({}, seen, cleared=False)]
            state.tasks.update(seen)
        known = state.tasks.get(tid)
        # Already in that status: recorded by an earlier hook or an observation.
        if known is None or known[0] != new:
            if known is not None and old is None and event == "TaskCompleted":
                line["old"] = known[0]  # the file could not be read: the last seen status
            first.append(line)
        if first:
            _append_locked(folder, first)
        state.tasks[tid] = [new, subject, owner, list(blocked)]
        state.hook[tid] = now
        if event == "TaskCompleted":
            _refresh_snapshot(folder, task_folder, now, {tid: {"status": "completed"}})
        _write_atomic(folder / STATE, state.to_bytes(), sync=False)


def _read_task(folder: Path, tid: str) -> store.Task | None:
    if not tid.isdigit():
        return None
    got = _read_task_text(os.path.join(folder, f"{tid}.json"))
    if got is None:
        return None
    task, _p, _partial = store.parse_task(got[0].encode("utf-8"), tid)
    return task


# ---------------------------------------------------------------- restore


class ListLocked(Exception):
    """Claude Code's list lock stayed taken."""


LOCK_STALE = 10.0  # proper-lockfile's default: a lock directory older than this is stale


class NotInside(Exception):
    """The list folder is a link out of the tasks folder (or is the tasks folder)."""


class HasTasks(Exception):
    """The list folder holds task files (found under the list lock): `args[0]` of them."""


class claude_list_lock:  # noqa: N801 - used like a function: `with claude_list_lock(fd):`
    """Hold Claude Code's list lock: the directory `.lock.lock` in the list folder (given
    as a descriptor, so a swapped link cannot move it), as proper-lockfile does; `name`
    `N.json.lock` is the lock Claude Code takes to update task N.

    Raises ListLocked when it stays taken for `timeout` seconds. A holder that works
    longer than LOCK_STALE calls `refresh()` as it goes: proper-lockfile keeps its lock's
    mtime fresh the same way, and Claude Code takes over a lock older than LOCK_STALE and
    would then number a new task with an id being written here."""

    NAME = ".lock.lock"

    def __init__(self, dir_fd: int, timeout: float = 5.0, name: str = NAME) -> None:
        self.dir_fd = dir_fd
        self.timeout = timeout
        self.name = name
        self.touched = 0.0

    def __enter__(self) -> claude_list_lock:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                os.mkdir(self.name, dir_fd=self.dir_fd)
                self.touched = time.monotonic()
                return self
            except FileExistsError:
                try:
                    st = os.stat(self.name, dir_fd=self.dir_fd, follow_symlinks=False)
                    age = time.time() - st.st_mtime
                except OSError:
                    continue  # released just now: try again
                if age > LOCK_STALE:
                    try:
                        os.rmdir(self.name, dir_fd=self.dir_fd)
                    except OSError:
                        pass
                    continue
                if time.monotonic() >= deadline:
                    raise ListLocked(self.name) from None
                time.sleep(0.05)

    def refresh(self) -> None:
        """Keep the lock fresh (its mtime, every LOCK_STALE/2, as proper-lockfile does)."""
        if time.monotonic() - self.touched >= LOCK_STALE / 2:
            os.utime(self.name, dir_fd=self.dir_fd, follow_symlinks=False)
            self.touched = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        try:
            os.rmdir(self.name, dir_fd=self.dir_fd)
        except OSError:
            pass


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


def _open_list_folder(folder: Path) -> int:
    """A descriptor of the list folder, created if missing, that is inside the tasks
    folder (a link to another list there is followed, as Claude Code does; one out of
    it raises NotInside). Opened without following links, after the check."""
    from shellhooks import confined

    root_path = os.path.dirname(os.fspath(folder))
    os.makedirs(root_path, exist_ok=True)
    root = os.path.realpath(root_path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    real = os.path.realpath(folder)
    if real == root or not confined.inside(root, real):
        raise NotInside(f"{folder} leads to {real}, outside {root}")
    return confined.open_folder(root, os.path.relpath(real, root))


def _task_files_at(dir_fd: int) -> int:
    """How many task files (regular `<digits>.json`) the folder holds."""
    import stat

    count = 0
    for name in os.listdir(dir_fd):
        if store.is_task_file_name(name):
            try:
                st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            except FileNotFoundError:
                continue  # deleted just now
            count += stat.S_ISREG(st.st_mode)
    return count


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
    from shellhooks import confined

    entries, _skipped = snapshot_entries(snap)
    dir_fd = _open_list_folder(folder)
    try:
        try:  # Claude Code's empty `.lock` file; an existing one (or a link) is left alone
            os.close(os.open(".lock", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                             | os.O_CLOEXEC, 0o644, dir_fd=dir_fd))
        except FileExistsError:
            pass
        written: list[str] = []
        with claude_list_lock(dir_fd) as lock:
            # Checked again under the lock: a task Claude Code created since the caller
            # looked must not be overwritten (it creates only under this lock).
            present = _task_files_at(dir_fd)
            if present:
                raise HasTasks(present)
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
