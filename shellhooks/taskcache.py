"""The task cache: a finished line per list, and each task file's parsed fields.

Used by the commands Claude Code and prompt frameworks run after every message or
prompt (`statusline`, `prompt`): most runs follow a message that changed no task.
See docs/ARCHITECTURE.md ("Caches") for what invalidates each entry.

Two levels, both keyed on what `scan()` sees of the list folder (each task file's
mtime, size and inode, the folder's own stamp):
- the finished line, per list and per set of options (config file, colour, ...):
  when nothing changed, a listing and a `stat` of each entry is all the work;
- each task file's parsed fields, per list (`read_list_cached`): after a change,
  only the files that changed are read and parsed again.
An entry is only kept when its file's timestamp is older than the read by
CACHE_MARGIN_NS, so a later write always gets a different mtime (file times come
from a clock that lags by a tick).
"""

from __future__ import annotations

import os
import sys
import time

from shellhooks.listname import list_dirname

TYPE_CHECKING = False  # `typing` is not loaded by the commands that run per message
if TYPE_CHECKING:
    from collections.abc import Callable

    from shellhooks import store

CACHE_MARGIN_NS = 200_000_000
CACHE_VERSION = 1


def file_stamp(path: str) -> tuple[str, int]:
    """`mtime_ns:size:inode` of `path` ("-" when it cannot be stat-ed), and its mtime."""
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
        recorder.record (None: not known, let it list the folder itself).

        A file read after the listing may have changed in between; its stamp from
        the listing would then be older than its content, and the journal's
        snapshot could keep its older text: such a file's stamp is the one taken
        after the read."""
        if self.reread is None or self.folder_mtime is None:
            return None
        out = {name: st[:2] for name, st in self.files.items() if st is not None}
        out.update(self.reread)
        return out


def entries(folder: str) -> dict[str, tuple[int, int, int, bool] | None] | None:
    """Each entry of list folder `folder` that counts (`*.json`, `.highwatermark`:
    Claude Code's lock files and `N.json.tmp.<hex>` come and go while it writes, and
    only task files and the high-water mark count, as `store` reads them), with its
    (mtime_ns, size, inode, is a regular file), or None when it could not be stat-ed
    (deleted since the listing). None when the folder cannot be listed."""
    files: dict[str, tuple[int, int, int, bool] | None] = {}
    try:
        with os.scandir(folder) as it:
            for e in it:
                name = e.name
                if not (name.endswith(".json") or name == ".highwatermark"):
                    continue
                try:
                    est = e.stat()
                except OSError:
                    files[name] = None
                    continue
                regular = (est.st_mode & 0o170000) == 0o100000  # stat.S_ISREG
                files[name] = (est.st_mtime_ns, est.st_size, est.st_ino, regular)
    except OSError:
        return None  # not a folder, or not readable
    return files


def scan(tasks_root: str, dirname: str, options: str) -> Scan:
    """List and stat the folder of list `dirname` (no file is opened)."""
    folder = os.path.join(tasks_root, dirname)
    try:
        st = os.stat(folder)
    except OSError:
        root, newest = file_stamp(tasks_root)  # the list may be created: the root changes
        return Scan((options, "root", root), newest, None, {})
    listed = entries(folder)
    files = listed if listed is not None else {}
    newest = max([st.st_mtime_ns] + [f[0] for f in files.values() if f is not None])
    folder_mtime = None if listed is None else st.st_mtime
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_mode, listed is None)
    return Scan((options, "folder", stamp, files), newest, folder_mtime, files)


def cache_path(kind: str, dirname: str) -> str:
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
    dirname = list_dirname(list_id)
    if not dirname:
        return make(_no_list(), None)
    from shellhooks import __version__, paths
    from shellhooks.livesessions import alive, sessions_dir_str

    started = time.time_ns()
    # `{sessions}`: sessions start and end by adding and removing their file there, and
    # one that crashed leaves its file behind with its process gone.
    live = (file_stamp(sessions_dir_str())[0],
            tuple(sorted(pid for pid in paths.session_file_pids() if alive(pid))))
    seen = scan(paths.tasks_root_str(), dirname,
                f"v{__version__} {list_id!r} {options} sessions={live}")
    # marshal (as for the per-file cache below): the key holds every entry's stamp, and
    # comparing two dicts is cheaper than building and comparing text.
    import marshal

    cache = cache_path(kind, f"{dirname}.{sys.implementation.cache_tag}")
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

    path = cache_path("lists", f"{dirname}.{sys.implementation.cache_tag}")
    try:
        known = marshal.loads(_read_cache(path))
        if not isinstance(known, dict) or known.get("") != (CACHE_VERSION, __version__):
            raise ValueError("other version")
    except (OSError, ValueError, EOFError, TypeError):
        known = {}
    folder = store.list_path(list_id)
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
