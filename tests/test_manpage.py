"""man/shellhooks.1: generated from the parser, current, and readable by man."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from shellhooks import manpage
from shellhooks.cli import _sub_parsers, build_parser

PAGE = Path(__file__).resolve().parent.parent / "man" / "shellhooks.1"


def test_page_is_up_to_date() -> None:
    """After changing a command's arguments: `python -m shellhooks.manpage`."""
    assert manpage.main(["--check", str(PAGE)]) == 0


def test_check_fails_on_a_stale_page(tmp_path: Path) -> None:
    stale = tmp_path / "shellhooks.1"
    stale.write_text(PAGE.read_text(encoding="utf-8").replace("shellhooks doctor", "x"))
    assert manpage.main(["--check", str(stale)]) == 1
    assert manpage.main([str(stale)]) == 0
    assert stale.read_bytes() == PAGE.read_bytes()


def test_man_shows_every_command() -> None:
    if shutil.which("man") is None and os.environ.get("CI") != "true":
        pytest.skip("man is not installed")
    r = subprocess.run(["man", "-l", str(PAGE)], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat",
                            "LC_ALL": "C.UTF-8"})
    assert r.returncode == 0, r.stderr
    text = re.sub(r".\x08", "", r.stdout)  # overstrike bold, if any
    assert text.startswith("SHELLHOOKS(1)")
    for name in _sub_parsers(build_parser()):
        assert f"shellhooks {name}" in text, name
