"""History complete from the first sight: a list the journal met mid-way, then the wipe."""

from __future__ import annotations

import fcntl
import json
import time
from pathlib import Path

import pytest

from shellhooks import cli, finished, journal, recorder, sessions, snapshot, store
from tests.taskfixtures import ClaudeHome, task_json


@pytest.fixture(autouse=True)
def nobody_running(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessions, "lists_in_use", lambda *a, **k: set())


def _history(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    assert cli.main(["history", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _restored(claude: ClaudeHome, list_id: str) -> dict[str, str]:
    folder = claude.tasks / list_id
    return {p.stem: json.loads(p.read_text())["status"] for p in folder.glob("*.json")}


def test_mid_list_install_every_task_already_completed(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    # The journal starts (statusLine) when all five tasks are already completed.
    claude.make_list("mid", ["completed"] * 5)
    recorder.record(store.read_list("mid"))
    claude.clear_list("mid", 5)  # Claude Code's wipe
    recorder.record(store.read_list("mid"))

    events = _history(capsys, "mid")
    assert [e["task"] for e in events] == ["1", "2", "3", "4", "5"]
    assert all(journal.is_first_seen(e) for e in events)
    assert cli.main(["history", "mid"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "mid: 5 tasks completed (5 first seen already completed)"
    assert all(line.startswith("  first seen ") for line in out.splitlines()[1:])

    assert cli.main(["restore", "mid"]) == 0
    assert _restored(claude, "mid") == {str(i): "completed" for i in range(1, 6)}


def test_hooks_set_up_mid_list_record_what_was_already_done(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    claude.make_list("mid", ["completed", "completed", "completed", "in_progress", "pending"])
    # The first thing the journal hears: the hook of task 4's completion.
    recorder.record_claude_hook("TaskCompleted", {"task_id": "4", "task_subject": "Task 4"}, "mid")
    claude.add_task("mid", 4, "Task 4", status="completed")
    recorder.record_claude_hook("TaskCompleted", {"task_id": "5", "task_subject": "Task 5"}, "mid")
    claude.add_task("mid", 5, "Task 5", status="completed")
    claude.clear_list("mid", 5)
    recorder.observe(store.read_list("mid"))

    events = _history(capsys, "mid")
    assert [(e["task"], journal.is_first_seen(e)) for e in events] == [
        ("1", True), ("2", True), ("3", True), ("4", False), ("5", False)]
    assert {e["source"] for e in events[3:]} == {"hook:TaskCompleted"}
    assert cli.main(["history", "mid"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "mid: 5 tasks completed (3 first seen already completed)"
    assert cli.main(["restore", "mid"]) == 0
    assert _restored(claude, "mid") == {str(i): "completed" for i in range(1, 6)}


def test_history_after_the_wipe_lists_what_only_the_snapshot_knows(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no project here: `history` alone is every list
    claude.make_list("l", ["completed", "completed", "pending"])
    when = 1_700_000_000.0
    for tid in ("1", "2"):
        (claude.tasks / "l" / f"{tid}.json").touch()
    import os

    os.utime(claude.tasks / "l" / "1.json", (when, when))
    recorder.record(store.read_list("l"))
    # The journal lost its lines (deleted by hand, rotated away): the snapshot still knows.
    (journal.journal_dir("l") / journal.JOURNAL).unlink()
    events = _history(capsys, "l")
    assert [(e["task"], e["source"]) for e in events] == [("1", "snapshot"), ("2", "snapshot")]
    assert events[0]["ts"] == when  # timed by the task file, not by the look
    assert _history(capsys) == events  # every list, too


def test_a_wipe_caught_half_way_after_a_missed_completion_keeps_every_task(
    claude: ClaudeHome,
) -> None:
    # No hooks: the statusLine saw task 3 in progress; it was completed and the wipe began
    # before the statusLine looked again.
    folder = claude.make_list("l", ["completed", "completed", "in_progress"])
    recorder.record(store.read_list("l"))
    time.sleep(0.02)
    claude.add_task("l", 3, "Task 3", status="completed")
    (folder / "1.json").unlink()
    recorder.record(store.read_list("l"))
    snap = snapshot.load_snapshot("l")
    assert snap["statuses"] == {"1": "completed", "2": "completed", "3": "completed"}


def test_restore_applies_a_completion_the_snapshot_missed(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    claude.make_list("l", ["completed", "in_progress"])
    recorder.record(store.read_list("l"))
    folder = journal.journal_dir("l")
    # The hook finds the journal locked (a statusLine writing): only its line is kept.
    with open(folder / journal.LOCK, "w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        recorder.record_claude_hook("TaskCompleted", {"task_id": "2", "task_subject": "Task 2"},
                                    "l", now=time.time() + 1)
    assert snapshot.load_snapshot("l")["statuses"]["2"] == "in_progress"
    claude.clear_list("l", 2)
    assert finished.newest_snapshot("l")["tasks"]["2"] == task_json(2, "Task 2",
                                                                   status="completed")
    assert cli.main(["restore", "l"]) == 0
    assert _restored(claude, "l") == {"1": "completed", "2": "completed"}


def test_first_sight_by_a_hook_happens_once(claude: ClaudeHome, tmp_path: Path) -> None:
    claude.make_list("l", ["completed", "pending"])
    recorder.record_claude_hook("TaskCreated", {"task_id": "3", "task_subject": "Three"}, "l")
    recorder.record_claude_hook("TaskCreated", {"task_id": "4", "task_subject": "Four"}, "l")
    got = [(e["event"], e["task"], e["new"]) for e in journal.read_events("l")]
    assert got == [("created", "1", "completed"), ("created", "3", "pending"),
                   ("created", "4", "pending")]
