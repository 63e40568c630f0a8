"""`shellhooks claude-hook EVENT`: the handler Claude Code runs for its hooks.

Claude Code passes the hook's input as JSON on stdin (`session_id`, `cwd`,
and for TaskCreated/TaskCompleted `task_id`, `task_subject`, ...). The handler:

- TaskCreated, TaskCompleted: one journal line; TaskCompleted also snapshots
  the whole list, so its last state survives Claude Code's wipe.
- SessionStart: records what changed since the list was last seen, and which list the
  session uses (so a resumed session keeps it, see sessionlists), and prints a
  one-line summary that Claude Code adds to the model's context
  (`Task list webapp-auth: 3 open, 1 in progress: Auth endpoint`, with the project's
  phase from its COORDINATION.md when there is one); when the id
  is a near miss of an existing list, a warning shown to the user as well.
- SessionEnd: records what changed.
- SessionStart also names the session after its list and where it stands
  (`webapp-auth · 3/5`, `sessionTitle`: the resume picker and the terminal title
  show it), unless `[claude] session_titles = false` or the session already has
  a title that is not one of these (a `/rename` is never overridden). Claude Code
  keeps titles as `custom-title` lines of the session's transcript.

It never refuses or delays Claude's work: every failure is swallowed (and
noted in `$XDG_DATA_HOME/shellhooks/hook-errors.log`), the exit status is
always 0, and nothing is printed unless it is meant for Claude. It never
waits long: the journal lock is tried for at most 50 ms, after which the line
is appended without it (still one O_APPEND write). Standard library only, no
argparse: it runs on every task change.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

EVENTS = ("SessionStart", "SessionEnd", "TaskCreated", "TaskCompleted")
MAX_STDIN = 1 << 20
MAX_TRANSCRIPT = 256 << 20  # a transcript is read for its titles up to this size
TITLE_SEPARATOR = " · "
ERROR_LOG_MAX = 64 * 1024


def _read_payload() -> dict[str, Any]:
    try:
        data = sys.stdin.buffer.read(MAX_STDIN) if sys.stdin is not None else b""
        payload = json.loads(data.decode("utf-8", "replace")) if data.strip() else {}
    except (OSError, ValueError, RecursionError):
        return {}
    return payload if isinstance(payload, dict) else {}


def list_id_for(payload: dict[str, Any], env: dict[str, str] | None = None) -> str | None:
    """The list the hooked session uses: `CLAUDE_CODE_TASK_LIST_ID`, else its session's own
    list."""
    from shellhooks.listname import env_list_id, session_list_id

    value = env_list_id(os.environ if env is None else env)
    if value:
        return value
    session = payload.get("session_id")
    if not isinstance(session, str) or not session:
        return None

    return session_list_id(session)  # the UUID's list, or agent teams' `session-<8 hex>`


def summary(list_id: str, tl: Any) -> str:
    """`Task list webapp-auth: 3 open, 1 in progress: Auth endpoint` (text cleaned)."""
    from shellhooks import textsafe

    name = textsafe.clean(list_id)
    if tl.state == "cleared":
        return f"Task list {name}: cleared after all {tl.cleared_count} tasks were completed"
    if tl.state in ("missing", "empty"):
        return f"Task list {name}: no tasks yet"
    if tl.state == "unreadable":
        return f"Task list {name}: unreadable"
    c = tl.counts()
    if c["total"] and not c["open"]:
        return f"Task list {name}: all {c['total']} tasks completed"
    text = f"Task list {name}: {c['open']} open"
    active = tl.in_progress()
    if active:
        subjects = "; ".join(textsafe.truncate(textsafe.clean(t.subject), 60) for t in active[:2])
        more = f" (+{len(active) - 2} more)" if len(active) > 2 else ""
        text += f", {len(active)} in progress: {subjects}{more}"
    if c["blocked"]:
        text += f" ({c['blocked']} blocked)"
    return text


def session_title(list_id: str, tl: Any) -> str:
    """`webapp-auth · 3/5` (done of all), or the id alone for a list with no tasks."""
    from shellhooks import textsafe

    name = textsafe.truncate(textsafe.clean(list_id).strip(), 60)
    if tl.state == "cleared":
        return f"{name}{TITLE_SEPARATOR}{tl.cleared_count}/{tl.cleared_count}"
    c = tl.counts() if tl.state == "active" else {"total": 0}
    return f"{name}{TITLE_SEPARATOR}{c['completed']}/{c['total']}" if c["total"] else name


def _is_ours(title: str, list_id: str) -> bool:
    """True for a title this hook gives a session on `list_id` (then it may be updated)."""
    name = session_title(list_id, _NoTasks())
    return title == name or title.startswith(name + TITLE_SEPARATOR)


class _NoTasks:
    state = "empty"


def current_title(transcript: object, session_id: object) -> str | None:
    """The session's title as Claude Code keeps it: the last `custom-title` line of its
    transcript. Only a regular file under `<root>/projects/` is read (the path comes on
    stdin), never a FIFO, and at most MAX_TRANSCRIPT bytes."""
    import stat

    from shellhooks import paths

    if not isinstance(transcript, str) or not transcript:
        return None
    projects = os.path.realpath(os.path.join(paths.claude_root_str(), "projects"))
    real = os.path.realpath(transcript)
    if not real.startswith(projects + os.sep):
        return None
    title = None
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    # Not a regular file (a folder, a FIFO): closed unread. A read error mid-way keeps
    # what was read so far: the title must never cost the session its summary.
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        with os.fdopen(fd, "rb") as f:
            read = 0
            for line in f:
                read += len(line)
                if read > MAX_TRANSCRIPT:
                    break
                if b'"custom-title"' not in line:
                    continue
                try:
                    obj = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if isinstance(obj, dict) and obj.get("type") == "custom-title" \
                        and obj.get("sessionId", session_id) == session_id \
                        and isinstance(obj.get("customTitle"), str):
                    title = obj["customTitle"]
    except OSError:
        pass
    return title


def _titles_on() -> bool:
    from shellhooks.config import load_config

    try:
        return load_config().section("claude").get("session_titles", True) is not False
    except Exception:  # noqa: BLE001 - a broken config keeps the default
        return True


def _near_miss_warning(list_id: str, tl: Any) -> str | None:
    if tl.state not in ("missing", "empty"):
        return None  # the list exists with tasks (or was cleared): not a typo
    try:
        from shellhooks import nearmiss  # type: ignore[attr-defined]

        suggestions = nearmiss.near_misses(list_id)
        return nearmiss.warning_line(list_id, suggestions) if suggestions else None
    except ImportError:
        return None


def handle(event: str, payload: dict[str, Any], env: dict[str, str] | None = None) -> str:
    """Do the work for one hook event; returns what to print (often nothing)."""
    from shellhooks import recorder, store

    list_id = list_id_for(payload, env)
    if not list_id:
        return ""
    if event in ("TaskCreated", "TaskCompleted"):
        recorder.record_claude_hook(event, payload, list_id)
        return ""
    tl = store.read_list(list_id)
    recorder.observe(tl, source=f"hook:{event}", lock_timeout=recorder.CLAUDE_HOOK_LOCK_TIMEOUT)
    if event != "SessionStart":
        return ""
    session = payload.get("session_id")
    if isinstance(session, str) and session:
        from shellhooks import sessionlists

        cwd = payload.get("cwd")
        # So that `claude --resume` keeps this session on this list (see sessionlists).
        sessionlists.record(session, list_id, cwd if isinstance(cwd, str) else None)
    from shellhooks.listname import env_list_id

    named = env_list_id(env if env is not None else os.environ) is not None
    if not named:
        return ""  # the session's own fresh list: nothing to say yet
    text = summary(list_id, tl)
    cwd = payload.get("cwd")
    if isinstance(cwd, str) and os.path.isabs(cwd):
        from shellhooks import phase

        project_phase = phase.for_directory(cwd)
        if project_phase:
            text += f" (project phase: {project_phase})"
    warning = _near_miss_warning(list_id, tl)
    title = None
    if _titles_on():
        now = current_title(payload.get("transcript_path"), payload.get("session_id"))
        if now is None or _is_ours(now, list_id):
            title = session_title(list_id, tl)
    if not warning and title is None:
        return text + "\n"
    # JSON output: `systemMessage` is shown to the user, `additionalContext` to Claude.
    out: dict[str, Any] = {"hookSpecificOutput": {
        "hookEventName": "SessionStart",
        "additionalContext": f"{text}\n{warning}" if warning else text}}
    if warning:
        out["systemMessage"] = warning
    if title is not None:
        out["hookSpecificOutput"]["sessionTitle"] = title
    return json.dumps(out, ensure_ascii=False) + "\n"


def _log_error(event: str, exc: BaseException) -> None:
    try:
        import time

        from shellhooks import paths, safefile

        log = os.path.join(paths.data_dir_str(), "hook-errors.log")
        fd = safefile.open_own(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            if os.fstat(fd).st_size > ERROR_LOG_MAX:
                os.replace(log, log + ".1")  # in our private folder: a rename, no link
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
            os.write(fd, f"{stamp} {event}: {type(exc).__name__}: {exc}\n".encode(
                "utf-8", "backslashreplace"))
        finally:
            os.close(fd)
    except Exception:  # noqa: BLE001 - the error log must not fail the hook either
        pass


def main(argv: Sequence[str]) -> int:
    """Entry point for `shellhooks claude-hook EVENT`; always returns 0."""
    event = argv[0] if argv else ""
    if event not in EVENTS:
        return 0
    out = ""
    try:
        out = handle(event, _read_payload())
    except BaseException as e:  # noqa: BLE001 - never refuse or block Claude's work
        _log_error(event, e)
    if out:
        try:
            sys.stdout.write(out)
            sys.stdout.flush()
        except OSError:
            pass
    return 0
