"""How many live Claude Code sessions use a list: the `{sessions}` placeholder.

Standard library only (the hook's one process renders the prompt segment): no process
scan. Claude Code keeps `<root>/sessions/<pid>.json` while a session runs (created at
start, removed at exit, so the folder's mtime tells a cache when to ask again); a pid
that is not a live process of this user is a stale file. The list a session writes to
is the `CLAUDE_CODE_TASK_LIST_ID` it was started with (`/proc/<pid>/environ`, Linux),
else the list named after its session id. (sessions.py is the full picture, with psutil:
settings files, processes without a sessions file; this is the cheap count.)
"""

from __future__ import annotations

import os
import time

from shellhooks import paths

VAR = "CLAUDE_CODE_TASK_LIST_ID"
MAX_ENVIRON = 1 << 20
MAX_SESSION_FILE = 64 * 1024
# A sessions file whose pid now belongs to a process started more than this long after
# the session did is a stale file (a crash) and a reused pid.
PID_REUSE_SLACK = 5.0


def alive(pid: int) -> bool:
    """True when `pid` is a live process of this user (signal 0: no signal is sent)."""
    if pid <= 0:
        return False  # kill(0, ...) would mean our own process group
    try:
        os.kill(pid, 0)
    except (OSError, OverflowError):
        return False  # gone (a stale sessions file after a crash), or another user's
    return True


def sessions_dir_str(root: str | None = None) -> str:
    """Claude Code's sessions folder."""
    return os.path.join(root if root is not None else paths.claude_root_str(), "sessions")


def launch_list_id(pid: int) -> str | None:
    """The list id `pid` was started with, None when unset, blank or not readable."""
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            data = f.read(MAX_ENVIRON)
    except OSError:
        return None
    prefix = VAR.encode() + b"="
    for item in data.split(b"\0"):
        if item.startswith(prefix):
            value = item[len(prefix):].decode("utf-8", "replace")
            return value if value.strip() else None
    return None


def started_at(info: object) -> float | None:
    """`startedAt` of a sessions file in seconds (Claude Code writes milliseconds)."""
    value = info.get("startedAt") if isinstance(info, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not 0 < value < 1e14:  # NaN, infinities, before 1970, past the year 5000
        return None
    return value / 1000.0 if value > 1e11 else float(value)


def reused(created: float | None, session_started: float | None) -> bool:
    """True when a process created at `created` cannot be the session that started at
    `session_started` (seconds since the epoch; None: unknown, so not reused)."""
    return created is not None and session_started is not None \
        and created > session_started + PID_REUSE_SLACK


def process_started(pid: int) -> float | None:
    """When `pid` started, in seconds since the epoch (Linux /proc: its start in clock
    ticks since boot, taken back from now on the boot clock, which never steps)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            ticks = int(f.read(4096).rsplit(b")", 1)[1].split()[19])
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return time.time() - age


def _session_file(path: str) -> dict[str, object] | None:
    from shellhooks import safefile
    from shellhooks.jsonlite import loads

    data = safefile.read_regular(path, MAX_SESSION_FILE + 1, nofollow=True)
    if data is None or len(data) > MAX_SESSION_FILE:
        return None
    try:
        obj = loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    return obj if isinstance(obj, dict) else None


def count_on_list(list_id: str, *, exclude_session: str | None = None,
                  root: str | None = None) -> int:
    """How many live sessions of this user use `list_id` (`exclude_session`: the session
    asking, e.g. the statusLine's own, is not counted)."""
    from shellhooks.store import list_dirname

    want = list_dirname(list_id)
    folder = sessions_dir_str(root)
    n = 0
    for pid in paths.session_file_pids(root):
        if not alive(pid):
            continue
        info = _session_file(os.path.join(folder, f"{pid}.json")) or {}
        if reused(process_started(pid), started_at(info)):
            continue
        sid = info.get("sessionId")
        sid = sid if isinstance(sid, str) and sid else None
        if exclude_session is not None and sid == exclude_session:
            continue
        used = launch_list_id(pid) or sid
        if used and list_dirname(used) == want:
            n += 1
    return n
