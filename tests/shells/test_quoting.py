"""Each Shell's quoting (for `shellhooks init`), table-tested in the real shell: nasty values
round-trip exactly and execute nothing; prompt escaping keeps hostile segments literal.
(The answers hook-env prints are data: tests/shells/test_fresh.py round-trips those.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from shellhooks.shells import get_shell
from tests.shelldriver import SHELLS, ShellDriver, require_shell

NASTY = [
    "",
    "plain",
    "with space",
    "single'quote",
    'double"quote',
    "$(touch pwned)",
    "`touch pwned`",
    "${HOME}",
    "back\\slash\\",
    "\\'",
    "new\nline",
    "tab\there",
    "-n",
    "--",
    "non-ascii ünï 日本 🎉",
    "%F{red}%%",
    "\\[\\]\\u",
    "ctrl\x01\x1b[31m\x7f",
    "semi;colon|pipe&amp>gt<lt",
    "*?[glob]",
    "~user",
    "#hash",
    "!bang !!",
]


@pytest.mark.parametrize("shell", SHELLS)
def test_assignments_round_trip(shell: str, tmp_path: Path) -> None:
    path = require_shell(shell)
    sh = get_shell(shell)
    lines = []
    for i, value in enumerate(NASTY):
        out = tmp_path / f"v{i}"
        lines.append(sh.assign("__v", value))
        lines.append(f"printf '%s' \"$__v\" > {sh.quote(str(out))}")
    script = tmp_path / "script"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = {"bash": [path, "--norc", "--noprofile"], "zsh": [path, "-f"],
            "fish": [path, "--no-config"]}[shell] + [str(script)]
    p = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    for i, value in enumerate(NASTY):
        assert (tmp_path / f"v{i}").read_text(encoding="utf-8") == value, repr(value)
    assert not (tmp_path / "pwned").exists()


HOSTILE = "$(touch pwned) `touch pwned2` %F{red}x%f \\[ \\w %{ %} \\$ ${HOME}"


@pytest.mark.parametrize("shell", SHELLS)
def test_hostile_segment_is_shown_literally(shell: str, tmp_path: Path) -> None:
    seg = get_shell(shell).prompt_escape(HOSTILE + " \x1b[31mred\x1b[0m")
    with ShellDriver(shell, cwd=tmp_path) as d:
        if shell == "zsh":
            d.check("setopt promptsubst")
        d.source_hook()
        d.check(get_shell(shell).assign("__shellhooks_e_seg", seg))
        d.check(get_shell(shell).assign("SHELLHOOKS_SEGMENT", seg))
        d.enter()
        text = d.prompt_text()
        if shell == "zsh":
            d.check("unsetopt promptsubst")
            d.enter()
            text += d.prompt_text()
    for name in ("pwned", "pwned2"):
        assert not (tmp_path / name).exists()
    assert HOSTILE in text.replace("\x01", "").replace("\x02", "")
