"""`shellhooks wait`: returns when the condition holds (0), gives up on --timeout (124)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.fake_claude_writer import FakeClaude
from tests.taskfixtures import ClaudeHome


def start_wait(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "shellhooks", "wait", *args],
        env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def still_waiting(proc: subprocess.Popen[str], seconds: float = 1.0) -> bool:
    time.sleep(seconds)
    return proc.poll() is None


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


@pytest.fixture
def fake(claude: ClaudeHome) -> FakeClaude:
    f = FakeClaude(claude.root, "webapp-auth", wipe_delay=0.3, run_hooks=False)
    f.create("Write code")
    f.create("Run tests")
    return f


def test_waits_for_a_task_to_complete(fake: FakeClaude) -> None:
    proc = start_wait("webapp-auth", "--task", "2", "--timeout", "120")
    try:
        assert still_waiting(proc)
        fake.update("2", status="in_progress")
        assert still_waiting(proc)  # in progress is not done
        fake.update("2", status="completed")
        code, out, err = finish(proc)
    finally:
        proc.kill()
    assert (code, out, err) == (0, "#2 Run tests: completed\n", "")


def test_task_by_subject_text(fake: FakeClaude) -> None:
    proc = start_wait("webapp-auth", "--task", "run TESTS", "--status", "in_progress",
                      "--timeout", "120")
    try:
        assert still_waiting(proc)
        fake.update("2", status="in_progress", in_place=True)  # a rewrite in place
        code, out, _ = finish(proc)
    finally:
        proc.kill()
    assert (code, out) == (0, "#2 Run tests: in_progress\n")


def test_whole_list_completed_even_when_wiped_before_we_look(fake: FakeClaude) -> None:
    proc = start_wait("webapp-auth", "--timeout", "120")
    try:
        assert still_waiting(proc)
        fake.wipe_delay = 0.0
        for tid in ("1", "2"):
            fake.update(tid, status="completed")
        fake.wipe_if_done()  # gone at once: the wait sees only the cleared list
        code, out, _ = finish(proc)
    finally:
        proc.kill()
    assert code == 0 and out == "webapp-auth: all 2 tasks completed (cleared)\n"


def test_any_change(fake: FakeClaude) -> None:
    proc = start_wait("webapp-auth", "--status", "any-change", "--timeout", "120")
    try:
        assert still_waiting(proc)
        fake.create("Deploy", owner="bob")
        code, out, _ = finish(proc)
    finally:
        proc.kill()
    assert (code, out) == (0, "#3 Deploy: new, pending (bob)\n")


def test_already_true_returns_at_once(fake: FakeClaude) -> None:
    fake.update("1", status="completed")
    r = subprocess.run([sys.executable, "-m", "shellhooks", "wait", "webapp-auth", "--task", "1",
                        "--timeout", "0"], capture_output=True, text=True, timeout=60)
    assert (r.returncode, r.stdout) == (0, "#1 Write code: completed\n")


@pytest.mark.parametrize(
    "extra", [[], ["--task", "2"], ["--status", "any-change"], ["--task", "99"]]
)
def test_timeout_exits_124(fake: FakeClaude, extra: list[str]) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "shellhooks", "wait", "webapp-auth", *extra, "--timeout", "0.5"],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 124
    assert r.stdout == ""
    assert r.stderr.startswith("shellhooks: timed out after 0.5s waiting for")


def test_a_task_that_does_not_exist_yet(claude: ClaudeHome) -> None:
    proc = start_wait("later", "--task", "Deploy", "--timeout", "120")
    try:
        assert still_waiting(proc)
        f = FakeClaude(claude.root, "later", run_hooks=False)
        f.create("Deploy")
        assert still_waiting(proc, 0.5)
        f.update("1", status="completed")
        code, out, _ = finish(proc)
    finally:
        proc.kill()
    assert (code, out) == (0, "#1 Deploy: completed\n")


def test_ambiguous_subject_is_an_error(fake: FakeClaude) -> None:
    fake.create("Run tests again")
    r = subprocess.run([sys.executable, "-m", "shellhooks", "wait", "webapp-auth", "--task",
                        "tests", "--timeout", "1"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "matches several tasks (#2, #3)" in r.stderr


def test_bad_arguments(claude: ClaudeHome) -> None:
    r = subprocess.run([sys.executable, "-m", "shellhooks", "wait", "x", "--status", "done"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    r = subprocess.run([sys.executable, "-m", "shellhooks", "wait", "x", "--timeout", "-1"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "negative" in r.stderr
