"""`shellhooks clean`: what it removes or archives, and the rules that keep lists safe."""

from __future__ import annotations

import errno
import io
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from shellhooks import sessions
from shellhooks.cli import main
from shellhooks.commands import clean
from tests.taskfixtures import ClaudeHome

DAY = 86400
UUID = "0b7d6c6e-3f0a-4a8e-9d7e-2b1f6f0c9a11"


@pytest.fixture(autouse=True)
def no_sessions(monkeypatch: pytest.MonkeyPatch) -> list[sessions.Session]:
    """No running sessions unless a test adds some (the real machine's are not ours)."""
    found: list[sessions.Session] = []
    monkeypatch.setattr(sessions, "running_sessions", lambda root=None: list(found))
    return found


@pytest.fixture
def piped_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def lists(claude: ClaudeHome) -> ClaudeHome:
    now = time.time()
    claude.make_list("old-active", ["pending", "completed"])
    claude.set_mtime("old-active", now - 40 * DAY)
    claude.make_list("young-active", ["pending"])
    claude.set_mtime("young-active", now - 5 * DAY)
    claude.list_dir("old-empty")
    claude.set_mtime("old-empty", now - 40 * DAY)
    claude.list_dir("new-empty")  # changed just now
    claude.clear_list("old-cleared", 9)
    claude.set_mtime("old-cleared", now - 3 * DAY)
    return claude


