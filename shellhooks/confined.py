"""Reading and writing files inside one folder, never through a link that leaves it.

A project folder or a task list folder may hold symlinks planted by someone else (git
stores them; a task folder is written by other processes). Checking a path and then
opening it by name leaves a gap in which a link can be swapped in, so these helpers
walk from the folder one component at a time with `O_NOFOLLOW` and then work with
file descriptors relative to the folder that was opened: a link swapped in after the
check makes the operation fail instead of redirecting it.
"""

from __future__ import annotations

import os

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def inside(base: str, path: str) -> bool:
    """Is `path` (already resolved) `base` or inside it?"""
    return path == base or path.startswith(base.rstrip("/") + "/")


def open_folder(base: str, rel: str) -> int:
    """A descriptor of the folder `rel` below the resolved folder `base`, opened one
    component at a time without following a link (OSError, ELOOP or ENOTDIR, when one
    of them is a link or not a folder)."""
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in rel.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                raise OSError(0, "a path that leaves its folder", rel)
            child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_at(dir_fd: int, name: str, limit: int) -> tuple[bytes, int] | None:
    """(content, permission bits) of the regular file `name` in the folder, or None if it
    does not exist. OSError for a link, a FIFO or anything not a regular file (ELOOP,
    EISDIR...), and for a file larger than `limit` bytes (EFBIG)."""
    import errno
    import stat

    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                     dir_fd=dir_fd)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL,
                          "not a regular file", name)
        data = os.read(fd, limit + 1)
        if len(data) > limit:
            raise OSError(errno.EFBIG, "too large", name)
        return data, stat.S_IMODE(st.st_mode)
    finally:
        os.close(fd)


def replace_at(dir_fd: int, name: str, data: bytes, mode: int = 0o644) -> None:
    """Write `data` as the file `name` in the folder, synced, the way every file is
    replaced (safefile.replace_in: a fresh O_EXCL|O_NOFOLLOW name renamed over `name`)."""
    from shellhooks import safefile

    safefile.replace_in(dir_fd, safefile.temp_name(), name, data, mode=mode, sync=True)


def create_at(dir_fd: int, name: str, data: bytes, mode: int = 0o644) -> None:
    """Create the file `name` in the folder with `data`, synced and whole from its first
    moment (written under a temporary name, then linked into place); FileExistsError,
    nothing changed, when anything is there already, even a file created just now."""
    from shellhooks import safefile

    safefile.replace_in(dir_fd, safefile.temp_name(), name, data, mode=mode, sync=True,
                        exclusive=True)
