"""`shellhooks ps`: running sessions as a table and as JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from shellhooks import sessions
from shellhooks.cli import main
from tests.taskfixtures import ClaudeHome, wait_for_exec


@pytest.fixture
def fake_claude(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process named `claude`, launched with a list id, in a known folder."""
    fake = tmp_path / "bin" / "claude"
    fake.parent.mkdir()
    fake.symlink_to(shutil.which("sleep") or "/bin/sleep")
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "CLAUDE_CODE_TASK_LIST_ID": "ps-test\x1b[31m-list"}
    p = subprocess.Popen([str(fake), "60"], env=env, cwd=work)
    wait_for_exec(p.pid)
    yield p
    p.kill()
    p.wait()


def test_json_key_by_key(claude: ClaudeHome, fake_claude: subprocess.Popen[bytes],
                         capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["ps", "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    (mine,) = [d for d in data if d["pid"] == fake_claude.pid]
    assert list(mine) == ["pid", "tty", "cwd", "list_id", "started"]
    assert mine["cwd"] == str(tmp_path / "work")
    assert mine["list_id"] == "ps-test\x1b[31m-list"  # lossless, but escaped in the text:
    assert "\x1b" not in out
    assert mine["tty"] is None or isinstance(mine["tty"], str)
    from datetime import datetime

    started = datetime.fromisoformat(mine["started"]).timestamp()
    assert abs(started - psutil.Process(fake_claude.pid).create_time()) < 2


def test_table(claude: ClaudeHome, fake_claude: subprocess.Popen[bytes],
               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ps"]) == 0
    out = capsys.readouterr().out
    assert out.split("\n")[0].split() == ["pid", "tty", "cwd", "list", "id", "started"]
    (line,) = [ln for ln in out.split("\n") if ln.startswith(f"{fake_claude.pid} ")]
    assert "ps-test-list" in line and "\x1b" not in out
    assert "just now" in line or "1m ago" in line


def test_no_sessions(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sessions, "running_sessions", lambda root=None: [])
    assert main(["ps"]) == 0
    assert capsys.readouterr().out == "no running Claude Code sessions\n"
    assert main(["ps", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_session_without_id_and_unreadable(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    found = [sessions.Session(pid=7, tty="pts/1", cwd="/w", started=1_000_000.0),
             sessions.Session(pid=8, environ_readable=False)]
    monkeypatch.setattr(sessions, "running_sessions", lambda root=None: found)
    assert main(["ps", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0] == {"pid": 7, "tty": "pts/1", "cwd": "/w", "list_id": "session",
                       "started": "1970-01-12T13:46:40+00:00"}
    assert data[1]["list_id"] is None and data[1]["started"] is None
    assert main(["ps"]) == 0
    out = capsys.readouterr().out
    assert "session" in out and "? (no access)" in out


def test_sessions_on_one_list_are_shown_together(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # running_sessions() gives them oldest first; `web.app` and `web-app` are one list.
    found = [sessions.Session(pid=1, list_id="web-app", started=1.0),
             sessions.Session(pid=2, list_id="api", started=2.0),
             sessions.Session(pid=3, started=3.0),
             sessions.Session(pid=4, list_id="web.app", started=4.0),
             sessions.Session(pid=5, list_id="api", started=5.0),
             sessions.Session(pid=6, started=6.0),
             sessions.Session(pid=7, list_id="api", environ_readable=False, started=7.0)]
    monkeypatch.setattr(sessions, "running_sessions", lambda root=None: found)
    assert main(["ps", "--json"]) == 0
    assert [d["pid"] for d in json.loads(capsys.readouterr().out)] == [1, 4, 2, 5, 3, 6, 7]
    assert main(["ps"]) == 0
    rows = capsys.readouterr().out.splitlines()[2:]
    assert [int(r.split()[0]) for r in rows] == [1, 4, 2, 5, 3, 6, 7]
