"""The task-store reader against folders laid out exactly as Claude Code writes them."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shellhooks import store
from tests.taskfixtures import ClaudeHome, task_json

# ---------------------------------------------------------------- list_dirname


@pytest.mark.parametrize(
    ("list_id", "dirname"),
    [
        ("webapp-auth", "webapp-auth"),
        ("Under_score-9", "Under_score-9"),
        ("a.b", "a-b"),
        ("a/b", "a-b"),
        ("a b", "a-b"),
        ("a-b", "a-b"),
        ("../x", "---x"),
        ("é", "-"),
        ("café", "caf-"),
        ("\U0001f600", "--"),  # outside the BMP: two UTF-16 code units
        ("x\U0001f680y", "x--y"),
        ("  padded  ", "padded"),  # Claude Code trims the id first (real 2.1.330)
        ("\u200bzw", "-zw"),  # ... but not of a zero-width space
        ("", ""),
        ("MiXeD", "MiXeD"),  # no lower-casing
        ("日本", "--"),  # BMP characters: one dash each
        ("a\x00b", "a-b"),
        ("\u0661", "-"),  # an Arabic-Indic digit is not [0-9]
    ],
)
def test_list_dirname_matches_claude_code(list_id: str, dirname: str) -> None:
    assert store.list_dirname(list_id) == dirname


def test_list_dirname_never_escapes_the_tasks_folder(claude: ClaudeHome) -> None:
    for evil in ("..", "../..", "/etc", "a/../../b", "."):
        p = Path(store.list_path(evil))
        assert p.parent == claude.tasks
        assert "/" not in p.name and p.name not in (".", "..")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("0b7d6c6e-3f0a-4a8e-9d7e-2b1f6f0c9a11", True),
        ("0B7D6C6E-3F0A-4A8E-9D7E-2B1F6F0C9A11", True),
        ("webapp-auth", False),
        ("0b7d6c6e-3f0a-4a8e-9d7e-2b1f6f0c9a1", False),
        ("0b7d6c6e-3f0a-4a8e-9d7e-2b1f6f0c9a11x", False),
        ("", False),
        ("session-0b7d6c6e", True),  # agent teams: the first 8 characters of the UUID
        ("session-0B7D6C6E", False),  # Claude Code's UUIDs are lowercase
        ("session-0b7d6c6", False),
        ("session-0b7d6c6e1", False),
        ("session-webapp12", False),
        ("Session-0b7d6c6e", False),
    ],
)
def test_is_session_id(name: str, expected: bool) -> None:
    assert store.is_session_id(name) is expected


def test_list_path_follows_claude_config_dir(
    claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert store.list_path("p") == str(claude.tasks / "p")
    monkeypatch.delenv("CLAUDE_CONFIG_DIR")
    assert store.list_path("p") == str(Path(os.environ["HOME"]) / ".claude" / "tasks" / "p")


# ---------------------------------------------------------------- reading lists


def test_tasks_in_numeric_order_with_counts(claude: ClaudeHome) -> None:
    for i in (10, 2, 1, 11, 3):
        claude.add_task("p", i, f"T{i}", status="completed" if i in (2, 11) else "pending")
    claude.add_task("p", 4, "T4", status="in_progress", active_form="Doing 4")
    tl = store.read_list("p")
    assert [t.id for t in tl.tasks] == ["1", "2", "3", "4", "10", "11"]
    c = tl.counts()
    got = (c["pending"], c["in_progress"], c["completed"], c["total"], c["open"])
    assert got == (3, 1, 2, 6, 4)
    assert tl.state == "active"
    assert tl.in_progress()[0].active_form == "Doing 4"
    assert tl.problems == []


def test_task_fields(claude: ClaudeHome) -> None:
    claude.add_task("p", 1, "Subject", description="Long text", active_form="Working",
                    owner="alice", status="in_progress", blocks=[2], blocked_by=[])
    t = store.read_list("p").tasks[0]
    assert (t.id, t.subject, t.description, t.active_form, t.owner, t.status) == (
        "1", "Subject", "Long text", "Working", "alice", "in_progress")
    assert t.blocks == ("2",) and t.blocked_by == ()


def test_file_name_is_the_task_id(claude: ClaudeHome) -> None:
    d = claude.list_dir("p")
    (d / "7.json").write_text(task_json(99, "Mislabelled"))
    assert [t.id for t in store.read_list("p").tasks] == ["7"]


def test_open_blockers_count_until_completed(claude: ClaudeHome) -> None:
    claude.add_task("p", 1, "done", status="completed")
    claude.add_task("p", 2, "open", status="in_progress")
    claude.add_task("p", 3, "waits", blocked_by=[1, 2])
    claude.add_task("p", 4, "waits on a deleted task", blocked_by=[9])
    claude.add_task("p", 5, "waits on done only", blocked_by=[1])
    tl = store.read_list("p")
    by_id = {t.id: t for t in tl.tasks}
    assert tl.open_blockers(by_id["3"]) == ["2"]
    assert tl.open_blockers(by_id["4"]) == ["9"]
    assert tl.open_blockers(by_id["5"]) == []
    assert tl.counts()["blocked"] == 2


def test_internal_tasks_hidden_but_still_block(claude: ClaudeHome) -> None:
    claude.add_task("p", 1, "internal", metadata={"_internal": True})
    claude.add_task("p", 2, "visible", blocked_by=[1])
    claude.add_task("p", 3, "meta but not internal", metadata={"_internal": False, "x": 1})
    tl = store.read_list("p")
    assert [t.id for t in tl.tasks] == ["2", "3"]
    assert tl.hidden == 1
    assert tl.counts()["total"] == 2
    assert tl.open_blockers(tl.tasks[0]) == ["1"]


def test_updated_is_newest_of_folder_and_task_files(claude: ClaudeHome) -> None:
    claude.make_list("p", ["pending", "pending"])
    claude.set_mtime("p", 1_000_000)
    assert store.read_list("p").updated == 1_000_000
    # An in-place rewrite changes the file's mtime but not the folder's.
    os.utime(claude.tasks / "p" / "2.json", (2_000_000, 2_000_000))
    assert store.read_list("p").updated == 2_000_000


def test_states(claude: ClaudeHome) -> None:
    claude.make_list("active", ["pending"])
    claude.list_dir("empty")
    claude.make_list("cleared", ["completed"] * 3)
    claude.clear_list("cleared", 3)
    assert store.read_list("active").state == "active"
    e = store.read_list("empty")
    assert (e.state, e.cleared_count, e.counts()["total"]) == ("empty", None, 0)
    c = store.read_list("cleared")
    assert (c.state, c.cleared_count, c.counts()["total"]) == ("cleared", 3, 0)
    m = store.read_list("nope")
    assert (m.state, m.exists) == ("missing", False)


def test_empty_id_names_no_list(claude: ClaudeHome) -> None:
    claude.make_list("p", ["pending"])
    for empty in ("", " ", "\t\n"):
        tl = store.read_list(empty)
        assert (tl.state, tl.counts()["total"]) == ("missing", 0)


def test_highwatermark_with_tasks_is_active(claude: ClaudeHome) -> None:
    claude.make_list("p", ["pending"])
    (claude.tasks / "p" / ".highwatermark").write_text("7")
    tl = store.read_list("p")
    assert (tl.state, tl.highwatermark, tl.cleared_count) == ("active", 7, None)


@pytest.mark.parametrize("content", ["", "x", "-3", "1e9", "12\n", "99999999999999999999"])
def test_odd_highwatermark(claude: ClaudeHome, content: str) -> None:
    d = claude.list_dir("p")
    (d / ".highwatermark").write_text(content)
    tl = store.read_list("p")
    if content.strip() == "12":
        assert tl.state == "cleared" and tl.cleared_count == 12
    else:
        assert tl.state == "empty" and tl.cleared_count is None


# ---------------------------------------------------------------- hostile contents


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the reader's retry sleeps instead of sleeping."""
    calls: list[float] = []
    monkeypatch.setattr(store.time, "sleep", calls.append)
    return calls


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b'{\n  "id": "2",\n  "subject": "Half', "{\"subject\": \"caf\u00e9".encode()[:-1]],
    ids=["empty", "brace", "cut-json", "cut-utf8"],
)
def test_half_written_file_retried_then_reported(
    claude: ClaudeHome, no_sleep: list[float], content: bytes
) -> None:
    claude.add_task("p", 1, "Whole", status="completed")
    (claude.tasks / "p" / "2.json").write_bytes(content)
    tl = store.read_list("p")
    assert len(no_sleep) == store.RETRIES
    assert [t.id for t in tl.tasks] == ["1"]
    assert tl.counts()["total"] == 1 and tl.counts()["completed"] == 1
    assert [p.name for p in tl.problems] == ["2.json"]
    assert "unreadable" in tl.problems[0].reason
    assert tl.state == "active"


