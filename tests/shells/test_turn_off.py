"""A hook that turns itself off (its Python gone, `shellhooks` not on PATH, hook-env
failing) gives back exactly what it exported, clears the segment and names the cause in
one line, in real bash, zsh and fish."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.shelldriver import PACKAGE_SHELLS_DIR, SHELLS, ShellDriver, quote
from tests.shells.test_hooks import VAR, export_cmd, git_repo, said

TODO = "CLAUDE_CODE_ENABLE_TODO_TOOLS"
LIB = str(PACKAGE_SHELLS_DIR.parent.parent)


def strict(sh: ShellDriver) -> None:
    if sh.shell == "bash":
        sh.check("set -euo pipefail")
    elif sh.shell == "zsh":
        sh.check("setopt errexit nounset pipefail")


def source_file(sh: ShellDriver) -> str:
    r = sh.run(("source " if sh.shell == "fish" else ". ")
               + quote(sh.shell, PACKAGE_SHELLS_DIR / f"hook.{sh.shell}"))
    assert r.status == 0
    return said(r)


def in_project_then_away(sh: ShellDriver, tmp_path: Path, remove: object) -> str:
    """cd into a project (the id, the opt-in and the segment set), run `remove`, cd into
    another project: what was said there. The variables must be as before the project."""
    assert sh.var(VAR) is None and sh.var(TODO) is None
    sh.cd(git_repo(tmp_path / "proj"))
    assert sh.var(VAR) == "proj" and sh.var(TODO) == "1"
    assert "proj" in (sh.var("SHELLHOOKS_SEGMENT") or "")
    remove()  # type: ignore[operator]
    r = sh.cd(git_repo(tmp_path / "elsewhere"))
    out = said(r) + sh.enter().output
    assert sh.alive()
    assert sh.var(VAR) is None and sh.var(TODO) is None
    assert (sh.var("SHELLHOOKS_SEGMENT") or "") == ""
    assert out.count("shellhooks:") == 1, out
    assert "the hook is off in this shell" in out
    assert said(sh.cd(tmp_path / "proj")) == ""  # off: silent, nothing set again
    assert sh.var(VAR) is None
    return out


@pytest.mark.parametrize("shell", SHELLS)
def test_python_gone(shell: str, tmp_path: Path) -> None:
    """The venv's Python went away (an upgrade, `install.sh --uninstall`)."""
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").symlink_to(sys.executable)
    with ShellDriver(shell, cwd=tmp_path) as sh:
        strict(sh)
        sh.check(export_cmd(shell, "__shellhooks_py", str(venv / "python")).replace(
            "-gx", "-g").replace("export ", ""))
        assert source_file(sh) == ""
        out = in_project_then_away(sh, tmp_path, (venv / "python").unlink)
    assert f"its Python ({venv / 'python'}) is missing; re-run install.sh" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_command_not_on_path(shell: str, tmp_path: Path) -> None:
    """`shellhooks` was found on PATH (a wrapper whose interpreter the hook cannot read)
    and then is not: the line says so, and which folder to add when the hook knows one."""
    fake = tmp_path / "fakebin"
    fake.mkdir()
    cmd = fake / "shellhooks"
    cmd.write_text(f'#!/bin/sh\nexec {quote("bash", sys.executable)} -m shellhooks "$@"\n',
                   encoding="utf-8")
    cmd.chmod(0o755)
    local_bin = Path(os.environ["HOME"]) / ".local" / "bin"
    local_bin.mkdir(parents=True)
    (local_bin / "shellhooks").write_text("#!/bin/sh\n", encoding="utf-8")
    (local_bin / "shellhooks").chmod(0o755)
    # PATH without the folder of the `shellhooks` the tests run.
    keep = [d for d in os.environ["PATH"].split(":") if d and not Path(d, "shellhooks").exists()]
    path = ":".join([str(fake), *keep])
    with ShellDriver(shell, cwd=tmp_path, env={"PATH": path}) as sh:
        sh.check(export_cmd(shell, "PATH", path))
        strict(sh)
        assert source_file(sh) == ""
        out = in_project_then_away(sh, tmp_path, cmd.unlink)
    assert f"'shellhooks' is not found on PATH (add {local_bin} to PATH)" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_hook_env_failing(shell: str, tmp_path: Path) -> None:
    """hook-env fails (here: its package is broken): the line names a `doctor` by its
    full path, one next to the hook's Python that works."""
    lib = tmp_path / "lib"
    (lib / "shellhooks").mkdir(parents=True)
    (lib / "shellhooks" / "hookenv.py").write_text("raise SystemExit(3)\n", encoding="utf-8")
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").symlink_to(sys.executable)
    doctor = venv / "shellhooks"
    doctor.write_text("#!/bin/sh\n", encoding="utf-8")
    doctor.chmod(0o755)
    with ShellDriver(shell, cwd=tmp_path) as sh:
        strict(sh)
        for name, value in (("__shellhooks_py", str(venv / "python")), ("__shellhooks_lib", LIB)):
            sh.check(export_cmd(shell, name, value).replace("-gx", "-g").replace("export ", ""))
        assert source_file(sh) == ""
        out = in_project_then_away(sh, tmp_path, lambda: sh.check(
            export_cmd(shell, "__shellhooks_lib", str(lib)).replace("-gx", "-g")
            .replace("export ", "")))
    assert f"'shellhooks hook-env' failed (run '{doctor} doctor')" in out
