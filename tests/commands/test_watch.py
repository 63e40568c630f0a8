"""`shellhooks watch`: driven in a real pseudo-terminal (and in tmux) while a fake Claude writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from shellhooks import store, textsafe
from shellhooks.commands import watch
from tests.fake_claude_writer import FakeClaude
from tests.taskfixtures import ClaudeHome

TIMEOUT = 30


def spawn_watch(*args: str, rows: int = 24, cols: int = 80) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable, ["-m", "shellhooks", "watch", *args], env=env,
        dimensions=(rows, cols), timeout=TIMEOUT, encoding="utf-8", codec_errors="replace",
    )


@pytest.fixture
def fake(claude: ClaudeHome) -> FakeClaude:
    f = FakeClaude(claude.root, "webapp-auth", wipe_delay=0.2, run_hooks=False)
    f.create("Set up database")
    return f


def test_live_view_shows_each_change_and_exits_cleanly_on_ctrl_c(fake: FakeClaude) -> None:
    child = spawn_watch("webapp-auth")
    try:
        child.expect_exact(watch.ENTER_SCREEN)
        child.expect_exact("webapp-auth  0/1 done")
        child.expect_exact("#1 Set up database")

        fake.create("Auth endpoint", owner="alice")
        # each frame: the list, then the change lines below it
        child.expect_exact("#2 Auth endpoint  owner: alice")  # the redrawn list
        child.expect_exact("#2 Auth endpoint: new, pending (alice)")  # the change line

        fake.update("1", status="in_progress", in_place=True)  # folder mtime unchanged
        child.expect_exact("#1 Set up database: pending -> in_progress")

        fake.create("Run tests", blocked_by=["2"])
        child.expect_exact("blocked by #2")

        fake.update("2", description="more detail", owner="bob")
        child.expect_exact("#2 Auth endpoint: owner changed (bob)")

        for tid in ("1", "2", "3"):
            fake.update(tid, status="completed")
        child.expect_exact("#3 Run tests: pending -> completed")
        fake.wipe_if_done()
        child.expect_exact("cleared by Claude Code after all 3 tasks were completed")
        child.expect_exact("list cleared by Claude Code (3 tasks)")

        child.sendintr()
        child.expect_exact(watch.LEAVE_SCREEN)
        # the changes seen stay in the scrollback after the view is gone
        child.expect_exact("#1 Set up database: pending -> in_progress")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0 and child.signalstatus is None
    assert "Traceback" not in (child.before or "")


def test_q_quits_and_the_terminal_is_restored(fake: FakeClaude, tmp_path: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "PS1": "READY$ "}
    sh = pexpect.spawn("bash", ["--noprofile", "--norc", "-i"], env=env, cwd=str(tmp_path),
                       dimensions=(24, 80), timeout=TIMEOUT, encoding="utf-8")
    try:
        sh.expect_exact("READY$ ")
        sh.sendline("stty -g > before.txt")
        sh.expect_exact("READY$ ")
        sh.sendline(f"'{sys.executable}' -m shellhooks watch webapp-auth; echo \"rc=$?\"")
        sh.expect_exact("#1 Set up database")
        sh.expect_exact("q to quit")  # the full-screen view says how to leave it
        sh.send("q")
        sh.expect_exact("rc=0")
        sh.expect_exact("READY$ ")
        sh.sendline("stty -g > after.txt")
        sh.expect_exact("READY$ ")
        sh.sendline(f"'{sys.executable}' -m shellhooks watch webapp-auth; echo \"rc=$?\"")
        sh.expect_exact("#1 Set up database")
        sh.sendintr()
        sh.expect_exact("rc=0")
        sh.expect_exact("READY$ ")
        sh.sendline("stty -g > after-int.txt; exit")
        sh.expect(pexpect.EOF)
    finally:
        sh.close(force=True)
    before = (tmp_path / "before.txt").read_text()
    assert before.strip()
    assert (tmp_path / "after.txt").read_text() == before  # echo and line mode are back
    assert (tmp_path / "after-int.txt").read_text() == before


def test_narrow_terminal(fake: FakeClaude) -> None:
    fake.create("A very long subject that cannot fit in a narrow terminal pane", owner="alice")
    child = spawn_watch("webapp-auth", rows=6, cols=24)
    try:
        child.expect_exact("  [ ] #1 Set up databa…")  # 23 cells: never the last column
        child.expect_exact("  [ ] #2 A very long s…")
        fake.update("1", status="in_progress")
        child.expect_exact("  [>] #1 Set up databa…")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def test_frame_fits_width_and_height(claude: ClaudeHome) -> None:
    for i in range(1, 30):
        claude.add_task("l", i, f"Task {i} " + "x" * 80, owner="someone-with-a-long-name")
    tl = store.read_list("l")
    changes = [f"12:00:{i:02d}  change {i} " + "y" * 50 for i in range(20)]
    lines = watch.frame([tl], changes, width=30, height=12, color=False)
    assert len(lines) <= 12
    assert all(textsafe.cell_width(line) <= 29 for line in lines)
    assert any("more lines" in line for line in lines)
    assert lines[-1].startswith("  12:00:19")  # the newest change is shown


def test_frame_footer_is_the_last_line(claude: ClaudeHome) -> None:
    for i in range(1, 30):
        claude.add_task("l", i, f"Task {i}")
    tl = store.read_list("l")
    lines = watch.frame([tl], ["12:00:00  a change"], width=40, height=10, color=False,
                        footer="q to quit")
    assert len(lines) <= 10 and lines[-1] == "q to quit"
    assert lines[-2] == "  12:00:00  a change"


def test_frame_states_and_hostile_text(claude: ClaudeHome) -> None:
    claude.add_task("evil", 1, "x\x1b[2J\x1b]0;pwn\x07 $(touch y)", owner="o\x1b[31m")
    lines = watch.frame([store.read_list("evil")], [], width=200, height=None, color=True)
    assert all("\x1b]" not in line and "\x1b[2J" not in line for line in lines)
    claude.clear_list("done", 4)
    assert "cleared by Claude Code after all 4 tasks" in watch.frame(
        [store.read_list("done")], [], width=200, height=None, color=False)[0]
    assert "no such list yet" in watch.frame(
        [store.read_list("nope")], [], width=200, height=None, color=False)[0]


def test_once_prints_and_exits(fake: FakeClaude) -> None:
    fake.create("Auth endpoint", owner="alice", blocked_by=["1"])
    r = subprocess.run([sys.executable, "-m", "shellhooks", "watch", "webapp-auth", "--once"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("webapp-auth  0/2 done, 1 blocked  (updated ")
    assert lines[1:] == [
        "  [ ] #1 Set up database",
        "  [ ] #2 Auth endpoint  blocked by #1  owner: alice",
    ]
    assert "\x1b" not in r.stdout  # no colour, no screen codes when not a terminal


def test_once_all_lists(claude: ClaudeHome) -> None:
    claude.make_list("alpha", ["completed", "pending"])
    claude.make_list("beta", ["in_progress"])
    claude.list_dir("0b5c3f0e-1111-4222-8333-444455556666")  # an empty session list: not shown
    r = subprocess.run([sys.executable, "-m", "shellhooks", "watch", "--all", "--once"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    assert "alpha  1/2 done" in r.stdout and "beta  0/1 done, 1 in progress" in r.stdout
    assert "0b5c3f0e" not in r.stdout


def test_not_a_terminal_prints_one_line_per_change(fake: FakeClaude) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "shellhooks", "watch", "webapp-auth"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("webapp-auth  0/1 done")
        assert proc.stdout.readline() == "  [ ] #1 Set up database\n"
        fake.update("1", status="in_progress", in_place=True)
        assert proc.stdout.readline().endswith("  #1 Set up database: pending -> in_progress\n")
        fake.create("Second")
        assert proc.stdout.readline().endswith("  #2 Second: new, pending\n")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0  # SIGTERM is a clean stop too


def test_watch_feeds_the_journal(fake: FakeClaude) -> None:
    from shellhooks import journal

    proc = subprocess.Popen([sys.executable, "-m", "shellhooks", "watch", "webapp-auth"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        proc.stdout.readline()  # the header
        proc.stdout.readline()  # the one task
        fake.update("1", status="completed")
        assert "completed" in proc.stdout.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert [(e["task"], e["new"]) for e in journal.read_events("webapp-auth")][-1] == (
        "1", "completed"
    )


def test_usage_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    r = subprocess.run([sys.executable, "-m", "shellhooks", "watch"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "give one" in r.stderr
    r = subprocess.run([sys.executable, "-m", "shellhooks", "watch", "x", "--all"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    r = subprocess.run([sys.executable, "-m", "shellhooks", "watch", "x", "--interval", "5"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "--interval" in r.stderr


def test_in_a_tmux_pane(fake: FakeClaude, tmp_path: Path) -> None:
    if shutil.which("tmux") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is missing")
        pytest.skip("tmux is not installed")
    sock = str(tmp_path / "tmux.sock")
    tmux = ["tmux", "-S", sock, "-f", "/dev/null"]
    command = f"'{sys.executable}' -m shellhooks watch webapp-auth; echo rc=$?; sleep 30"
    subprocess.run([*tmux, "new-session", "-d", "-x", "40", "-y", "10", command],
                   check=True, env=os.environ.copy(), timeout=60)

    def pane() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True,
                              timeout=60).stdout

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while True:
            screen = pane()
            if text in screen:
                return screen
            assert time.monotonic() < deadline, f"{text!r} never showed:\n{screen}"
            time.sleep(0.2)

    try:
        wait_for("#1 Set up database")
        fake.update("1", status="in_progress", in_place=True)
        wait_for("[>] #1 Set up database")
        screen = wait_for("#1 Set up database: pendin…")  # the change line, cut to 40
        assert all(len(line) <= 40 for line in screen.splitlines())
        subprocess.run([*tmux, "send-keys", "q"], check=True, timeout=60)
        wait_for("rc=0")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, timeout=60)


def test_all_lists_streams_changes_and_the_wipe(claude: ClaudeHome) -> None:
    from shellhooks import journal

    claude.make_list("alpha", ["completed", "in_progress"])
    claude.make_list("beta", ["pending"])
    proc = subprocess.Popen([sys.executable, "-m", "shellhooks", "watch", "--all"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = [proc.stdout.readline() for _ in range(6)]  # two lists, a blank line between
        assert any(line.startswith("alpha  1/2 done") for line in first)
        time.sleep(0.05)
        claude.add_task("alpha", 2, "Task 2", status="completed")
        assert proc.stdout.readline().endswith("alpha: #2 Task 2: in_progress -> completed\n")
        claude.clear_list("alpha", 2)  # Claude Code's wipe: alpha leaves the view
        assert proc.stdout.readline().endswith("alpha: list cleared by Claude Code (2 tasks)\n")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert [e["event"] for e in journal.read_events("alpha")][-1] == "cleared"
