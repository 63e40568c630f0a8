"""Quoting and cache-entry code shared by bash and zsh (the same `[[ ]]`/`$'..'` syntax)."""

from __future__ import annotations

from shellhooks.shells import Entry, Shell

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+,=")


def ansi_c_quote(value: str) -> str:
    """`value` as one bash/zsh word: bare when harmless, '..' when printable, else $'..'."""
    if value and all(c in _SAFE for c in value):
        return value
    if all(c.isprintable() or c == " " for c in value):
        return "'" + value.replace("'", "'\\''") + "'"
    out = []
    for c in value:
        if c == "\\":
            out.append("\\\\")
        elif c == "'":
            out.append("\\'")
        elif c.isprintable() or c == " ":
            out.append(c)
        elif ord(c) < 0x100:
            out.append(f"\\x{ord(c):02x}")
        else:
            # Non-printable code points above Latin-1 (bidi marks...) as UTF-8 bytes.
            out.extend(f"\\x{b:02x}" for b in c.encode("utf-8", "surrogateescape"))
    return "$'" + "".join(out) + "'"


class PosixLike(Shell):
    """bash and zsh."""

    def quote(self, value: str) -> str:
        return ansi_c_quote(value)

    def assign(self, name: str, value: str) -> str:
        return f"{name}={self.quote(value)}"

    def append(self, name: str, value: str) -> str:
        return f"{name}+={self.quote(value)}"

    def fresh_function(self, e: Entry) -> str:
        q = self.quote
        tests = [f"-e {q(e.stamp)}"]
        for p in e.present:
            tests.append(f"-e {q(p)} && ! {q(p)} -nt {q(e.stamp)}")
        for p in e.watched:
            tests.append(f"! {q(p)} -nt {q(e.stamp)}")
        return "__shellhooks_fresh() { [[ " + " && ".join(tests) + " ]]; }"
