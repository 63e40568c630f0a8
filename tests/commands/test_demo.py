"""`shellhooks demo`: starts a real subshell in a sandbox and leaves nothing behind."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pytest

from shellhooks.cli import main
from tests.shelldriver import SHELLS, require_shell

TIMEOUT = 30


def spawn_demo(shell: str, tmp: Path) -> tuple[pexpect.spawn, Path]:
    """Start `shellhooks demo --shell SHELL` in a pty; returns it and the sandbox root."""
    env = dict(os.environ, TMPDIR=str(tmp), TERM="xterm")  # right prompts need a real TERM
    env.pop("VISUAL", None)
    env.pop("EDITOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "shellhooks", "demo", "--shell", shell],
                          env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(50, 200))
    child.expect(r"HOME is (\S+)/home\r?\n")
    root = Path(child.match.group(1))
    child.expect("leave the demo")
    return child, root


@pytest.mark.parametrize("shell", SHELLS)
def test_demo_shows_the_id_and_leaves_nothing_behind(shell: str, tmp_path: Path,
                                                     isolated_home: Path) -> None:
    require_shell(shell)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    home_before = sorted(p.name for p in isolated_home.iterdir())
    child, root = spawn_demo(shell, tmp)
    try:
        assert root.parent == tmp and root.is_dir()
        child.expect_exact("(demo) ")  # every shell's prompt says it is the sandbox
        child.sendline("cd webapp-auth")
        child.expect("2/5")  # the prompt segment: 2 of the 5 sample tasks done
        child.sendline('echo "ID=$CLAUDE_CODE_TASK_LIST_ID"')
        child.expect("ID=webapp-auth")
        # The stand-in claude gets the id.
        child.sendline("claude")
        child.expect("claude would start with CLAUDE_CODE_TASK_LIST_ID=webapp-auth")
        # The typo warning: a rule in the sandbox's config names "webap-auth".
        child.sendline("cd ../scratch")
        child.sendline("claude")
        child.expect("did you mean 'webapp-auth'")
        child.expect(r"\[y/n/q\] ")  # one edit apart: no default answer
        child.sendline("n")
        child.expect("claude would start with CLAUDE_CODE_TASK_LIST_ID=webap-auth")
        child.sendline("exit")
        child.expect("the sandbox was deleted")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    assert not root.exists()
    assert list(tmp.iterdir()) == [] or all(not p.name.startswith("shellhooks-demo-")
                                            for p in tmp.iterdir())
    assert sorted(p.name for p in isolated_home.iterdir()) == home_before


def test_closing_the_terminal_deletes_the_sandbox(tmp_path: Path) -> None:
    require_shell("bash")
    child, root = spawn_demo("bash", tmp_path)
    assert root.is_dir()
    # A closed terminal: SIGHUP, then (pexpect) SIGINT and SIGKILL if the demo lingers.
    # Its clean-up (stop the shell, delete the sandbox) gets a second per step before
    # that, rather than pexpect's 0.1 s, which a loaded machine can exceed.
    child.delayafterterminate = 1.0
    child.close(force=True)
    deadline = time.monotonic() + TIMEOUT
    while root.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not root.exists()


def test_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--shell", "bash"]) == 1
    assert "terminal" in capsys.readouterr().err


@pytest.mark.parametrize("space", [False, True], ids=["python #! line", "python path with a space"])
def test_demo_shellhooks_command_imports_nothing_from_the_folder_it_runs_in(
    space: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sandbox's `shellhooks` runs in whatever folder the user goes to in the demo."""
    import subprocess

    from shellhooks.commands import demo
    from tests.planted import found, plant

    if space:  # a Python whose path has a space gets a /bin/sh wrapper, not a #! line
        spaced = tmp_path / "my python" / "python3"
        spaced.parent.mkdir()
        spaced.symlink_to(sys.executable)
        monkeypatch.setattr(sys, "executable", str(spaced))
    root = tmp_path / "sandbox"
    root.mkdir()
    env = demo.build_sandbox(root, "bash")
    project = tmp_path / "project"
    plant(project, tmp_path / "markers")
    (project / ".env").write_text("CLAUDE_CODE_TASK_LIST_ID='demo id'\n", encoding="utf-8")
    for args in (["--version"], ["status"]):
        r = subprocess.run([str(root / "bin" / "shellhooks"), *args], cwd=project, env=env,
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert found(tmp_path / "markers") == []
