"""Disk full and read-only folders, for real: the home folder is a tiny tmpfs, filled to
the last byte (ENOSPC) or remounted read-only (EROFS). Every command that writes ends
with one `shellhooks:` line and exit 1: no traceback, no empty `.tmp`/`.bak` file left
behind, the original file untouched.

Mounting needs root (the tests run as root in CI). `chmod` of a folder does not stop
root from writing, so it cannot stand in for a read-only folder; a read-only mount
does. RLIMIT_FSIZE (EFBIG on any write) covers a full disk where mounting is not
allowed."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shellhooks import recorder
from tests.taskfixtures import ClaudeHome

VAR = "CLAUDE_CODE_TASK_LIST_ID"
OTHER_STATUSLINE = {"type": "command", "command": "my-own-statusline"}


def _mount(target: Path, options: str) -> bool:
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                         capture_output=True, timeout=30)
    return res.returncode == 0


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True, timeout=30)


@pytest.fixture
def small_home(tmp_path: Path, isolated_home: Path) -> Iterator[Path]:
    """`isolated_home` on its own 1 MB tmpfs."""
    if os.geteuid() != 0 or not _mount(isolated_home, "size=1m,mode=0755"):
        pytest.skip("needs root and mount(8) for a tmpfs")
    try:
        yield isolated_home
    finally:
        _umount(isolated_home)


def prepare(home: Path, tmp_path: Path) -> tuple[Path, dict[Path, bytes]]:
    """A project to allow, a trust store, Claude Code settings with someone else's
    statusLine, a list wiped after its snapshot was taken: the files the commands below
    would change."""
    tasks = ClaudeHome(home / ".claude").make_list("gone", ["completed", "pending"])
    recorder.record_claude_hook("TaskCompleted", {"task_id": "2", "task_subject": "x"}, "gone")
    for task in tasks.glob("*.json"):
        task.unlink()
    (tasks / ".lock").touch()  # Claude Code's, there before any restore
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".envrc").write_text(f"export {VAR}=proj\n")
    (proj / ".git").mkdir()
    env = dict(os.environ)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / ".envrc").write_text(f"export {VAR}=other\n")
    res = shellhooks(["allow", str(tmp_path / "other")], env)
    assert res.returncode == 0, res.stderr
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text(json.dumps({"model": "x", "statusLine": OTHER_STATUSLINE}, indent=2))
    files = [settings, home / ".local/share/shellhooks/trust.json",
             *(home / ".local/share/shellhooks/history/gone").iterdir()]
    return proj, {p: p.read_bytes() for p in files}


def shellhooks(args: list[str], env: dict[str, str], fsize: int | None = None
               ) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-I", "-m", "shellhooks", *args], env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                          preexec_fn=limit)


def fill(home: Path) -> None:
    fd = os.open(home / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 1 << 12, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(fd)


def writers(proj: Path) -> list[list[str]]:
    return [["allow", str(proj)], ["deny", str(proj)],
            ["setup", "claude-statusline", "--force"], ["setup", "claude-hooks"],
            ["restore", "gone"]]


def listing(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.name != "filler")


def check_failure(res: subprocess.CompletedProcess[str], what: str) -> None:
    assert res.returncode == 1, (what, res.returncode, res.stdout, res.stderr)
    assert "Traceback" not in res.stderr, (what, res.stderr)
    lines = [line for line in res.stderr.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("shellhooks: "), (what, res.stderr)


@pytest.mark.parametrize("how", ["disk-full", "read-only"])
def test_writers_on_a_full_or_read_only_disk(small_home: Path, tmp_path: Path, how: str
                                             ) -> None:
    proj, originals = prepare(small_home, tmp_path)
    before = listing(small_home)
    if how == "disk-full":
        fill(small_home)
    else:
        subprocess.run(["mount", "-o", "remount,ro", str(small_home)], check=True, timeout=30)
    for args in writers(proj):
        res = shellhooks(args, dict(os.environ))
        check_failure(res, args)
        assert listing(small_home) == before, args  # no .tmp, .bak or other leftover
        for path, content in originals.items():
            assert path.read_bytes() == content, (args, path)


def test_writers_when_every_write_fails_efbig(tmp_path: Path, isolated_home: Path) -> None:
    """Without mounting: RLIMIT_FSIZE 0 makes every write fail (EFBIG), as a full disk
    does, while files can still be created (the empty leftovers the issue saw)."""
    proj, originals = prepare(isolated_home, tmp_path)
    before = listing(isolated_home)
    for args in writers(proj):
        res = shellhooks(args, dict(os.environ), fsize=0)
        check_failure(res, args)
        assert listing(isolated_home) == before, args
        for path, content in originals.items():
            assert path.read_bytes() == content, (args, path)
    for args in writers(proj):  # each would have written something
        res = shellhooks(args, dict(os.environ))
        assert res.returncode == 0, (args, res.stderr)
    assert (isolated_home / ".claude/tasks/gone/2.json").exists()
