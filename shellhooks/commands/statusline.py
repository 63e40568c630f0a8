"""`shellhooks statusline`: the command for Claude Code's `statusLine` setting.

Claude Code runs it after every assistant message with a JSON object on stdin
(`session_id`, `cwd`, `model`, ...; no list id). It prints one line: the
segment of the list in use (`$CLAUDE_CODE_TASK_LIST_ID`, inherited from Claude
Code, else the list named after `session_id`) and the subject of the task in
progress. `--chain CMD` runs the user's previous statusLine command with the
same stdin and appends the first line it prints.

It must be cheap (it runs after every message) and must never fail in a way
that shows up in Claude Code: `cli.main` calls `main()` directly, without
argparse; any input or internal error only makes the line shorter, exit 0.
"""

from __future__ import annotations

import os
import sys

from shellhooks import shortlived
from shellhooks.listname import env_list_id, list_dirname, session_list_id

TYPE_CHECKING = False  # `typing` is not loaded: this runs after every Claude Code message
if TYPE_CHECKING:
    from shellhooks import store
    from shellhooks.taskcache import Scan

HELP = "print one status line for Claude Code's statusLine (JSON on stdin)"
DESCRIPTION = (
    "For Claude Code's statusLine setting: reads Claude Code's JSON on stdin and prints the "
    "task list's segment and the subject of the task in progress. The list is "
    "$CLAUDE_CODE_TASK_LIST_ID, else the session's own list. Never fails: bad input "
    "prints what it can, exit 0. Set it up with `shellhooks setup claude-statusline`."
)

MAX_STDIN = 1 << 20  # Claude Code sends about 1 KB; more is read and dropped
CHAIN_TIMEOUT = 3.0  # seconds the chained command may take
SEPARATOR = "  "


def configure(parser) -> None:  # argparse.ArgumentParser, for `--help` only
    """Add the `statusline` options (parsing is done by main(), not argparse)."""
    parser.add_argument("--chain", metavar="CMD",
                        help="also run CMD (a shell command) with the same stdin and append "
                             "the first line it prints")


def run(args) -> int:
    """Entry point through argparse (not normally used: cli.main takes the fast path)."""
    argv = ["--chain", args.chain] if getattr(args, "chain", None) else []
    return main(argv)


def _parse_argv(argv: list[str]) -> str | None:
    """The --chain command, if any. Unknown arguments are ignored: never fail."""
    chain = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--chain" and i + 1 < len(argv):
            chain = argv[i + 1]
            i += 1
        elif a.startswith("--chain="):
            chain = a[len("--chain="):]
        i += 1
    return chain or None


def read_stdin() -> bytes:
    """Claude Code's JSON (at most MAX_STDIN bytes kept); nothing when stdin is a terminal."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):
        return b""
    try:
        if os.isatty(fd):
            return b""  # run by hand: do not wait for input
        chunks: list[bytes] = []
        kept = 0
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            if kept < MAX_STDIN:
                chunks.append(chunk[: MAX_STDIN - kept])
                kept += len(chunks[-1])
            # Keep reading (and dropping) so the writer never sees a broken pipe.
        return b"".join(chunks)
    except OSError:
        return b""


def session_id_of(data: bytes) -> str | None:
    """The `session_id` string of Claude Code's JSON, or None for anything else."""
    if not data.strip():
        return None
    import json

    try:
        obj = json.loads(data.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict):
        return None
    sid = obj.get("session_id")
    return sid if isinstance(sid, str) and sid.strip() else None


