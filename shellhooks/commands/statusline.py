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

TYPE_CHECKING = False  # `typing` costs milliseconds; this runs after every Claude message
if TYPE_CHECKING:
    from collections.abc import Callable

    from shellhooks import store

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
             tl: store.TaskList | None = None, seen: Scan | None = None) -> str:
    """The segment and the subject in progress for `list_id` ("" when there is nothing).

    `tl`: the list as read (None reads it now); `seen`: the listing it was read after."""
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
        from shellhooks import history

        # Keep finished work before Claude Code's wipe.
        history.record(tl, source="statusline",
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
    text = segment.render(tl, shown, fmt, color=color, ascii=ascii, max_width=max_width,
                          phase=_phase(fmt))
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


# ----- the caches: most runs follow a message that changed no task ------------------------------
# Two levels, both keyed on what `scan()` sees of the list folder (each task file's
# mtime, size and inode, the folder's own stamp):
# - the finished line, per list and per set of options (config file, colour, ...):
#   when nothing changed, a listing and a `stat` of each entry is all the work;
# - each task file's parsed fields, per list (`read_list_cached`): after a change,
#   only the files that changed are read and parsed again, not all 500.
# An entry is only kept when its file's timestamp is older than the read by
# CACHE_MARGIN, so a later write always gets a different mtime (file times come
# from a clock that lags by a tick).
CACHE_MARGIN_NS = 200_000_000
CACHE_VERSION = 1
# What JavaScript's String.prototype.trim() removes, as store.JS_WHITESPACE (a test
# keeps them equal; repeated so that a cache hit does not import the reader).
JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" \
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


# store.TEAM_SESSION_PREFIX (a test keeps them equal), repeated for the same reason.
TEAM_SESSION_PREFIX = "session-"


def session_list_id(session_id: str) -> str:
    """The list of session `session_id`: named after the session id, or, with agent teams
    on, `session-` and its first 8 characters (store.team_session_list_id). Whether teams
    were on is not in the input: the team-named folder counts when only it exists."""
    from shellhooks import paths

    root = paths.tasks_root_str()
    if os.path.isdir(os.path.join(root, dirname_of(session_id))):
        return session_id
    team = TEAM_SESSION_PREFIX + session_id[:8]
    return team if os.path.isdir(os.path.join(root, dirname_of(team))) else session_id


def dirname_of(list_id: str) -> str:
    """Claude Code's folder name for `list_id`; the same rule as store.list_dirname (a test
    keeps them equal), repeated here so that a cache hit does not import the reader."""
    out = []
    for ch in list_id.strip(JS_WHITESPACE):
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


class Scan:
    """What one listing of a list folder saw.

    `key`: equal keys mean nothing the line depends on changed (the options, the
    folder's stamp, or the tasks root's when there is no folder, and `files`);
    `newest`: the newest timestamp in it (ns); `folder_mtime`: the folder's
    st_mtime, None when it is not a readable folder; `files`: for each task-like
    entry (`*.json`, `.highwatermark`), (mtime_ns, size, inode, is a regular
    file), or None when it could not be stat-ed. `reread`: set by read_list_cached,
    the (mtime_ns, size) of each file it read, stat-ed after the read; None when
    the list was read by store.read_list instead."""

    __slots__ = ("key", "newest", "folder_mtime", "files", "reread")

    def __init__(self, key: tuple, newest: int, folder_mtime: float | None,
                 files: dict[str, tuple[int, int, int, bool] | None]) -> None:
        self.key = key
        self.newest = newest
        self.folder_mtime = folder_mtime
        self.files = files
        self.reread: dict[str, tuple[int, int]] | None = None

    def listing(self) -> dict[str, tuple[int, int]] | None:
        """The folder's entries with stamps no older than what was read of them, for
        history.record (None: not known, let it list the folder itself).

        A file read after the listing may have changed in between; its stamp from
        the listing would then be older than its content, and the journal's
        snapshot could keep its older text: such a file's stamp is the one taken
        after the read."""
        if self.reread is None or self.folder_mtime is None:
            return None
        out = {name: st[:2] for name, st in self.files.items() if st is not None}
        out.update(self.reread)
        return out


def scan(tasks_root: str, dirname: str, options: str) -> Scan:
    """List and stat the folder of list `dirname` (no file is opened)."""
    folder = os.path.join(tasks_root, dirname)
    files: dict[str, tuple[int, int, int, bool] | None] = {}
    try:
        st = os.stat(folder)
    except OSError:
        root, newest = _stamp(tasks_root)  # the list may be created: the root changes
        return Scan((options, "root", root), newest, None, files)
    newest = st.st_mtime_ns
    folder_mtime: float | None = st.st_mtime
    try:
        with os.scandir(folder) as it:
            for e in it:
                name = e.name
                # Claude Code's lock files and `N.json.tmp.<hex>` come and go while it
                # writes; only task files and the high-water mark count (as store reads).
                if not (name.endswith(".json") or name == ".highwatermark"):
                    continue
                try:
                    est = e.stat()
                except OSError:
                    files[name] = None
                    continue
                mtime_ns = est.st_mtime_ns
                regular = (est.st_mode & 0o170000) == 0o100000  # stat.S_ISREG
                files[name] = (mtime_ns, est.st_size, est.st_ino, regular)
                if mtime_ns > newest:
                    newest = mtime_ns
    except OSError:
        folder_mtime = None  # not a folder, or not readable
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_mode, folder_mtime is None)
    return Scan((options, "folder", stamp, files), newest, folder_mtime, files)


