"""`shellhooks exec` typed in real bash, zsh and fish with the hook loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shelldriver import SHELLS
from tests.shells.test_hooks import git_repo, hooked


@pytest.mark.parametrize("shell", SHELLS)
def test_exec_from_a_hooked_shell(shell: str, tmp_path: Path) -> None:
    """`shellhooks exec` typed in a shell whose hook exported another project's id: the
    command gets DIR's id, or none in an unconfigured folder; a blocked file stops it."""
    here = git_repo(tmp_path / "here")
    there = git_repo(tmp_path / "there")
    plain = tmp_path / "plain"
    plain.mkdir()
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / ".envrc").write_text("export CLAUDE_CODE_TASK_LIST_ID=someone-else\n")
    show = "shellhooks exec {} -- sh -c 'echo \"id=${{CLAUDE_CODE_TASK_LIST_ID-unset}}\"'"
    with hooked(shell, cwd=tmp_path) as sh:
        sh.cd(here)
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "here"
        assert "id=there" in sh.run(show.format(f"--dir {there}")).output
        assert "id=unset" in sh.run(show.format(f"--dir {plain}")).output
        r = sh.run(show.format(f"--dir {blocked}"))
        assert r.status == 2 and "not allowed" in r.output and "id=" not in r.output, str(r)
        assert "id=here" in sh.run(show.format("")).output
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "here"  # the shell's own is untouched
