"""Running Claude Code sessions: which processes they are and which task lists they use.

A process is a Claude Code session when its name is `claude`, or `argv[0]` /
`argv[1]` ends in `/claude` (npm installs run `node .../claude`). Its launch
environment (`/proc/PID/environ`) holds the `CLAUDE_CODE_TASK_LIST_ID` it
started with. Claude Code also keeps `<root>/sessions/<pid>.json` while a
session runs (with its session id, which names the list when no id was set);
a crash leaves that file behind, so a file only counts when its pid is alive.

psutil is imported inside the functions: importing this module costs nothing.
Processes that vanish or deny access mid-scan are skipped or shown with what
could be read, never raised.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shellhooks import paths, store
from shellhooks.livesessions import reused
from shellhooks.livesessions import started_at as _started_at

LIST_ID_VAR = "CLAUDE_CODE_TASK_LIST_ID"


@dataclass
class Session:
    """One running Claude Code session."""

    pid: int
    tty: str | None = None  # e.g. "pts/3"
    cwd: str | None = None
    list_id: str | None = None  # CLAUDE_CODE_TASK_LIST_ID at launch, None when unset
    started: float | None = None  # process start, seconds since the epoch
    session_id: str | None = None  # from <root>/sessions/<pid>.json when present
    session_started: float | None = None  # its `startedAt`, in seconds
    environ_readable: bool = True
    uid: int | None = None  # real uid of the process owner, when readable
    # Other ids the session may really be using: a settings file's `env` overrides
    # the launch environment (user settings always, project settings once trusted).
    settings_list_ids: list[str] = field(default_factory=list)

    @property
    def shown_list_id(self) -> str:
        """The list id for display: the launch id, or `session` when none was set."""
        return self.list_id if self.list_id else "session"

    @property
    def list_known(self) -> bool:
        """False when the list this session writes to cannot be told.

        That is: no id at launch (or the environment was unreadable) and no
        sessions file naming its session id.
        """
        return bool(self.list_id or self.session_id)

    @property
    def list_in_use(self) -> str | None:
        """The list id the session most likely writes to: a settings file's `env` (the
        highest layer that sets it) over the launch environment, else its session id."""
        if self.settings_list_ids:
            return self.settings_list_ids[-1]
        return self.list_id or self.session_id

    def list_folders(self) -> set[str]:
        """Folder names (under the tasks root) this session may be writing to.

        Errs on the side of too many: used to keep `clean` away from lists in use.
        """
        ids = [self.list_id, self.session_id, *self.settings_list_ids]
        if self.session_id:
            # With agent teams on, the session's own list is named after its id's start.
            ids.append(store.team_session_list_id(self.session_id))
        return {store.list_dirname(i) for i in ids if i}


def is_claude_process(name: str | None, cmdline: list[str] | None) -> bool:
    """True when a process with this name and argv is a Claude Code session."""
    if name == "claude":
        return True
    for arg in (cmdline or [])[:2]:
        if arg == "claude" or arg.endswith("/claude"):
            return True
    return False


def _read_json(path: Path) -> Any:
    """A regular file's JSON, else None. A session's folder is any project: its
    `.claude/settings.json` may be a FIFO or a link to /dev/tty, where a plain read
    would wait forever (the `claude` wrapper's launch check reads these)."""
    from shellhooks import safefile

    data = safefile.read_regular(path, 1 << 20)
    try:
        return None if data is None else json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None


def _settings_list_ids(cwd: str | None) -> list[str]:
    """List ids set by the `env` map of Claude Code settings that apply in `cwd`."""
    files = [Path(paths.user_settings_str())]
    if cwd:
        files += [Path(cwd) / ".claude" / "settings.json",
                  Path(cwd) / ".claude" / "settings.local.json"]
    out = []
    for f in files:
        obj = _read_json(f)
        env = obj.get("env") if isinstance(obj, dict) else None
        value = env.get(LIST_ID_VAR) if isinstance(env, dict) else None
        if isinstance(value, str) and value:
            out.append(value)
    return out


def session_files(root: Path | None = None) -> dict[int, dict[str, Any]]:
    """`<root>/sessions/<pid>.json` contents by pid (stale ones included)."""
    root = root if root is not None else Path(paths.claude_root_str())
    out: dict[int, dict[str, Any]] = {}
    for pid in paths.session_file_pids(os.fspath(root)):
        obj = _read_json(root / "sessions" / f"{pid}.json")
        if isinstance(obj, dict):
            out[pid] = obj
    return out


def _tty_name(terminal: str | None) -> str | None:
    if not terminal:
        return None
    return terminal[5:] if terminal.startswith("/dev/") else terminal


def _session_from_process(proc: Any, psutil: Any) -> Session | None:
    """Build a Session from a psutil.Process, or None if it vanished."""
    info = getattr(proc, "info", None) or {}
    s = Session(pid=proc.pid)
    s.tty = _tty_name(info.get("terminal"))
    s.cwd = info.get("cwd")
    s.started = info.get("create_time")
    uids = info.get("uids")
    s.uid = uids[0] if uids else None
    try:
        env = proc.environ()
        value = env.get(LIST_ID_VAR) or ""
        # An empty or all-whitespace value counts as unset for Claude Code.
        s.list_id = value if value.strip(store.JS_WHITESPACE) else None
    except psutil.AccessDenied:
        s.environ_readable = False
    except psutil.NoSuchProcess:  # ZombieProcess included: it has exited, only not reaped
        return None
    except OSError:
        s.environ_readable = False
    return s


def running_sessions(root: Path | None = None) -> list[Session]:
    """Every running Claude Code session visible to this user, oldest first."""
    import psutil  # heavy import kept out of module import (start-up time)

    files = session_files(root)
    found: dict[int, Session] = {}
    parents: dict[int, int | None] = {}
    attrs = ["pid", "name", "cmdline", "terminal", "cwd", "create_time", "ppid", "uids",
             "status"]
    for proc in psutil.process_iter(attrs, ad_value=None):
        try:
            info = proc.info
            if not is_claude_process(info.get("name"), info.get("cmdline")):
                continue
            if info.get("status") == psutil.STATUS_ZOMBIE:
                continue  # exited, not yet reaped: not a running session
            s = _session_from_process(proc, psutil)
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            continue
        if s is None:
            continue
        found[s.pid] = s
        parents[s.pid] = info.get("ppid")

    # A session file whose pid is alive names a session even if a later release
    # runs under another process name; the start time guards against pid reuse.
    for pid, sfile in files.items():
        if pid in found:
            continue
        try:
            proc = psutil.Process(pid)
            with proc.oneshot():
                created = proc.create_time()
                started_at = _started_at(sfile)
                if reused(created, started_at):
                    continue
                proc.info = {
                    "terminal": _safe(proc.terminal),
                    "cwd": _safe(proc.cwd),
                    "create_time": created,
                    "uids": _safe(proc.uids),
                }
                s = _session_from_process(proc, psutil)
                ppid = _safe(proc.ppid)
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied, ValueError):
            continue
        if s is not None:
            found[pid] = s
            parents[pid] = ppid

    # A `claude` wrapper script and the program it starts are one session:
    # keep the outermost process.
    sessions = [s for s in found.values() if parents.get(s.pid) not in found]
    for s in sessions:
        data: dict[str, Any] | None = files.get(s.pid)
        if data is None:
            # The wrapper's child may be the one that wrote the sessions file.
            for child_pid, ppid in parents.items():
                if ppid == s.pid and child_pid in files:
                    data = files[child_pid]
                    break
        if data is not None:
            sid = data.get("sessionId")
            s.session_id = sid if isinstance(sid, str) and sid else None
            s.session_started = _started_at(data)
            if not s.cwd and isinstance(data.get("cwd"), str):
                s.cwd = data["cwd"]
        s.settings_list_ids = _settings_list_ids(s.cwd)
    sessions.sort(key=lambda s: (s.started or 0.0, s.pid))
    return sessions