def names(claude: ClaudeHome) -> set[str]:
    return {p.name for p in claude.tasks.iterdir()}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["clean", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_needs_a_criterion(lists: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--yes")
    assert code == 2 and "--older-than" in err
    assert len(names(lists)) == 5


def test_empty(lists: ClaudeHome, capsys: pytest.CaptureFixture[str], piped_stdin: None) -> None:
    code, out, err = run(capsys, "--empty", "--yes")
    assert code == 0, err
    assert "removed old-empty" in out
    assert "skipped new-empty: changed just now (less than 10 minutes)" in out
    assert names(lists) == {"old-active", "young-active", "new-empty", "old-cleared"}


def test_cleared(lists: ClaudeHome, capsys: pytest.CaptureFixture[str], piped_stdin: None) -> None:
    code, out, _ = run(capsys, "--cleared", "--yes")
    assert code == 0 and "removed old-cleared" in out
    assert "old-cleared" not in names(lists)


def test_older_than(lists: ClaudeHome, capsys: pytest.CaptureFixture[str],
                    piped_stdin: None) -> None:
    code, out, _ = run(capsys, "--older-than", "30", "--yes")
    assert code == 0
    assert names(lists) == {"young-active", "new-empty", "old-cleared"}
    code, out, _ = run(capsys, "--older-than", "2", "--empty", "--cleared", "--yes")
    assert names(lists) == {"young-active", "new-empty"}


def test_bad_days_is_a_usage_error(lists: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    for bad in ("soon", "-1", "nan"):
        code, _, err = run(capsys, "--older-than", bad, "--yes")
        assert code == 2, bad
    assert len(names(lists)) == 5


def test_no_terminal_and_no_yes_refuses(lists: ClaudeHome, capsys: pytest.CaptureFixture[str],
                                        piped_stdin: None) -> None:
    before = names(lists)
    code, out, err = run(capsys, "--empty", "--cleared")
    assert code == 2
    assert err.startswith("shellhooks: 2 lists to remove; not asking without a terminal")
    assert names(lists) == before


def test_dry_run_changes_nothing(lists: ClaudeHome, capsys: pytest.CaptureFixture[str],
                                 piped_stdin: None) -> None:
    before = names(lists)
    code, out, _ = run(capsys, "--older-than", "1", "--dry-run")
    assert code == 0
    assert "would remove old-active (2 tasks, changed 40d ago)" in out
    assert "would remove old-cleared (cleared, 9 tasks, changed 3d ago)" in out
    assert names(lists) == before


def test_nothing_to_clean(claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--empty")
    assert code == 0 and out == "nothing to clean\n"


def test_list_in_use_is_never_touched(lists: ClaudeHome, capsys: pytest.CaptureFixture[str],
                                      no_sessions: list[sessions.Session],
                                      piped_stdin: None) -> None:
    no_sessions.append(sessions.Session(pid=4242, list_id="old.empty"))  # sanitized: old-empty
    code, out, _ = run(capsys, "--empty", "--older-than", "1", "--yes")
    assert code == 0
    assert "skipped old-empty: in use by a running Claude Code session (pid 4242)" in out
    assert "old-empty" in names(lists)


def test_session_named_list_in_use(claude: ClaudeHome, capsys: pytest.CaptureFixture[str],
                                   no_sessions: list[sessions.Session],
                                   piped_stdin: None) -> None:
    claude.list_dir(UUID)
    claude.set_mtime(UUID, time.time() - 40 * DAY)
    no_sessions.append(sessions.Session(pid=1, session_id=UUID))
    code, out, _ = run(capsys, "--empty", "--yes")
    assert "skipped" in out and UUID in names(claude)
    # A session whose list cannot be told keeps every session-named list safe.
    no_sessions[:] = [sessions.Session(pid=2, uid=os.getuid())]
    code, out, _ = run(capsys, "--empty", "--yes")
    assert "whose list is unknown" in out and UUID in names(claude)
    no_sessions[:] = []
    code, out, _ = run(capsys, "--empty", "--yes")
    assert f"removed {UUID}" in out and UUID not in names(claude)


def test_agent_team_session_list_in_use(claude: ClaudeHome,
                                       capsys: pytest.CaptureFixture[str],
                                       no_sessions: list[sessions.Session],
                                       piped_stdin: None) -> None:
    team = "session-" + UUID[:8]  # agent teams: the session's own list
    claude.list_dir(team)
    claude.set_mtime(team, time.time() - 40 * DAY)
    no_sessions.append(sessions.Session(pid=1, session_id=UUID))
    code, out, _ = run(capsys, "--empty", "--yes")
    assert f"skipped {team}: in use" in out and team in names(claude)
    no_sessions[:] = [sessions.Session(pid=2, uid=os.getuid())]
    code, out, _ = run(capsys, "--empty", "--yes")
    assert "whose list is unknown" in out and team in names(claude)
    no_sessions[:] = []
    code, out, _ = run(capsys, "--empty", "--yes")
    assert f"removed {team}" in out and team not in names(claude)


def test_real_running_session_protects_its_list(
    lists: ClaudeHome, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, piped_stdin: None
) -> None:
    import subprocess

    monkeypatch.undo()  # the real session scan
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(lists.root))
    fake = tmp_path / "bin" / "claude"
    fake.parent.mkdir()
    fake.symlink_to(shutil.which("sleep") or "/bin/sleep")
    p = subprocess.Popen([str(fake), "60"],
                         env={**os.environ, "CLAUDE_CODE_TASK_LIST_ID": "old-active"})
    try:
        import psutil

        deadline = time.time() + 10
        while time.time() < deadline and psutil.Process(p.pid).name() != "claude":
            time.sleep(0.01)
        code, out, _ = run(capsys, "--older-than", "30", "--yes")
        assert f"skipped old-active: in use by a running Claude Code session (pid {p.pid})" in out
        assert "old-active" in names(lists) and "old-empty" not in names(lists)
    finally:
        p.kill()
        p.wait()


def test_recent_lock_or_temp_file_counts_as_a_change(
    lists: ClaudeHome, capsys: pytest.CaptureFixture[str], piped_stdin: None
) -> None:
    (lists.tasks / "old-active" / "1.json.tmp.0badcafe").write_text("{}")
    os.utime(lists.tasks / "old-active", (time.time() - 40 * DAY,) * 2)
    code, out, _ = run(capsys, "--older-than", "30", "--yes")
    assert "skipped old-active: changed just now" in out
    assert "old-active" in names(lists)


def test_symlinked_list_is_left_alone(claude: ClaudeHome, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str],
                                      piped_stdin: None) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / ".lock").touch()
    old = time.time() - 40 * DAY
    os.utime(target / ".lock", (old, old))
    os.utime(target, (old, old))
    (claude.tasks / "linked").symlink_to(target)
    code, out, _ = run(capsys, "--empty", "--yes")
    assert "skipped linked: the list folder is a symlink" in out
    assert (target / ".lock").exists()


def test_archive_same_filesystem(lists: ClaudeHome, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str], piped_stdin: None) -> None:
    archive = tmp_path / "archive"
    before = (lists.tasks / "old-active" / "1.json").read_bytes()
    (archive / "old-active").mkdir(parents=True)  # a name clash: kept, new one beside it
    code, out, _ = run(capsys, "--older-than", "30", "--archive", str(archive), "--yes")
    assert code == 0
    assert f"archived old-active -> {archive}/old-active.2" in out
    assert (archive / "old-active.2" / "1.json").read_bytes() == before
    assert not (archive / "old-active.2" / ".lock.lock").exists()
    assert (archive / "old-empty" / ".lock").exists()
    assert "old-active" not in names(lists)


