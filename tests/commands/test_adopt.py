"""`shellhooks adopt`: tasks moved between lists with new ids, blockers remapped, nothing lost."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from shellhooks import cli, listio, sessions
from tests.taskfixtures import ClaudeHome

SESSION = "0b5c3f0e-1111-4222-8333-444455556666"


@pytest.fixture(autouse=True)
def nobody_running(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessions, "lists_in_use", lambda *a, **k: set())


def _tasks(folder: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text("utf-8")) for p in folder.glob("*.json")}


def _stranded(claude: ClaudeHome) -> None:
    claude.add_task(SESSION, 1, "Schema", status="completed", blocks=["2", "3"])
    claude.add_task(SESSION, 2, "API", status="in_progress", owner="alice", blocked_by=["1"],
                    blocks=["3"], active_form="Writing the API")
    claude.add_task(SESSION, 3, "UI", blocked_by=["1", "2"], metadata={"k": 1})


def test_adopt_appends_after_the_highest_id_and_remaps_blockers(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stranded(claude)
    claude.make_list("proj", ["pending", "pending"])
    (claude.tasks / "proj" / ".highwatermark").write_text("4")  # task 3 and 4 were deleted
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "proj")
    assert cli.main(["adopt", SESSION]) == 0
    out = capsys.readouterr().out
    assert "Copied 3 task(s)" in out and "(#5-#7)" in out and "Removed them" in out
    got = _tasks(claude.tasks / "proj")
    assert sorted(got, key=int) == ["1", "2", "5", "6", "7"]
    assert (got["5"]["subject"], got["5"]["blocks"], got["5"]["blockedBy"]) == (
        "Schema", ["6", "7"], [])
    assert (got["6"]["blocks"], got["6"]["blockedBy"], got["6"]["owner"],
            got["6"]["activeForm"], got["6"]["status"]) == (
        ["7"], ["5"], "alice", "Writing the API", "in_progress")
    assert got["7"]["blockedBy"] == ["5", "6"] and got["7"]["metadata"] == {"k": 1}
    assert all(t["id"] == tid for tid, t in got.items())
    # The source keeps no task; its .highwatermark says ids 1-3 were issued.
    left = claude.tasks / SESSION
    assert not list(left.glob("*.json")) and (left / ".highwatermark").read_text() == "3"


def test_dry_run_and_keep(claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    _stranded(claude)
    before = _tasks(claude.tasks / SESSION)
    assert cli.main(["adopt", SESSION, "--into", "proj", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "  #2 -> #2  API" in out and "then remove them" in out
    assert not (claude.tasks / "proj").exists() and _tasks(claude.tasks / SESSION) == before
    assert cli.main(["adopt", SESSION, "--into", "proj", "--keep"]) == 0
    assert _tasks(claude.tasks / SESSION) == before
    assert {k: v["subject"] for k, v in _tasks(claude.tasks / "proj").items()} == {
        "1": "Schema", "2": "API", "3": "UI"}


def test_a_concurrent_writer_holding_the_lock(claude: ClaudeHome,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Claude Code creates a task in the target while adopt waits for the lock: the adopted
    tasks come after it, and it is not overwritten."""
    _stranded(claude)
    target = claude.make_list("proj", ["pending"])
    lock = target / ".lock.lock"
    lock.mkdir()

    def writer() -> None:
        time.sleep(0.4)
        claude.add_task("proj", 2, "Created by Claude meanwhile")
        lock.rmdir()

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert cli.main(["adopt", SESSION, "--into", "proj"]) == 0
    finally:
        t.join()
    got = _tasks(target)
    assert got["2"]["subject"] == "Created by Claude meanwhile"
    assert [got[i]["subject"] for i in ("3", "4", "5")] == ["Schema", "API", "UI"]
    assert got["5"]["blockedBy"] == ["3", "4"]


def test_a_lock_that_stays_taken_moves_nothing(claude: ClaudeHome) -> None:
    _stranded(claude)
    target = claude.list_dir("proj")
    (target / ".lock.lock").mkdir()
    with pytest.raises(listio.listlock.ListLocked):
        listio.append_tasks(target, listio.read_tasks(claude.tasks / SESSION), append=True,
                            timeout=0.2)
    assert not list(target.glob("*.json")) and len(_tasks(claude.tasks / SESSION)) == 3


