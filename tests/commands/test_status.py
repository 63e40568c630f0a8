"""`shellhooks status [DIR] [--json]`: the id in effect and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shellhooks import cli
from shellhooks.resolve import VAR
from tests.taskfixtures import ClaudeHome

KEYS = {"id", "source", "source_path", "trusted", "list_dir", "exists", "counts"}


def status_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert cli.main(["status", "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_git_project_with_list(tmp_path: Path, claude: ClaudeHome, capsys,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    proj = tmp_path / "Web App"
    (proj / ".git").mkdir(parents=True)
    claude.make_list("web-app", ["completed", "in_progress", "pending"])
    monkeypatch.chdir(proj)
    data = status_json(capsys)
    assert KEYS <= set(data)
    assert (data["id"], data["source"], data["source_path"]) == ("web-app", "git", str(proj))
    assert data["exists"] is True and data["trusted"] is None
    assert data["list_dir"] == str(claude.tasks / "web-app")
    assert data["counts"]["total"] == 3 and data["counts"]["completed"] == 1
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "web-app" in out and "git" in out and "1 done" in out


def test_blocked_and_trusted_file(tmp_path: Path, capsys) -> None:
    (tmp_path / ".env").write_text(f"{VAR}=x\n", encoding="utf-8")
    data = status_json(capsys, str(tmp_path))
    assert data["id"] is None and data["source"] == "none"
    assert any("shellhooks allow" in n for n in data["notes"])
    assert cli.main(["allow", str(tmp_path)]) == 0
    capsys.readouterr()
    data = status_json(capsys, str(tmp_path))
    assert (data["id"], data["source"], data["trusted"], data["exists"]) == ("x", "dotenv", True,
                                                                             False)


def test_manual_and_user_settings(tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(VAR, "by-hand")
    data = status_json(capsys, str(tmp_path))
    assert (data["id"], data["source"]) == ("by-hand", "manual")


def test_not_a_folder(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert cli.main(["status", str(tmp_path / "nope")]) == 1


def test_explains_an_automatic_id_made_distinct(tmp_path: Path, claude: ClaudeHome,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "work" / "webapp-auth"
    mine.mkdir(parents=True)
    assert cli.main(["pin", "webapp-auth", str(mine)]) == 0
    clone = tmp_path / "evil" / "webapp-auth"
    (clone / ".git").mkdir(parents=True)
    capsys.readouterr()
    data = status_json(capsys, str(clone))
    assert data["id"] == "webapp-auth-evil"
    assert data["auto"] == {"name": "webapp-auth", "taken_by": str(mine),
                            "taken_explicitly": True, "joined_tasks": None}
    assert KEYS <= set(data)
    assert cli.main(["status", str(clone)]) == 0
    out = capsys.readouterr().out
    assert (f"note:    automatic id 'webapp-auth' is used by {mine} (set there explicitly); "
            "this repository is 'webapp-auth-evil'") in out
    assert status_json(capsys, str(mine))["auto"] is None  # not an automatic id


def test_shows_an_automatic_id_that_joined_an_existing_list(
    tmp_path: Path, claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    claude.make_list("webapp-auth", ["pending"] * 12)
    clone = tmp_path / "webapp-auth"
    (clone / ".git").mkdir(parents=True)
    for _ in range(2):  # the first look joins; every later one still shows it
        data = status_json(capsys, str(clone))
        assert data["auto"] == {"name": "webapp-auth", "taken_by": None,
                                "taken_explicitly": None, "joined_tasks": 12}
        assert cli.main(["status", str(clone)]) == 0
        assert "joined the existing list webapp-auth" in capsys.readouterr().out


def test_json_carries_the_task_tools_verdict_the_text_shows(
        tmp_path: Path, claude: ClaudeHome, capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(VAR, "by-hand")
    monkeypatch.setenv("CLAUDE_CODE_ENABLE_TASKS", "0")  # the tools are off: a fix is due
    data = status_json(capsys, str(tmp_path))
    tools = data["task_tools"]
    assert tools["enabled"] is False and "CLAUDE_CODE_ENABLE_TASKS" in tools["fix"]
    assert cli.main(["status", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "task tools: OFF" in text and tools["reason"] in text and tools["fix"] in text


def test_notes_are_plain_sentences(tmp_path: Path, claude: ClaudeHome, capsys,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    claude.make_list("webapp-auth", ["pending"])
    monkeypatch.setenv(VAR, "webap-auth")
    notes = status_json(capsys, str(tmp_path))["notes"]
    assert any("did you mean 'webapp-auth'" in n for n in notes)
    assert not any(n.startswith("shellhooks:") for n in notes)


def test_a_json_error_is_a_json_document(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert cli.main(["status", "--json", str(tmp_path / "nope")]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"error": f"{tmp_path / 'nope'}: not a folder"}
    assert captured.err == f"shellhooks: {tmp_path / 'nope'}: not a folder\n"


def test_near_miss_note_names_the_file_and_line_to_edit(
        tmp_path: Path, claude: ClaudeHome, capsys, monkeypatch) -> None:  # noqa: ANN001
    claude.make_list("webapp-auth", ["pending"])
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".env").write_text(f"FOO=1\n{VAR}=webap-auth\n", encoding="utf-8")
    assert cli.main(["allow", str(proj)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("HOME", str(tmp_path))  # printed paths show the home as ~
    notes = status_json(capsys, str(proj))["notes"]
    assert any(n.endswith("Fix: edit ~/proj/.env:2 to say 'webapp-auth'.") for n in notes)
    assert cli.main(["status", str(proj)]) == 0
    out = capsys.readouterr().out
    assert "file:    ~/proj/.env:2\n" in out
