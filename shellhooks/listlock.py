"""Claude Code's list lock, and the list folder opened safely for writing into it.

Claude Code creates a task only while it holds the directory `.lock.lock` in the
list folder (proper-lockfile's mkdir strategy); `restore`, `import` and `adopt`
take the same lock, so a task Claude Code creates meanwhile is never overwritten.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from shellhooks import store


class ListLocked(Exception):
    """Claude Code's list lock stayed taken."""


LOCK_STALE = 10.0  # proper-lockfile's default: a lock directory older than this is stale


class NotInside(Exception):
    """The list folder is a link out of the tasks folder (or is the tasks folder)."""


class HasTasks(Exception):
    """The list folder holds task files (found under the list lock): `args[0]` of them."""


class claude_list_lock:  # noqa: N801 - used like a function: `with claude_list_lock(fd):`
    """Hold Claude Code's list lock: the directory `.lock.lock` in the list folder (given
    as a descriptor, so a swapped link cannot move it), as proper-lockfile does; `name`
    `N.json.lock` is the lock Claude Code takes to update task N.

    Raises ListLocked when it stays taken for `timeout` seconds. A holder that works
    longer than LOCK_STALE calls `refresh()` as it goes: proper-lockfile keeps its lock's
    mtime fresh the same way, and Claude Code takes over a lock older than LOCK_STALE and
    would then number a new task with an id being written here."""

    NAME = ".lock.lock"

    def __init__(self, dir_fd: int, timeout: float = 5.0, name: str = NAME) -> None:
        self.dir_fd = dir_fd
        self.timeout = timeout
        self.name = name
        self.touched = 0.0

    def __enter__(self) -> claude_list_lock:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                os.mkdir(self.name, dir_fd=self.dir_fd)
                self.touched = time.monotonic()
                return self
            except FileExistsError:
                try:
                    st = os.stat(self.name, dir_fd=self.dir_fd, follow_symlinks=False)
                    age = time.time() - st.st_mtime
                except OSError:
                    continue  # released just now: try again
                if age > LOCK_STALE:
                    try:
                        os.rmdir(self.name, dir_fd=self.dir_fd)
                    except OSError:
                        pass
                    continue
                if time.monotonic() >= deadline:
                    raise ListLocked(self.name) from None
                time.sleep(0.05)

    def refresh(self) -> None:
        """Keep the lock fresh (its mtime, every LOCK_STALE/2, as proper-lockfile does)."""
        if time.monotonic() - self.touched >= LOCK_STALE / 2:
            os.utime(self.name, dir_fd=self.dir_fd, follow_symlinks=False)
            self.touched = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        try:
            os.rmdir(self.name, dir_fd=self.dir_fd)
        except OSError:
            pass


def open_list_folder(folder: Path) -> int:
    """A descriptor of the list folder, created if missing, that is inside the tasks
    folder (a link to another list there is followed, as Claude Code does; one out of
    it raises NotInside). Opened without following links, after the check."""
    from shellhooks import confined

    root_path = os.path.dirname(os.fspath(folder))
    os.makedirs(root_path, exist_ok=True)
    root = os.path.realpath(root_path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    real = os.path.realpath(folder)
    if real == root or not confined.inside(root, real):
        raise NotInside(f"{folder} leads to {real}, outside {root}")
    return confined.open_folder(root, os.path.relpath(real, root))


def task_files_at(dir_fd: int) -> int:
    """How many task files (regular `<digits>.json`) the folder holds."""
    import stat

    count = 0
    for name in os.listdir(dir_fd):
        if store.is_task_file_name(name):
            try:
                st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            except FileNotFoundError:
                continue  # deleted just now
            count += stat.S_ISREG(st.st_mode)
    return count


def open_for_writing(folder: Path) -> int:
    """open_list_folder(), with Claude Code's empty `.lock` file made in it when missing
    (an existing one, or a link by that name, is left alone)."""
    dir_fd = open_list_folder(folder)
    try:
        os.close(os.open(".lock", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | os.O_CLOEXEC, 0o644, dir_fd=dir_fd))
    except FileExistsError:
        pass
    except BaseException:
        os.close(dir_fd)
        raise
    return dir_fd


def refuse_if_tasks(dir_fd: int) -> None:
    """HasTasks when the folder holds task files. Called under the list lock: a task
    Claude Code created since the caller looked must not be overwritten (it creates
    only under this lock)."""
    count = task_files_at(dir_fd)
    if count:
        raise HasTasks(count)
