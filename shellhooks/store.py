"""Read-only access to Claude Code's task lists (`<claude root>/tasks/<list>/N.json`).

Everything here tolerates whatever is on disk: half-written files (Claude Code
creates tasks by writing in place), lock directories, binary junk, huge files,
symlink loops, unreadable folders and non-UTF-8 names. Problems are reported as
data (`TaskList.problems`), never raised. Only the standard library is imported
because the prompt hook and the statusLine run this on their hot path.
"""

from __future__ import annotations

import errno
import os
import stat
import time

from shellhooks import paths
from shellhooks.jsonlite import loads
from shellhooks.listname import (  # noqa: F401  (re-exported for the reader's callers)
    JS_WHITESPACE,
    TEAM_SESSION_PREFIX,
    list_dirname,
    team_session_list_id,
)

# The hook's one process reads lists through this module: `json`, `re` and `pathlib`
# (several milliseconds of imports together) are kept off that path.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

STATUSES = ("pending", "in_progress", "completed")
MAX_TASK_BYTES = 1 << 20
# A half-written file is retried this many times, this far apart, before it is
# reported as unreadable: Claude Code's own writes take well under a millisecond.
RETRIES = 3
RETRY_DELAY = 0.02
# A file that fails to parse and changed this recently may be mid-write even if
# it does not look cut short: a writer that writes over the old text and then
# truncates leaves new text followed by the old tail for a moment.
FRESH_SECONDS = 2.0

_HEX = frozenset("0123456789abcdefABCDEF")
_UUID_DASHES = (8, 13, 18, 23)
_LOWER_HEX = frozenset("0123456789abcdef")


def is_session_id(name: str) -> bool:
    """True for the names Claude Code gives a session's own list, which nobody named:
    the session's random UUID (8-4-4-4-12 hex digits, either case) or, with agent
    teams on, `session-` and the UUID's first 8 characters (lowercase hex)."""
    if name.startswith(TEAM_SESSION_PREFIX):
        short = name[len(TEAM_SESSION_PREFIX):]
        return len(short) == 8 and _LOWER_HEX.issuperset(short)
    if len(name) != 36 or any(name[i] != "-" for i in _UUID_DASHES):
        return False
    return _HEX.issuperset(name.replace("-", "")) and name.count("-") == 4


def session_short_name(name: str) -> str:
    """The 8 hex characters that stand for session list `name` in short displays."""
    return name[len(TEAM_SESSION_PREFIX):] if name.startswith(TEAM_SESSION_PREFIX) else name[:8]


def is_task_file_name(name: str) -> bool:
    """`<digits>.json` (ASCII digits), the only names Claude Code gives task files."""
    stem = name[:-5]
    return name.endswith(".json") and stem.isdigit() and stem.isascii()


def list_path(list_id: str) -> str:
    """The folder of the list that Claude Code would use for `list_id` (a string: the
    hook's process avoids pathlib)."""
    return os.path.join(paths.tasks_root_str(), list_dirname(list_id))


