"""Each Shell's quoting, table-tested in the real shell: nasty values round-trip exactly and
execute nothing; prompt escaping keeps hostile segments literal."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from shellhooks.shells import Entry, get_shell
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


@pytest.mark.parametrize("shell", SHELLS)
def test_entry_code_with_nasty_paths_evaluates(shell: str, tmp_path: Path) -> None:
    path = require_shell(shell)
    sh = get_shell(shell)
    stamp = tmp_path / "st$(touch pwned)'x\nn"
    stamp.touch()
    present = tmp_path / "p `touch pwned` \"q\""
    present.touch()
    tasks = tmp_path / "list $(touch pwned) `x` 'q'\n\u00e9"
    tasks.mkdir()
    for n in (1, 2):
        (tasks / f"{n}.json").write_text("{}")
    old = stamp.stat().st_mtime - 10  # older than the stamp whatever the clock's tick
    for f in (present, tasks / "1.json", tasks / "2.json"):
        os.utime(f, (old, old))
    entry = Entry(manual="", export_id="id $(touch pwned)", todo=True, segment="seg `x`",
                  stamp=str(stamp), present=[str(present)],
                  watched=[str(tmp_path / "absent ' file")], task_folder=str(tasks),
                  task_files=["1.json", "2.json"])
    code = sh.entry_code(entry)
    check = "__shellhooks_fresh; and echo fresh" if shell == "fish" else \
        "__shellhooks_fresh && echo fresh"
    script = tmp_path / "script"
    script.write_text(code + "\n" + check + "\nprintf '%s' \"$__shellhooks_e_id\"\n")
    argv = {"bash": [path, "--norc", "--noprofile"], "zsh": [path, "-f"],
            "fish": [path, "--no-config"]}[shell] + [str(script)]
    p = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (p.stdout, p.stderr) == ("fresh\nid $(touch pwned)", "")
    assert not (tmp_path / "pwned").exists()
    # A task file rewritten in place makes the entry stale.
    os.utime(tasks / "2.json", None)
    p = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (p.stdout, p.stderr) == ("id $(touch pwned)", "")
    os.utime(tasks / "2.json", (old, old))
    p = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert p.stdout.startswith("fresh")
    # A watched file appearing makes the entry stale.
    (tmp_path / "absent ' file").touch()
    p = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert p.stdout == "id $(touch pwned)"


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
