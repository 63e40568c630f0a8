"""Claude Code's Bash tool runs each command in a non-interactive shell that first
sources a snapshot of the user's functions (not their variables): the hook's functions,
the `claude` wrapper among them, are there without the state the hook set up. Calling
`claude` there (a script run by the model, under `set -euo pipefail` or zsh's
`err_exit nounset`) must be silent and harmless: no error, claude's exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shells.test_hooks import git_repo

EXE = Path(sys.executable).parent / "shellhooks"
DUMP = {"bash": "declare -f", "zsh": "typeset -f"}
STRICT = {"bash": "set -euo pipefail", "zsh": "setopt err_exit nounset pipe_fail"}


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_claude_from_a_function_snapshot(shell: str, tmp_path: Path) -> None:
    proj = git_repo(tmp_path / "p")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    fake = bin_ / "claude"
    fake.write_text("#!/bin/sh\necho \"fake claude $*\"\nexit $FAKE_RC\n")
    fake.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_}:{EXE.parent}:{os.environ['PATH']}")
    init = subprocess.run([str(EXE), "init", shell], capture_output=True, text=True,
                          env=env, timeout=60, check=True).stdout
    (tmp_path / "init").write_text(init)
    snap = tmp_path / "snap"
    args = [shell, "-i", "-c", f"source {tmp_path}/init; {DUMP[shell]} > {snap}"]
    if shell == "zsh":
        args.insert(1, "-f")
    subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path,
                   stdin=subprocess.DEVNULL)
    assert "claude ()" in snap.read_text() or "claude () {" in snap.read_text()
    for strict, rc in (("", "7"), (STRICT[shell], "0")):
        script = f"{strict}\nsource {snap}\ncd {proj}\nclaude --version\necho \"st=$?\"\n"
        r = subprocess.run([shell, "-c", script], capture_output=True, text=True,
                           env=dict(env, FAKE_RC=rc), timeout=60, cwd=tmp_path)
        assert r.stdout == f"fake claude --version\nst={rc}\n", (strict, r)
        assert r.stderr == "", (strict, r.stderr)
