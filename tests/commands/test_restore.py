"""`shellhooks restore`: byte-identical task files, Claude Code's lock, never into a live list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shellhooks import cli, journal, listlock, sessions, snapshot, store
from tests.fake_claude_writer import FakeClaude, install_hooks
from tests.taskfixtures import ClaudeHome, task_json


@pytest.fixture
def nobody_running(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessions, "lists_in_use", lambda *a, **k: set())


def finish_and_wipe(claude: ClaudeHome, tmp: Path) -> tuple[FakeClaude, dict[str, bytes]]:
    """A session that does three tasks; returns the files as they were just before the wipe."""
    install_hooks(claude.root, tmp)
    fake = FakeClaude(claude.root, "webapp-auth", wipe_delay=0.05)
    fake.start()
    a = fake.create("Set up database ✓", description="Postgres 16, \"quoted\"\nsecond line")
    b = fake.create("Auth endpoint", active_form="Adding auth", owner="alice")
    c = fake.create("Run tests", blocked_by=[b])
    for tid in (a, b):
        fake.update(tid, status="in_progress")
        fake.complete(tid)
    fake.update(c, status="in_progress", in_place=True)
    fake.update(c, status="completed")
    before = {p.name: p.read_bytes() for p in fake.folder.glob("*.json")}
    assert fake.wipe_if_done()
    fake.end()
    assert not list(fake.folder.glob("*.json"))
    return fake, before


def test_restore_recreates_byte_identical_files(
    claude: ClaudeHome, tmp_path: Path, nobody_running: None, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, before = finish_and_wipe(claude, tmp_path)
    assert cli.main(["restore", "webapp-auth"]) == 0
    assert capsys.readouterr().out.startswith("Restored 3 task(s) into list webapp-auth")
    after = {p.name: p.read_bytes() for p in fake.folder.glob("*.json")}
    assert after == before
    # ... which is Claude Code's own format
    assert after["2.json"].decode() == task_json(
        2, "Auth endpoint", status="completed", active_form="Adding auth", owner="alice"
    )
    assert not after["1.json"].endswith(b"\n")
    # no lock directory or temporary file left behind
    assert sorted(p.name for p in fake.folder.iterdir()) == [
        ".highwatermark", ".lock", "1.json", "2.json", "3.json"
    ]
    # ids keep their numbers; the next task Claude Code creates is #4
    assert (fake.folder / ".highwatermark").read_text() == "3"
    assert FakeClaude(claude.root, "webapp-auth", run_hooks=False).create("Next") == "4"


def test_restore_to_another_list(
    claude: ClaudeHome, tmp_path: Path, nobody_running: None
) -> None:
    fake, before = finish_and_wipe(claude, tmp_path)
    assert cli.main(["restore", "webapp-auth", "--to", "webapp-auth.old"]) == 0
    target = claude.tasks / "webapp-auth-old"  # Claude Code's folder name for that id
    assert {p.name: p.read_bytes() for p in target.glob("*.json")} == before
    assert (target / ".lock").is_file()
    assert not list(fake.folder.glob("*.json"))  # the source is left alone
    assert FakeClaude(claude.root, "webapp-auth-old", run_hooks=False).create("Next") == "4"
    tl = store.read_list("webapp-auth.old")
    assert [t.status for t in tl.tasks] == ["completed"] * 3 + ["pending"]


def test_restore_refuses_a_list_a_session_uses(
    claude: ClaudeHome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    finish_and_wipe(claude, tmp_path)
    monkeypatch.setattr(sessions, "lists_in_use", lambda *a, **k: {"webapp-auth"})
    assert cli.main(["restore", "webapp-auth"]) == 1
    err = capsys.readouterr().err
    assert "in use by a running Claude Code session" in err and "--to" in err
    assert not list((claude.tasks / "webapp-auth").glob("*.json"))


def test_restore_refuses_a_list_used_by_a_real_claude_process(
    claude: ClaudeHome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    finish_and_wipe(claude, tmp_path)
    fake_claude = tmp_path / "bin" / "claude"
    fake_claude.symlink_to("/bin/sleep")  # a process named `claude`
    env = {**os.environ, "CLAUDE_CODE_TASK_LIST_ID": "webapp-auth"}
    proc = subprocess.Popen([str(fake_claude), "60"], env=env)
    try:
        deadline = time.monotonic() + 20
        while "webapp-auth" not in sessions.lists_in_use():
            assert time.monotonic() < deadline, "the session scan never saw the process"
            time.sleep(0.1)
        assert cli.main(["restore", "webapp-auth"]) == 1
        assert "in use" in capsys.readouterr().err
    finally:
        proc.kill()
        proc.wait()
    assert not list((claude.tasks / "webapp-auth").glob("*.json"))


def test_restore_refuses_a_list_with_tasks(
    claude: ClaudeHome, tmp_path: Path, nobody_running: None, capsys: pytest.CaptureFixture[str]
) -> None:
    finish_and_wipe(claude, tmp_path)
    claude.add_task("webapp-auth", 4, "New work")
    assert cli.main(["restore", "webapp-auth"]) == 1
    assert "already has 1 task file" in capsys.readouterr().err
    assert [p.name for p in (claude.tasks / "webapp-auth").glob("*.json")] == ["4.json"]


def test_restore_without_snapshot(
    claude: ClaudeHome, nobody_running: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["restore", "never-seen"]) == 1
    assert "no snapshot of list 'never-seen'" in capsys.readouterr().err
    assert not (claude.tasks / "never-seen").exists()


_RESTORE = """
import sys
from shellhooks import cli, sessions
sessions.lists_in_use = lambda *a, **k: set()
sys.exit(cli.main(["restore", "webapp-auth"]))
"""


def test_restore_waits_for_claude_codes_list_lock(claude: ClaudeHome, tmp_path: Path) -> None:
    fake, before = finish_and_wipe(claude, tmp_path)
    lock = fake.folder / ".lock.lock"
    lock.mkdir()  # Claude Code is creating a task right now
    proc = subprocess.Popen([sys.executable, "-c", _RESTORE], env=os.environ.copy(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(1.0)
        assert proc.poll() is None  # still waiting
        assert not list(fake.folder.glob("*.json"))
        lock.rmdir()
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    finally:
        if proc.poll() is None:
            proc.kill()
    assert {p.name: p.read_bytes() for p in fake.folder.glob("*.json")} == before
    assert not lock.exists()  # released after


def test_stale_lock_is_taken_over(claude: ClaudeHome, tmp_path: Path, nobody_running: None) -> None:
    fake, before = finish_and_wipe(claude, tmp_path)
    lock = fake.folder / ".lock.lock"
    lock.mkdir()
    old = time.time() - 60  # a crashed writer's lock: proper-lockfile calls it stale after 10 s
    os.utime(lock, (old, old))
    assert cli.main(["restore", "webapp-auth"]) == 0
    assert {p.name: p.read_bytes() for p in fake.folder.glob("*.json")} == before


def test_restore_snapshot_raises_highwatermark_only(claude: ClaudeHome) -> None:
    folder = claude.list_dir("l")
    (folder / ".highwatermark").write_text("9")
    snap = {"tasks": {"1": task_json(1, "a")}, "highwatermark": 4}
    assert snapshot.restore_snapshot(snap, folder) == ["1"]
    assert (folder / ".highwatermark").read_text() == "9"  # never lowered


# ----- a tampered snapshot never writes outside the list folder -------------------------


def _plant_snapshot(list_name: str, tasks: dict[str, str], **extra: object) -> None:
    """A snapshot as someone with write access to the history folder could leave it."""
    folder = journal.journal_dir(list_name)
    folder.mkdir(parents=True, exist_ok=True)
    snap = {"v": 1, "list": list_name, "time": 1_700_000_000.0, "tasks": tasks, **extra}
    (folder / journal.SNAPSHOT).write_text(json.dumps(snap), encoding="utf-8")


def _files_outside(root: Path, folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.is_symlink() and folder not in p.parents}


def test_snapshot_keys_that_are_not_task_ids_are_skipped(
    claude: ClaudeHome, tmp_path: Path, nobody_running: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = claude.root / "settings.json"
    settings.write_text('{"keep": true}', encoding="utf-8")
    outside = tmp_path / "abs"
    hostile = ["../../settings", str(outside), "1.json/../x", "..", "1.json\x00", "01", "1e3",
               "\u0663", "0", "", " 1", "2\n", "3" * 100]
    tasks = {key: task_json(9, "pwned") for key in hostile}
    tasks["1"] = task_json(1, "first")
    tasks["2"] = task_json(2, "second")
    _plant_snapshot("webapp-auth", tasks, highwatermark="not a number")
    before = _files_outside(tmp_path, claude.tasks / "webapp-auth")
    assert cli.main(["restore", "webapp-auth"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Restored 2 task(s) into list webapp-auth")
    lines = err.splitlines()
    assert len(lines) == len(hostile), err
    assert all(line.startswith("shellhooks: skipped '") for line in lines)
    assert "'1.json\\x00'" in err and "\x00" not in err  # shown, escaped
    assert "'\u0663'" in err and "'\\x201'" in err and "'2\\x0a'" in err
    assert "… (100 characters)" in err  # the long key is cut to a line
    folder = claude.tasks / "webapp-auth"
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "1.json", "2.json"]
    assert _files_outside(tmp_path, folder) == before
    assert settings.read_text() == '{"keep": true}'
    assert not list(tmp_path.glob("abs*"))


def test_a_snapshot_with_no_task_id_restores_nothing(
    claude: ClaudeHome, nobody_running: None, capsys: pytest.CaptureFixture[str],
) -> None:
    _plant_snapshot("l", {"../../settings": task_json(1, "x")})
    assert cli.main(["restore", "l"]) == 1
    assert "holds no task to restore" in capsys.readouterr().err
    assert not (claude.root / "settings.json").exists()
    assert not (claude.tasks / "l").exists()


@pytest.mark.parametrize("planted", ["1.json", ".lock", ".highwatermark"])
def test_restore_never_writes_through_a_link_in_the_list_folder(
    claude: ClaudeHome, planted: str
) -> None:
    folder = claude.tasks / "l"
    folder.mkdir()
    victim = claude.root / "settings.json"
    if planted == ".lock":
        os.symlink(victim, folder / planted)  # dangling: creating it would create the victim
    else:
        victim.write_text('{"keep": true}', encoding="utf-8")
        os.symlink(victim, folder / planted)
    snap = {"tasks": {"1": task_json(1, "a")}, "highwatermark": 7}
    assert snapshot.restore_snapshot(snap, folder) == ["1"]
    if planted == ".lock":
        assert not victim.exists()
    else:
        assert victim.read_text() == '{"keep": true}'
    assert (folder / "1.json").read_text() == task_json(1, "a")
    if planted != ".highwatermark":
        assert (folder / ".highwatermark").read_text() == "7"


@pytest.mark.parametrize("how", ["absolute", "relative", "to-the-root"])
def test_list_folder_that_is_a_link_out_of_the_tasks_folder_is_refused(
    claude: ClaudeHome, tmp_path: Path, nobody_running: None, how: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _plant_snapshot("webapp-auth", {"1": task_json(1, "a")})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = claude.tasks / "webapp-auth"
    if how == "absolute":
        os.symlink(elsewhere, link)
    elif how == "relative":
        os.symlink("../../../elsewhere", link)
        assert link.resolve() == elsewhere
    else:
        os.symlink(".", link)
    assert cli.main(["restore", "webapp-auth"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "outside" in err and "nothing restored" in err
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in claude.tasks.iterdir()) == ["webapp-auth"]


def test_list_folder_linked_to_another_list_is_followed(claude: ClaudeHome) -> None:
    real = claude.list_dir("real")
    os.symlink("real", claude.tasks / "alias")
    assert snapshot.restore_snapshot({"tasks": {"1": task_json(1, "a")}},
                                    claude.tasks / "alias") == ["1"]
    assert (real / "1.json").is_file()


def test_a_task_claude_code_creates_after_the_check_is_never_overwritten(
    claude: ClaudeHome, nobody_running: None, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The "no task files yet" check runs before the list lock is taken; a session that
    creates `1.json` in between (under its lock, as Claude Code does) keeps its task."""
    _plant_snapshot("webapp-auth", {"1": task_json(1, "old"), "2": task_json(2, "old")})
    folder = claude.tasks / "webapp-auth"
    real_enter = listlock.claude_list_lock.__enter__

    def created_just_before(self: listlock.claude_list_lock) -> listlock.claude_list_lock:
        (folder / "1.json").write_text(task_json(1, "new work"), encoding="utf-8")
        return real_enter(self)

    monkeypatch.setattr(listlock.claude_list_lock, "__enter__", created_just_before)
    assert cli.main(["restore", "webapp-auth"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already has" in err and "nothing restored" in err
    assert (folder / "1.json").read_text() == task_json(1, "new work")
    assert not (folder / "2.json").exists() and not (folder / ".lock.lock").exists()


@pytest.mark.parametrize("mark", [10**18, 10**40, -5, 1.5, True])
def test_a_snapshot_highwatermark_that_is_no_task_id_is_not_written(
    claude: ClaudeHome, nobody_running: None, mark: object,
) -> None:
    """Claude Code reads `.highwatermark` as a JavaScript number: 10**40 would make its
    next task id `1e+40`."""
    _plant_snapshot("l", {"1": task_json(1, "a")}, highwatermark=mark)
    assert cli.main(["restore", "l"]) == 0
    assert not (claude.tasks / "l" / ".highwatermark").exists()
