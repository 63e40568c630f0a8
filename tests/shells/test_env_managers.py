"""direnv and mise beside shellhooks, with the real tools, in real interactive bash, zsh
and fish, with our hook loaded before and after theirs.

Both tools record a variable's value before they set it and put that value back when you
leave their folder. A value of ours put back that way is not one the user set by hand: it
must never stay exported in the next folder. In a folder one of them manages, their value
is the one in effect: no "run 'shellhooks allow'" warning about it, the Task tools opt-in
follows the same rule as for ids shellhooks sets, and `status` names the tool.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import realmise
from tests.shelldriver import SHELLS, ShellDriver, quote, require_tool

VAR = "CLAUDE_CODE_TASK_LIST_ID"
TODO = "CLAUDE_CODE_ENABLE_TODO_TOOLS"
FAKE = """#!/bin/sh
printf 'claude-id=[%s] todo=[%s]\\n' "${CLAUDE_CODE_TASK_LIST_ID-<unset>}" \
    "${CLAUDE_CODE_ENABLE_TODO_TOOLS-<unset>}"
"""
ORDERS = ("ours-loaded-first", "ours-loaded-last")


def mise_path() -> str:
    return str(realmise.require())


def git_repo(path: Path) -> Path:
    """A git work tree without running git: its automatic id is the folder's name."""
    (path / ".git" / "refs" / "heads").mkdir(parents=True, exist_ok=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return path


def tool_line(shell: str, tool: str) -> str:
    """The rc line that loads direnv's or mise's hook."""
    exe = quote(shell, mise_path()) if tool == "mise" else "direnv"
    sub = "activate" if tool == "mise" else "hook"
    if shell == "fish":
        return f"{exe} {sub} fish | source"
    return f'eval "$({exe} {sub} {shell})"'


class Setup:
    """proj (shellhooks' automatic id), managed (the tool sets the id), other (nothing)."""

    def __init__(self, tmp: Path, tool: str, *, shellhooks_allowed: bool = False,
                 computed: bool = False) -> None:
        self.tool = tool
        self.proj = git_repo(tmp / "proj")
        self.managed = git_repo(tmp / "managed")
        self.other = tmp / "other"
        self.other.mkdir()
        fakebin = tmp / "fakebin"
        fakebin.mkdir()
        (fakebin / "claude").write_text(FAKE, encoding="utf-8")
        (fakebin / "claude").chmod(0o755)
        self.env = {
            "PATH": os.pathsep.join([str(fakebin), str(Path(sys.executable).parent),
                                     "/usr/local/bin", "/usr/bin", "/bin"]),
            "MISE_TRUSTED_CONFIG_PATHS": str(tmp),
        }
        if tool == "direnv":
            require_tool("direnv")
            self.managed_id = "managed-x" if computed else "envid"
            envrc = self.managed / ".envrc"
            value = '$(basename "$PWD")-x' if computed else "envid"
            envrc.write_text(f"export {VAR}={value}\n", encoding="utf-8")
            subprocess.run(["direnv", "allow", str(self.managed)], check=True,
                           capture_output=True, env={**os.environ, **self.env})
            if shellhooks_allowed:
                subprocess.run([sys.executable, "-m", "shellhooks", "allow",
                                str(self.managed)], check=True, capture_output=True)
        else:
            mise_path()
            self.managed_id = "miseid"
            (self.managed / "mise.toml").write_text(f'[env]\n{VAR} = "miseid"\n',
                                                    encoding="utf-8")


def start(shell: str, setup: Setup, order: str) -> ShellDriver:
    sh = ShellDriver(shell, env=setup.env, cwd=setup.other)
    if order == "ours-loaded-first":
        sh.source_hook()
        sh.check(tool_line(shell, setup.tool))
    else:
        sh.check(tool_line(shell, setup.tool))
        sh.source_hook()
    return sh


def then(shell: str, first: str, second: str) -> str:
    return f"{first}; and {second}" if shell == "fish" else f"{first} && {second}"


def launched(output: str) -> list[tuple[str, str]]:
    """What the fake claude was given: (id, opt-in)."""
    return re.findall(r"claude-id=\[(.*?)\] todo=\[(.*?)\]", output)


def check_walk(sh: ShellDriver, setup: Setup) -> None:
    """Enter, leave and move between projects; then `cd x && claude` between them."""
    shell = sh.shell
    want = {setup.proj: "proj", setup.managed: setup.managed_id, setup.other: None}
    results = []
    for folder in (setup.proj, setup.managed, setup.other, setup.managed, setup.proj,
                   setup.managed, setup.other, setup.proj, setup.other):
        results.append(sh.cd(folder))
        env = sh.child_env()
        got = (env.get(VAR), env.get(TODO))
        wanted = (want[folder], "1" if want[folder] else None)
        assert got == wanted, f"{shell} in {folder.name}: {got} != {wanted}\n" + \
            "\n".join(map(str, results))
    for folder in (setup.managed, setup.other, setup.managed, setup.proj, setup.managed,
                   setup.proj, setup.other):
        r = sh.run(then(shell, "cd " + quote(shell, folder), "claude"))
        results.append(r)
        wanted_id = want[folder]
        assert launched(r.output) == [(wanted_id or "<unset>", "1" if wanted_id else "<unset>")], \
            f"{shell}: cd {folder.name} && claude\n{r}"
        env = sh.child_env()
        assert env.get(VAR) == wanted_id, f"{shell} after cd {folder.name} && claude: {r}"
    for r in results:
        assert "shellhooks allow" not in r.output + r.after, r
        assert "shellhooks:" not in r.output + r.after, r


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("shell", SHELLS)
def test_direnv_value_never_stays_behind(shell: str, order: str, tmp_path: Path) -> None:
    """The issue's case: direnv allowed the .envrc, shellhooks did not (the two disagree)."""
    setup = Setup(tmp_path, "direnv")
    with start(shell, setup, order) as sh:
        check_walk(sh, setup)


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("shell", SHELLS)
def test_direnv_and_shellhooks_both_allowed(shell: str, order: str, tmp_path: Path) -> None:
    """Both apply the .envrc: direnv records shellhooks' value as the one before its own."""
    setup = Setup(tmp_path, "direnv", shellhooks_allowed=True)
    with start(shell, setup, order) as sh:
        check_walk(sh, setup)


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("shell", SHELLS)
def test_direnv_computed_value(shell: str, order: str, tmp_path: Path) -> None:
    """An .envrc value the shell computes (`$(basename "$PWD")-x`), allowed by direnv
    (shellhooks has nothing to allow there): the value in effect is the one direnv
    computed, never the text of the line."""
    setup = Setup(tmp_path, "direnv", computed=True)
    with start(shell, setup, order) as sh:
        check_walk(sh, setup)


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("shell", SHELLS)
def test_mise_value_never_stays_behind(shell: str, order: str, tmp_path: Path) -> None:
    setup = Setup(tmp_path, "mise")
    with start(shell, setup, order) as sh:
        check_walk(sh, setup)


@pytest.mark.parametrize("tool", ["direnv", "mise"])
def test_status_and_doctor_name_the_tool(tool: str, tmp_path: Path) -> None:
    setup = Setup(tmp_path, tool)
    with start("bash", setup, "ours-loaded-last") as sh:
        sh.cd(setup.managed)
        out = sh.check("shellhooks status")
        assert re.search(rf"^id: +{setup.managed_id}$", out, re.M), out
        assert re.search(rf"^source: +{tool} ", out, re.M), out
        assert "set by hand" not in out, out
        file = ".envrc" if tool == "direnv" else "mise.toml"
        assert re.search(rf"^file: +\S*managed/{re.escape(file)}$", out, re.M), out
        out = sh.run("shellhooks doctor").output
        assert f"{tool} sets {VAR}" in out, out


def test_a_value_set_by_hand_before_entering_comes_back(tmp_path: Path) -> None:
    """What direnv puts back is the user's own value when that is what it found: still
    the user's (manual) after leaving."""
    setup = Setup(tmp_path, "direnv")
    with start("bash", setup, "ours-loaded-last") as sh:
        sh.check(f"export {VAR}=mine")
        for folder, want in ((setup.managed, "envid"), (setup.other, "mine"),
                             (setup.proj, "mine")):
            sh.cd(folder)
            assert sh.child_env().get(VAR) == want, folder


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_both_tools_in_a_strict_shell(shell: str, tmp_path: Path) -> None:
    """direnv and mise both loaded (direnv sets the id, mise other variables), in a shell
    running with errexit, nounset and pipefail: the shell survives and every folder gets
    its own id."""
    d = Setup(tmp_path, "direnv")
    tools = git_repo(tmp_path / "tools")
    (tools / "mise.toml").write_text('[env]\nSOMETHING_ELSE = "1"\n', encoding="utf-8")
    with ShellDriver(shell, env=d.env, cwd=d.other) as sh:
        sh.check("set -euo pipefail" if shell == "bash" else "setopt errexit nounset pipefail")
        sh.source_hook()
        sh.check(tool_line(shell, "direnv"))
        sh.check(tool_line(shell, "mise"))
        want = [(d.proj, "proj"), (d.managed, "envid"), (tools, "tools"), (d.other, None),
                (tools, "tools"), (d.managed, "envid"), (d.proj, "proj"), (d.managed, "envid"),
                (d.other, None)]
        for folder, wanted in want:
            r = sh.cd(folder)
            assert "shellhooks:" not in r.output + r.after, r
            env = sh.child_env()
            assert env.get(VAR) == wanted, (folder, r)
            assert env.get("SOMETHING_ELSE") == ("1" if folder == tools else None)
        for folder, wanted in want[::-1]:
            r = sh.run(then(shell, "cd " + quote(shell, folder), "claude"))
            assert launched(r.output) == [(wanted or "<unset>", "1" if wanted else "<unset>")], r
        assert sh.alive()
