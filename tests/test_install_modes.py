"""install.sh makes shellhooks' data folder private even under a umask that would make it
group-writable (002, common with per-user groups): shellhooks refuses a data folder
others can write to, so an install that made one would lose the trust store."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from tests.test_install import INSTALL, TIMEOUT, env_for, make_home, wheelhouse

__all__ = ["wheelhouse"]  # the session fixture, shared with tests/test_install.py


def test_data_folder_is_private_under_umask_002(tmp_path: Path, wheelhouse: Path) -> None:
    home = make_home(tmp_path)
    env = env_for(home)
    data = home / ".local" / "share" / "shellhooks"
    data.mkdir(parents=True, mode=0o775)  # left by an older install under umask 002
    data.chmod(0o775)
    script = (f"umask 002 && exec /bin/sh {INSTALL} --method venv --python {sys.executable} "
              f"--from {wheelhouse} --yes --shell bash")
    r = subprocess.run(["/bin/sh", "-c", script], env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=TIMEOUT)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".envrc").write_text("export CLAUDE_CODE_TASK_LIST_ID=p\n")
    r = subprocess.run([str(home / ".local/bin/shellhooks"), "allow", str(project)], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "not using" not in r.stderr, r.stderr