def test_half_written_file_completed_during_retry_is_counted(
    claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    claude.add_task("p", 1, "Whole")
    path = claude.tasks / "p" / "2.json"
    whole = task_json(2, "Second", status="in_progress")
    path.write_text(whole[:10])

    def writer_finishes(_: float) -> None:
        path.write_text(whole)

    monkeypatch.setattr(store.time, "sleep", writer_finishes)
    tl = store.read_list("p")
    assert [t.id for t in tl.tasks] == ["1", "2"]
    assert tl.counts()["in_progress"] == 1
    assert tl.problems == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x00\x01\x02\xff\xfe binary", "not UTF-8"),
        ('{"subject": "caf\u00e9"}'.encode("latin-1"), "not UTF-8"),
        (b"[1, 2, 3]", "not a task object"),
        (b'"just a string"', "not a task object"),
        (b'{"id": "3", "subject": "x", "status": "deleted"}', "unknown status 'deleted'"),
        (b'{"id": "3", "subject": "x", "status": "blocked", "blocks": []}', "unknown status"),
        (b'{"id": "3", "subject": "x", "status": 7}', "unknown status"),
        (b'{"id": "3", "status": "pending"}', "no subject"),
        (b'{"id": "3", "subject": "x", "status": "pending"} trailing', "invalid JSON"),
        (b"[" * 100_000, "invalid JSON"),
    ],
    ids=["binary", "latin1", "array", "string", "deleted", "unknown", "int-status",
         "no-subject", "trailing", "deep"],
)
def test_bad_files_reported_without_retry(
    claude: ClaudeHome, no_sleep: list[float], content: bytes, reason: str
) -> None:
    claude.add_task("p", 1, "Good")
    bad = claude.tasks / "p" / "3.json"
    bad.write_bytes(content)
    old = time.time() - 60  # not being written: no retry
    os.utime(bad, (old, old))
    tl = store.read_list("p")
    assert [t.id for t in tl.tasks] == ["1"]
    assert len(tl.problems) == 1 and tl.problems[0].name == "3.json"
    assert reason in tl.problems[0].reason
    if reason != "invalid JSON":
        assert no_sleep == []


