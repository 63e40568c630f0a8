"""Which task list each Claude Code session used, so a resumed session keeps it.

Claude Code takes the list id from its environment at launch: `claude --resume ID`
started in another folder (or after the folder's id changed) would join that folder's
list, not the one the session worked on. The SessionStart hook records, per session,
the list it uses and the folder it runs in, one JSON line each in
`$XDG_DATA_HOME/shellhooks/session-lists.jsonl` (private, appended with one `O_APPEND`
write, cut to its newest half past MAX_BYTES). The `claude` wrapper's check reads it
for `--resume ID`, `--continue` and `--fork-session` (see `resumed_list`).
"""

from __future__ import annotations

import json
import os
import time

from shellhooks import paths, safefile

FILE = "session-lists.jsonl"
MAX_BYTES = 256 * 1024


def _path() -> str:
    return os.path.join(paths.data_dir_str(), FILE)


def record(session_id: str, list_id: str, cwd: str | None, now: float | None = None) -> None:
    """Remember that session `session_id` uses list `list_id` (in folder `cwd`)."""
    line = json.dumps({"session": session_id, "list": list_id, "cwd": cwd,
                       "ts": round(time.time() if now is None else now, 3)},
                      ensure_ascii=False, separators=(",", ":")) + "\n"
    path = _path()
    fd = safefile.open_own(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        size = os.fstat(fd).st_size
        os.write(fd, line.encode("utf-8", "surrogateescape"))
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        data = safefile.read_bytes(path, 4 * MAX_BYTES)
        keep = data[len(data) // 2:]
        keep = keep[keep.find(b"\n") + 1:]
        safefile.write_bytes(path, keep)


def _records() -> list[dict[str, object]]:
    try:
        data = safefile.read_bytes(_path(), 4 * MAX_BYTES)
    except OSError:
        return []
    out = []
    for raw in data.splitlines():
        try:
            rec = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        if isinstance(rec, dict) and isinstance(rec.get("session"), str) \
                and isinstance(rec.get("list"), str) and rec["list"]:
            out.append(rec)
    return out


def list_of_session(session_id: str) -> str | None:
    """The list session `session_id` last used, or None when it was never recorded."""
    found = None
    for rec in _records():
        if rec["session"] == session_id:
            found = rec["list"]
    return found if isinstance(found, str) else None


def last_in_folder(cwd: str) -> tuple[str, str] | None:
    """(session id, list) of the newest session recorded in folder `cwd` (what
    `claude --continue` resumes), or None."""
    real = os.path.realpath(cwd)
    found = None
    for rec in _records():
        where = rec.get("cwd")
        if isinstance(where, str) and os.path.realpath(where) == real:
            found = rec
    return (str(found["session"]), str(found["list"])) if found else None


def _option(args: list[str], names: tuple[str, ...]) -> tuple[bool, str | None]:
    """(present, value) of an option that may take a value (`--x v`, `--x=v`, `-x v`)."""
    for i, a in enumerate(args):
        if a == "--":
            break
        for n in names:
            if a == n:
                nxt = args[i + 1] if i + 1 < len(args) else None
                return True, nxt if nxt is not None and not nxt.startswith("-") else None
            if n.startswith("--") and a.startswith(n + "="):
                return True, a[len(n) + 1:]
    return False, None


def resumed_list(claude_args: list[str], cwd: str) -> tuple[str, str] | None:
    """(session id, list) for a launch that resumes a session whose list is recorded:
    `--resume ID`/`-r ID`, or `--continue`/`-c` (the newest session of `cwd`), with or
    without `--fork-session` (the fork starts from the session it copies, so it keeps
    that list too). None for anything else (`--resume` without an id opens a picker)."""
    resume, session = _option(claude_args, ("--resume", "-r"))
    if resume:
        if not session:
            return None
        found = list_of_session(session)
        return (session, found) if found else None
    cont, _ = _option(claude_args, ("--continue", "-c"))
    if cont:
        return last_in_folder(cwd)
    return None
