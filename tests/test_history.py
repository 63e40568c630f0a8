"""The journal: append, rotation, concurrent writers, observations, hook records, snapshots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shellhooks import journal, recorder, snapshot, store
from tests.taskfixtures import ClaudeHome, task_json


def _lines(list_dirname: str) -> list[dict]:
    return journal.read_events(list_dirname)


def test_append_and_read_back_in_order() -> None:
    journal.append("l", [journal.make_event("l", "created", "1", "A", None, "pending", now=10.0)])
    journal.append(
        "l", [journal.make_event("l", "status", "1", "A", "pending", "completed", now=20.0)]
    )
    got = _lines("l")
    assert [(e["event"], e["task"], e["new"]) for e in got] == [
        ("created", "1", "pending"),
        ("status", "1", "completed"),
    ]
    raw = (journal.journal_dir("l") / journal.JOURNAL).read_text(encoding="utf-8")
    assert raw.count("\n") == 2 and raw.endswith("\n")  # one JSON object per line
    assert got[0]["time"].startswith("1970-01-01T00:00:10")


def test_journal_lives_under_xdg_data_home(isolated_home: Path) -> None:
    journal.append("x", [journal.make_event("x", "created", "1")])
    assert (isolated_home / ".local/share/shellhooks/history/x/journal.jsonl").is_file()


def test_list_names_cannot_escape_the_history_folder() -> None:
    assert journal.journal_dir("../../etc").parent == journal.history_root()


def test_rotation_caps_the_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHELLHOOKS_HISTORY_MAX_BYTES", "2000")
    for i in range(200):
        journal.append("l", [journal.make_event("l", "created", str(i), "x" * 20, now=float(i))])
    folder = journal.journal_dir("l")
    files = sorted(p.name for p in folder.glob("journal*.jsonl"))
    assert files == ["journal.1.jsonl", "journal.2.jsonl", "journal.jsonl"]
    assert all((folder / f).stat().st_size <= 2000 for f in files)
    got = _lines("l")
    ids = [int(e["task"]) for e in got]
    assert ids == sorted(ids) and ids[-1] == 199  # newest kept, oldest dropped, in order
    assert len(ids) < 200


def test_torn_line_is_skipped_not_fatal() -> None:
    journal.append("l", [journal.make_event("l", "created", "1", now=1.0)])
    with open(journal.journal_dir("l") / journal.JOURNAL, "ab") as f:
        f.write(b'{"ts": 2, "event": "crea')  # a crash mid-write
    journal.append("l", [journal.make_event("l", "created", "2", now=3.0)])
    assert [e["task"] for e in _lines("l")] == ["1", "2"]


_WRITER = """
import sys
from shellhooks import journal, recorder, snapshot
n, who = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    journal.append("shared", [journal.make_event("shared", "created", f"{who}-{i}", "s" * 300)])
"""


def test_concurrent_writers_lose_and_tear_no_line(monkeypatch: pytest.MonkeyPatch) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, "60", f"w{k}"], env=os.environ.copy())
        for k in range(6)
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0
    raw = (journal.journal_dir("shared") / journal.JOURNAL).read_bytes().splitlines()
    parsed = [json.loads(line) for line in raw]  # every line whole
    assert len(parsed) == 360
    assert len({e["task"] for e in parsed}) == 360


# ------------------------------------------------------------------ observe


def test_observe_records_each_change_once(claude: ClaudeHome) -> None:
    claude.add_task("l", 1, "Build", status="pending")
    got = recorder.observe(store.read_list("l"))
    assert [(c.kind, c.task_id) for c in got] == [("created", "1")]
    assert recorder.observe(store.read_list("l")) == []  # nothing new
    time.sleep(0.02)
    claude.add_task("l", 1, "Build", status="in_progress", owner="alice")
    got = recorder.observe(store.read_list("l"))
    assert [(c.kind, c.old_status, c.new_status) for c in got] == [
        ("status", "pending", "in_progress")
    ]
    events = _lines("l")
    assert [e["event"] for e in events] == ["created", "status"]
    assert events[1]["owner"] == "alice" and events[1]["source"] == "observe"


def test_observe_without_change_writes_nothing(claude: ClaudeHome) -> None:
    claude.make_list("l", ["pending"])
    recorder.observe(store.read_list("l"))
    folder = journal.journal_dir("l")
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    time.sleep(0.02)
    recorder.observe(store.read_list("l"))
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps


def test_a_list_that_never_had_tasks_leaves_no_trace(claude: ClaudeHome) -> None:
    claude.list_dir("0b5c3f0e-1111-4222-8333-444455556666")
    recorder.observe(store.read_list("0b5c3f0e-1111-4222-8333-444455556666"))
    recorder.observe(store.read_list("never-created"))
    assert not journal.history_root().exists()


def test_observe_records_the_wipe_and_keeps_the_snapshot(claude: ClaudeHome) -> None:
    claude.make_list("l", ["completed", "completed"])
    recorder.observe(store.read_list("l"))
    snap_before = snapshot.load_snapshot("l")
    claude.clear_list("l", 2)
    got = recorder.observe(store.read_list("l"))
    assert [(c.kind, c.count) for c in got] == [("cleared", 2)]
    assert snapshot.load_snapshot("l") == snap_before  # the wiped list did not replace it
    assert len(snap_before["tasks"]) == 2


def test_snapshot_keeps_exact_bytes(claude: ClaudeHome) -> None:
    claude.add_task("l", 1, "Ünïcode ✓ \"quotes\"", owner="bob", blocked_by=["2"])
    claude.add_task("l", 2, "Two", metadata={"_internal": True, "n": 1})
    recorder.observe(store.read_list("l"))
    snap = snapshot.load_snapshot("l")
    for tid in ("1", "2"):
        assert snap["tasks"][tid] == (claude.tasks / "l" / f"{tid}.json").read_text("utf-8")


def test_wipe_caught_half_way_does_not_shrink_the_snapshot(claude: ClaudeHome) -> None:
    folder = claude.make_list("l", ["completed", "completed", "completed"])
    recorder.observe(store.read_list("l"))
    (folder / "1.json").unlink()  # Claude Code deletes the files one by one
    recorder.observe(store.read_list("l"))
    assert sorted(snapshot.load_snapshot("l")["tasks"]) == ["1", "2", "3"]


def test_real_deletion_of_an_open_task_updates_the_snapshot(claude: ClaudeHome) -> None:
    folder = claude.make_list("l", ["pending", "completed"])
    recorder.observe(store.read_list("l"))
    (folder / ".highwatermark").write_text("2")
    (folder / "2.json").unlink()
    recorder.observe(store.read_list("l"))
    snap = snapshot.load_snapshot("l")
    assert sorted(snap["tasks"]) == ["1"] and snap["highwatermark"] == 2


def test_half_written_file_keeps_its_last_copy_in_the_snapshot(claude: ClaudeHome) -> None:
    folder = claude.make_list("l", ["pending", "pending"])
    recorder.observe(store.read_list("l"))
    good = snapshot.load_snapshot("l")["tasks"]["2"]
    time.sleep(0.02)
    claude.add_task("l", 1, "Task 1", status="in_progress")
    (folder / "2.json").write_text("", encoding="utf-8")  # caught while being created
    recorder.observe(store.read_list("l"))
    snap = snapshot.load_snapshot("l")
    assert snap["tasks"]["2"] == good
    assert '"in_progress"' in snap["tasks"]["1"]


# ------------------------------------------------------------------ hooks


def test_task_completed_hook_runs_before_the_write(claude: ClaudeHome) -> None:
    claude.add_task("l", 1, "Build", status="in_progress", owner="alice")
    claude.add_task("l", 2, "Test", status="completed")
    recorder.observe(store.read_list("l"))
    recorder.record_claude_hook("TaskCompleted", {"task_id": "1", "task_subject": "Build"}, "l")
    events = _lines("l")
    last = events[-1]
    assert (last["event"], last["old"], last["new"], last["owner"]) == (
        "status", "in_progress", "completed", "alice"
    )
    assert last["source"] == "hook:TaskCompleted"
    # The snapshot already has the task completed, in Claude Code's format.
    assert snapshot.load_snapshot("l")["tasks"]["1"] == task_json(
        1, "Build", status="completed", owner="alice"
    )
    # Someone looks before Claude Code writes the file: no bogus change back.
    assert recorder.observe(store.read_list("l")) == []
    time.sleep(0.02)
    claude.add_task("l", 1, "Build", status="completed", owner="alice")
    assert recorder.observe(store.read_list("l")) == []  # recorded once, by the hook
    assert len(_lines("l")) == len(events)


def test_task_created_hook_and_observation_do_not_double(claude: ClaudeHome) -> None:
    claude.add_task("l", 1, "Build")
    recorder.record_claude_hook("TaskCreated", {"task_id": "1", "task_subject": "Build"}, "l")
    recorder.observe(store.read_list("l"))
    recorder.record_claude_hook("TaskCreated", {"task_id": "1", "task_subject": "Build"}, "l")
    assert [(e["event"], e["task"]) for e in _lines("l")] == [("created", "1")]


def test_hook_without_task_id_records_nothing(claude: ClaudeHome) -> None:
    recorder.record_claude_hook("TaskCompleted", {"task_subject": "x"}, "l")
    recorder.record_claude_hook("TaskCompleted", {"task_id": True}, "l")
    assert _lines("l") == []


def test_hook_when_the_lock_is_held_still_appends(claude: ClaudeHome) -> None:
    import fcntl

    claude.add_task("l", 1, "Build", status="in_progress")
    folder = journal.journal_dir("l")
    folder.mkdir(parents=True)
    with open(folder / journal.LOCK, "w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        recorder.record_claude_hook("TaskCompleted", {"task_id": "1", "task_subject": "Build"}, "l")
    assert [e["new"] for e in _lines("l")] == ["completed"]


def test_is_completion() -> None:
    assert journal.is_completion({"old": "in_progress", "new": "completed"})
    assert journal.is_completion({"old": None, "new": "completed"})
    assert not journal.is_completion({"old": "completed", "new": "completed"})
    assert not journal.is_completion({"old": "pending", "new": "in_progress"})


def test_snapshot_never_blocks_on_a_fifo(claude: ClaudeHome) -> None:
    folder = claude.make_list("l", ["pending"])
    os.mkfifo(folder / "2.json")  # nobody will ever write to it
    recorder.observe(store.read_list("l"))
    snap = snapshot.take_snapshot(folder)
    assert sorted(snap["tasks"]) == ["1"]


# ------------------------------------------------------------------ state.json entries


@pytest.mark.parametrize("value", [
    ["pending", "S", "alice", ["1", "2"]], ["completed", "S"], ["in_progress", "S", None, []],
    ["pending", "S", 7, [1, "2"]], ["pending", "S", "o", "not a list"], ["bogus", "S"],
    ["pending", 3], ["pending"], "pending", None, {"status": "pending"}, [],
])
def test_raw_state_reads_what_taskstate_reads(value: object) -> None:
    from shellhooks import changes

    ts = changes.TaskState.from_json(value)
    assert recorder.raw_state(value) == (ts.to_json() if ts is not None else None)


def test_state_file_keeps_its_format(claude: ClaudeHome) -> None:
    """state.json as before: tasks in TaskState's JSON form, hook times, file mtimes."""
    from shellhooks import changes

    claude.add_task("l", 1, "Build", status="in_progress", owner="alice", blocked_by=["2"])
    claude.add_task("l", 2, "Test")
    tl = store.read_list("l")
    recorder.observe(tl)
    raw = json.loads((journal.journal_dir("l") / journal.STATE).read_bytes())
    assert raw["v"] == 1 and raw["hook"] == {}
    assert raw["tasks"] == {t.id: changes.TaskState(t.status, t.subject, t.owner,
                                                     t.blocked_by).to_json() for t in tl.tasks}
    assert raw["files"] == {t.id: t.mtime for t in tl.tasks}


