"""`claude --resume ID`, `--continue` and `--fork-session` keep the list the session used
(recorded by the SessionStart hook), through the real wrapper with a stand-in claude."""

from __future__ import annotations

from pathlib import Path

import pytest

from shellhooks import claudehook
from tests.shelldriver import SHELLS, ShellDriver, quote
from tests.shells.test_launch import Fake, source
from tests.taskfixtures import ClaudeHome

SID = "0b5c3f0e-1111-4222-8333-444455556666"


@pytest.fixture
def fake(tmp_path: Path) -> Fake:
    return Fake(tmp_path)


@pytest.mark.parametrize("shell", SHELLS)
def test_resume_continue_and_fork_keep_the_sessions_list(
    shell: str, fake: Fake, claude: ClaudeHome, tmp_path: Path
) -> None:
    worked_in = tmp_path / "old-folder"
    worked_in.mkdir()
    claude.make_list("old-list", ["pending"])
    # The session ran in `worked_in` on `old-list`: its SessionStart hook recorded that.
    claudehook.handle("SessionStart", {"session_id": SID, "cwd": str(worked_in),
                                       "source": "startup"},
                      {"CLAUDE_CODE_TASK_LIST_ID": "old-list"})
    here = tmp_path / "here"
    here.mkdir()
    setvar = ("set -gx CLAUDE_CODE_TASK_LIST_ID here-list" if shell == "fish"
              else "export CLAUDE_CODE_TASK_LIST_ID=here-list")
    with ShellDriver(shell, env=fake.env(), cwd=here) as sh:
        source(sh)
        sh.check(setvar)
        for command in (f"claude --resume {SID} -p go", f"claude -r {SID}",
                        f"claude --resume={SID} --fork-session"):
            r = sh.run(command)
            assert r.status == 0, r
            assert ("shellhooks: resuming session 0b5c3f0e with its task list 'old-list' "
                    "(this folder's list: 'here-list')") in r.output, r
        sh.check(f"cd {quote(shell, worked_in)}")
        r = sh.run("claude --continue")
        assert r.status == 0 and "resuming session 0b5c3f0e" in r.output, r
        sh.check(f"cd {quote(shell, here)}")
        # Not a resume, an unknown session, the picker: the folder's list, nothing said.
        for command in ("claude -p new", "claude --resume 99999999-0000-4000-8000-000000000000",
                        "claude --resume", "claude --continue"):
            r = sh.run(command)
            assert r.status == 0 and "resuming" not in r.output, (command, r)
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "here-list"
    ids = [(c["argv"], c["id"]) for c in fake.calls()]
    assert ids == [
        (["--resume", SID, "-p", "go"], "old-list"),
        (["-r", SID], "old-list"),
        ([f"--resume={SID}", "--fork-session"], "old-list"),
        (["--continue"], "old-list"),
        (["-p", "new"], "here-list"),
        (["--resume", "99999999-0000-4000-8000-000000000000"], "here-list"),
        (["--resume"], "here-list"),
        (["--continue"], "here-list"),
    ]
