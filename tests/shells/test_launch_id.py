"""`claude` started on the same line as the change that moves the id (`cd proj && claude`,
`shellhooks pin x && claude`) gets the NEW id, in real interactive bash, zsh and fish.

The prompt hook only runs at the next prompt (bash updates only then; zsh and fish update
on `cd` but not when a file changes), so the `claude` launch wrapper brings the id up to
date for $PWD first. A fake `claude` on PATH prints the id it was given.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.shelldriver import PACKAGE_SHELLS_DIR, SHELLS, ShellDriver, quote

VAR = "CLAUDE_CODE_TASK_LIST_ID"
FAKE = """#!/bin/sh
printf 'claude-id=[%s]\\n' "${CLAUDE_CODE_TASK_LIST_ID-<unset>}"
exit "${FAKE_CLAUDE_STATUS:-0}"
"""


def git_repo(path: Path) -> Path:
    """A git work tree without running git: its automatic id is the folder's name."""
    (path / ".git" / "refs" / "heads").mkdir(parents=True, exist_ok=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return path


@pytest.fixture
def fakebin(tmp_path: Path) -> Path:
    d = tmp_path / "fakebin"
    d.mkdir()
    (d / "claude").write_text(FAKE, encoding="utf-8")
    (d / "claude").chmod(0o755)
    return d


def env_for(fakebin: Path, *first: Path) -> dict[str, str]:
    path = [*map(str, first), str(fakebin), str(Path(sys.executable).parent), "/usr/bin", "/bin"]
    # The Task tools opt-in keeps `check --launch`'s model note out of the output.
    return {"PATH": os.pathsep.join(path), "CLAUDE_CODE_ENABLE_TODO_TOOLS": "1"}


def then(shell: str, first: str, second: str) -> str:
    return f"{first}; and {second}" if shell == "fish" else f"{first} && {second}"


def cd(shell: str, path: Path) -> str:
    return "cd " + quote(shell, path)


def ids(output: str) -> list[str]:
    """What the fake claude printed."""
    return re.findall(r"claude-id=\[(.*?)\]", output)


@pytest.mark.parametrize("shell", SHELLS)
def test_cd_and_claude_on_one_line(shell: str, tmp_path: Path, fakebin: Path) -> None:
    a, b = git_repo(tmp_path / "alpha"), git_repo(tmp_path / "beta")
    with ShellDriver(shell, env=env_for(fakebin), cwd=tmp_path) as sh:
        sh.source_hook()
        r = sh.run(then(shell, cd(shell, a), "claude"))
        assert (r.status, ids(r.output)) == (0, ["alpha"]), r
        r = sh.run(then(shell, cd(shell, b), "claude"))  # from one project into another
        assert ids(r.output) == ["beta"], r
        r = sh.run(then(shell, cd(shell, tmp_path), "claude"))  # out of every project
        assert ids(r.output) == ["<unset>"], r
        assert sh.var(VAR) is None
        # claude's own status comes back.
        sh.check("set -gx FAKE_CLAUDE_STATUS 7" if shell == "fish"
                 else "export FAKE_CLAUDE_STATUS=7")
        r = sh.run(then(shell, cd(shell, a), "claude"))
        assert (r.status, r.prompt_status, ids(r.output)) == (7, 7, ["alpha"]), r


@pytest.mark.parametrize("shell", SHELLS)
def test_pin_and_claude_on_one_line(shell: str, tmp_path: Path, fakebin: Path) -> None:
    """A file change (not a `cd`): no shell's `cd` hook sees it before the next prompt."""
    a = git_repo(tmp_path / "alpha")
    with ShellDriver(shell, env=env_for(fakebin), cwd=tmp_path) as sh:
        sh.source_hook()
        sh.cd(a)
        r = sh.run(then(shell, "shellhooks pin pinned-id >/dev/null", "claude"))
        assert ids(r.output) == ["pinned-id"], r
        assert sh.var(VAR) == "pinned-id"


@pytest.mark.parametrize("shell", SHELLS)
def test_hand_set_and_one_off_values_win(shell: str, tmp_path: Path, fakebin: Path) -> None:
    a = git_repo(tmp_path / "alpha")
    with ShellDriver(shell, env=env_for(fakebin), cwd=tmp_path) as sh:
        sh.source_hook()
        sh.cd(a)
        r = sh.run(f"{VAR}=one-off claude")
        assert ids(r.output) == ["one-off"], r
        # Still managed by the hook afterwards: not taken for the user's own value.
        assert sh.var(VAR) == "alpha" and sh.var("__SHELLHOOKS_ID") == "alpha"
        # A blank one-off (Claude Code then keeps a list of the session's own) is kept too.
        r = sh.run(f"{VAR}= claude")
        assert ids(r.output) == [""], r
        assert sh.var(VAR) == "alpha" and sh.var("__SHELLHOOKS_ID") == "alpha"
        sh.cd(tmp_path)
        assert sh.var(VAR) is None
        sh.check(f"set -gx {VAR} mine" if shell == "fish" else f"export {VAR}=mine")
        r = sh.run(then(shell, cd(shell, a), "claude"))
        assert ids(r.output) == ["mine"], r


def hook_env_runs(trace: str) -> int:
    """Processes of `hook-env` in an strace log (the hook starts Python with -I -S)."""
    return len(re.findall(r'execve\([^\n]*"-I", "-S"', trace)) + trace.count('"hook-env"')


@pytest.mark.parametrize("shell", SHELLS)
def test_no_process_when_nothing_changed(shell: str, tmp_path: Path, fakebin: Path) -> None:
    a = git_repo(tmp_path / "alpha")
    with ShellDriver(shell, env=env_for(fakebin), cwd=tmp_path) as sh:
        sh.source_hook()
        sh.cd(a)
        n = sh.count_processes(lambda: sh.run("claude"))
        assert hook_env_runs(n.trace) == 0, n.trace
        assert n.execs >= 1, n.trace  # the fake claude itself ran
        b = git_repo(tmp_path / "beta")
        n = sh.count_processes(lambda: sh.run(then(shell, cd(shell, b), "claude")))
        assert hook_env_runs(n.trace) == 1, n.trace  # once for the new project, not twice


@pytest.mark.parametrize("shell", SHELLS)
def test_hook_off_or_missing(shell: str, tmp_path: Path, fakebin: Path) -> None:
    a = git_repo(tmp_path / "alpha")
    # Turned off at run time: the wrapper sets no id either.
    with ShellDriver(shell, env=env_for(fakebin), cwd=tmp_path) as sh:
        sh.source_hook()
        sh.check("set -gx SHELLHOOKS_DISABLE 1" if shell == "fish"
                 else "export SHELLHOOKS_DISABLE=1")
        r = sh.run(then(shell, cd(shell, a), "claude"))
        assert (r.status, ids(r.output)) == (0, ["<unset>"]), r
    # Off when loaded (the wrapper is still defined by `init`, the hook is not).
    env = {**env_for(fakebin), "SHELLHOOKS_DISABLE": "1"}
    with ShellDriver(shell, env=env, cwd=tmp_path) as sh:
        sh.source_hook()
        r = sh.run(then(shell, cd(shell, a), "claude"))
        assert (r.status, ids(r.output)) == (0, ["<unset>"]), r
        assert "shellhooks" not in r.output


@pytest.mark.parametrize("shell", SHELLS)
def test_broken_hook_still_launches(shell: str, tmp_path: Path, fakebin: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "shellhooks").write_text("#!/bin/sh\necho boom >&2\nexit 1\n", encoding="utf-8")
    (broken / "shellhooks").chmod(0o755)
    a = git_repo(tmp_path / "alpha")
    with ShellDriver(shell, env=env_for(fakebin, broken), cwd=tmp_path) as sh:
        if shell == "zsh":
            sh.check("setopt errexit nounset pipefail")
        elif shell == "bash":
            sh.check("set -euo pipefail")
        r0 = sh.run(("source " if shell == "fish" else ". ")
                    + quote(shell, PACKAGE_SHELLS_DIR / f"hook.{shell}"))
        r1 = sh.run(then(shell, cd(shell, a), "claude"))
        r2 = sh.run("claude")
        assert ids(r1.output) == ids(r2.output) == ["<unset>"], (r1, r2)
        said = "".join(r.output + r.after for r in (r0, r1, r2))
        assert said.count("the hook is off") == 1, said
        assert sh.alive()
