"""Quoting and cache-entry code shared by bash and zsh (the same `[[ ]]`/`$'..'` syntax), and the
snapshot of mtimes that the zsh and fish freshness tests compare with."""

from __future__ import annotations

import os

from shellhooks.shells import Entry, Shell

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+,=")


# `$'..'` escapes for backslash, quote and the C0/C1 control characters, applied with
# str.translate (C speed: an entry for a 500-task list is tens of kilobytes).
_ESCAPES = {ord("\\"): "\\\\", ord("'"): "\\'"}
_ESCAPES.update({c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]})
_ESCAPES.update({c: "".join(f"\\x{b:02x}" for b in chr(c).encode()) for c in range(0x80, 0xA0)})


def ansi_c_quote(value: str) -> str:
    """`value` as one bash/zsh word: bare when harmless, '..' when printable, else $'..'."""
    if value and _SAFE.issuperset(value):
        return value
    if value.isprintable():  # (a space is printable)
        return "'" + value.replace("'", "'\\''") + "'"
    out = value.translate(_ESCAPES)
    if out.isprintable():
        return "$'" + out + "'"
    # Other non-printable code points (bidi marks...) as UTF-8 bytes.
    parts = []
    for c in out:
        if c.isprintable():
            parts.append(c)
        else:
            parts.extend(f"\\x{b:02x}" for b in c.encode("utf-8", "surrogateescape"))
    return "$'" + "".join(parts) + "'"


class PosixLike(Shell):
    """bash and zsh."""

    fresh_template = "__shellhooks_fresh() {{ local _s={stamp} _d={folder}; [[ {tests} ]]; }}"

    def quote(self, value: str) -> str:
        return ansi_c_quote(value)

    def assign(self, name: str, value: str) -> str:
        return f"{name}={self.quote(value)}"

    def append(self, name: str, value: str) -> str:
        return f"{name}+={self.quote(value)}"


def stat_snapshot(e: Entry) -> tuple[list[str], list[str], list[str], list[str]] | None:
    """The entry's files as a test by equality of mtimes, taken after hook-env read them:
    (files that must exist: the stamp first, then `present`, the existing `watched` files
    and the task files; their mtimes in whole seconds; `recent`: those changed in the
    stamp's own second, where an equal second proves nothing, so the shell also tests them
    with `-nt` against the stamp; `absent`: watched files that must not appear). None when
    the entry can never be fresh: the stamp or a file is missing, or a file is not older
    than the stamp (written while it was read: the next prompt asks again, as the stamp's
    margin intends). A write after the read gets an mtime after the stamp's, so a second
    that is older than the stamp's changes with it; equality also catches a file replaced
    by an older one."""
    try:
        t0 = os.stat(e.stamp).st_mtime_ns
    except OSError:
        return None
    s0 = t0 // 1_000_000_000
    files, secs, recent, absent = [e.stamp], [str(s0)], [], []
    folder = e.task_folder
    candidates = [(p, False) for p in e.present]
    candidates.extend((p, True) for p in e.watched)
    candidates.extend((f"{folder}/{n}", False) for n in e.task_files)
    for path, optional in candidates:
        try:
            m = os.stat(path).st_mtime_ns
        except OSError:
            if optional:
                absent.append(path)
                continue
            return None
        if m >= t0:
            return None
        sec = m // 1_000_000_000
        files.append(path)
        secs.append(str(sec))
        if sec >= s0:
            recent.append(path)
    return files, secs, recent, absent
