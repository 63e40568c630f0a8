"""Quoting shared by bash and zsh (the same `$'..'` syntax), for `shellhooks init`."""

from __future__ import annotations

from shellhooks.shells import Shell

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+,=")


# `$'..'` escapes for backslash, quote and the C0/C1 control characters, applied with
# str.translate.
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

    def quote(self, value: str) -> str:
        return ansi_c_quote(value)

    def assign(self, name: str, value: str) -> str:
        return f"{name}={self.quote(value)}"
