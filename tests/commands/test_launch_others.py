"""The `claude` wrapper's launch check names the other live sessions on the list, with
stand-in `claude` processes (a link to sleep, as tests/test_sessions.py starts them)
and the sessions files Claude Code keeps for them."""

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

import pytest

from shellhooks import sessions
from tests.taskfixtures import ClaudeHome, wait_for_exec

VAR = "CLAUDE_CODE_TASK_LIST_ID"
TODO = "CLAUDE_CODE_ENABLE_TODO_TOOLS"  # else the check's note about the model speaks too


@pytest.fixture
def other_session(tmp_path: Path, claude: ClaudeHome) -> Iterator[Any]:
    """Start a stand-in session on a list, in a folder, with its sessions file."""
    procs: list[subprocess.Popen[bytes]] = []
    fake = tmp_path / "bin" / "claude"
    fake.parent.mkdir()
    fake.symlink_to(shutil.which("sleep") or "/bin/sleep")
    (claude.root / "sessions").mkdir()

    def start(list_id: str | None, cwd: Path, minutes_ago: float = 0,
              sessions_file: bool = True) -> subprocess.Popen[bytes]:
        env = {k: v for k, v in os.environ.items() if k != VAR}
        if list_id is not None:
            env[VAR] = list_id
        cwd.mkdir(parents=True, exist_ok=True)
        p = subprocess.Popen([str(fake), "60"], env=env, cwd=cwd)
        procs.append(p)
        wait_for_exec(p.pid)
        if sessions_file:
            (claude.root / "sessions" / f"{p.pid}.json").write_text(json.dumps({
                "pid": p.pid, "sessionId": f"00000000-0000-4000-8000-{p.pid:012d}",
                "cwd": str(cwd), "startedAt": int((time.time() - minutes_ago * 60) * 1000)}))
        return p

    yield start
    for p in procs:
        p.kill()
        p.wait()


def launch_check(cwd: Path, list_id: str = "webapp-auth") -> subprocess.CompletedProcess[str]:
    """`shellhooks check --launch` as the wrapper runs it (not on a terminal)."""
    r = subprocess.run([sys.executable, "-m", "shellhooks", "check", "--launch", "+-p", "+hi"],
                       cwd=cwd, env={**os.environ, VAR: list_id, TODO: "1"},
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 0 and r.stdout == "" and "Traceback" not in r.stderr, r
    return r


@pytest.fixture
def home_folders(isolated_home: Path, claude: ClaudeHome) -> Path:
    claude.make_list("webapp-auth", ["completed", "completed", "pending"])
    (isolated_home / "here").mkdir()
    return isolated_home


def test_alone_says_nothing(home_folders: Path, other_session: Any) -> None:
    other_session("another-list", home_folders / "src" / "api")
    other_session(None, home_folders / "src" / "misc")  # a session list of its own
    assert launch_check(home_folders / "here").stderr == ""


def test_one_other_session(home_folders: Path, other_session: Any) -> None:
    other_session("webapp-auth", home_folders / "src" / "webapp", minutes_ago=12)
    assert launch_check(home_folders / "here").stderr == (
        "shellhooks: 1 other session on the list webapp-auth (since 12m ago) in ~/src/webapp; "
        "2 of 3 tasks done\n")


def test_two_other_sessions(home_folders: Path, other_session: Any) -> None:
    other_session("webapp-auth", home_folders / "src" / "webapp", minutes_ago=30)
    # `webapp.auth` is the same folder, so the same list.
    other_session("webapp.auth", home_folders / "src" / "webapp" / "api", minutes_ago=3)
    other_session("another-list", home_folders / "src" / "other")
    assert launch_check(home_folders / "here").stderr == (
        "shellhooks: 2 other sessions on the list webapp-auth (since 30m ago) in "
        "~/src/webapp, ~/src/webapp/api; 2 of 3 tasks done\n")


def test_folder_names_are_shown_safely(home_folders: Path, other_session: Any) -> None:
    other_session("webapp-auth", home_folders / "evil\x1b]0;owned\x07\x1b[2J")
    err = launch_check(home_folders / "here").stderr
    assert "1 other session" in err and "\x1b" not in err and "\x07" not in err


def test_stale_sessions_file_is_not_a_session(home_folders: Path, other_session: Any,
                                              claude: ClaudeHome) -> None:
    p = other_session("webapp-auth", home_folders / "src" / "webapp")
    p.kill()
    p.wait()  # the file stays behind, as after a crash
    assert (claude.root / "sessions" / f"{p.pid}.json").exists()
    assert launch_check(home_folders / "here").stderr == ""


def test_no_process_scan_without_a_live_session(home_folders: Path, tmp_path: Path) -> None:
    # The launch check runs before every claude: with no session running it must not
    # import psutil or the sessions module.
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "shellhooks", "check",
                        "--launch", "+-p"], cwd=home_folders / "here",
                       env={**os.environ, VAR: "webapp-auth"}, capture_output=True,
                       text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 0
    imported = {line.split("|")[-1].strip() for line in r.stderr.splitlines()}
    assert "psutil" not in imported and "shellhooks.sessions" not in imported


