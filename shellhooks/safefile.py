"""shellhooks' own files, safe on a machine shared with other users.

Everything shellhooks keeps lives under three roots (`paths.cache_dir_str()`,
`data_dir_str()`, `config_dir_str()`; the hook's stamps may also fall back to
`$TMPDIR/shellhooks-<uid>`). Another user may be able to create those paths first (an
`XDG_CACHE_HOME` on a shared disk, the predictable temp folder) and plant links or
files in them. So:

- a folder under a root (the root included) is used only if it is *private*: a real
  folder (checked with lstat: a link to a folder is not one), owned by this user, not
  writable by group or others. Missing ones are created 0700. The folders above a root
  must be this user's or root's, and sticky if others can write to them (so that no one
  else can swap the root for another folder). Anything else is refused with one
  `shellhooks:` warning and an OSError, and the caller works without it;
- every file is written under a fresh unique name opened `O_CREAT|O_EXCL|O_NOFOLLOW`
  in its folder, then renamed into place (a planted link is replaced, never followed);
- a file is read only if it is a regular file owned by this user, opened
  `O_NOFOLLOW` (a planted link is not followed, a planted FIFO does not block).

Standard library only and cheap (a few lstat calls): the hook's process uses it.
"""

from __future__ import annotations

import os
import stat
import sys

from shellhooks import paths

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)
TMP_PREFIX = ".tmp-"  # every temporary name this module makes starts with it

# The warnings of this process, in order, for `hook-env` to hand to the shell (which
# discards the process's stderr); each is also printed to stderr once.
problems: list[str] = []


class UnsafeFolder(PermissionError):
    """A shellhooks folder that another user could write to (already warned about)."""


def warn(message: str) -> None:
    """Say `message` once in this process (stderr, and `problems` for hook-env)."""
    if message in problems:
        return
    problems.append(message)
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def root_of(path: str) -> str | None:
    """The shellhooks root holding `path` (or equal to it), else None."""
    for root_str in (paths.cache_dir_str, paths.data_dir_str, paths.config_dir_str):
        root = root_str()  # (each only when needed)
        if path == root or path.startswith(root.rstrip("/") + "/"):
            return root
    return None


