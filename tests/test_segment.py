"""The prompt segment: formats, list states, colour, widths and hostile task text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from shellhooks import segment, store
from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import cell_width
from tests.taskfixtures import ClaudeHome

SGR = re.compile(r"\x1b\[[0-9;]*m")
C, P, D = "completed", "pending", "in_progress"


def plain(text: str) -> str:
    return SGR.sub("", text)


# (statuses, format, ascii, expected)
TABLE = [
    ([C, C, C, D, P], None, False, "webapp-auth 3/5 ▸1"),
    ([C, C, C, D, P], None, True, "webapp-auth 3/5 >1"),
    ([C, C, C, P, P], None, False, "webapp-auth 3/5"),
    ([C, D, D, P], None, True, "webapp-auth 1/4 >2"),
    ([C, C], None, False, "webapp-auth 2/2"),
    ([C, C, C, D, P], "{id} {done}/{total}", False, "webapp-auth 3/5"),  # as written
    ([C, C, C, D, P], "{done}/{total}", False, "3/5"),
    ([C, C, C, D, P], "[{id}] open={open} pending={pending} active={active}", False,
     "[webapp-auth] open=2 pending=1 active=1"),
    ([C, C, C, D, P], "{id}: {current}", False, "webapp-auth: Task 4"),
    ([C, C, P], "{id}: {current}", False, "webapp-auth: "),
    ([C, C, C, D, P], "{{{id}}} {done:>3}", False, "{webapp-auth}   3"),
    ([C, C, C, D, P], "{current:.3}", False, "Tas"),
    ([], None, False, "webapp-auth 0/0"),
]


@pytest.mark.parametrize("statuses,fmt,ascii,expected", TABLE)
def test_format_table(claude: ClaudeHome, statuses, fmt, ascii, expected) -> None:
    claude.make_list("webapp-auth", statuses)
    out = segment.render(None, "webapp-auth", fmt, color=False, ascii=ascii)
    assert out == expected


def test_blocked_count(claude: ClaudeHome) -> None:
    claude.add_task("l", 1, "base", status=P)
    claude.add_task("l", 2, "needs 1", status=P, blocked_by=["1"])
    claude.add_task("l", 3, "needs a done one", status=P, blocked_by=["4"])
    claude.add_task("l", 4, "done", status=C)
    assert segment.render(None, "l", "{blocked} blocked", color=False) == "1 blocked"


def test_special_states(claude: ClaudeHome) -> None:
    claude.clear_list("wiped", 7)
    claude.list_dir("only-lock")  # a folder with only .lock: exists, no tasks
    assert segment.render(None, "nope", color=False) == "nope (new)"
    assert segment.render(None, "wiped", color=False) == "wiped ✓ cleared (7)"
    assert segment.render(None, "wiped", color=False, ascii=True) == "wiped cleared (7)"
    assert segment.render(None, "only-lock", color=False) == "only-lock 0/0"
    # Special states keep their meaning whatever the format says.
    assert segment.render(None, "nope", "{done}/{total}", color=False) == "nope (new)"


def test_unreadable(claude: ClaudeHome) -> None:
    (claude.tasks / "afile").write_text("not a folder")
    assert segment.render(None, "afile", color=False) == "afile ?"


def test_no_id_is_empty(claude: ClaudeHome) -> None:
    claude.make_list("x", [P])
    assert segment.render(None, "", color=True) == ""
    assert segment.render(None, None, color=False) == ""


def test_given_list_is_used(claude: ClaudeHome) -> None:
    """The hook passes the list it read; render must not read another one."""
    claude.make_list("a", [C, P])
    tl = store.read_list("a")
    claude.make_list("a", [C, C, C])  # changed on disk after the read
    assert segment.render(tl, "a", color=False) == "a 1/2"


def test_color_only_when_asked(claude: ClaudeHome) -> None:
    claude.make_list("c", [C, D])
    claude.clear_list("w", 3)
    assert "\x1b" not in segment.render(None, "c", color=False)
    coloured = segment.render(None, "c", color=True)
    assert SGR.search(coloured)
    assert plain(coloured) == "c 1/2 ▸1"
    # Only SGR sequences, nothing else that starts with ESC.
    assert coloured.count("\x1b") == len(SGR.findall(coloured))
    for lid in ("w", "new"):
        out = segment.render(None, lid, color=True)
        assert SGR.search(out) and "\x1b" not in plain(out)


HOSTILE = [
    "$(touch pwned)",
    "`touch pwned`",
    "%F{red}red%f",
    "\\[\\e[31m\\]",
    "%{\x1b[31m%}",
    "\x1b]0;title\x07evil",
    "\x1b[2J\x1b[Hclear",
    "a\rb\nc\td\x00e\x7f",
    "\u202eevil",
    "\x9b31m",
]


@pytest.mark.parametrize("subject", HOSTILE)
def test_hostile_subject(claude: ClaudeHome, subject: str) -> None:
    claude.add_task("h", 1, subject, status=D)
    for color in (False, True):
        out = plain(segment.render(None, "h", "{id} {current}", color=color))
        assert "\x1b" not in out and "\x9b" not in out
        assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in out)
        assert "\u202e" not in out
    # Text that is only dangerous to a shell is kept literally (the shell side escapes it).
    if subject.startswith(("$(", "`", "%F")):
        assert segment.render(None, "h", "{current}", color=False) == subject


@pytest.mark.parametrize("list_id", ["$(touch pwned)", "a\x1b[31mb", "x\ny", "%F{red}"])
def test_hostile_id(claude: ClaudeHome, list_id: str) -> None:
    out = segment.render(None, list_id, color=False)
    assert out.endswith(" (new)")
    assert "\x1b" not in out and "\n" not in out


def test_wide_characters_truncated_by_cells(claude: ClaudeHome) -> None:
    subject = "漢字" * 30  # 120 cells
    claude.add_task("w", 1, subject, status=D)
    for max_width in (10, 11, 40):
        out = segment.render(None, "w", "{current}", color=False, max_width=max_width)
        assert cell_width(out) <= max_width
        assert cell_width(out) >= max_width - 1  # a wide char may not fit in the last cell
        assert out.endswith("⋯")
    ascii_out = segment.render(None, "w", "{current}", color=False, ascii=True, max_width=10)
    assert ascii_out.endswith("...") and cell_width(ascii_out) <= 10
    short = segment.render(None, "w", "{current}", color=False, max_width=200)
    assert short == subject


def test_long_id_is_capped(claude: ClaudeHome) -> None:
    out = segment.render(None, "x" * 500, color=False)
    assert cell_width(out) <= segment.MAX_ID_WIDTH + len(" (new)")


@pytest.mark.parametrize("fmt,needle", [
    ("{id} {nope}", "{nope}"),
    ("{ID}", "{ID}"),
    ("{}", "{}"),
    ("{0}", "{0}"),
    ("{id.__class__}", "{id.__class__}"),
    ("{id[0]}", "{id[0]}"),
    ("{id", "literal brace"),
    ("id}", "literal brace"),
    ("{done!r}", "!r"),
    ("{done:q}", "{done:q}"),
    ("{done:{total}}", "nested"),
    ("{done:999999999}", "widths over"),
])
def test_validate_format_errors(fmt: str, needle: str) -> None:
    with pytest.raises(ShellhooksError) as e:
        segment.validate_format(fmt)
    assert needle in str(e.value)


@pytest.mark.parametrize("fmt", [segment.DEFAULT_FORMAT, "", "plain text", "{{}}",
                                 " ".join("{" + p + "}" for p in segment.PLACEHOLDERS),
                                 "{done:>3}/{total:<3}", "{current:.20}"])
def test_validate_format_ok(fmt: str) -> None:
    segment.validate_format(fmt)


def test_render_refuses_bad_format(claude: ClaudeHome) -> None:
    claude.make_list("a", [P])
    with pytest.raises(ShellhooksError, match="nope"):
        segment.render(None, "a", "{nope}", color=False)


def test_prompt_settings() -> None:
    assert segment.prompt_settings({}) == (None, 40, False, [])
    assert segment.prompt_settings(None) == (None, 40, False, [])
    fmt, width, ascii, problems = segment.prompt_settings(
        {"format": "{id}", "max_width": 12, "ascii": True})
    assert (fmt, width, ascii, problems) == ("{id}", 12, True, [])
    fmt, width, ascii, problems = segment.prompt_settings(
        {"format": "{bad}", "max_width": "wide", "ascii": "yes"})
    assert (fmt, width, ascii) == (None, 40, False)
    assert len(problems) == 3 and "{bad}" in problems[0]
    assert segment.prompt_settings({"max_width": True})[3]
    assert segment.prompt_settings({"max_width": -1})[3]


def test_load_prompt_config(isolated_home: Path) -> None:
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('[prompt]\nformat = "{id}:{open}"\nmax_width = 9\nascii = true\n')
    assert segment.load_prompt_config() == ("{id}:{open}", 9, True, [])
    cfg.write_text("[prompt\nbroken")
    fmt, width, ascii, problems = segment.load_prompt_config()
    assert (fmt, width, ascii) == (None, 40, False) and problems


def test_import_is_light() -> None:
    """The hook imports segment on its hot path: no argparse, tomllib or third-party code."""
    code = ("import sys, shellhooks.segment; "
            "bad = [m for m in ('argparse', 'tomllib', 'psutil', 'tabulate', 'dotenv') "
            "if m in sys.modules]; print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