def test_fresh_bad_file_is_retried(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written over the old text, not yet truncated: new text followed by the old tail."""
    path = claude.add_task("p", 1, "A much longer subject than the new one", status="pending")
    old = path.read_text()
    new = task_json(1, "Short", status="completed")
    path.write_text(new + old[len(new):])
    assert path.read_text().endswith("}")
    sleeps: list[float] = []

    def truncate_now(delay: float) -> None:
        sleeps.append(delay)
        path.write_text(new)

    monkeypatch.setattr(store.time, "sleep", truncate_now)
    tl = store.read_list("p")
    assert sleeps and tl.problems == []
    assert [(t.subject, t.status) for t in tl.tasks] == [("Short", "completed")]


def test_file_over_one_mib_is_skipped_with_reason(claude: ClaudeHome) -> None:
    claude.add_task("p", 1, "Good")
    big = json.dumps({"id": "2", "subject": "x" * (store.MAX_TASK_BYTES + 10),
                      "status": "pending"})
    (claude.tasks / "p" / "2.json").write_text(big)
    tl = store.read_list("p")
    assert [t.id for t in tl.tasks] == ["1"]
    assert tl.problems[0].name == "2.json" and "too large" in tl.problems[0].reason


def test_odd_field_types_do_not_crash(claude: ClaudeHome) -> None:
    d = claude.list_dir("p")
    (d / "1.json").write_text(json.dumps({
        "id": 1, "subject": "s", "description": None, "activeForm": 5, "owner": ["x"],
        "status": "pending", "blocks": "2", "blockedBy": [3, None, True, {"a": 1}, "4"],
        "metadata": "not a dict",
    }))
    t = store.read_list("p").tasks[0]
    assert (t.description, t.active_form, t.owner, t.blocks) == ("", None, None, ())
    assert t.blocked_by == ("3", "4")


def test_lock_dirs_temp_files_and_other_files_are_not_tasks(claude: ClaudeHome) -> None:
    claude.make_list("p", ["pending", "completed"])
    d = claude.tasks / "p"
    (d / ".lock.lock").mkdir()
    (d / "1.json.lock").mkdir()
    (d / "2.json.tmp.1a2b3c4d").write_text(task_json(2, "temp", status="pending"))
    (d / "notes.txt").write_text("hello")
    (d / "config.json").write_text("{}")
    (d / "5.json").mkdir()  # a directory named like a task
    (d / "6.JSON").write_text(task_json(6, "upper"))
    (d / "7.json~").write_text(task_json(7, "backup"))
    tl = store.read_list("p")
    assert [t.id for t in tl.tasks] == ["1", "2"]
    assert tl.problems == [] and tl.task_files == 2


def test_lock_only_folder_is_empty(claude: ClaudeHome) -> None:
    d = claude.list_dir("p")
    (d / ".lock.lock").mkdir()
    tl = store.read_list("p")
    assert tl.state == "empty" and tl.problems == []


def test_symlinks(claude: ClaudeHome, tmp_path: Path) -> None:
    claude.add_task("p", 1, "Real")
    d = claude.tasks / "p"
    outside = tmp_path / "outside.json"
    outside.write_text(task_json(2, "Linked", status="completed"))
    (d / "2.json").symlink_to(outside)
    (d / "3.json").symlink_to(d / "3.json")  # a loop onto itself
    (d / "4.json").symlink_to(d / "4b.json")
    (d / "4b.json").symlink_to(d / "4.json")  # a two-step loop
    (d / "5.json").symlink_to(tmp_path / "nowhere.json")  # dangling: a deleted task
    tl = store.read_list("p")
    assert [t.id for t in tl.tasks] == ["1", "2"]
    reasons = {p.name: p.reason for p in tl.problems}
    assert reasons == {"3.json": "symlink loop", "4.json": "symlink loop"}


def test_fifo_named_like_a_task_does_not_hang(claude: ClaudeHome, tmp_path: Path) -> None:
    claude.add_task("p", 1, "Real")
    d = claude.tasks / "p"
    os.mkfifo(d / "2.json")
    os.mkfifo(tmp_path / "fifo")
    (d / "3.json").symlink_to(tmp_path / "fifo")
    tl = store.read_list("p")  # a blocking open would hang here forever
    assert [t.id for t in tl.tasks] == ["1"]
    assert tl.problems == []


def test_unreadable_file_reported(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch) -> None:
    claude.make_list("p", ["pending", "completed"])
    real_open = os.open

    def deny(path: str, flags: int, *a: int) -> int:
        if str(path).endswith("/2.json"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *a)

    monkeypatch.setattr(store.os, "open", deny)
    tl = store.read_list("p")
    assert [t.id for t in tl.tasks] == ["1"]
    assert [(p.name, p.reason) for p in tl.problems] == [("2.json", "permission denied")]


def test_unreadable_folder_reported(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch) -> None:
    claude.make_list("p", ["pending"])
    real_listdir = os.listdir

    def deny(path: str) -> list[str]:
        if str(path).endswith("/p"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_listdir(path)

    monkeypatch.setattr(store.os, "listdir", deny)
    tl = store.read_list("p")
    assert (tl.state, tl.counts()["total"]) == ("unreadable", 0)
    assert "Permission denied" in tl.problems[0].reason


_AS_NOBODY = r"""
import json, os, pathlib, sys
sys.path.insert(0, sys.argv[2])
from shellhooks import store
os.setgid(65534); os.setuid(65534)  # after the imports: nobody cannot read root's Python
tls = {tl.path.name: tl for tl in store.iter_lists(pathlib.Path(sys.argv[1]))}
print(json.dumps({n: [tl.state, [t.id for t in tl.tasks], [[p.name, p.reason] for p in tl.problems]]
                  for n, tl in tls.items()}))
"""


def test_real_permissions_as_an_unprivileged_user(tmp_path: Path) -> None:
    """Real EACCES. Root ignores permissions, so as root the reader runs as `nobody`."""
    base = Path(tempfile.mkdtemp(prefix="shellhooks-perm-"))
    try:
        os.chmod(base, 0o755)
        home = ClaudeHome(base / "claude")
        for p in (base / "claude", home.tasks):
            os.chmod(p, 0o755)
        home.make_list("ok", ["pending", "completed"])
        home.make_list("locked", ["pending"])
        os.chmod(home.tasks / "ok" / "2.json", 0o000)
        os.chmod(home.tasks / "locked", 0o000)
        src = str(Path(__file__).resolve().parent.parent)
        if os.geteuid() == 0:
            if not os.access(src, os.R_OK):  # pragma: no cover
                pytest.skip("the source tree is not readable by nobody")
            cmd = [sys.executable, "-c", _AS_NOBODY, str(home.tasks), src]
        else:
            code = _AS_NOBODY.replace("os.setgid(65534); os.setuid(65534)", "")
            cmd = [sys.executable, "-c", code, str(home.tasks), src]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if r.returncode != 0 and "Operation not permitted" in r.stderr:  # pragma: no cover
            pytest.skip("cannot drop privileges here")
        assert r.returncode == 0, r.stderr
        got = json.loads(r.stdout)
        assert got["ok"] == ["active", ["1"], [["2.json", "permission denied"]]]
        assert got["locked"][0] == "unreadable" and got["locked"][1] == []
    finally:
        os.chmod(base / "claude" / "tasks" / "locked", 0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_folder_that_is_a_file(claude: ClaudeHome) -> None:
    (claude.tasks / "afile").write_text("x")
    tl = store.read_list_dir(claude.tasks / "afile")
    assert tl.state == "unreadable" and tl.problems[0].reason == "not a folder"


# ---------------------------------------------------------------- iterating lists


def test_iter_lists_sees_every_folder_and_nothing_else(claude: ClaudeHome, tmp_path: Path) -> None:
    claude.make_list("a", ["pending"])
    claude.list_dir("b")
    (claude.tasks / "stray.json").write_text("{}")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "1.json").write_text(task_json(1, "linked list"))
    (claude.tasks / "linked").symlink_to(elsewhere)
    (claude.tasks / "loop").symlink_to(claude.tasks / "loop")
    (claude.tasks / "dangling").symlink_to(tmp_path / "nothing")
    got = {tl.id: tl.counts()["total"] for tl in store.iter_lists()}
    assert got == {"a": 1, "b": 0, "linked": 1}


def test_missing_tasks_root(claude: ClaudeHome) -> None:
    shutil.rmtree(claude.tasks)
    assert list(store.iter_lists()) == []
    (claude.root / "tasks").write_text("not a folder")
    assert list(store.iter_lists()) == []


def test_non_utf8_folder_name(claude: ClaudeHome) -> None:
    raw = os.fsencode(str(claude.tasks)) + b"/caf\xe9-\xff"
    os.mkdir(raw)
    with open(raw + b"/1.json", "w") as f:
        f.write(task_json(1, "In an odd folder"))
    (tl,) = list(store.iter_lists())
    assert tl.counts()["total"] == 1
    shown = store.display_name(tl.id)
    assert shown == "caf\ufffd-\ufffd"
    shown.encode("utf-8")  # printable
    # The undecodable name still addresses the folder on disk.
    assert store.read_list_dir(tl.path).counts()["total"] == 1


def test_whole_files_are_never_retried(claude: ClaudeHome, no_sleep: list[float]) -> None:
    claude.make_list("p", ["pending"] * 50)
    tl = store.read_list("p")
    assert tl.counts()["total"] == 50 and no_sleep == []


# ---------------------------------------------------------------- property tests

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_parse_task_never_raises_on_bytes(data: bytes) -> None:
    task, problem, _ = store.parse_task(data, "1")
    assert (task is None) != (problem is None)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "subject", "description", "activeForm", "owner",
                                        "status", "blocks", "blockedBy", "metadata"]),
                       _json_values))
def test_parse_task_never_raises_on_odd_shapes(obj: dict[str, object]) -> None:
    task, problem, _ = store.parse_task(json.dumps(obj).encode(), "4")
    if task is not None:
        assert task.id == "4" and task.status in store.STATUSES
        assert all(isinstance(b, str) for b in task.blocks + task.blocked_by)
    else:
        assert problem