class _Record:
    """Equality and repr over `_fields` (plain classes rather than dataclasses: the
    hook's one process imports this module, and importing `dataclasses` costs milliseconds)."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, n) for n in self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
        return f"{type(self).__name__}({args})"


class Task(_Record):
    """One task, as Claude Code stores it in `N.json` (treated as immutable)."""

    _fields = __slots__ = ("id", "subject", "description", "status", "active_form", "owner",
                           "blocks", "blocked_by", "internal", "mtime")

    def __init__(self, id: str, subject: str, description: str, status: str,
                 active_form: str | None = None, owner: str | None = None,
                 blocks: tuple[str, ...] = (), blocked_by: tuple[str, ...] = (),
                 internal: bool = False, mtime: float = 0.0) -> None:
        self.id = id
        self.subject = subject
        self.description = description
        self.status = status
        self.active_form = active_form
        self.owner = owner
        self.blocks = blocks
        self.blocked_by = blocked_by
        self.internal = internal
        self.mtime = mtime

    def __hash__(self) -> int:
        return hash(self._values())


class Problem(_Record):
    """A file in a list folder that could not be used, and why."""

    _fields = __slots__ = ("name", "reason")

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason

    def __hash__(self) -> int:
        return hash(self._values())


class TaskList(_Record):
    """A list folder as read at one moment."""

    _fields = ("id", "path", "exists", "readable", "tasks", "hidden", "problems",
               "task_files", "highwatermark", "updated")
    # `path` is kept as a string and made a Path when asked for (pathlib is not
    # imported on the hook's path).
    __slots__ = ("id", "_path", "exists", "readable", "tasks", "hidden", "problems",
                 "task_files", "highwatermark", "updated", "file_names", "_all", "_done_cache")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self, id: str, path: str | Path, exists: bool = True, readable: bool = True,
                 tasks: list[Task] | None = None, hidden: int = 0,
                 problems: list[Problem] | None = None, task_files: int = 0,
                 highwatermark: int | None = None, updated: float | None = None) -> None:
        self.id = id
        self._path = os.fspath(path)
        self.exists = exists
        self.readable = readable
        self.tasks = tasks if tasks is not None else []  # visible tasks, by numeric id
        self.hidden = hidden  # tasks with metadata._internal
        self.problems = problems if problems is not None else []
        self.task_files = task_files  # files that look like tasks, readable or not
        self.highwatermark = highwatermark
        self.updated = updated
        # The names of the task files counted in task_files (`<digits>.json`).
        self.file_names: list[str] = []
        # All parsed tasks including hidden ones: hidden tasks still block others.
        self._all: list[Task] = []
        self._done_cache: set[str] | None = None

    @property
    def path(self) -> Path:
        """The list folder."""
        from pathlib import Path

        return Path(self._path)

    @property
    def state(self) -> str:
        """`missing`, `unreadable`, `active`, `cleared` or `empty`."""
        if not self.exists:
            return "missing"
        if not self.readable:
            return "unreadable"
        if self.task_files:
            return "active"
        if self.highwatermark:
            return "cleared"
        return "empty"

    @property
    def cleared_count(self) -> int | None:
        """How many tasks Claude Code wiped, for a cleared list."""
        return self.highwatermark if self.state == "cleared" else None

    def counts(self) -> dict[str, int]:
        """Visible tasks by status, plus `total`, `open` and `blocked`."""
        c = {s: 0 for s in STATUSES}
        for t in self.tasks:
            c[t.status] += 1
        c["total"] = len(self.tasks)
        c["open"] = c["pending"] + c["in_progress"]
        c["blocked"] = sum(
            1 for t in self.tasks if t.status != "completed" and self.open_blockers(t)
        )
        return c

    def open_blockers(self, task: Task) -> list[str]:
        """Ids in `task.blocked_by` whose task is not completed (a missing one counts)."""
        done = self._completed_ids()
        return [b for b in task.blocked_by if b not in done]

    def in_progress(self) -> list[Task]:
        """Visible tasks being worked on, by numeric id."""
        return [t for t in self.tasks if t.status == "in_progress"]

    def _completed_ids(self) -> set[str]:
        cached = self._done_cache
        if cached is None:
            cached = {t.id for t in (self._all or self.tasks) if t.status == "completed"}
            self._done_cache = cached
        return cached


def _read_bytes(path: str) -> tuple[bytes | None, str | None, float]:
    """Read a task file without following it into FIFOs or devices.

    Returns (content, problem, mtime); content is None when there is a problem.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        if e.errno == errno.ELOOP:
            return None, "symlink loop", 0.0
        if e.errno == errno.ENOENT:
            return None, "vanished", 0.0
        if e.errno in (errno.EACCES, errno.EPERM):
            return None, "permission denied", 0.0
        return None, f"cannot open: {e.strerror}", 0.0
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, "not a regular file", st.st_mtime
        if st.st_size > MAX_TASK_BYTES:
            return None, f"too large ({st.st_size} bytes, limit {MAX_TASK_BYTES})", st.st_mtime
        # One read usually does it (a short read of a regular file is its end);
        # loop in case the file grew since fstat.
        chunks = []
        remaining = MAX_TASK_BYTES + 1
        want = st.st_size + 1
        while remaining > 0:
            n = min(remaining, max(want, 4096))
            chunk = os.read(fd, n)
            if chunk:
                chunks.append(chunk)
                remaining -= len(chunk)
            if len(chunk) < n:
                break
            want = 65536
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        if len(data) > MAX_TASK_BYTES:
            return None, f"too large (over {MAX_TASK_BYTES} bytes)", st.st_mtime
        return data, None, st.st_mtime
    except OSError as e:
        return None, f"cannot read: {e.strerror}", 0.0
    finally:
        os.close(fd)


