"""`shellhooks history`: the record survives Claude Code's wipe (driven by a fake Claude writer)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shellhooks import cli, journal
from tests import fake_claude_writer
from tests.taskfixtures import ClaudeHome

ROOT = Path(__file__).resolve().parents[2]


def install_hooks(claude: ClaudeHome, tmp: Path) -> None:
    fake_claude_writer.install_hooks(claude.root, tmp)


def run_fake_claude(claude: ClaudeHome, tmp: Path, list_id: str, steps: list[dict]) -> None:
    steps_file = tmp / "steps.json"
    steps_file.write_text(json.dumps(steps))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(
        [sys.executable, "-m", "tests.fake_claude_writer", str(claude.root), list_id,
         str(steps_file), "--wipe-delay", "0.3"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr


WORK = [
    {"op": "create", "subject": "Set up database"},
    {"op": "create", "subject": "Auth endpoint", "owner": "alice"},
    {"op": "create", "subject": "Run tests", "blockedBy": ["2"]},
    {"op": "update", "id": "1", "status": "in_progress"},
    {"op": "update", "id": "1", "status": "completed"},
    {"op": "update", "id": "2", "status": "in_progress"},
    {"op": "update", "id": "2", "status": "completed"},
    {"op": "update", "id": "3", "status": "in_progress", "in_place": True},
    {"op": "update", "id": "3", "status": "completed"},
]


def test_journal_keeps_every_completed_task_after_the_wipe(
    claude: ClaudeHome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_hooks(claude, tmp_path)
    run_fake_claude(claude, tmp_path, "webapp-auth", WORK)
    folder = claude.tasks / "webapp-auth"
    assert sorted(p.name for p in folder.iterdir()) == [".highwatermark", ".lock"]  # wiped

    assert cli.main(["history", "webapp-auth", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    done = [(e["task"], e["subject"]) for e in events]
    assert done == [("1", "Set up database"), ("2", "Auth endpoint"), ("3", "Run tests")]
    assert all(e["new"] == "completed" for e in events)
    assert {e["source"] for e in events} == {"hook:TaskCompleted"}
    assert events[1]["owner"] == "alice"

    assert cli.main(["history", "webapp-auth"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "webapp-auth: 3 tasks completed"
    for subject in ("Set up database", "Auth endpoint  @alice", "Run tests"):
        assert subject in out

    assert cli.main(["history", "webapp-auth", "--all", "--json"]) == 0
    kinds = [e["event"] for e in json.loads(capsys.readouterr().out)]
    assert kinds.count("created") == 3 and kinds[-1] == "cleared"


def test_since_filters_old_events(capsys: pytest.CaptureFixture[str]) -> None:
    import time

    old = time.time() - 3 * 86400
    journal.append("l", [
        journal.make_event("l", "status", "1", "Old", "in_progress", "completed", now=old),
        journal.make_event("l", "status", "2", "New", "in_progress", "completed"),
    ])
    assert cli.main(["history", "l", "--since", "1d", "--json"]) == 0
    assert [e["subject"] for e in json.loads(capsys.readouterr().out)] == ["New"]
    assert cli.main(["history", "l", "--since", "1w", "--json"]) == 0
    assert [e["subject"] for e in json.loads(capsys.readouterr().out)] == ["Old", "New"]
    assert cli.main(["history", "l", "--since", "soon"]) == 1
    assert "invalid duration" in capsys.readouterr().err


def test_without_id_shows_every_list(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("alpha", "beta"):
        done = journal.make_event(name, "status", "1", f"T {name}", None, "completed")
        journal.append(name, [done])
    assert cli.main(["history"]) == 0
    out = capsys.readouterr().out
    assert "alpha: 1 task completed" in out and "beta: 1 task completed" in out


def test_id_in_effect_is_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "beta")
    for name in ("alpha", "beta"):
        done = journal.make_event(name, "status", "1", f"T {name}", None, "completed")
        journal.append(name, [done])
    assert cli.main(["history"]) == 0
    out = capsys.readouterr().out
    assert "beta" in out and "alpha" not in out


def test_empty_history(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["history", "nothing-here"]) == 0
    assert capsys.readouterr().out == "No completed tasks recorded for list nothing-here.\n"
    assert cli.main(["history", "nothing-here", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_hostile_text_is_cleaned(capsys: pytest.CaptureFixture[str]) -> None:
    journal.append("l", [journal.make_event(
        "l", "status", "1", "pwn\x1b]0;title\x07\x1b[2J", None, "completed", "ev\x1b[31mil")])
    assert cli.main(["history", "l"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "pwn" in out
    assert cli.main(["history", "l", "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out  # escaped in JSON
    assert json.loads(out)[0]["subject"] == "pwn\x1b]0;title\x07\x1b[2J"  # losslessly


def test_statusline_feeds_the_journal(claude: ClaudeHome) -> None:
    claude.add_task("webapp-auth", 1, "Build", status="in_progress")
    env = {**os.environ, "CLAUDE_CODE_TASK_LIST_ID": "webapp-auth"}
    payload = json.dumps({"session_id": "0b5c3f0e-1111-4222-8333-444455556666"})

    def statusline() -> None:
        r = subprocess.run([sys.executable, "-m", "shellhooks", "statusline"], input=payload,
                           env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and "webapp-auth" in r.stdout

    statusline()
    claude.add_task("webapp-auth", 1, "Build", status="completed")
    statusline()
    events = journal.read_events("webapp-auth")
    assert [(e["event"], e["new"], e["source"]) for e in events] == [
        ("created", "in_progress", "statusline"),
        ("status", "completed", "statusline"),
    ]
