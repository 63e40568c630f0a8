"""A cloned repository named like one of the user's lists never gets that list by its name,
in real bash, zsh and fish; joining a list that no folder is known for is said once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shelldriver import SHELLS
from tests.shells.test_hooks import VAR, git_repo, hooked, said, shellhooks
from tests.taskfixtures import ClaudeHome


@pytest.mark.parametrize("shell", SHELLS)
def test_a_clone_named_like_a_pinned_project_gets_its_own_list(
    shell: str, tmp_path: Path, claude: ClaudeHome
) -> None:
    claude.make_list("webapp-auth", ["pending"] * 12)
    mine = tmp_path / "work" / "webapp-auth"
    mine.mkdir(parents=True)
    assert shellhooks("pin", "webapp-auth", str(mine)).returncode == 0
    clone = git_repo(tmp_path / "downloads" / "evil" / "webapp-auth")
    with hooked(shell) as sh:
        sh.cd(mine)
        assert sh.var(VAR) == "webapp-auth"
        r = sh.cd(clone)
        assert sh.var(VAR) == "webapp-auth-evil"
        assert sh.child_env()[VAR] == "webapp-auth-evil"
        assert "joining" not in said(r)
    out = shellhooks("status", cwd=clone).stdout
    assert f"'webapp-auth' is used by {mine} (set there explicitly)" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_joining_a_list_made_by_hand_is_said_once(
    shell: str, tmp_path: Path, claude: ClaudeHome
) -> None:
    claude.make_list("webapp-auth", ["pending"] * 12)
    clone = git_repo(tmp_path / "webapp-auth")
    with hooked(shell) as sh:
        r = sh.cd(clone)
        assert said(r) == "shellhooks: joining the existing list webapp-auth: 12 tasks\n", r
        assert sh.var(VAR) == "webapp-auth"
        sh.cd(tmp_path)
        assert said(sh.cd(clone)) == ""
    with hooked(shell) as sh:  # another shell: it was said already
        assert said(sh.cd(clone)) == ""
    out = shellhooks("status", cwd=clone).stdout
    assert "joined the existing list webapp-auth" in out and "12 tasks" in out
