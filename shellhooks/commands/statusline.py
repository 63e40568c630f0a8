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
import time

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


def line_for(list_id: str | None, from_session: bool, color: bool) -> str:
    """The segment and the subject in progress for `list_id` ("" when there is nothing)."""
    if not list_id:
        return ""
    from shellhooks import segment, store
    from shellhooks.textsafe import clean, truncate

    fmt, max_width, ascii = None, segment.DEFAULT_MAX_WIDTH, False
    try:
        if os.path.exists(_config_file()):
            fmt, max_width, ascii, _ = segment.load_prompt_config()
    except Exception:
        pass  # a broken config only costs the user's format
    tl = store.read_list(list_id)
    try:
        from shellhooks import history

        history.observe(tl, source="statusline")  # keep finished work before Claude's wipe
    except Exception:
        pass  # the journal must never cost the status line
    shown = list_id
    if from_session:
        # Most sessions keep no list, and a UUID is long: show a session's list only
        # when it has something, under a short name.
        if tl.state in ("missing", "empty"):
            return ""
        if store.is_session_id(list_id):
            shown = list_id[:8]
    text = segment.render(tl, shown, fmt, color=color, ascii=ascii, max_width=max_width)
    running = tl.in_progress() if tl.state == "active" else []
    if running and not (fmt and "{current" in fmt):
        subject = truncate(clean(running[0].subject).strip(), max(max_width, 0),
                           "..." if ascii else "⋯")
        if subject:
            text += SEPARATOR + subject
    return text


def _config_file() -> str:
    from shellhooks import paths

    return os.fspath(paths.config_file())


# ----- the cache: most runs follow a message that changed no task ------------------------------
# The line is kept per list with a signature of everything it depends on: the list
# folder's entries (name, mtime, size), the folder's own mtime, the config file and
# the options. Listing and stat-ing a 500-task folder takes about a millisecond;
# importing the reader and parsing 500 files takes far longer. A line is only cached
# when every timestamp is older than the read by CACHE_MARGIN, so a later write
# always gets a different mtime (file times come from a clock that lags by a tick).
CACHE_MARGIN_NS = 200_000_000


def dirname_of(list_id: str) -> str:
    """Claude Code's folder name for `list_id`; the same rule as store.list_dirname (a test
    keeps them equal), repeated here so that a cache hit does not import the reader."""
    out = []
    for ch in list_id:
        if ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("0" <= ch <= "9") or ch in "_-":
            out.append(ch)
        else:
            out.append("--" if ord(ch) > 0xFFFF else "-")
    return "".join(out)


def _stamp(path: str) -> tuple[str, int]:
    try:
        st = os.stat(path)
    except OSError:
        return "-", 0
    return f"{st.st_mtime_ns}:{st.st_size}:{st.st_ino}", st.st_mtime_ns


def signature(tasks_root: str, dirname: str, options: str) -> tuple[str, int]:
    """(signature of what the line depends on, newest timestamp in it, in ns)."""
    folder = os.path.join(tasks_root, dirname)
    parts = [options]
    text, newest = _stamp(folder)
    parts.append("folder=" + text)
    if text == "-":
        root, newest = _stamp(tasks_root)  # the list may be created: the root changes
        parts.append("root=" + root)
    else:
        entries = []
        try:
            with os.scandir(folder) as it:
                for e in it:
                    try:
                        st = e.stat()
                        entries.append(f"{e.name}:{st.st_mtime_ns}:{st.st_size}")
                        newest = max(newest, st.st_mtime_ns)
                    except OSError:
                        entries.append(e.name + ":?")
        except OSError:
            entries.append("?")
        entries.sort()
        parts.extend(entries)
    return "\0".join(parts), newest


def cached_line(list_id: str | None, from_session: bool, color: bool) -> str:
    """line_for(), answered from the cache when nothing it depends on changed."""
    if not list_id:
        return ""
    dirname = dirname_of(list_id)
    if not dirname:
        return ""
    from shellhooks import __version__, paths

    started = time.time_ns()
    config = _stamp(_config_file())[0]
    options = f"v{__version__} {from_session} {color} {list_id!r} config={config}"
    sig, newest = signature(os.fspath(paths.tasks_root()), dirname, options)
    cache = os.path.join(paths.cache_dir(), "statusline", dirname)
    try:
        with open(cache, encoding="utf-8", errors="surrogateescape") as f:
            old_sig, _, old_line = f.read().partition("\n")
        if old_sig == sig.replace("\n", " "):
            return old_line
    except (OSError, ValueError):
        pass
    line = line_for(list_id, from_session, color)
    if newest < started - CACHE_MARGIN_NS and "\n" not in line:
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            tmp = f"{cache}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(sig.replace("\n", " ") + "\n" + line)
            os.replace(tmp, cache)
        except OSError:
            pass  # a read-only cache folder only costs speed
    return line


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
    text = ""
    chain = None
    data = b""
    try:
        chain = _parse_argv(argv)
        data = read_stdin()
        env_id = os.environ.get("CLAUDE_CODE_TASK_LIST_ID") or None
        list_id = env_id or session_id_of(data)
        text = cached_line(list_id, from_session=env_id is None, color=_color())
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