def _safe(method: Any) -> Any:
    """Call a psutil accessor, None when access is denied (vanishing still raises)."""
    import psutil

    try:
        return method()
    except psutil.AccessDenied:
        return None


def grouped_by_list(found: Iterable[Session]) -> list[Session]:
    """`found` with the sessions launched on one list next to each other: each list where
    its oldest session was, oldest first within it; sessions of their own list (no id at
    launch) or of an unreadable environment stay apart, in their own places."""
    groups: dict[str, list[Session]] = {}
    for s in found:
        key = store.list_dirname(s.list_id) if s.list_id and s.environ_readable \
            else f"\0{s.pid}"  # never a folder name: a group of its own
        groups.setdefault(key, []).append(s)
    return [s for group in groups.values() for s in group]


def lists_in_use(sessions: Iterable[Session] | None = None) -> set[str]:
    """Folder names of every list a running session may be using."""
    out: set[str] = set()
    for s in running_sessions() if sessions is None else sessions:
        out |= s.list_folders()
    return out


def others_on_list(list_id: str, root: Path | None = None) -> list[Session]:
    """Running sessions of this user that use the list `list_id`, oldest first. Without
    a live sessions file (which Claude Code keeps for every running session) no process
    scan is made: the `claude` wrapper's launch check calls this on every launch."""
    root_str = os.fspath(root) if root is not None else None
    from shellhooks.livesessions import alive

    if not any(alive(pid) for pid in paths.session_file_pids(root_str)):
        return []
    folder = store.list_dirname(list_id)
    uid = os.getuid()
    return [s for s in running_sessions(root)
            if (s.uid is None or s.uid == uid) and s.list_in_use
            and store.list_dirname(s.list_in_use) == folder]


def others_line(list_id: str, others: list[Session], now: float | None = None) -> str | None:
    """The `claude` wrapper's line about the other live sessions on `list_id`, or None
    when there are none: how many, since when, in which folders, and the list's counts."""
    from shellhooks import timefmt
    from shellhooks.textsafe import shown_id, shown_path

    if not others:
        return None
    n = len(others)
    started = [t for s in others if (t := s.session_started or s.started) is not None]
    since = f" (since {timefmt.ago(min(started), now)})" if started else ""
    folders: list[str] = []
    for s in others:
        shown = shown_path(s.cwd) if s.cwd else "?"
        if shown not in folders:
            folders.append(shown)
    where = ", ".join(folders[:3]) + (f" and {len(folders) - 3} more" if len(folders) > 3 else "")
    tl = store.read_list(list_id)
    c = tl.counts()
    if tl.state == "cleared":
        tasks = f"cleared after {tl.cleared_count} tasks"
    elif c["total"]:
        tasks = f"{c['completed']} of {c['total']} tasks done"
    else:
        tasks = "no tasks yet"
    who = "1 other session" if n == 1 else f"{n} other sessions"
    return f"shellhooks: {who} on the list {shown_id(list_id)}{since} in {where}; {tasks}"
