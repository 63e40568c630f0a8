"""Marks on the named lists Claude Code's start-up clean-up deletes within 3 days."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from shellhooks import cli, retention
from tests.taskfixtures import ClaudeHome

DAY = 86400.0
SESSION = "0b5c3f0e-1111-4222-8333-444455556666"


def _aged(claude: ClaudeHome, name: str, days: float, now: float) -> None:
    claude.make_list(name, ["pending"])
    claude.set_mtime(name, now - days * DAY)


@pytest.fixture
def lists(claude: ClaudeHome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> float:
    """cleanupPeriodDays 10 in the user's settings; lists of several ages."""
    (claude.root / "settings.json").write_text(json.dumps({"cleanupPeriodDays": 10}))
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    now = time.time()
    _aged(claude, "fresh", 2, now)          # 8 days left
    _aged(claude, "soon", 8.5, now)         # 1.5 days left
    _aged(claude, "gone-next-start", 12, now)
    _aged(claude, SESSION, 12, now)         # a session's own list: swept by design
    return now


def test_cleanup_period_days_as_claude_code_reads_it(
    claude: ClaudeHome, tmp_path: Path
) -> None:
    project = tmp_path / "p"
    (project / ".claude").mkdir(parents=True)
    assert retention.cleanup_period_days(project) == 30
    (claude.root / "settings.json").write_text(json.dumps({"cleanupPeriodDays": 10}))
    assert retention.cleanup_period_days(project) == 10
    (project / ".claude" / "settings.json").write_text(json.dumps({"cleanupPeriodDays": 5}))
    assert retention.cleanup_period_days(project) == 5
    (project / ".claude" / "settings.local.json").write_text('{"cleanupPeriodDays": 2.5}')
    assert retention.cleanup_period_days(project) == 2.5
    for junk in ('"7"', "true", "-1", "null", "[1]"):  # not a number of days: ignored
        (project / ".claude" / "settings.local.json").write_text(
            f'{{"cleanupPeriodDays": {junk}}}')
        assert retention.cleanup_period_days(project) == 5
    (project / ".claude" / "settings.json").write_text("{not json")
    assert retention.cleanup_period_days(project) == 10


def test_list_marks_the_named_lists_due(lists: float, claude: ClaudeHome,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    notes = out.split("\n\n", 1)[1].splitlines()
    assert notes[0] == "Claude Code's start-up clean-up (cleanupPeriodDays 10) will delete:"
    assert notes[1:3] == ["  gone-next-start  at the next start of claude", "  soon  in 1 day"]
    assert notes[3].startswith("To keep one: any write to its folder keeps it (touch "
                               "~/.claude/tasks/NAME), or save a copy with 'shellhooks export")
    assert "fresh" not in out.split("\n\n", 1)[1] and SESSION not in out


def test_doctor_warns_with_the_fix_and_the_fix_works(
    lists: float, claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.main(["doctor", "--json"])
    found = {f["name"]: f for f in json.loads(capsys.readouterr().out)}["clean-up"]
    assert found["status"] == "warn"
    assert "gone-next-start (at the next start of claude), soon (in 1 day)" in found["message"]
    assert "touch ~/.claude/tasks/NAME" in found["fix"]
    # The advice: any write to the folder.
    os.utime(claude.tasks / "soon")
    os.utime(claude.tasks / "gone-next-start")
    cli.main(["doctor", "--json"])
    found = {f["name"]: f for f in json.loads(capsys.readouterr().out)}["clean-up"]
    assert found["status"] == "ok"
    assert cli.main(["list"]) == 0
    assert "clean-up" not in capsys.readouterr().out


def test_a_project_setting_changes_the_marks(lists: float, claude: ClaudeHome,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    claude_dir = Path.cwd() / ".claude"
    claude_dir.mkdir()
    (claude_dir / "settings.json").write_text(json.dumps({"cleanupPeriodDays": 365}))
    assert cli.main(["list"]) == 0
    assert "clean-up" not in capsys.readouterr().out


def test_list_json_says_when_the_clean_up_deletes_each_list(
    lists: float, claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import datetime

    assert cli.main(["list", "--json"]) == 0
    by_id = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    for name in ("fresh", "soon", "gone-next-start", SESSION):
        at = datetime.fromisoformat(by_id[name]["cleanup_at"]).timestamp()
        # cleanupPeriodDays 10 from the user's settings, counted from the folder's mtime
        assert abs(at - (os.stat(claude.tasks / name).st_mtime + 10 * DAY)) < 1
    assert datetime.fromisoformat(by_id["gone-next-start"]["cleanup_at"]).timestamp() < lists
    # A project setting in the folder claude would start in moves every date.
    claude_dir = Path.cwd() / ".claude"
    claude_dir.mkdir()
    (claude_dir / "settings.json").write_text(json.dumps({"cleanupPeriodDays": 365}))
    assert cli.main(["list", "--json"]) == 0
    by_id = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    at = datetime.fromisoformat(by_id["soon"]["cleanup_at"]).timestamp()
    assert abs(at - (os.stat(claude.tasks / "soon").st_mtime + 365 * DAY)) < 1