def _str_list(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        return ()
    return tuple(str(v) for v in value if isinstance(v, str | int) and not isinstance(v, bool))


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def parse_task(data: bytes, stem: str, mtime: float = 0.0) -> tuple[Task | None, str | None, bool]:
    """Parse one task file's bytes.

    Returns (task, problem, maybe_partial). `maybe_partial` is True when the
    content looks like a write still in progress (empty, or JSON cut short),
    which is worth a retry; binary junk or a wrong shape is not.
    """
    if not data.strip():
        return None, "empty (being written?)", True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        # A read that lands mid-write can cut a multi-byte character at the end.
        cut = e.reason == "unexpected end of data" and e.end >= len(data)
        return None, "not UTF-8 text" + (" (being written?)" if cut else ""), cut
    try:
        obj = loads(text)
    except ValueError as e:  # JSONDecodeError, or a number too long to convert
        # A whole task file ends with its closing brace; a file caught mid-write
        # (Claude Code truncates, then writes) is a prefix that usually does not.
        stripped = text.rstrip()
        cut_short = not stripped.endswith("}") or getattr(e, "pos", 0) >= len(stripped) - 1
        return None, "invalid JSON" + (" (being written?)" if cut_short else ""), cut_short
    except RecursionError:
        return None, "invalid JSON (nested too deeply)", False
    if not isinstance(obj, dict):
        return None, "not a task object", False
    status = obj.get("status")
    if status not in STATUSES:
        shown = status if isinstance(status, str) else type(status).__name__
        return None, f"unknown status {shown!r}", False
    subject = obj.get("subject")
    if not isinstance(subject, str):
        return None, "no subject", False
    # The file name is the id Claude Code addresses the task by (TaskGet reads
    # `<id>.json`); trusting the stem keeps ids unique, numeric and printable.
    tid = stem
    meta = obj.get("metadata")
    internal = isinstance(meta, dict) and bool(meta.get("_internal"))
    description = obj.get("description")
    task = Task(
        id=tid,
        subject=subject,
        description=description if isinstance(description, str) else "",
        status=status,
        active_form=_opt_str(obj.get("activeForm")),
        owner=_opt_str(obj.get("owner")),
        blocks=_str_list(obj.get("blocks")),
        blocked_by=_str_list(obj.get("blockedBy")),
        internal=internal,
        mtime=mtime,
    )
    return task, None, False


def _task_key(task: Task) -> tuple[int, str]:
    return (int(task.id), task.id) if task.id.isdigit() else (1 << 62, task.id)


def read_list_dir(path: str | Path, list_id: str | None = None) -> TaskList:
    """Read the list folder at `path`. Never raises for anything found on disk."""
    spath = os.fspath(path)
    tl = TaskList(id=list_id if list_id is not None else os.path.basename(spath), path=spath)
    try:
        st = os.stat(spath)
    except OSError as e:
        tl.exists = e.errno not in (errno.ENOENT, errno.ENOTDIR)
        tl.readable = False
        if tl.exists:
            tl.problems.append(Problem(".", f"cannot read folder: {e.strerror}"))
        return tl
    if not stat.S_ISDIR(st.st_mode):
        tl.readable = False
        tl.problems.append(Problem(".", "not a folder"))
        return tl
    newest = st.st_mtime
    try:
        names = os.listdir(spath)
    except OSError as e:
        tl.readable = False
        tl.updated = newest
        tl.problems.append(Problem(".", f"cannot read folder: {e.strerror}"))
        return tl

    now = time.time()
    tasks: list[Task] = []
    retry: dict[str, str] = {}  # name -> the last problem seen
    for name in names:
        if name == ".highwatermark":
            tl.highwatermark = _read_highwatermark(os.path.join(spath, name))
            continue
        if not name.endswith(".json"):
            continue  # .lock, N.json.lock/ dirs, N.json.tmp.<hex>, other files
        if not is_task_file_name(name):
            continue  # Claude Code only ever writes <number>.json
        data, problem, mtime = _read_bytes(os.path.join(spath, name))
        if problem == "not a regular file" or problem == "vanished":
            continue  # a directory or FIFO named *.json is not a task; a deleted one is gone
        tl.task_files += 1
        tl.file_names.append(name)
        newest = max(newest, mtime)
        if data is None:
            tl.problems.append(Problem(name, problem or "unreadable"))
            continue
        task, problem, partial = parse_task(data, name[:-5], mtime)
        if task is not None:
            tasks.append(task)
        elif partial or now - mtime < FRESH_SECONDS:
            retry[name] = problem or "unreadable"
        else:
            tl.problems.append(Problem(name, problem or "unreadable"))

    # Files caught mid-write: read them again a little later. A file that is
    # still not whole after the retries is reported, and left out of counts.
    for attempt in range(RETRIES):
        if not retry:
            break
        time.sleep(RETRY_DELAY * (attempt + 1))
        for name in list(retry):
            data, problem, mtime = _read_bytes(os.path.join(spath, name))
            if problem == "not a regular file" or problem == "vanished":
                del retry[name]
                tl.task_files -= 1
                tl.file_names.remove(name)
                continue
            newest = max(newest, mtime)
            if data is None:
                del retry[name]
                tl.problems.append(Problem(name, problem or "unreadable"))
                continue
            task, problem, partial = parse_task(data, name[:-5], mtime)
            if task is not None:
                del retry[name]
                tasks.append(task)
            elif not partial and time.time() - mtime >= FRESH_SECONDS:
                del retry[name]
                tl.problems.append(Problem(name, problem or "unreadable"))
            else:
                retry[name] = problem or "unreadable"
    for name, problem in retry.items():
        tl.problems.append(Problem(name, f"unreadable after retrying: {problem}"))

    tasks.sort(key=_task_key)
    tl._all = tasks
    tl.tasks = [t for t in tasks if not t.internal]
    tl.hidden = len(tasks) - len(tl.tasks)
    tl.problems.sort(key=lambda p: (len(p.name), p.name))
    tl.updated = newest
    return tl


def _read_highwatermark(path: str) -> int | None:
    data, problem, _ = _read_bytes(path)
    if data is None:
        return None
    text = data.strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def read_list(list_id: str) -> TaskList:
    """Read the list Claude Code would use for `list_id` (sanitized to a folder name)."""
    name = list_dirname(list_id)
    if not name:  # an empty id names no list (Claude Code treats it as unset)
        return TaskList(id="", path=paths.tasks_root_str(), exists=False, readable=False)
    return read_list_dir(list_path(list_id), list_id=name)


def list_folders(root: Path | None = None) -> list[Path]:
    """Every list folder under the tasks root (symlinked folders included)."""
    from pathlib import Path

    base = root if root is not None else Path(paths.tasks_root_str())
    out: list[Path] = []
    try:
        with os.scandir(base) as it:
            for entry in it:
                try:
                    if entry.is_dir():
                        out.append(Path(entry.path))
                except OSError:
                    continue
    except OSError:
        return []
    return out


def iter_lists(root: Path | None = None) -> Iterator[TaskList]:
    """Read every list under the tasks root."""
    for folder in list_folders(root):
        yield read_list_dir(folder)


def display_name(name: str) -> str:
    """A folder name as text that can be printed or put in JSON (bad bytes become U+FFFD)."""
    return os.fsencode(name).decode("utf-8", "replace")
