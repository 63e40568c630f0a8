"""No home folder (HOME unset and a uid without a passwd entry, as in containers): every
state path used to become relative to the current folder, so a repository shipping
`.local/share/shellhooks/trust.json` got its own `.envrc` trusted. Now shellhooks keeps
no state and trusts nothing from files, but automatic ids and an absolute config work.

Run for real: `unshare --user --map-user=4242` gives the process a uid that has no
passwd entry (the tests run as root), with HOME removed from the environment."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shellhooks import paths

VAR = "CLAUDE_CODE_TASK_LIST_ID"
NO_PASSWD_UID = "4242"


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        res = subprocess.run(["unshare", "--user", f"--map-user={NO_PASSWD_UID}", "true"],
                             capture_output=True, timeout=10)
    except OSError:
        return False
    return res.returncode == 0


needs_unshare = pytest.mark.skipif(not _unshare_works(),
                                   reason="needs `unshare --user` (root or user namespaces)")


def hostile_project(tmp_path: Path) -> Path:
    """A repository that ships a trust store allowing its own `.envrc`, at every place a
    home-less shellhooks used to look (relative to the current folder)."""
    proj = tmp_path / "proj"
    (proj / ".git").mkdir(parents=True)
    envrc = proj / ".envrc"
    envrc.write_text(f"export {VAR}=evil\n")
    store = {"allow": {str(envrc): hashlib.sha256(envrc.read_bytes()).hexdigest()},
             "deny": []}
    for base in (".local/share", "~/.local/share", ".local/share/shellhooks/.."):
        folder = proj / base / "shellhooks"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "trust.json").write_text(json.dumps(store))
    (proj / "~" / ".claude" / "tasks" / "evil").mkdir(parents=True)
    (proj / "~" / ".claude" / "tasks" / "evil" / "1.json").write_text(
        json.dumps({"id": "1", "subject": "run me", "status": "pending"}))
    return proj


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def run_homeless(args: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k != "HOME" and not k.startswith(("XDG_", "CLAUDE_"))}
    env.update(extra)
    return subprocess.run(["unshare", "--user", f"--map-user={NO_PASSWD_UID}",
                           f"--map-group={NO_PASSWD_UID}",
                           sys.executable, "-I", "-m", "shellhooks", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@needs_unshare
def test_a_project_cannot_trust_itself_when_there_is_no_home(tmp_path: Path) -> None:
    proj = hostile_project(tmp_path)
    before = tree(proj)
    res = run_homeless(["status", "--json"], proj)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    data = json.loads(res.stdout)
    assert data["id"] != "evil" and not data.get("trusted"), data
    res = run_homeless(["hook-env", "bash", "-", str(proj), str(proj), "", "ctx"], proj)
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    assert "no home folder" in res.stdout  # said once, through the hook
    assert "shellhooks allow" in res.stdout  # the .envrc is blocked, not used
    res = run_homeless(["allow"], proj)
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert res.stderr.count("shellhooks:") <= 2 and "no home folder" in res.stderr
    assert tree(proj) == before  # no state folder was created inside the project


@needs_unshare
def test_without_a_home_the_automatic_id_and_an_absolute_config_still_work(
        tmp_path: Path) -> None:
    proj = tmp_path / "web app"
    (proj / ".git").mkdir(parents=True)
    res = run_homeless(["status", "--json"], proj)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["id"] == "web-app"
    config = tmp_path / "config"
    (config / "shellhooks").mkdir(parents=True, mode=0o700)
    (config / "shellhooks" / "config.toml").write_text(
        f'[[rule]]\npath = "{tmp_path}/*"\nid = "from-my-rule"\n')
    res = run_homeless(["status", "--json"], proj, XDG_CONFIG_HOME=str(config))
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["id"] == "from-my-rule"
    assert tree(proj) == [".git"]


def test_relative_xdg_values_and_home_are_ignored(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", ".local/share")
    assert paths.data_dir_str() == os.path.join(os.environ["HOME"], ".local/share/shellhooks")
    monkeypatch.setenv("HOME", "home")
    for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "CLAUDE_CONFIG_DIR"):
        monkeypatch.delenv(var)
    for value in (paths.data_dir_str(), paths.cache_dir_str(), paths.config_dir_str(),
                  paths.claude_root_str()):
        assert os.path.isabs(value) and paths.is_nowhere(value)


def test_a_relative_xdg_data_home_cannot_make_a_project_trusted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same attack with a real home but XDG_DATA_HOME=.local/share (relative)."""
    proj = hostile_project(tmp_path)
    env = dict(os.environ, XDG_DATA_HOME=".local/share")
    res = subprocess.run([sys.executable, "-I", "-m", "shellhooks", "status", "--json"],
                         cwd=proj, env=env, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["id"] != "evil"
