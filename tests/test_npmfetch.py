"""tests/npmfetch.py, offline: a stand-in `npm` on PATH that "packs" a tarball made here."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests import npmfetch

REPO = Path(__file__).resolve().parent.parent


def fake_npm(tmp_path: Path, files: dict[str, bytes], version: str = "1.0.0") -> Path:
    """A bin folder whose `npm pack` drops a package holding `files` into the current folder."""
    tgz = tmp_path / "pkg.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        meta = f'{{"name": "demo", "version": "{version}"}}'.encode()
        for name, data in {"package/package.json": meta, **files}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "npm").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/calls\n/bin/cp {tgz} .\n')
    (bindir / "npm").chmod(0o755)
    return bindir


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHELLHOOKS_CLAUDE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


DEMO = npmfetch.Pinned(name="demo", package="demo", version="1.0.0", what="demo",
                       fetch_command="fetch demo", needed=("lib/a.zsh",))


def test_whole_package_fetched_once(tmp_path: Path, cache: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(fake_npm(tmp_path, {"package/lib/a.zsh": b"x\n"})))
    assert DEMO.installed() is None
    assert DEMO.fetch(quiet=True) == cache / "demo-1.0.0"
    assert (cache / "demo-1.0.0" / "lib" / "a.zsh").read_bytes() == b"x\n"
    assert (cache / "demo-1.0.0" / "VERSION").read_text() == "1.0.0"
    assert DEMO.fetch(quiet=True) == DEMO.installed() == cache / "demo-1.0.0"
    assert (tmp_path / "calls").read_text() == "pack demo@1.0.0 --silent\n"  # once


def test_kept_files_only_and_executable(tmp_path: Path, cache: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(fake_npm(tmp_path, {"package/bin/tool": b"#!/bin/sh\n",
                                                       "package/other": b"y"})))
    tool = npmfetch.Pinned(name="tool", package="tool", version="1.0.0", what="tool",
                           fetch_command="fetch tool", keep={"tool": "package/bin/tool"},
                           executables=("tool",), entry="tool")
    assert tool.fetch(quiet=True) == cache / "tool-1.0.0" / "tool"
    assert sorted(p.name for p in (cache / "tool-1.0.0").iterdir()) == ["VERSION", "tool"]
    assert os.access(cache / "tool-1.0.0" / "tool", os.X_OK)
    (cache / "tool-1.0.0" / "tool").chmod(0o644)  # not runnable: not installed
    assert tool.installed() is None


def test_wrong_version_or_missing_file_installs_nothing(tmp_path: Path, cache: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(fake_npm(tmp_path, {"package/lib/a.zsh": b"x"}, "1.0.1")))
    with pytest.raises(RuntimeError, match="package says version '1.0.1'"):
        DEMO.fetch(quiet=True)
    assert DEMO.installed() is None and not (cache / "demo-1.0.0").exists()
    lacking = npmfetch.Pinned(name="demo", package="demo", version="1.0.1", what="demo",
                              fetch_command="fetch demo", needed=("lib/b.zsh",))
    with pytest.raises(RuntimeError, match="files missing"):
        lacking.fetch(quiet=True)
    assert lacking.installed() is None


def test_not_fetched_skips_locally_fails_under_ci(cache: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match=r"demo 1.0.0 is not fetched \(fetch demo\)"):
        DEMO.require()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required under CI=true"):
        DEMO.require()


@pytest.mark.parametrize("script", ["tests/claude_e2e/realclaude.py", "tests/realmise.py",
                                    "tests/realvscode.py", "tests/realprompts.py"])
def test_fetch_commands_run_as_scripts(script: str, tmp_path: Path) -> None:
    """`python3 tests/....py --fetch`, as .ci/run and the docs write it, from any folder;
    here with an empty cache and no npm: one line, exit 1, no traceback."""
    env = {**os.environ, "SHELLHOOKS_CLAUDE_CACHE": str(tmp_path / "cache"),
           "PATH": str(tmp_path / "no-such-bin")}
    r = subprocess.run([sys.executable, str(REPO / script), "--fetch"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=60)
    name = Path(script).stem
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr.startswith(f"{name}: npm is not installed: cannot fetch ")
    assert "Traceback" not in r.stderr