def _cache_path(kind: str, dirname: str) -> str:
    from shellhooks import paths

    return os.path.join(paths.cache_dir_str(), kind, dirname)


def _write_cache(path: str, data: bytes) -> None:
    from shellhooks import safefile

    try:
        safefile.write_bytes(path, data)
    except OSError:
        pass  # a read-only (or refused) cache folder only costs speed


def _read_cache(path: str) -> bytes:
    """A cache file: ours, in our private cache folder, never through a link."""
    from shellhooks import safefile

    return safefile.read_bytes(path)


def cached(kind: str, list_id: str, options: str,
           make: Callable[[store.TaskList, Scan | None], str]) -> str:
    """`make(list, listing)`, answered from the cache `kind` when nothing it depends on
    changed.

    `options`: everything else the text depends on (format, colour, config file...).
    On a miss the list is read with read_list_cached()."""
    dirname = dirname_of(list_id)
    if not dirname:
        return make(_no_list(), None)
    from shellhooks import __version__, paths

    started = time.time_ns()
    seen = scan(os.fspath(paths.tasks_root()), dirname, f"v{__version__} {list_id!r} {options}")
    # marshal (as for the per-file cache below): the key holds every entry's stamp, and
    # comparing two dicts is cheaper than building and comparing text.
    import marshal

    cache = _cache_path(kind, f"{dirname}.{sys.implementation.cache_tag}")
    try:
        version, old_key, old_line = marshal.loads(_read_cache(cache))
        if version == CACHE_VERSION and old_key == seen.key and type(old_line) is str:
            return old_line
    except (OSError, ValueError, EOFError, TypeError):
        pass
    line = make(read_list_cached(list_id, dirname, seen, started), seen)
    if seen.newest < started - CACHE_MARGIN_NS:
        try:
            _write_cache(cache, marshal.dumps((CACHE_VERSION, seen.key, line)))
        except ValueError:
            pass  # not marshallable: cannot happen with str/int/tuple/dict, but never fail
    return line


def _no_list() -> store.TaskList:
    from shellhooks import store

    return store.read_list("")


