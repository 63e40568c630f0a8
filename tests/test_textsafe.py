"""Untrusted text made safe for a terminal: escape sequences and controls removed."""

from __future__ import annotations

import io
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shellhooks import textsafe


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain subject", "plain subject"),
        ("\x1b]0;pwned title\x07Fix login", "Fix login"),  # OSC window title, BEL
        ("\x1b]0;title\x1b\\Fix login", "Fix login"),  # OSC ended by ST
        ("\x1b[31mred\x1b[0m text", "red text"),  # CSI colour
        ("\x1b[2J\x1b[HClear screen", "Clear screen"),
        ("\x1b]8;;http://evil.example\x07link\x1b]8;;\x07", "link"),  # hyperlink
        ("\x1bPqdcs payload\x1b\\after", "after"),  # DCS
        ("a\x1b7b\x1b8c", "abc"),  # two-character escapes
        ("\x9b31mC1 CSI", "31mC1 CSI"),  # the 8-bit CSI itself is dropped
        ("bell\x07 and \x00nul", "bell and nul"),
        ("tab\there", "tab here"),
        ("two\nlines\r", "two lines "),
        ("\u202eevil\u202c", "evil"),  # bidi override
        ("caf\u00e9 \u65e5\u672c \U0001f600", "caf\u00e9 \u65e5\u672c \U0001f600"),
        ("\U0001f468\u200d\U0001f469", "\U0001f468\u200d\U0001f469"),  # ZWJ kept
        ("unterminated \x1b[", "unterminated "),
        ("unterminated osc \x1b]0;never ends", "unterminated osc "),
        ("", ""),
    ],
)
def test_clean(raw: str, shown: str) -> None:
    assert textsafe.clean(raw) == shown
    assert "\x1b" not in textsafe.clean(raw)


def test_clean_keeps_newlines_on_request() -> None:
    assert textsafe.clean("a\nb\x1b[1m", keep_newlines=True) == "a\nb"


def test_clean_non_strings_and_surrogates() -> None:
    assert textsafe.clean(42) == "42"
    out = textsafe.clean("bad\udcffname")  # an undecodable file name byte
    out.encode("utf-8")
    assert out.startswith("bad") and out.endswith("name")


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("\u65e5\u672c", 4), ("e\u0301", 1), ("", 0), ("\U0001f600", 2)],
)
def test_cell_width(text: str, width: int) -> None:
    assert textsafe.cell_width(text) == width


def test_truncate() -> None:
    assert textsafe.truncate("abcdef", 10) == "abcdef"
    assert textsafe.truncate("abcdef", 4) == "abc\u2026"
    assert textsafe.truncate("\u65e5\u672c\u8a9e", 4) == "\u65e5\u2026"
    assert textsafe.truncate("abc", 0) == ""
    assert textsafe.cell_width(textsafe.truncate("\u65e5" * 20, 7)) <= 7


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_use_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    assert textsafe.use_color(_Tty()) is True
    assert textsafe.use_color(io.StringIO()) is False  # not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert textsafe.use_color(_Tty()) is False
    monkeypatch.setenv("NO_COLOR", "")
    assert textsafe.use_color(_Tty()) is True  # an empty NO_COLOR does not count
    monkeypatch.setenv("TERM", "dumb")
    assert textsafe.use_color(_Tty()) is False


def test_use_color_closed_stream() -> None:
    s = io.StringIO()
    s.close()
    assert textsafe.use_color(s) is False


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(
    ["\x1b", "\x07", "\x9b", "\x9d", "[", "]", ";", "\\", "\u202e", "\ud800"])))
def test_clean_never_leaves_controls(text: str) -> None:
    out = textsafe.clean(text)
    out.encode("utf-8")
    assert not any(unicodedata.category(ch) == "Cc" for ch in out)
    assert "\u202e" not in out


# ----- ids: shown exactly, escaped visibly, cut to a line --------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("webapp-auth", "webapp-auth"),
        ("my list ünï 日本", "my list ünï 日本"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("\u202eevil", "\\u202eevil"),
        ("zero\u200bwidth\u200d", "zero\\u200bwidth\\u200d"),
        ("nul\x00", "nul\\x00"),
        ("tab\tnl\ncr\r", "tab\\x09nl\\x0acr\\x0d"),
        ("c1\x9b", "c1\\x9b"),
        ("nbsp\u00a0x", "nbsp\\xa0x"),
        ("\ud800", "\\ud800"),
        ("bad\udcff", "bad\\udcff"),
        ("private\U000f0000", "private\\U000f0000"),
        ("back\\slash", "back\\\\slash"),  # so a shown `\x1b` can only mean ESC
        (" padded ", "\\x20padded\\x20"),
        ("in side", "in side"),
    ],
)
def test_shown_id(value: str, shown: str) -> None:
    assert textsafe.shown_id(value) == shown


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_shown_id_is_one_visible_line(value: str) -> None:
    shown = textsafe.shown_id(value)
    assert shown.isprintable() or all(ch.isprintable() or ch == " " for ch in shown)
    assert "\x1b" not in shown and "\n" not in shown
    shown.encode("utf-8")  # no surrogate reaches the terminal
    assert len(shown) <= textsafe.SHOWN_ID_MAX + 30
    if "…" not in shown:  # nothing is lost: the escapes decode back to exactly the value
        assert _unescape(shown) == value


def _unescape(shown: str) -> str:
    import re

    def one(m: re.Match[str]) -> str:
        return "\\" if m.group(0) == "\\\\" else chr(int(m.group(0)[2:], 16))

    return re.sub(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|\\)", one, shown)


@pytest.mark.parametrize("value", ["x" * 61440, "日" * 5000, "e\u0301" * 30000,
                                   "\x1b" * 20000])
def test_long_ids_are_cut_with_their_length(value: str) -> None:
    shown = textsafe.shown_id(value)
    assert shown.endswith(f"… ({len(value)} characters)")
    assert textsafe.cell_width(shown) <= textsafe.SHOWN_ID_MAX + 30


@pytest.mark.parametrize(
    ("value", "why"),
    [("a\x00b", "NUL"), ("\ud800", "surrogate"), ("x\udcff", "surrogate"), ("", "blank"),
     (" \t\n", "blank"), ("ok", None), ("a\x1b[31m", None), ("\u202eevil", None),
     ("x" * 61440, None)],
)
def test_unusable_id(value: str, why: str | None) -> None:
    reason = textsafe.unusable_id(value)
    assert (reason is None) if why is None else (why in (reason or ""))


def test_shown_path_is_the_one_rule_for_printed_paths(monkeypatch) -> None:  # noqa: ANN001
    from shellhooks.textsafe import shown_path

    monkeypatch.setenv("HOME", "/home/me")
    assert shown_path("/home/me") == "~"
    assert shown_path("/home/me/src/.env") == "~/src/.env"
    assert shown_path("/home/me2/x") == "/home/me2/x"  # only the home folder itself
    assert "\x1b" not in shown_path("/home/me/a\x1b[2Jb")
    monkeypatch.setenv("HOME", "/")
    assert shown_path("/etc/x") == "/etc/x"  # a root home would make every path ~