def test_record_writes_what_observe_writes(claude: ClaudeHome, monkeypatch) -> None:
    """record() (the statusLine's) and observe() leave the same journal, state and snapshot."""
    def run(use_record: bool, dirname: str) -> tuple:
        claude.make_list(dirname, ["completed", "in_progress", "pending"])
        steps = [
            lambda: None,
            lambda: claude.add_task(dirname, 3, "Task 3", status="in_progress", owner="bob"),
            lambda: claude.add_task(dirname, 4, "New"),
            lambda: (claude.tasks / dirname / "2.json").unlink(),
            lambda: claude.clear_list(dirname, 4),
        ]
        counts = []
        for i, step in enumerate(steps):
            step()
            tl = store.read_list(dirname)
            now = 1000.0 + i
            if use_record:
                counts.append(recorder.record(tl, source="s", now=now))
            else:
                counts.append(len(recorder.observe(tl, source="s", now=now)))
        folder = journal.journal_dir(dirname)
        events = [{k: v for k, v in e.items() if k != "list"} for e in _lines(dirname)]
        state = json.loads((folder / journal.STATE).read_bytes())
        snap = snapshot.load_snapshot(dirname)
        assert snap is not None
        return counts, events, state["tasks"], sorted(snap["tasks"]), snap["statuses"]

    a, b = run(False, "via-observe"), run(True, "via-record")
    assert a == b
    assert a[0] == [3, 1, 1, 1, 1]
    assert [e["event"] for e in a[1]][-1] == "cleared"
