"""`{sessions}`: the live sessions on a list, in the prompt, `shellhooks prompt` and the
statusLine, counted from Claude Code's sessions files and the stand-in processes' launch
environments (stand-ins as tests/test_sessions.py starts them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from shellhooks import livesessions
from tests.commands.test_launch_others import home_folders, other_session  # noqa: F401
from tests.shelldriver import SHELLS, require_tool
from tests.shells.test_hooks import git_repo, hooked
from tests.taskfixtures import ClaudeHome

FORMAT = "{id} {done}/{total} [{sessions}]"


def sid_of(claude: ClaudeHome, p: subprocess.Popen[bytes]) -> str:
    data = json.loads((claude.root / "sessions" / f"{p.pid}.json").read_text())
    return str(data["sessionId"])


def test_count_on_list(home_folders: Path, other_session: Any,  # noqa: F811
                       claude: ClaudeHome) -> None:
    assert livesessions.count_on_list("webapp-auth") == 0
    a = other_session("webapp-auth", home_folders / "a")
    other_session("another", home_folders / "b")
    assert livesessions.count_on_list("webapp-auth") == 1
    b = other_session("webapp.auth", home_folders / "c")  # the same folder: the same list
    assert livesessions.count_on_list("webapp-auth") == 2
    assert livesessions.count_on_list("webapp-auth", exclude_session=sid_of(claude, a)) == 1
    # No id at launch: the session's own list, named after its session id.
    c = other_session(None, home_folders / "d")
    assert livesessions.count_on_list(sid_of(claude, c)) == 1
    b.kill()
    b.wait()  # its sessions file stays behind, as after a crash
    assert livesessions.count_on_list("webapp-auth") == 1


def test_sessions_files_that_are_not_sessions(claude: ClaudeHome) -> None:
    folder = claude.root / "sessions"
    folder.mkdir()
    for name in ("0.json", f"{os.getpid()}.json.tmp", "x.json", "99999999999999999999.json"):
        (folder / name).write_text("{}")
    (folder / f"{os.getppid()}.json").write_text("not json")  # live pid, unreadable file
    assert livesessions.count_on_list("webapp-auth") == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_stale_file_whose_pid_was_reused_is_not_a_session(
        home_folders: Path, other_session: Any, claude: ClaudeHome) -> None:  # noqa: F811
    # A session that crashed an hour ago left its file; its pid now belongs to another
    # process of the user started from a shell whose hook exported the same list.
    p = other_session("webapp-auth", home_folders / "a", minutes_ago=60)
    assert livesessions.count_on_list("webapp-auth") == 0
    # The file written as the session started (its pid alive since then) still counts.
    (claude.root / "sessions" / f"{p.pid}.json").write_text(json.dumps({
        "pid": p.pid, "sessionId": "00000000-0000-4000-8000-000000000001",
        "startedAt": int(time.time() * 1000)}))
    assert livesessions.count_on_list("webapp-auth") == 1


def prompt(fmt: str = FORMAT) -> str:
    r = subprocess.run([sys.executable, "-m", "shellhooks", "prompt", "--id", "webapp-auth",
                        "--format", fmt, "--color", "never"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return r.stdout


def test_prompt_command_follows_sessions(home_folders: Path, other_session: Any) -> None:  # noqa: F811
    assert prompt() == "webapp-auth 2/3 [0]\n"
    other_session("webapp-auth", home_folders / "a")
    assert prompt() == "webapp-auth 2/3 [1]\n"  # the cached answer is not used
    other_session("webapp-auth", home_folders / "b")
    assert prompt() == "webapp-auth 2/3 [2]\n"
    assert prompt("{id}") == "webapp-auth\n"


def test_statusline_counts_the_other_sessions(home_folders: Path, other_session: Any,  # noqa: F811
                                              claude: ClaudeHome, isolated_home: Path) -> None:
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f'[prompt]\nformat = "{FORMAT}"\n', encoding="utf-8")
    me = other_session("webapp-auth", home_folders / "a")
    stdin = json.dumps({"session_id": sid_of(claude, me), "cwd": str(home_folders)})

    def line() -> str:
        r = subprocess.run([sys.executable, "-m", "shellhooks", "statusline"], input=stdin,
                           env={**os.environ, "CLAUDE_CODE_TASK_LIST_ID": "webapp-auth",
                                "NO_COLOR": "1"},
                           capture_output=True, text=True, timeout=60)
        return r.stdout

    assert line() == "webapp-auth 2/3 [0]\n"  # alone: itself is not counted
    other_session("webapp-auth", home_folders / "b")
    assert line() == "webapp-auth 2/3 [1]\n"


@pytest.mark.parametrize("shell", SHELLS)
def test_prompt_segment_follows_sessions(shell: str, tmp_path: Path, claude: ClaudeHome,
                                         isolated_home: Path, other_session: Any) -> None:  # noqa: F811
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f'[prompt]\nformat = "{FORMAT}"\n', encoding="utf-8")
    repo = git_repo(tmp_path / "proj")
    claude.make_list("proj", ["completed", "pending"])
    claude.set_mtime("proj", time.time() - 60)
    with hooked(shell, cwd=tmp_path) as sh:
        sh.cd(repo)
        assert "proj 1/2 [0]" in (sh.var("SHELLHOOKS_SEGMENT") or "")
        other_session("proj", tmp_path / "elsewhere")
        sh.check("true")  # the next prompt
        assert "proj 1/2 [1]" in (sh.var("SHELLHOOKS_SEGMENT") or "")


@pytest.mark.parametrize("shell", SHELLS)
def test_sessions_in_the_format_keeps_ordinary_prompts_free(
        shell: str, tmp_path: Path, claude: ClaudeHome, isolated_home: Path,
        other_session: Any) -> None:  # noqa: F811
    # Watching the sessions folder must not make every prompt ask again while sessions
    # run: only a session starting or ending does.
    require_tool("strace")
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f'[prompt]\nformat = "{FORMAT}"\n', encoding="utf-8")
    repo = git_repo(tmp_path / "proj")
    claude.make_list("proj", ["completed", "pending"])
    claude.set_mtime("proj", time.time() - 60)
    other_session("proj", tmp_path / "elsewhere")
    with hooked(shell, cwd=tmp_path) as sh:
        sh.cd(repo)
        assert "proj 1/2 [1]" in (sh.var("SHELLHOOKS_SEGMENT") or "")
        n = sh.count_processes(lambda: [sh.enter() for _ in range(3)])
        assert n.processes == 0, n.trace
        other_session("proj", tmp_path / "third")
        # A change this fresh may be asked about once more (the stamp's safety margin).
        n = sh.count_processes(lambda: [sh.enter() for _ in range(2)])
        assert 1 <= n.execs <= 2, n.trace
        assert "proj 1/2 [2]" in (sh.var("SHELLHOOKS_SEGMENT") or "")


def test_a_crashed_session_stops_counting_at_once(home_folders: Path, other_session: Any,  # noqa: F811
                                                  claude: ClaudeHome) -> None:
    a = other_session("webapp-auth", home_folders / "a")
    other_session("webapp-auth", home_folders / "b")
    claude.set_mtime("webapp-auth", time.time() - 3600)  # older than the read: cached
    assert prompt() == "webapp-auth 2/3 [2]\n"
    assert prompt() == "webapp-auth 2/3 [2]\n"
    assert list((Path(os.environ["XDG_CACHE_HOME"]) / "shellhooks" / "prompt").iterdir())
    folder = claude.root / "sessions"
    stamp = os.stat(folder).st_mtime_ns
    a.kill()
    a.wait()  # its sessions file stays, as after a crash: the folder does not change
    assert os.stat(folder).st_mtime_ns == stamp and (folder / f"{a.pid}.json").exists()
    assert prompt() == "webapp-auth 2/3 [1]\n"
