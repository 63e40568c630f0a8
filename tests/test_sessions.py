"""Finding running Claude Code sessions, with real processes named `claude`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from shellhooks import sessions
from tests.taskfixtures import ClaudeHome, wait_for_exec


@pytest.mark.parametrize(
    ("name", "cmdline", "expected"),
    [
        ("claude", ["claude"], True),
        ("node", ["node", "/usr/lib/node_modules/@anthropic-ai/claude-code/bin/claude"], True),
        ("node", ["node", "/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js"], False),
        ("node", ["node", "/usr/local/bin/claude", "--resume"], True),
        ("claude", [], True),
        ("bash", ["/home/u/.local/bin/claude"], True),
        ("vim", ["vim", "notes/claude"], True),  # argv[1] ends in /claude: the documented rule
        ("vim", ["vim", "x", "/tmp/claude"], False),  # only argv[0] and argv[1]
        ("claude-helper", ["claude-helper"], False),
        ("python3", ["python3", "claude.py"], False),
        (None, None, False),
    ],
)
def test_is_claude_process(name: str | None, cmdline: list[str] | None, expected: bool) -> None:
    assert sessions.is_claude_process(name, cmdline) is expected


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Any]:
    """Start a process whose name is `claude` (a symlink to sleep) with a given environment."""
    procs: list[subprocess.Popen[bytes]] = []
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "claude"
    fake.symlink_to(shutil.which("sleep") or "/bin/sleep")

    def start(env: dict[str, str] | None = None, cwd: Path | None = None,
              argv0: Path = fake) -> subprocess.Popen[bytes]:
        full = dict(os.environ)
        full.pop("CLAUDE_CODE_TASK_LIST_ID", None)
        full.update(env or {})
        p = subprocess.Popen([str(argv0), "60"], env=full, cwd=cwd or tmp_path)
        procs.append(p)
        wait_for_exec(p.pid)  # the name is `claude` once the exec has happened
        return p

    yield start
    for p in procs:
        p.kill()
        p.wait()


def mine(found: list[sessions.Session], *procs: subprocess.Popen[bytes]) -> dict[int, Any]:
    pids = {p.pid for p in procs}
    return {s.pid: s for s in found if s.pid in pids}


def test_finds_sessions_and_their_launch_ids(
    claude: ClaudeHome, spawn: Any, tmp_path: Path
) -> None:
    work = tmp_path / "proj"
    work.mkdir()
    a = spawn({"CLAUDE_CODE_TASK_LIST_ID": "webapp.auth"}, cwd=work)
    b = spawn({"CLAUDE_CODE_TASK_LIST_ID": ""})  # empty counts as unset
    found = mine(sessions.running_sessions(), a, b)
    assert set(found) == {a.pid, b.pid}
    sa, sb = found[a.pid], found[b.pid]
    assert sa.list_id == "webapp.auth" and sa.shown_list_id == "webapp.auth"
    assert sa.cwd == str(work)
    assert sa.started is not None and abs(sa.started - time.time()) < 60
    assert sb.list_id is None and sb.shown_list_id == "session"
    assert sa.list_folders() == {"webapp-auth"}
    assert "webapp-auth" in sessions.lists_in_use()


def test_sessions_file_gives_session_id(claude: ClaudeHome, spawn: Any) -> None:
    p = spawn()
    (claude.root / "sessions").mkdir()
    sid = "0b7d6c6e-3f0a-4a8e-9d7e-2b1f6f0c9a11"
    (claude.root / "sessions" / f"{p.pid}.json").write_text(json.dumps(
        {"pid": p.pid, "sessionId": sid, "cwd": "/x", "startedAt": int(time.time() * 1000)}))
    s = mine(sessions.running_sessions(), p)[p.pid]
    assert s.session_id == sid and s.list_known
    assert sid in sessions.lists_in_use()


def test_sessions_file_of_a_live_process_with_another_name(
    claude: ClaudeHome, tmp_path: Path
) -> None:
    """A later release could run under another name: the sessions file still counts."""
    p = subprocess.Popen(["sleep", "60"], env={**os.environ, "CLAUDE_CODE_TASK_LIST_ID": "x"})
    try:
        (claude.root / "sessions").mkdir()
        f = claude.root / "sessions" / f"{p.pid}.json"
        f.write_text(json.dumps({"pid": p.pid, "sessionId": "s-1",
                                 "startedAt": int(time.time() * 1000) + 1000}))
        s = mine(sessions.running_sessions(), p)[p.pid]
        assert s.list_id == "x" and s.session_id == "s-1"
        # A started-at long before the process existed: the pid was reused, the file is stale.
        f.write_text(json.dumps({"pid": p.pid, "sessionId": "s-1",
                                 "startedAt": int((time.time() - 3600) * 1000)}))
        assert mine(sessions.running_sessions(), p) == {}
    finally:
        p.kill()
        p.wait()


def test_stale_sessions_file_of_a_dead_pid_is_ignored(claude: ClaudeHome) -> None:
    p = subprocess.Popen(["true"])
    p.wait()
    (claude.root / "sessions").mkdir()
    (claude.root / "sessions" / f"{p.pid}.json").write_text(
        json.dumps({"pid": p.pid, "sessionId": "dead"}))
    (claude.root / "sessions" / "junk.json").write_text("{")
    (claude.root / "sessions" / "123.json").write_bytes(b"\xff")
    assert all(s.pid != p.pid for s in sessions.running_sessions())
    assert "dead" not in sessions.lists_in_use()


def test_wrapper_and_program_count_once(claude: ClaudeHome, spawn: Any, tmp_path: Path) -> None:
    wrapper = tmp_path / "wrap" / "claude"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\n"{tmp_path}/bin/claude" 60\n')
    wrapper.chmod(0o755)
    spawn()  # creates bin/claude
    w = subprocess.Popen([str(wrapper)], env={**os.environ, "CLAUDE_CODE_TASK_LIST_ID": "w"})
    try:
        deadline = time.time() + 10
        while time.time() < deadline and not psutil.Process(w.pid).children():
            time.sleep(0.01)
        child = psutil.Process(w.pid).children()[0].pid
        found = {s.pid for s in sessions.running_sessions()}
        assert w.pid in found and child not in found
    finally:
        for c in psutil.Process(w.pid).children():
            c.kill()
        w.kill()
        w.wait()


def test_settings_env_ids_count_as_in_use(claude: ClaudeHome, spawn: Any, tmp_path: Path) -> None:
    proj = tmp_path / "proj"
    (proj / ".claude").mkdir(parents=True)
    (proj / ".claude" / "settings.local.json").write_text(
        json.dumps({"env": {"CLAUDE_CODE_TASK_LIST_ID": "from-project"}}))
    (claude.root / "settings.json").write_text(
        json.dumps({"env": {"CLAUDE_CODE_TASK_LIST_ID": "from.user"}}))
    p = spawn({"CLAUDE_CODE_TASK_LIST_ID": "launch"}, cwd=proj)
    s = mine(sessions.running_sessions(), p)[p.pid]
    assert s.list_folders() == {"launch", "from-project", "from-user"}
    assert s.shown_list_id == "launch"


class _Fake:
    """A psutil.Process stand-in that fails the way real ones do."""

    def __init__(self, pid: int, fail: type[Exception] | None, env: dict[str, str]) -> None:
        self.pid = pid
        self.info = {"pid": pid, "name": "claude", "cmdline": ["claude"], "terminal": "/dev/pts/9",
                     "cwd": None, "create_time": 1.0, "ppid": 1, "uids": None}
        self._fail = fail
        self._env = env

    def environ(self) -> dict[str, str]:
        if self._fail is psutil.NoSuchProcess:
            raise psutil.NoSuchProcess(self.pid)
        if self._fail is psutil.AccessDenied:
            raise psutil.AccessDenied(self.pid)
        if self._fail is psutil.ZombieProcess:
            raise psutil.ZombieProcess(self.pid)
        return self._env


def test_vanishing_and_denied_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    fakes = [_Fake(101, psutil.NoSuchProcess, {}), _Fake(102, psutil.AccessDenied, {}),
             _Fake(103, psutil.ZombieProcess, {}),
             _Fake(104, None, {"CLAUDE_CODE_TASK_LIST_ID": "ok"})]
    monkeypatch.setattr(psutil, "process_iter", lambda *a, **k: iter(fakes))
    found = {s.pid: s for s in sessions.running_sessions()}
    assert set(found) == {102, 104}  # the vanished one and the zombie are gone
    assert not found[102].environ_readable and not found[102].list_known
    assert found[104].list_id == "ok" and found[104].tty == "pts/9"


def test_zombie_is_not_a_session(claude: ClaudeHome, spawn: Any) -> None:
    p = spawn()
    p.kill()
    deadline = time.time() + 10
    while time.time() < deadline and psutil.Process(p.pid).status() != psutil.STATUS_ZOMBIE:
        time.sleep(0.01)
    assert psutil.Process(p.pid).status() == psutil.STATUS_ZOMBIE  # not reaped yet
    assert mine(sessions.running_sessions(), p) == {}


def test_importing_sessions_does_not_import_psutil() -> None:
    code = "import sys, shellhooks.sessions; print('psutil' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "False", r.stderr
