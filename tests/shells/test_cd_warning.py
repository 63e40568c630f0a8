"""The near-miss warning of the hook: one line, once per id per shell, never on plain prompts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.shelldriver import SHELLS, Result, ShellDriver
from tests.taskfixtures import ClaudeHome

# The lasting fix each warning ends with: an automatic id is pinned, a hand-made one
# exported right (or pinned).
PIN_FIX = "Fix: `shellhooks pin webapp-auth` in the project (writes it to .env)."
MANUAL_FIX = ("Fix: export CLAUDE_CODE_TASK_LIST_ID=webapp-auth, or unset it and run "
              "`shellhooks pin webapp-auth` in the project.")


def warning(typed: str, fix: str = PIN_FIX) -> str:
    return (f"shellhooks: no task list '{typed}'; did you mean 'webapp-auth' "
            f"(2 tasks, 2 open, updated 3h ago)? {fix}")


def printed(r: Result) -> list[str]:
    """Lines the command and the prompt hooks printed (zsh and fish warn during `cd`
    itself, bash at the next prompt)."""
    return [ln for ln in (r.output + "\n" + r.after).splitlines() if ln.strip()]


@pytest.fixture
def projects(claude: ClaudeHome, tmp_path: Path) -> dict[str, Path]:
    """`webapp-auth` exists; git projects whose automatic ids are a typo of it, and not."""
    claude.make_list("webapp-auth", ["pending", "in_progress"])
    # Far enough in the past that a slow run still reads "3h ago".
    claude.set_mtime("webapp-auth", time.time() - 3 * 3600 - 30)
    out = {}
    for name in ("webap-auth", "webapp-auth", "unrelated-thing"):
        (tmp_path / "src" / name / ".git").mkdir(parents=True)
        out[name] = tmp_path / "src" / name
    return out


@pytest.mark.parametrize("shell", SHELLS)
def test_one_warning_per_id_per_shell(shell: str, projects: dict[str, Path]) -> None:
    with ShellDriver(shell) as sh:
        sh.source_hook()
        assert printed(sh.cd(projects["webap-auth"])) == [warning("webap-auth")]
        assert sh.child_env()["CLAUDE_CODE_TASK_LIST_ID"] == "webap-auth"  # still exported
        assert printed(sh.enter()) == []
        assert printed(sh.cd(projects["unrelated-thing"])) == []
        # Exists, made before shellhooks knew a folder for it: said once, no near miss.
        assert printed(sh.cd(projects["webapp-auth"])) == [
            "shellhooks: joining the existing list webapp-auth: 2 tasks"]
        assert printed(sh.cd(projects["webap-auth"])) == []  # this id was already warned
        assert printed(sh.cd(projects["webapp-auth"])) == []
        assert printed(sh.run("true")) == []
    with ShellDriver(shell) as sh:  # a new shell warns again
        sh.source_hook()
        assert printed(sh.cd(projects["webap-auth"])) == [warning("webap-auth")]


@pytest.mark.parametrize("shell", SHELLS)
def test_hand_exported_typo_warns_once(shell: str, projects: dict[str, Path]) -> None:
    with ShellDriver(shell, cwd=projects["unrelated-thing"]) as sh:
        sh.source_hook()
        export = ("set -gx CLAUDE_CODE_TASK_LIST_ID webapp-atuh" if shell == "fish"
                  else "export CLAUDE_CODE_TASK_LIST_ID=webapp-atuh")
        assert printed(sh.run(export)) == [warning("webapp-atuh", MANUAL_FIX)]
        assert printed(sh.enter()) == []
        assert printed(sh.cd(projects["webapp-auth"])) == []
        assert sh.child_env()["CLAUDE_CODE_TASK_LIST_ID"] == "webapp-atuh"  # a hand value wins


@pytest.mark.parametrize("shell", SHELLS)
def test_no_process_on_ordinary_prompts_after_a_warning(
    shell: str, projects: dict[str, Path]
) -> None:
    with ShellDriver(shell) as sh:
        sh.source_hook()
        assert printed(sh.cd(projects["webap-auth"])) == [warning("webap-auth")]
        sh.enter()
        counted = sh.count_processes(sh.enter)
        assert counted.processes == 0, counted.trace