def read_list_cached(list_id: str, dirname: str, seen: Scan,
                     started: int | None = None) -> store.TaskList:
    """store.read_list(list_id), re-reading only the task files that changed since the
    last call: the others come from a cache of their parsed fields (kept under
    `<cache>/lists/`), trusted only while the file's mtime, size and inode are the
    same. Anything unusual (a file that does not parse or cannot be read, an
    unreadable folder) is left to store.read_list, which retries and reports it.

    The tasks' `description` is not kept: it is "" in the result (the segment and
    the journal do not use it)."""
    from shellhooks import __version__, store

    seen.reread = None
    if seen.folder_mtime is None or None in seen.files.values():
        return store.read_list(list_id)
    started = time.time_ns() if started is None else started
    # marshal, not JSON: twice as fast both ways, and the file is only ever read by
    # the same Python (its version is in the name).
    import marshal

    path = _cache_path("lists", f"{dirname}.{sys.implementation.cache_tag}")
    try:
        known = marshal.loads(_read_cache(path))
        if not isinstance(known, dict) or known.get("") != (CACHE_VERSION, __version__):
            raise ValueError("other version")
    except (OSError, ValueError, EOFError, TypeError):
        known = {}
    folder = os.fspath(store.list_path(list_id))
    reread: dict[str, tuple[int, int]] = {}
    keep: dict[str, object] = {"": (CACHE_VERSION, __version__)}
    tasks: list[store.Task] = []
    highwatermark = None
    newest = seen.folder_mtime
    for name, st in seen.files.items():
        mtime_ns, size, ino, regular = st  # type: ignore[misc]  # None went to read_list above
        if name == ".highwatermark":
            highwatermark = store._read_highwatermark(os.path.join(folder, name))
            continue
        if not regular or not store.is_task_file_name(name):
            continue  # as store: a folder or FIFO named *.json, other names
        # An entry: (mtime_ns, size, inode, then Task's arguments with "" as description).
        entry = known.get(name)
        task = None
        if type(entry) is tuple and len(entry) == 13 and entry[:3] == (mtime_ns, size, ino):
            try:
                task = store.Task(*entry[3:])
            except TypeError:
                pass
        if task is None:
            file = os.path.join(folder, name)
            raw, problem, mtime = store._read_bytes(file)
            if raw is None:
                return store.read_list(list_id)
            task, problem, _partial = store.parse_task(raw, name[:-5], mtime)
            if task is None:
                return store.read_list(list_id)
            try:
                after = os.stat(file)
            except OSError:
                return store.read_list(list_id)  # gone just now
            reread[name] = (after.st_mtime_ns, after.st_size)
            # The description is not kept (the segment and the journal do not use it),
            # so that the result is the same whether a task came from the cache or not.
            entry = (mtime_ns, size, ino, task.id, task.subject, "", task.status,
                     task.active_form, task.owner, task.blocks, task.blocked_by, task.internal,
                     task.mtime)
            task = store.Task(*entry[3:])
        if mtime_ns < started - CACHE_MARGIN_NS:
            keep[name] = entry  # (a fresher file is read again next time)
        tasks.append(task)
        if task.mtime > newest:
            newest = task.mtime
    if keep != known:
        try:
            _write_cache(path, marshal.dumps(keep))
        except ValueError:
            pass  # not marshallable: cannot happen with str/int/float/tuple, but never fail
    seen.reread = reread
    tasks.sort(key=store._task_key)
    visible = [t for t in tasks if not t.internal]
    tl = store.TaskList(id=dirname, path=store.list_path(list_id), tasks=visible,
                        hidden=len(tasks) - len(visible), task_files=len(tasks),
                        highwatermark=highwatermark, updated=newest)
    tl._all = tasks
    return tl


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
    from shellhooks import phase

    try:
        root = phase.project_root(os.getcwd())
    except OSError:
        return ""
    return f"{root}:{_stamp(phase.file_path(root))[0]}" if root else ""


def cached_line(list_id: str | None, from_session: bool, color: bool) -> str:
    """line_for(), answered from the cache when nothing it depends on changed."""
    if not list_id or not dirname_of(list_id):
        return ""
    config = _stamp(_config_file())[0]
    return cached("statusline", list_id,
                  f"{from_session} {color} config={config} phase={_phase_stamp()}",
                  lambda tl, seen: line_for(list_id, from_session, color, tl, seen))


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


def short_lived() -> None:
    """Garbage collection off for a process that lives a few milliseconds and makes no
    reference cycles worth collecting: no collection while it runs, and (from an
    `atexit` hook) none at exit, where the interpreter's last collection would walk
    every object left (~4 ms of a statusline run after a change). The objects are
    still freed as usual; `end_short_lived()` turns collection back on for callers
    that go on running (tests)."""
    import gc

    global _gc_was_enabled, _freeze_registered
    _gc_was_enabled = gc.isenabled()
    gc.disable()
    if not _freeze_registered:
        import atexit

        atexit.register(gc.freeze)
        _freeze_registered = True


def end_short_lived() -> None:
    """Undo short_lived()'s `gc.disable()` (the exit hook stays: it only runs at exit)."""
    if _gc_was_enabled:
        import gc

        gc.enable()


_gc_was_enabled = False
_freeze_registered = False


def main(argv: list[str]) -> int:
    """Print the status line; always returns 0."""
    short_lived()
    try:
        return _main(argv)
    finally:
        end_short_lived()


def _main(argv: list[str]) -> int:
    text = ""
    chain = None
    data = b""
    try:
        chain = _parse_argv(argv)
        data = read_stdin()
        env_id = os.environ.get("CLAUDE_CODE_TASK_LIST_ID") or None
        session = None if env_id else session_id_of(data)
        list_id = env_id or (session_list_id(session) if session else None)
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