def test_archive_across_filesystems(lists: ClaudeHome, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str], piped_stdin: None) -> None:
    def no_rename(src: str, dst: str) -> None:
        if "partial" not in str(src):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        os.replace(src, dst)

    monkeypatch.setattr(clean.os, "rename", no_rename)
    (lists.tasks / "old-active" / "link").symlink_to("1.json")
    lists.set_mtime("old-active", time.time() - 40 * DAY)
    archive = tmp_path / "archive"
    code, out, err = run(capsys, "--older-than", "30", "--archive", str(archive), "--yes")
    assert code == 0, err
    assert f"archived old-active -> {archive}/old-active" in out
    assert (archive / "old-active" / "2.json").exists()
    assert os.readlink(archive / "old-active" / "link") == "1.json"
    assert not list(archive.glob(".*partial"))
    assert "old-active" not in names(lists)


def test_archive_to_a_real_other_filesystem(lists: ClaudeHome,
                                            capsys: pytest.CaptureFixture[str],
                                            piped_stdin: None) -> None:
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(lists.tasks).st_dev:
        pytest.skip("no second filesystem to archive to")
    archive = shm / f"shellhooks-test-{os.getpid()}"
    try:
        code, out, err = run(capsys, "--empty", "--archive", str(archive), "--yes")
        assert code == 0, err
        assert (archive / "old-empty" / ".lock").exists()
        assert not (lists.tasks / "old-empty").exists()
    finally:
        shutil.rmtree(archive, ignore_errors=True)


def test_failed_verification_keeps_the_original(
    lists: ClaudeHome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], piped_stdin: None
) -> None:
    def no_rename(src: str, dst: str) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(clean.os, "rename", no_rename)
    monkeypatch.setattr(clean, "_same_tree", lambda a, b: False)
    archive = tmp_path / "archive"
    code, out, err = run(capsys, "--older-than", "30", "--archive", str(archive), "--yes")
    assert code == 1 and "could not archive old-active" in err
    assert (lists.tasks / "old-active" / "1.json").exists()
    assert not (lists.tasks / "old-active" / ".lock.lock").exists()
    assert list(archive.iterdir()) == []


def test_archive_inside_tasks_folder_refused(lists: ClaudeHome,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--empty", "--archive", str(lists.tasks / "attic"), "--yes")
    assert code == 1 and "must not be inside the tasks folder" in err
    assert not (lists.tasks / "attic").exists()


def test_list_being_written_is_skipped(lists: ClaudeHome, capsys: pytest.CaptureFixture[str],
                                       piped_stdin: None) -> None:
    lock = lists.tasks / "old-empty" / ".lock.lock"
    lock.mkdir()
    # A fresh lock also makes the list "changed just now"; age the folder, not the lock.
    old = time.time() - 40 * DAY
    os.utime(lists.tasks / "old-empty", (old, old))
    code, out, _ = run(capsys, "--empty", "--yes")
    assert "skipped old-empty" in out and (lists.tasks / "old-empty").exists()


def test_asks_on_a_terminal(lists: ClaudeHome, tmp_path: Path) -> None:
    """The real console script in a pseudo-terminal: `n` keeps everything, `y` goes ahead."""
    import pexpect

    exe = shutil.which("shellhooks", path=os.path.dirname(sys.executable)) or "shellhooks"
    env = {**os.environ, "NO_COLOR": "1"}
    child = pexpect.spawn(exe, ["clean", "--empty"], env=env, timeout=30, encoding="utf-8")
    child.expect(r"Remove 1 list\? \[y/N\] ")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "nothing changed" in (child.before or "")
    assert (lists.tasks / "old-empty").exists()
    child = pexpect.spawn(exe, ["clean", "--empty"], env=env, timeout=30, encoding="utf-8")
    child.expect(r"\[y/N\] ")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "removed old-empty" in (child.before or "")
    assert not (lists.tasks / "old-empty").exists()
