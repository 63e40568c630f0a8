"""Change signatures of list folders, and turning two reads into change events."""

from __future__ import annotations

import os
import time

from shellhooks import changes, store
from tests.taskfixtures import ClaudeHome, task_json


def _tick() -> None:
    # File times come from the kernel's coarse clock: step past one tick so two
    # writes never share an mtime.
    time.sleep(0.02)


def test_signature_sees_in_place_rewrite_that_leaves_folder_mtime(claude: ClaudeHome) -> None:
    path = claude.add_task("l", 1, "Build", status="pending")
    folder = path.parent
    before_dir = os.stat(folder).st_mtime_ns
    sig = changes.signature(folder)
    _tick()
    with open(path, "r+", encoding="utf-8") as f:  # open, write, truncate: in place
        f.write(task_json(1, "Build", status="in_progress"))
        f.truncate()
    assert os.stat(folder).st_mtime_ns == before_dir  # the folder did not move...
    assert changes.signature(folder) != sig  # ...but the signature did


def test_signature_sees_rename_create_delete_and_highwatermark(claude: ClaudeHome) -> None:
    folder = claude.make_list("l", ["pending", "pending"])
    sig = changes.signature(folder)
    assert changes.signature(folder) == sig  # stable when nothing happens
    _tick()
    tmp = folder / "1.json.tmp.0a1b2c3d"
    tmp.write_text(task_json(1, "Task 1", status="completed"), encoding="utf-8")
    os.replace(tmp, folder / "1.json")
    sig2 = changes.signature(folder)
    assert sig2 != sig
    _tick()
    (folder / "2.json").unlink()
    sig3 = changes.signature(folder)
    assert sig3 != sig2
    _tick()
    (folder / ".highwatermark").write_text("2", encoding="utf-8")
    assert changes.signature(folder) != sig3


def test_signature_ignores_lock_directories_and_tmp_files(claude: ClaudeHome) -> None:
    folder = claude.make_list("l", ["pending"])
    sig = changes.signature(folder)
    _tick()
    (folder / "1.json.lock").mkdir()
    (folder / "1.json.lock").rmdir()
    # only the folder mtime moved: a lock dir coming and going is a (harmless) change,
    # but files that are not tasks do not add entries
    entries = changes.signature(folder)[1]
    assert [e[0] for e in entries] == [e[0] for e in sig[1]] == ["1.json"]


def test_signature_of_missing_folder_is_stable_and_differs_once_created(claude: ClaudeHome) -> None:
    folder = claude.tasks / "later"
    sig = changes.signature(folder)
    assert changes.signature(folder) == sig
    folder.mkdir()
    assert changes.signature(folder) != sig


def test_root_signature_sees_a_change_in_any_list(claude: ClaudeHome) -> None:
    claude.make_list("a", ["pending"])
    b = claude.add_task("b", 1, "x")
    sig = changes.root_signature()
    _tick()
    b.write_text(task_json(1, "x", status="completed"), encoding="utf-8")
    assert changes.root_signature() != sig


def _states(**tasks: tuple) -> dict[str, changes.TaskState]:
    return {k: changes.TaskState(*v) for k, v in tasks.items()}


def test_diff_states_kinds() -> None:
    old = _states(**{"1": ("pending", "A"), "2": ("pending", "B"), "3": ("pending", "C")})
    new = _states(
        **{"1": ("in_progress", "A", "alice"), "2": ("pending", "B2"), "4": ("pending", "D")}
    )
    got = changes.diff_states(old, new)
    assert [(c.kind, c.task_id) for c in got] == [
        ("status", "1"),
        ("updated", "2"),
        ("deleted", "3"),
        ("created", "4"),
    ]
    assert got[0].old_status == "pending" and got[0].new_status == "in_progress"
    assert got[0].owner == "alice"
    assert got[1].fields == ("subject",)
    assert got[2].old_status == "pending" and got[2].new_status is None


def test_diff_states_orders_ids_numerically() -> None:
    new = _states(**{"10": ("pending", "x"), "9": ("pending", "y"), "2": ("pending", "z")})
    assert [c.task_id for c in changes.diff_states({}, new)] == ["2", "9", "10"]


def test_the_wipe_is_one_cleared_change(claude: ClaudeHome) -> None:
    claude.make_list("l", ["completed", "completed", "completed"])
    before = store.read_list("l")
    claude.clear_list("l", 3)
    after = store.read_list("l")
    assert changes.is_cleared(after)
    got = changes.diff(before, after)
    assert [(c.kind, c.count) for c in got] == [("cleared", 3)]


def test_deleting_one_task_is_not_a_wipe(claude: ClaudeHome) -> None:
    folder = claude.make_list("l", ["completed", "pending"])
    before = store.read_list("l")
    (folder / ".highwatermark").write_text("2", encoding="utf-8")
    (folder / "2.json").unlink()
    got = changes.diff(before, store.read_list("l"))
    assert [(c.kind, c.task_id) for c in got] == [("deleted", "2")]


def test_half_written_file_keeps_its_previous_state(claude: ClaudeHome) -> None:
    folder = claude.make_list("l", ["pending", "pending"])
    before = changes.task_states(store.read_list("l"))
    (folder / "2.json").write_text('{"id": "2", "subj', encoding="utf-8")  # cut short
    tl = store.read_list("l")
    assert "2" not in {t.id for t in tl.tasks}
    after = changes.task_states(tl, before)
    assert after["2"] == before["2"]
    assert changes.diff_states(before, after) == []


def test_blockers_change_is_an_update(claude: ClaudeHome) -> None:
    claude.make_list("l", ["pending", "pending"])
    before = store.read_list("l")
    claude.add_task("l", 2, "Task 2", blocked_by=["1"])
    got = changes.diff(before, store.read_list("l"))
    assert [(c.kind, c.fields) for c in got] == [("updated", ("blockers",))]


def test_describe_cleans_hostile_text() -> None:
    subject = "evil\x1b[31m $(touch x)\x07"
    ch = changes.Change("status", "3", subject, "pending", "completed", "bo\x07b")
    line = changes.describe(ch, "li\x1b]0;t\x07st")
    assert "\x1b" not in line and "\x07" not in line
    assert line == "list: #3 evil $(touch x): pending -> completed (bob)"
    assert changes.describe(changes.Change("cleared", None, count=4)).endswith("(4 tasks)")
