"""Making untrusted text (task subjects, ids, file names) safe to show on a terminal."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # importing typing costs milliseconds on the hook's hot path
if TYPE_CHECKING:
    from typing import TextIO

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST) and two-character escapes. The 8-bit C1
# forms (U+009B CSI, U+009D OSC, ...) are caught by the control-character pass.
# Compiled on first use: only text holding an ESC needs it, and `re` costs the hook's
# one process milliseconds to import.
_ESCAPE_PATTERN = (
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)


def _strip_escapes(s: str) -> str:
    import re

    return re.sub(_ESCAPE_PATTERN, "", s)


def _is_control(ch: str) -> bool:
    import unicodedata  # (a shared library: loaded only for text that is not plain ASCII)

    category = unicodedata.category(ch)
    # Cc: C0/C1 controls. Cf includes bidi overrides (U+202E) that reorder what
    # the user sees; drop them too. Zero-width joiner (U+200D) is kept for emoji.
    return category == "Cc" or (category == "Cf" and ch != "\u200d")


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as every message shows it: the home folder as `~`, the rest cleaned. The
    one rule for printed paths (`--json` keeps them absolute, for scripts)."""
    p = os.fspath(path)
    home = os.environ.get("HOME") or ""
    if home and home != "/" and (p == home or p.startswith(home.rstrip("/") + "/")):
        p = "~" + p[len(home.rstrip("/")):]
    return clean(p)


def clean(text: object, keep_newlines: bool = False) -> str:
    """Return `text` with escape sequences removed and control characters dropped.

    Tabs become a space; newlines too unless `keep_newlines`. The visible rest
    of the text is kept.
    """
    s = text if isinstance(text, str) else str(text)
    if s.isascii() and s.isprintable():
        return s  # the common case: nothing to drop (no control character, no escape)
    if "\x1b" in s:
        s = _strip_escapes(s)
    out = []
    for ch in s:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch in "\t\n\r":
            out.append(" ")
        elif not _is_control(ch):
            out.append(ch)
    # Surrogates from undecodable file names cannot be encoded for the terminal.
    return "".join(out).encode("utf-8", "replace").decode("utf-8")


# Longest id shown whole, in characters of its shown form (cut with "…" and the length).
SHOWN_ID_MAX = 80


def _escaped(ch: str) -> str:
    """`ch` if it shows as itself, else a visible escape (`\\x1b`, `\\u202e`, `\\\\`)."""
    if ch == "\\":
        return "\\\\"  # so that a shown `\\x1b` can only mean the escape
    if ch.isascii():
        return ch if ch.isprintable() else f"\\x{ord(ch):02x}"
    import unicodedata

    # Controls, format characters (bidi marks, zero-width ones), separators other than
    # the plain space, private-use, unassigned and surrogate code points all look like
    # nothing or like something else.
    if unicodedata.category(ch)[0] in "CZ":
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else (
            f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return ch


def shown_id(value: str, limit: int = SHOWN_ID_MAX) -> str:
    """A list id (or any untrusted name) as one line that shows exactly its characters:
    invisible and control characters escaped visibly, a backslash doubled, a space at
    either end escaped, and a long value cut to `limit` characters with `…` and its
    length. The one way every command and warning shows an id."""
    if value.isascii() and value.isprintable() and "\\" not in value \
            and len(value) <= limit and value.strip(" ") == value:
        return value  # the common case, cheap on the hook's path
    pieces: list[str] = []
    width = 0
    last = len(value) - 1
    for i, ch in enumerate(value):
        # A space at either end would be invisible.
        piece = "\\x20" if ch == " " and i in (0, last) else _escaped(ch)
        # At least one cell a character: combining marks must not make a value uncuttable.
        width += max(1, cell_width(piece))
        if width > limit:
            return "".join(pieces) + f"… ({len(value)} characters)"
        pieces.append(piece)
    return "".join(pieces)


def unusable_id(value: str) -> str | None:
    """Why `value` cannot reach Claude Code unchanged as CLAUDE_CODE_TASK_LIST_ID, or None.

    An environment string ends at NUL; a lone surrogate (from `"\\ud800"` in JSON or an
    escape in `.env`, or an undecodable byte) is not UTF-8 text and comes out as U+FFFD;
    a blank value means "unset" to Claude Code (a new session list each time)."""
    if "\0" in value:
        return "it contains a NUL character"
    if not value.strip():
        return "it is blank, which Claude Code reads as unset"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "it contains a lone surrogate (not valid Unicode text)"
    return None


def cell_width(text: str) -> int:
    """Width of `text` in terminal cells: wide (East Asian) characters take two."""
    if text.isascii():
        return len(text)  # (controls are stripped before anything is measured)
    import unicodedata

    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch == "\u200d" or unicodedata.category(ch) == "Mn":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def truncate(text: str, max_cells: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `max_cells` terminal cells, marking the cut."""
    if max_cells <= 0:
        return ""
    if cell_width(text) <= max_cells:
        return text
    limit = max_cells - cell_width(ellipsis)
    out, width = [], 0
    for ch in text:
        w = cell_width(ch)
        if width + w > limit:
            break
        out.append(ch)
        width += w
    return "".join(out) + ellipsis


def use_color(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal, never with NO_COLOR set (any value, see no-color.org)."""
    if "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != "":
        return False
    stream = stream or sys.stdout
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