def test_list_in_use_prefers_settings() -> None:
    s = sessions.Session(pid=1, list_id="from-env", session_id="sid")
    assert s.list_in_use == "from-env"
    s.settings_list_ids = ["user-level", "project-level"]
    assert s.list_in_use == "project-level"
    assert sessions.Session(pid=1, session_id="sid").list_in_use == "sid"


def test_others_line_wording(claude: ClaudeHome) -> None:
    now = time.time()
    many = [sessions.Session(pid=i, cwd=f"/w/{i}", started=now - 60 * i) for i in range(1, 6)]
    claude.clear_list("done", 4)
    assert sessions.others_line("done", many, now) == (
        "shellhooks: 5 other sessions on the list done (since 5m ago) in /w/1, /w/2, /w/3 "
        "and 2 more; cleared after 4 tasks")
    assert sessions.others_line("new", many[:1], now) == (
        "shellhooks: 1 other session on the list new (since 1m ago) in /w/1; no tasks yet")
    assert sessions.others_line("new", [], now) is None


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_a_session_in_a_hostile_folder_cannot_stall_the_launch(
        home_folders: Path, other_session: Any, kind: str) -> None:
    # Another session runs in a folder whose .claude/settings.json is a FIFO, or a link
    # (git stores links) to one or to /dev/tty: reading it would wait forever, at every
    # claude started anywhere.
    folder = home_folders / "src" / "cloned"
    (folder / ".claude").mkdir(parents=True)
    settings = folder / ".claude" / "settings.json"
    if kind == "fifo":
        os.mkfifo(settings)
    else:
        os.mkfifo(home_folders / "fifo")
        settings.symlink_to(home_folders / "fifo")
    other_session("webapp-auth", folder)
    r = subprocess.run([sys.executable, "-m", "shellhooks", "check", "--launch", "+-p"],
                       cwd=home_folders / "here", env={**os.environ, VAR: "webapp-auth",
                                                       TODO: "1"},
                       capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    assert r.returncode == 0 and "1 other session" in r.stderr, r
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("started", ["1e400", "-1e400", "-1e20", "NaN", "1e300"])
def test_a_bad_start_time_in_a_sessions_file_still_gives_the_line(
        home_folders: Path, other_session: Any, claude: ClaudeHome, started: str) -> None:
    p = other_session("webapp-auth", home_folders / "src" / "webapp")
    (claude.root / "sessions" / f"{p.pid}.json").write_text(
        f'{{"pid": {p.pid}, "sessionId": "s", "startedAt": {started}}}')
    assert launch_check(home_folders / "here").stderr == (
        "shellhooks: 1 other session on the list webapp-auth (since just now) in "
        "~/src/webapp; 2 of 3 tasks done\n")