def _color() -> bool:
    # Claude Code shows ANSI colours; its pipe is not a terminal, so do not ask isatty().
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def line_for(list_id: str | None, from_session: bool, color: bool,
             tl: store.TaskList | None = None, seen: Scan | None = None,
             data: bytes = b"") -> str:
    """The segment and the subject in progress for `list_id` ("" when there is nothing).

    `tl`: the list as read (None reads it now); `seen`: the listing it was read after;
    `data`: Claude Code's JSON, whose session is not one of `{sessions}` (the others)."""
    if not list_id:
        return ""
    from shellhooks import segment
    from shellhooks.textsafe import clean, truncate

    fmt, max_width, ascii = None, segment.DEFAULT_MAX_WIDTH, False
    try:
        if os.path.exists(_config_file()):
            fmt, max_width, ascii, _ = segment.load_prompt_config()
    except Exception:
        pass  # a broken config only costs the user's format
    if tl is None:
        from shellhooks import store

        tl = store.read_list(list_id)
    try:
        from shellhooks import recorder

        # Keep finished work before Claude Code's wipe.
        recorder.record(tl, source="statusline",
                       listing=seen.listing() if seen is not None else None)
    except Exception:
        pass  # the journal must never cost the status line
    shown = list_id
    if from_session:
        # Most sessions keep no list, and a UUID is long: show a session's list only
        # when it has something, under a short name.
        if tl.state in ("missing", "empty"):
            return ""
        from shellhooks import store

        if store.is_session_id(list_id):
            shown = store.session_short_name(list_id)
    def others() -> int:
        from shellhooks.livesessions import count_on_list

        return count_on_list(list_id, exclude_session=session_id_of(data))

    text = segment.render(tl, shown, fmt, color=color, ascii=ascii, max_width=max_width,
                          sessions=others, phase=_phase(fmt))
    running = tl.in_progress() if tl.state == "active" else []
    if running and not (fmt and "{current" in fmt):
        subject = truncate(clean(running[0].subject).strip(), max(max_width, 0),
                           "..." if ascii else "⋯")
        if subject:
            text += SEPARATOR + subject
    return text


def _config_file() -> str:
    from shellhooks import paths

    return paths.config_file_str()


def _phase(fmt: str | None) -> str:
    """The phase of the project Claude Code runs in, when the format shows it."""
    if not fmt or "{phase" not in fmt:
        return ""
    from shellhooks import phase

    try:
        return phase.for_directory(os.getcwd())
    except OSError:
        return ""


def _phase_stamp() -> str:
    """What the statusLine's cached line depends on in COORDINATION.md (see phase.py)."""
    from shellhooks import phase, taskcache

    try:
        root = phase.project_root(os.getcwd())
    except OSError:
        return ""
    return f"{root}:{taskcache.file_stamp(phase.file_path(root))[0]}" if root else ""


def cached_line(list_id: str | None, from_session: bool, color: bool, data: bytes = b"") -> str:
    """line_for(), answered from the cache when nothing it depends on changed."""
    from shellhooks import taskcache

    if not list_id or not list_dirname(list_id):
        return ""
    config = taskcache.file_stamp(_config_file())[0]
    return taskcache.cached("statusline", list_id,
                            f"{from_session} {color} config={config} phase={_phase_stamp()}",
                            lambda tl, seen: line_for(list_id, from_session, color, tl, seen,
                                                      data))


def run_chain(command: str, data: bytes) -> str:
    """First non-empty line that `command` prints when given `data` on stdin ("" on failure)."""
    import subprocess

    try:
        # Its own process group, so a timeout ends the children that hold the pipe too.
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                start_new_session=True)
    except (OSError, ValueError):
        return ""
    try:
        out, _ = proc.communicate(data, timeout=CHAIN_TIMEOUT)
    except (subprocess.SubprocessError, OSError):
        import signal

        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            out, _ = proc.communicate(timeout=1)
        except (subprocess.SubprocessError, OSError):
            return ""
    for raw in out.decode("utf-8", "replace").splitlines():
        # The user's own command: its colours are kept, but not a carriage return or
        # other controls that would break Claude Code's line.
        line = "".join(ch for ch in raw if ch == "\x1b" or ch >= " " or ch == "\t")
        if line.strip():
            return line.rstrip()
    return ""


def _emit(text: str) -> None:
    # UTF-8 whatever the locale says: Claude Code decodes the line as UTF-8.
    data = (text + "\n").encode("utf-8", "replace")
    try:
        out = sys.stdout.buffer
        out.write(data)
        out.flush()
    except (OSError, ValueError, AttributeError):
        pass  # Claude Code went away or stdout is closed: nothing to show anyway


def main(argv: list[str]) -> int:
    """Print the status line; always returns 0."""
    shortlived.start()
    try:
        return _main(argv)
    finally:
        shortlived.end()




def _main(argv: list[str]) -> int:
    text = ""
    chain = None
    data = b""
    try:
        chain = _parse_argv(argv)
        data = read_stdin()
        env_id = env_list_id(os.environ)
        session = None if env_id else session_id_of(data)
        list_id = env_id or (session_list_id(session) if session else None)
        text = cached_line(list_id, from_session=env_id is None, color=_color(), data=data)
    except Exception:
        text = ""  # whatever went wrong, Claude Code must not show a traceback
    except KeyboardInterrupt:
        return 0
    if chain:
        try:
            theirs = run_chain(chain, data)
        except Exception:
            theirs = ""
        if theirs:
            text = text + SEPARATOR + theirs if text else theirs
    if text:
        _emit(text)
    return 0
