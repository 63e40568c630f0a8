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
- `snapshot.json` (`snapshot.py`) and `state.json` (`recorder.py`).

This module is the folder's layout, its lock, and reading and appending lines.
Standard library only, and few modules even of that: the statusLine appends
after a change (see docs/ARCHITECTURE.md, the hot-path import rule).
"""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

from shellhooks import paths, safefile, store, timefmt

TYPE_CHECKING = False  # `typing` costs start-up time of the statusLine
if TYPE_CHECKING:
    from typing import Any

JOURNAL = "journal.jsonl"
STATE = "state.json"
SNAPSHOT = "snapshot.json"
LOCK = ".lock"
DEFAULT_MAX_BYTES = 1 << 20
KEEP_ROTATED = 2
LOCK_TIMEOUT = 2.0


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


class JournalLock:
    """`with JournalLock(folder, timeout) as locked:` holds the journal folder's flock;
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


def append_bytes(path: Path, data: bytes) -> None:
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


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    safefile.write_bytes(os.fspath(path), data, sync=sync)


def read_file(path: Path) -> bytes:
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


def encode(events: list[dict[str, Any]]) -> bytes:
    return "".join(
        json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in events
    ).encode("utf-8", "surrogateescape")


def append_locked(folder: Path, events: list[dict[str, Any]]) -> None:
    data = encode(events)
    _rotate_if_needed(folder, len(data))
    append_bytes(folder / JOURNAL, data)


def append(list_dirname: str, events: list[dict[str, Any]], timeout: float = LOCK_TIMEOUT) -> None:
    """Append `events` to a list's journal (one write, fsync'd, rotated at the size cap)."""
    if not events:
        return
    folder = journal_dir(list_dirname)
    safefile.private_dir(os.fspath(folder))
    with JournalLock(folder, timeout) as locked:
        if locked:
            append_locked(folder, events)
        else:
            # Still one O_APPEND write: never lost, only the rotation is skipped.
            append_bytes(folder / JOURNAL, encode(events))


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


def event_of(list_dirname: str, change: tuple, source: str, now: float | None) -> dict[str, Any]:
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
                data = read_file(path)
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