def why_not_private(st: os.stat_result) -> str | None:
    """Why a folder with this lstat result is not private, or None if it is."""
    if stat.S_ISLNK(st.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return "it is not a folder"
    if st.st_uid != os.geteuid():
        return f"it is owned by uid {st.st_uid}"
    if st.st_mode & 0o022:
        return (f"others can write to it (mode {stat.S_IMODE(st.st_mode):o}; "
                "`chmod 700` it if only you should)")
    return None


# The folders above a root found safe in this process (see _check_above).
_safe_above: set[str] = set()


def _why_unsafe_above(st: os.stat_result, euid: int) -> str | None:
    """Why a folder (or link) above a root lets another user replace what is in it."""
    if st.st_uid not in (0, euid):
        return f"it is owned by uid {st.st_uid}"
    if (not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o022
            and not st.st_mode & stat.S_ISVTX):
        return f"others can write to it (mode {stat.S_IMODE(st.st_mode):o}, not sticky)"
    return None


def _check_above(root: str) -> None:
    """Every folder above `root`, as named and as resolved, must be ours or root's and,
    if others can write to it, sticky (as /tmp is): else another user could rename our
    private folder in it away and put theirs, or a link, in its place between any check
    and the use. Links on the way must be ours or root's too. Missing folders are fine
    (we make them). Raises UnsafeFolder after one warning.

    Without a link on the way the resolved path is the named one, walked once; and the
    walk stops at an existing folder found safe before (the roots share the folders above), so
    the hook's process makes one lstat per folder above its roots."""
    # (abspath: a relative root's folders are those above the current folder.)
    parent = os.path.dirname(os.path.abspath(root))
    if parent in _safe_above:
        return
    euid = os.geteuid()
    seen: list[str] = []  # existing folders found safe, with all above them
    linked = False
    path = parent
    while path not in _safe_above:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            pass
        else:
            _refuse_above(root, path, _why_unsafe_above(st, euid))
            linked = linked or stat.S_ISLNK(st.st_mode)
            seen.append(path)
        if path == os.path.dirname(path):
            break
        path = os.path.dirname(path)
    if linked:  # the folders of the resolved path too, all of them
        seen = [parent] if seen and seen[0] == parent else []
        path = os.path.realpath(parent)
        while True:
            try:
                _refuse_above(root, path, _why_unsafe_above(os.lstat(path), euid))
            except FileNotFoundError:
                pass
            if path == os.path.dirname(path):
                break
            path = os.path.dirname(path)
    # Only folders that exist: a missing one may be made later by anyone who can write
    # the folder above it (a shared sticky /tmp), and must then be checked again.
    _safe_above.update(seen)


def _refuse_above(root: str, path: str, why: str | None) -> None:
    if why:
        warn(f"shellhooks: not using {root}: {path} is not safe ({why})")
        raise UnsafeFolder(1, f"a folder above it is not safe ({why})", path)


def private_dir(folder: str, root: str | None = None, *, create: bool = True) -> str:
    """Make sure `folder` (inside shellhooks root `root`, by default the one holding it)
    and every folder from the root down to it are private; returns `folder`.

    Missing folders are created 0700 when `create` (else FileNotFoundError), except
    XDG folders while `$HOME` does not exist: a late writer (the hook's process
    outliving a deleted sandbox or home) must not bring the deleted folders back. A
    folder that is not private raises UnsafeFolder, after one warning; so does no home
    folder at all (see paths.NOWHERE)."""
    return _private_dir(folder, root, root_of(folder), create)


def _private_dir(folder: str, root: str | None, ours: str | None, create: bool) -> str:
    """private_dir(); `ours` is the one of the three roots holding `folder` (not the /tmp
    fallback), or None."""
    if paths.is_nowhere(folder):
        warn("shellhooks: no home folder (HOME unset or relative, and no passwd entry); "
             "keeping no state and trusting no project file")
        raise UnsafeFolder(1, "no home folder", folder)
    root = root or ours or folder
    # The folders from the root down (what os.path.relpath gives, in string operations:
    # relpath costs the hook's process more than the lstat calls).
    top, here = os.path.abspath(root).rstrip("/"), os.path.abspath(folder)
    if here != top and not here.startswith(top + "/"):
        raise ValueError(f"{folder} is not inside {root}")
    _check_above(root)
    rest = here[len(top) + 1:]
    path = root
    for part in [""] + (rest.split("/") if rest else []):
        path = os.path.join(path, part) if part else path
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            if not create:
                raise
            home = os.environ.get("HOME")
            if ours and home and not os.path.isdir(home):
                raise FileNotFoundError(2, "home folder is gone", home) from None
            try:
                os.makedirs(path, mode=0o700)
            except FileExistsError:
                pass  # made meanwhile (by us or not: checked below)
            st = os.lstat(path)
        why = why_not_private(st)
        if why:
            warn(f"shellhooks: not using {path}: {why}")
            raise UnsafeFolder(1, f"not a private folder ({why})", path)
    return folder


def _check_folder(folder: str, create: bool) -> None:
    root = root_of(folder)
    if root is not None:
        _private_dir(folder, root, root, create)


def _own_regular(fd: int, path: str) -> os.stat_result:
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(21, "not a regular file", path)
    if st.st_uid != os.geteuid():
        raise OSError(1, f"owned by uid {st.st_uid}", path)
    if st.st_nlink > 1:
        # Ours are written by rename and never linked: a second name is a hard link to
        # some other file of the user's, which an append would write to.
        raise OSError(31, "a hard link to another file", path)
    return st


def read_bytes(path: str, limit: int = 1 << 24) -> bytes:
    """The content of `path` (at most `limit` bytes): a regular file owned by this user,
    not reached through a link, in a private folder when under a shellhooks root.
    Raises OSError otherwise (callers treat it as a missing file)."""
    _check_folder(os.path.dirname(path), create=False)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | NOFOLLOW | CLOEXEC)
    try:
        # Read as much as the file holds (and one byte more, to see its end) at once:
        # a bigger buffer than the file costs the hook's process a mapping of it.
        size = _own_regular(fd, path).st_size + 1
        chunks = []
        while limit > 0:
            chunk = os.read(fd, min(limit, size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            limit -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_regular(path: str | os.PathLike[str], most: int, *, nofollow: bool = False
                 ) -> bytes | None:
    """At most `most` bytes of `path` if it is a regular file, else None (also when it
    cannot be opened). For files that are not ours (a project's, Claude Code's): opened
    without blocking and read only when regular, so a FIFO, a device or a link to
    /dev/tty never stalls the reader; `nofollow`: a link is refused too. Callers that
    refuse a file over a limit pass the limit + 1 and compare the length."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | CLOEXEC | (NOFOLLOW if nofollow else 0))
    except OSError:
        return None
    try:
        return os.read(fd, most) if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_text(path: str, limit: int = 1 << 24) -> str:
    """read_bytes() decoded as UTF-8 (undecodable bytes raise ValueError)."""
    return read_bytes(path, limit).decode("utf-8")


def temp_name() -> str:
    """A fresh temporary file name (unique with O_EXCL; the sweep recognises it)."""
    return f"{TMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}"


def write_bytes(path: str, data: bytes, *, mode: int = 0o600,
                owner: tuple[int, int] | None = None, sync: bool = False) -> None:
    """Replace `path` with `data`, atomically: written under a fresh name opened
    `O_CREAT|O_EXCL|O_NOFOLLOW` in the same folder, then renamed over `path` (a link
    there is replaced, not followed). Under a shellhooks root the folders are made and
    checked private first. `mode` is set exactly (no umask); `owner` is attempted.

    On any failure (disk full, read-only folder...) the temporary file is removed, `path`
    is untouched, and OSError is raised."""
    folder = os.path.dirname(path) or "."
    _check_folder(folder, create=True)
    replace_in(None, os.path.join(folder, temp_name()), path, data, mode=mode, owner=owner,
               sync=sync)
    if sync:
        try:
            dfd = os.open(folder, os.O_RDONLY | CLOEXEC)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass


def replace_in(dir_fd: int | None, tmp: str, target: str, data: bytes, *, mode: int,
               owner: tuple[int, int] | None = None, sync: bool = False,
               exclusive: bool = False) -> None:
    """The one way shellhooks replaces a file: `data` written to `tmp`, a name opened
    `O_CREAT|O_EXCL|O_NOFOLLOW` (a planted file or link there makes it fail), given
    `mode` exactly, then renamed over `target` (which replaces a link, never writes
    through it); `tmp` is removed on any failure. Names are relative to `dir_fd` when
    given (a folder opened without following links, see confined.py). `exclusive`:
    `target` must not exist (FileExistsError, nothing changed): it is linked into
    place, which, unlike a rename, never replaces what another writer put there."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, 0o600,
                 dir_fd=dir_fd)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
            if owner is not None:
                try:
                    os.fchown(fd, *owner)
                except OSError:
                    pass  # not root: the file stays ours, as any editor would leave it
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            os.link(tmp, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
            os.unlink(tmp, dir_fd=dir_fd)
        else:
            os.replace(tmp, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except OSError:
            pass
        raise


def write_text(path: str, text: str, **kw: object) -> None:
    """write_bytes() of `text` as UTF-8."""
    write_bytes(path, text.encode("utf-8", "surrogateescape"), **kw)  # type: ignore[arg-type]


def create_exclusive(path: str, data: bytes, mode: int = 0o600, *, sync: bool = False,
                     folder_checked: bool = False) -> None:
    """Create `path` with `data`; FileExistsError if anything (a link too) is there. A
    failed write removes the file again, so no empty file is left behind.
    `folder_checked`: the caller has just made its folder private (`private_dir`)."""
    if not folder_checked:
        _check_folder(os.path.dirname(path) or ".", create=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        try:
            os.unlink(path)
        except OSError:
            pass
        raise


def open_own(path: str, flags: int) -> int:
    """A descriptor for `path` (created 0600 if `flags` has O_CREAT), for appending or
    locking: never through a link, only a regular file owned by this user, in a private
    folder under a shellhooks root (made if needed). Raises OSError otherwise."""
    _check_folder(os.path.dirname(path), create=bool(flags & os.O_CREAT))
    fd = os.open(path, flags | NOFOLLOW | CLOEXEC | os.O_NONBLOCK, 0o600)
    try:
        _own_regular(fd, path)
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove_own(path: str, older_than: float | None = None) -> bool:
    """Delete `path` if it is a regular file owned by this user (lstat: a link is never
    followed, nor deleted), and, with `older_than`, last modified before that time."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
            return False
        if older_than is not None and st.st_mtime >= older_than:
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
