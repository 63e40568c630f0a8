"""`shellhooks list`: table, folding of session-named lists, sorting and JSON."""

from __future__ import annotations

import json
import os
import time

import pytest

from shellhooks.cli import main
from tests.taskfixtures import ClaudeHome

UUID_A = "0b7d6c6e-3f0a-4a8e-9d7e-2b1f6f0c9a11"
UUID_B = "7e57d00d-1111-4222-8333-944445555666"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["list", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(out: str) -> dict[str, list[str]]:
    """Table rows by id (columns split on runs of 2+ spaces)."""
    import re

    lines = out.rstrip("\n").split("\n")[2:]
    return {r[0]: r for r in (re.split(r"\s{2,}", line.strip()) for line in lines)}


@pytest.fixture
def lists(claude: ClaudeHome) -> ClaudeHome:
    now = time.time()
    claude.make_list("webapp", ["completed", "in_progress", "pending", "pending"])
    claude.set_mtime("webapp", now - 180)
    claude.make_list("api", ["completed"] * 3 + ["pending"])
    claude.set_mtime("api", now - 3 * 3600)
    claude.list_dir("empty-one")
    claude.set_mtime("empty-one", now - 5 * 86400)
    claude.make_list("done", ["completed"] * 2)
    claude.clear_list("done", 12)
    claude.set_mtime("done", now - 2 * 86400)
    claude.make_list(UUID_A, ["pending", "completed"])
    claude.set_mtime(UUID_A, now - 600)
    claude.make_list(UUID_B, ["in_progress"])
    claude.set_mtime(UUID_B, now - 7200)
    return claude


def test_table(lists: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    header = out.split("\n")[0].split()
    assert header[:3] == ["id", "total", "pending"] and "state" in header
    r = rows(out)
    assert r["webapp"] == ["webapp", "4", "2", "1", "1", "3m ago", "active"]
    assert r["api"] == ["api", "4", "1", "0", "3", "3h ago", "active"]
    assert r["empty-one"] == ["empty-one", "0", "0", "0", "0", "5d ago", "empty"]
    assert r["done"] == ["done", "0", "0", "0", "0", "2d ago", "cleared (12)"]
    # Session-named lists are one summary row, placed last.
    assert UUID_A not in out and UUID_B not in out
    summary = out.rstrip("\n").split("\n")[-1]
    assert summary.startswith("(2 session lists)")
    assert rows(out)["(2 session lists)"][1:6] == ["3", "1", "1", "1", "10m ago"]


def test_all_shows_session_lists(lists: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--all")
    r = rows(out)
    assert code == 0 and "session lists" not in out
    assert r[UUID_A][1:5] == ["2", "1", "0", "1"]
    assert r[UUID_B][1:5] == ["1", "0", "1", "0"]


def test_sort_orders(lists: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--all")
    assert list(rows(out)) == ["webapp", UUID_A, UUID_B, "api", "done", "empty-one"]
    _, out, _ = run(capsys, "--all", "--sort", "name")
    assert list(rows(out)) == [UUID_A, UUID_B, "api", "done", "empty-one", "webapp"]
    _, out, _ = run(capsys, "--sort", "open")
    assert list(rows(out))[0] == "webapp"
    assert list(rows(out))[1:3] == ["api", "done"]  # ties keep name order


def test_bad_sort_is_a_usage_error(lists: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--sort", "size")
    assert code == 2 and "invalid choice" in err


def test_json_key_by_key(lists: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json")
    assert code == 0
    data = json.loads(out)
    by_id = {d["id"]: d for d in data}
    assert set(by_id) == {"webapp", "api", "empty-one", "done", UUID_A, UUID_B}  # nothing folded
    for d in data:
        assert list(d) == ["id", "path", "total", "pending", "in_progress", "completed",
                           "updated", "state", "cleared_count", "cleanup_at"]
    w = by_id["webapp"]
    assert w["path"] == str(lists.tasks / "webapp")
    assert (w["total"], w["pending"], w["in_progress"], w["completed"]) == (4, 2, 1, 1)
    assert w["state"] == "active" and w["cleared_count"] is None
    mtime = os.stat(lists.tasks / "webapp").st_mtime
    from datetime import datetime

    assert abs(datetime.fromisoformat(w["updated"]).timestamp() - mtime) < 1
    assert by_id["done"]["state"] == "cleared" and by_id["done"]["cleared_count"] == 12
    assert by_id["empty-one"]["state"] == "empty" and by_id["empty-one"]["total"] == 0


def test_no_lists(claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 0 and "no task lists" in out
    code, out, _ = run(capsys, "--json")
    assert json.loads(out) == []


def test_odd_lists_never_crash(claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    claude.make_list("half", ["pending", "completed"])
    (claude.tasks / "half" / "3.json").write_bytes(b'{\n  "id": "3",\n  "sub')
    (claude.tasks / "half" / "4.json").write_bytes(b"\xff\xfe\x00junk")
    evil = "evil\x1b]0;owned\x07\x1b[31mname"
    claude.make_list(evil, ["pending"])
    os.mkdir(os.fsencode(str(claude.tasks)) + b"/bytes-\xff")
    (claude.tasks / "loop").symlink_to(claude.tasks / "loop")
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert "\x1b" not in out and "\x07" not in out
    r = rows(out)
    assert r["half"][1:5] == ["2", "1", "0", "1"]  # whole files only
    assert r["half"][6] == "active, 2 unreadable files"
    assert r["evilname"][1] == "1"
    assert "bytes-\ufffd" in r
    code, out, _ = run(capsys, "--json")
    data = {d["id"]: d for d in json.loads(out)}
    assert data["half"]["total"] == 2
    assert evil in data and "\x1b" not in out  # escaped inside JSON strings
    assert "bytes-\ufffd" in data


def test_colour_only_on_a_terminal(
    lists: ClaudeHome, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm")
    tty = Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    assert main(["list"]) == 0
    assert "\x1b[" in tty.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    tty2 = Tty()
    monkeypatch.setattr(sys, "stdout", tty2)
    assert main(["list"]) == 0
    assert "\x1b" not in tty2.getvalue() and "webapp" in tty2.getvalue()


def test_unreadable_list_row(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from shellhooks import store

    claude.make_list("fine", ["pending"])
    claude.make_list("locked", ["pending", "pending"])
    real_listdir = store.os.listdir

    def deny(path: str) -> list[str]:
        if str(path).endswith("/locked"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_listdir(path)

    monkeypatch.setattr(store.os, "listdir", deny)
    code, out, _ = run(capsys)
    assert code == 0
    assert rows(out)["locked"][1] == "0" and rows(out)["locked"][6] == "unreadable"
    assert rows(out)["fine"][1] == "1"


def test_agent_team_session_lists_fold_with_the_others(
        claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    # With agent teams on, a session's own list is `session-<8 hex>`: a session list too.
    now = time.time()
    claude.make_list("webapp", ["pending"])
    claude.make_list(UUID_A, ["pending"])
    claude.make_list("session-0b7d6c6e", ["completed", "in_progress"])
    claude.make_list("session-webapp12", ["pending"])  # not hex: a list someone named
    for name in ("webapp", UUID_A, "session-0b7d6c6e", "session-webapp12"):
        claude.set_mtime(name, now - 600)
    code, out, _ = run(capsys)
    assert code == 0
    r = rows(out)
    assert "session-0b7d6c6e" not in r and "session-webapp12" in r
    assert r["(2 session lists)"][1] == "3"