def test_a_failure_half_way_loses_nothing(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from shellhooks import confined

    _stranded(claude)
    claude.make_list("proj", ["pending"])
    before_src = {p.name: p.read_bytes() for p in (claude.tasks / SESSION).iterdir()}
    before_dst = {p.name: p.read_bytes() for p in (claude.tasks / "proj").iterdir()}
    real = confined.create_at
    calls = []

    def failing(dir_fd: int, name: str, data: bytes, mode: int = 0o644) -> None:
        calls.append(name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", name)
        real(dir_fd, name, data, mode)

    monkeypatch.setattr(confined, "create_at", failing)
    assert cli.main(["adopt", SESSION, "--into", "proj"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device; nothing moved" in err
    assert {p.name: p.read_bytes() for p in (claude.tasks / SESSION).iterdir()} == before_src
    assert {p.name: p.read_bytes() for p in (claude.tasks / "proj").iterdir()} == before_dst


def test_a_task_changed_while_copied_is_kept(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _stranded(claude)
    real = listio.append_tasks

    def and_then_claude_writes(*a: object, **k: object) -> list[str]:
        ids = real(*a, **k)  # type: ignore[arg-type]
        claude.add_task(SESSION, 2, "API", status="completed")
        return ids

    monkeypatch.setattr(listio, "append_tasks", and_then_claude_writes)
    assert cli.main(["adopt", SESSION, "--into", "proj"]) == 1
    assert "changed while they were copied" in capsys.readouterr().err
    assert [p.name for p in (claude.tasks / SESSION).glob("*.json")] == ["2.json"]


def test_refusals_are_one_line(claude: ClaudeHome, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _stranded(claude)
    cases = [
        (["adopt", "nope", "--into", "proj"], "there is no list 'nope'"),
        (["adopt", SESSION, "--into", SESSION], "are the same list"),
    ]
    claude.list_dir("empty")
    cases.append((["adopt", "empty", "--into", "proj"], "has no tasks to adopt"))
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, claude.tasks / "linked")
    cases.append((["adopt", SESSION, "--into", "linked"], "nothing moved"))
    for argv, why in cases:
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith("shellhooks: ") and why in err and err.count("\n") == 1, err
    assert os.listdir(outside) == []
    monkeypatch.setattr(sessions, "lists_in_use", lambda *a, **k: {SESSION})
    assert cli.main(["adopt", SESSION, "--into", "proj"]) == 1
    assert "in use by a running Claude Code session" in capsys.readouterr().err
    assert len(_tasks(claude.tasks / SESSION)) == 3


def test_a_long_import_keeps_the_lock_fresh(claude: ClaudeHome,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that outlasts proper-lockfile's stale time (a slow disk, thousands of tasks)
    must keep its lock fresh: Claude Code takes over a lock older than that and numbers its
    new task with an id being written, which the copy then replaces (a task lost)."""
    from shellhooks import confined, listlock

    stale = 0.4
    monkeypatch.setattr(listlock, "LOCK_STALE", stale)
    target = claude.list_dir("proj")
    real = confined.create_at

    def slow_disk(dir_fd: int, name: str, data: bytes, mode: int = 0o644) -> None:
        time.sleep(stale / 4)
        real(dir_fd, name, data, mode)

    monkeypatch.setattr(confined, "create_at", slow_disk)
    done = threading.Event()

    def claude_creates() -> None:
        """Claude Code's create: the list lock (taking over a stale one), next id, write."""
        time.sleep(stale * 1.5)
        fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
        try:
            with listlock.claude_list_lock(fd, timeout=10):
                tid = listio._highest(fd) + 1
                with open(target / f"{tid}.json", "w", encoding="utf-8") as f:
                    json.dump({"id": str(tid), "subject": "Created by Claude", "description": "",
                               "status": "pending", "blocks": [], "blockedBy": []}, f)
        finally:
            os.close(fd)
            done.set()

    t = threading.Thread(target=claude_creates)
    t.start()
    tasks = [{"id": str(n), "subject": f"imported {n}", "status": "pending"}
             for n in range(1, 13)]
    try:
        ids = listio.append_tasks(target, tasks, append=False)
    finally:
        t.join()
    assert done.is_set()
    got = _tasks(target)
    assert [got[i]["subject"] for i in ids] == [f"imported {n}" for n in range(1, 13)]
    assert [t["subject"] for t in got.values()].count("Created by Claude") == 1
    assert len(got) == 13


def test_a_task_claude_is_updating_is_not_removed(claude: ClaudeHome,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Claude Code updates a task under `N.json.lock` (not the list lock): adopt waits for
    it, sees the change and keeps the task, instead of deleting it under the update (which
    then writes it back: the task in both lists) or losing the update."""
    _stranded(claude)
    source = claude.tasks / SESSION
    lock = source / "2.json.lock"
    lock.mkdir()

    def claude_updates() -> None:
        time.sleep(0.4)
        claude.add_task(SESSION, 2, "API", status="completed")
        lock.rmdir()

    t = threading.Thread(target=claude_updates)
    t.start()
    try:
        assert cli.main(["adopt", SESSION, "--into", "proj"]) == 1
    finally:
        t.join()
    assert "changed while they were copied" in capsys.readouterr().err
    left = _tasks(source)
    assert list(left) == ["2"] and left["2"]["status"] == "completed"


def test_a_task_claude_created_meanwhile_is_never_replaced(
        claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Claude Code took the list lock over (this process was stopped longer than the
    stale time) and created the id about to be written: that task stays as Claude Code
    wrote it, and the copy stops, taking back only what it wrote."""
    from shellhooks import confined

    _stranded(claude)
    target = claude.make_list("proj", ["pending"])
    real = confined.create_at

    def claude_gets_there_first(dir_fd: int, name: str, data: bytes, mode: int = 0o644) -> None:
        if name == "3.json":
            claude.add_task("proj", 3, "Created by Claude meanwhile")
        real(dir_fd, name, data, mode)

    monkeypatch.setattr(confined, "create_at", claude_gets_there_first)
    assert cli.main(["adopt", SESSION, "--into", "proj"]) == 1
    assert "nothing moved" in capsys.readouterr().err
    got = _tasks(target)
    assert sorted(got) == ["1", "3"] and got["3"]["subject"] == "Created by Claude meanwhile"
    assert len(_tasks(claude.tasks / SESSION)) == 3  # the source is untouched
    assert not [p for p in target.iterdir() if p.name.startswith(".tmp-")]
