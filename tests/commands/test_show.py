"""`shellhooks show`: task lines, --open, cleared and unknown lists, JSON."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from shellhooks.cli import main
from shellhooks.commands import show
from tests.taskfixtures import ClaudeHome


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["show", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def webapp(claude: ClaudeHome) -> ClaudeHome:
    claude.add_task("webapp", 1, "Set up the database", status="completed")
    claude.add_task("webapp", 2, "Write the login form", status="completed", owner="alice")
    claude.add_task("webapp", 3, "Add retry to the client", status="in_progress",
                    active_form="Adding retry to the client", blocks=[4])
    claude.add_task("webapp", 4, "Ship it", blocked_by=[3, 1], owner="bob")
    claude.add_task("webapp", 10, "Write docs")
    claude.add_task("webapp", 5, "internal", metadata={"_internal": True})
    return claude


def test_task_lines(webapp: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "webapp")
    assert code == 0 and err == ""
    lines = out.rstrip("\n").split("\n")
    assert lines[0] == "webapp: 5 tasks, 2 done, 1 in progress, 2 pending"
    assert lines[1:6] == [
        "[x] #1 Set up the database",
        "[x] #2 Write the login form  owner: alice",
        "[>] #3 Add retry to the client (Adding retry to the client)",
        "[ ] #4 Ship it  blocked by #3  owner: bob",
        "[ ] #10 Write docs",
    ]
    assert lines[6] == "(1 internal task hidden)"


def test_open_hides_completed(webapp: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "webapp", "--open")
    assert code == 0
    assert "[x]" not in out and "#3" in out and "#4" in out and "#10" in out


def test_default_id_from_environment(
    webapp: ClaudeHome, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "webapp")
    assert show.default_list_id() == "webapp"
    code, out, _ = run(capsys)
    assert code == 0 and out.startswith("webapp: 5 tasks")


def test_no_id_and_no_environment(claude: ClaudeHome, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no project: nothing resolves here
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "")  # empty counts as unset
    code, out, err = run(capsys)
    assert code == 1 and out == ""
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", " \t")  # so does whitespace
    code, out, err = run(capsys)
    assert code == 1 and out == ""
    assert err.startswith("shellhooks: ") and "none is in effect here" in err
    assert err.count("\n") == 1


def test_unknown_list_is_one_line_exit_1(claude: ClaudeHome,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "nope\x1b[31m")
    assert code == 1 and out == ""
    assert err.startswith("shellhooks: no task list 'nope") and err.count("\n") == 1
    assert "\x1b" not in err


def test_unknown_list_suggests_a_near_miss(webapp: ClaudeHome,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "webap")
    assert code == 1 and out == ""
    assert err.startswith("shellhooks: no task list 'webap'; did you mean 'webapp' (5 tasks,")
    assert err.count("\n") == 1


def test_id_is_sanitized_like_claude_code(webapp: ClaudeHome,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    webapp.make_list("my-app", ["pending"])
    for spelling in ("my.app", "my app", "my/app", "my-app"):
        code, out, _ = run(capsys, spelling)
        assert code == 0 and out.startswith("my-app: 1 task,")


def test_literal_folder_name_when_claude_would_not_use_it(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    claude.make_list("odd.name", ["pending"])
    code, out, _ = run(capsys, "odd.name")
    assert code == 0 and out.startswith("odd.name: 1 task")
    for bad in ("..", ".", "", " "):
        code, _, err = run(capsys, bad)
        assert code == 1 and "no task list" in err, bad


def test_cleared_and_empty(claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    claude.clear_list("done", 7)
    code, out, _ = run(capsys, "done")
    assert code == 0 and "cleared" in out and "7 tasks" in out
    claude.list_dir("fresh")
    code, out, _ = run(capsys, "fresh")
    assert code == 0 and out == "fresh: no tasks yet\n"


def test_half_written_reported_and_not_counted(
    webapp: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    (webapp.tasks / "webapp" / "11.json").write_text('{\n  "id": "11",\n  "subject": "Ha')
    (webapp.tasks / "webapp" / "12.json").write_bytes(b"\x00\xff binary")
    code, out, _ = run(capsys, "webapp")
    assert code == 0
    assert out.startswith("webapp: 5 tasks,")
    assert "! 11.json: unreadable" in out
    assert "! 12.json: unreadable after retrying: not UTF-8 text" in out


def test_escape_sequences_stripped(claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    claude.add_task("p", 1, "\x1b]0;pwned\x07Fix \x1b[31mlogin\x1b[0m", status="in_progress",
                    active_form="\x1b[2JWorking", owner="\x9b1mmallory")
    code, out, _ = run(capsys, "p")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "[>] #1 Fix login (Working)  owner: 1mmallory" in out


def test_json_key_by_key(webapp: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "webapp", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["id", "path", "state", "tasks"]
    assert data["id"] == "webapp" and data["state"] == "active"
    assert data["path"] == str(webapp.tasks / "webapp")
    assert [t["id"] for t in data["tasks"]] == ["1", "2", "3", "4", "10"]
    t3 = data["tasks"][2]
    assert list(t3) == ["id", "subject", "description", "active_form", "status", "owner",
                        "blocks", "blocked_by"]
    assert t3 == {"id": "3", "subject": "Add retry to the client",
                  "description": "Add retry to the client",
                  "active_form": "Adding retry to the client", "status": "in_progress",
                  "owner": None, "blocks": ["4"], "blocked_by": []}
    assert data["tasks"][3]["blocked_by"] == ["3", "1"] and data["tasks"][3]["owner"] == "bob"
    code, out, _ = run(capsys, "webapp", "--json", "--open")
    assert [t["id"] for t in json.loads(out)["tasks"]] == ["3", "4", "10"]


def test_json_is_terminal_safe_and_lossless(claude: ClaudeHome,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    subject = "a\x1b[31mb\x9bc\u202ed caf\u00e9"
    claude.add_task("p", 1, subject)
    code, out, _ = run(capsys, "p", "--json")
    assert code == 0
    assert not any(ch in out for ch in "\x1b\x9b\u202e")
    assert "caf\u00e9" in out
    assert json.loads(out)["tasks"][0]["subject"] == subject


def test_cleared_json(claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    claude.clear_list("done", 3)
    code, out, _ = run(capsys, "done", "--json")
    data = json.loads(out)
    assert code == 0 and data["state"] == "cleared" and data["tasks"] == []


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_terminal_and_never_with_no_color(
    webapp: ClaudeHome, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "webapp")
    assert "\x1b" not in out  # a pipe
    monkeypatch.setenv("TERM", "xterm")
    tty = _Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    assert main(["show", "webapp"]) == 0
    assert "\x1b[" in tty.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    tty = _Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    assert main(["show", "webapp"]) == 0
    assert "\x1b" not in tty.getvalue()


def test_unreadable_list_is_one_line_exit_1(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from shellhooks import store

    claude.make_list("locked", ["pending"])
    real_listdir = store.os.listdir

    def deny(path: str) -> list[str]:
        if str(path).endswith("/locked"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_listdir(path)

    monkeypatch.setattr(store.os, "listdir", deny)
    code, out, err = run(capsys, "locked")
    assert code == 1 and out == ""
    assert err == "shellhooks: task list 'locked': cannot read folder: Permission denied\n"


def test_active_form_equal_to_the_subject_is_said_once(
        claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    claude.add_task("l", 1, "Fix the login", status="in_progress", active_form="Fix the login")
    claude.add_task("l", 2, "Add tests", status="in_progress", active_form="Adding tests")
    _code, out, _ = run(capsys, "l")
    assert "[>] #1 Fix the login\n" in out
    assert "[>] #2 Add tests (Adding tests)\n" in out
