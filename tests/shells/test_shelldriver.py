"""The pty driver itself: output, status, exact values and process counting in each shell."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shelldriver import SHELLS, ShellDriver, quote


@pytest.mark.parametrize("shell", SHELLS)
def test_driver_runs_commands(shell: str, tmp_path: Path) -> None:
    nasty = tmp_path / "a b'c\"$(touch x)`d`\nné-"
    nasty.mkdir()
    with ShellDriver(shell) as sh:
        r = sh.run("printf 'one\\ntwo'")
        assert (r.output, r.status) == ("one\ntwo", 0)
        r = sh.run("false")
        assert r.status == 1 and r.prompt_status == 1
        assert sh.run("echo hi").output == "hi\n"
        # A syntax error in the command does not lose the driver's markers.
        assert sh.run("if then fi (").status != 0
        assert sh.cd(nasty).status == 0
        assert sh.pwd() == str(nasty)
        assert not (nasty / "x").exists()
        sh.check(f"FOO={quote(shell, 'x y')}" if shell != "fish" else "set -g FOO 'x y'")
        assert sh.var("FOO") == "x y"
        assert sh.var("NOT_SET_ANYWHERE") is None
        assert "HOME" in sh.child_env()
        assert sh.enter().status == 0


@pytest.mark.parametrize("shell", SHELLS)
def test_driver_counts_processes(shell: str) -> None:
    with ShellDriver(shell) as sh:
        n = sh.count_processes(lambda: sh.run("/bin/true"))
        assert n.execs >= 1, n.trace
        n = sh.count_processes(sh.enter)
        assert n.processes == 0, n.trace


# What each shell would draw, set so that a careless expansion shows: a backslash escape that
# `print` (without -r) would turn into a newline, a right prompt that returns non-zero, and
# bash's `\[ \]` markers, which readline drops before drawing.
PROMPTS = {
    "bash": ("PS1='L\\n\\[\\]x\\\\n @@SHD''P$?@@ '", "L\nx\\n @@SHDP0@@ ", ""),
    "zsh": ("PROMPT='L\\n %F{red}x%f@@SHD''P%?@@ '; RPROMPT='R\\t\\e %%'",
            "L\\n \x1b[31mx\x1b[39m@@SHDP0@@ ", "R\\t\\e %"),
    "fish": ("function fish_right_prompt; printf '%s' 'R\\\\t'; return 3; end",
             "@@SHDP0@@ ", "R\\t"),
}


@pytest.mark.parametrize("shell", SHELLS)
def test_driver_prompt_parts_are_what_is_drawn(shell: str) -> None:
    setup, left, right = PROMPTS[shell]
    with ShellDriver(shell) as sh:
        sh.check(setup)
        assert sh.prompt_parts() == (left, right)
        assert sh.prompt_text() == left + " " + right
