"""`shellhooks exec`: a command gets the hook's environment; trust, exit codes and signals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.taskfixtures import ClaudeHome

VAR = "CLAUDE_CODE_TASK_LIST_ID"
OURS = "__SHELLHOOKS_ID"
TODO = "CLAUDE_CODE_ENABLE_TODO_TOOLS"
# The command most tests run: prints its environment's task-list variables as JSON.
SHOW_ENV = [sys.executable, "-c",
            "import json, os; print(json.dumps({k: v for k, v in os.environ.items() "
            "if k in ('CLAUDE_CODE_TASK_LIST_ID', '__SHELLHOOKS_ID', "
            "'CLAUDE_CODE_ENABLE_TODO_TOOLS', '__SHELLHOOKS_TODO')}))"]


def shellhooks(*args: str, cwd: Path, env: dict[str, str] | None = None,
               **kw: object) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([sys.executable, "-m", "shellhooks", *args], cwd=cwd,
                       env=os.environ.copy() if env is None else env, capture_output=True,
                       text=True, timeout=60, **kw)  # type: ignore[call-overload]
    assert "Traceback" not in r.stderr, r.stderr
    return r  # type: ignore[no-any-return]


def shown_env(*args: str, cwd: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    r = shellhooks("exec", *args, "--", *SHOW_ENV, cwd=cwd, env=env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    p = tmp_path / "webapp"
    p.mkdir()
    (p / ".envrc").write_text(f"export {VAR}=webapp-auth\n", encoding="utf-8")
    return p


def test_trusted_folder_exports_like_the_hook(project: Path, tmp_path: Path) -> None:
    assert shellhooks("allow", str(project), cwd=tmp_path).returncode == 0
    (project / "sub").mkdir()
    assert shown_env(cwd=project / "sub") == {
        VAR: "webapp-auth", OURS: "webapp-auth", TODO: "1", "__SHELLHOOKS_TODO": "1"}
    # --dir: another folder's id, the command still runs here.
    assert shown_env("--dir", str(project), cwd=tmp_path)[VAR] == "webapp-auth"


def test_task_tools_opt_in_follows_the_config(project: Path, tmp_path: Path,
                                              isolated_home: Path) -> None:
    assert shellhooks("allow", str(project), cwd=tmp_path).returncode == 0
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("[claude]\nenable_task_tools = false\n", encoding="utf-8")
    assert shown_env(cwd=project) == {VAR: "webapp-auth", OURS: "webapp-auth"}


def test_blocked_file_is_an_error_naming_the_fix(project: Path) -> None:
    marker = project / "ran"
    r = shellhooks("exec", "--", "touch", str(marker), cwd=project)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("shellhooks: ")
    assert "not allowed" in r.stderr and "shellhooks allow" in r.stderr and "--id" in r.stderr
    assert not marker.exists()  # the command never ran
    # An edited file is blocked again after allow.
    assert shellhooks("allow", cwd=project).returncode == 0
    (project / ".envrc").write_text(f"export {VAR}=someone-elses-list\n", encoding="utf-8")
    assert shellhooks("exec", "--", "true", cwd=project).returncode == 2


def test_blocked_file_shows_its_id_safely(tmp_path: Path) -> None:
    # (Quoted: unquoted, the escape character is not read as text and gives no id.)
    (tmp_path / ".envrc").write_text(f"export {VAR}='x\x1b]0;pwned\x07y'\n", encoding="utf-8")
    r = shellhooks("exec", "--", "true", cwd=tmp_path)
    assert r.returncode == 2
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr


def test_id_overrides_a_blocked_file(project: Path) -> None:
    # Given by hand: exported without the hook's marker, so a shell below keeps it.
    env = shown_env("--id", "pr-42", cwd=project)
    assert env[VAR] == "pr-42" and OURS not in env


def test_bad_id_is_refused(project: Path) -> None:
    r = shellhooks("exec", "--id", " ", "--", "true", cwd=project)
    assert r.returncode == 2 and "blank" in r.stderr


def test_unconfigured_folder(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert shown_env(cwd=plain) == {}
    # What a hook exported in the calling shell is not this folder's: removed.
    base = {**os.environ, VAR: "elsewhere", OURS: "elsewhere", TODO: "1",
            "__SHELLHOOKS_TODO": "1"}
    assert shown_env(cwd=plain, env=base) == {}
    # A value the user set by hand wins, as in the hook.
    assert shown_env(cwd=plain, env={**os.environ, VAR: "mine"}) == {VAR: "mine"}


def test_git_folder_gets_its_automatic_id(tmp_path: Path) -> None:
    repo = tmp_path / "My Repo"
    (repo / ".git").mkdir(parents=True)
    assert shown_env(cwd=repo)[VAR] == "my-repo"


def test_exit_code_and_process_pass_through(tmp_path: Path) -> None:
    r = shellhooks("exec", "--", "sh", "-c", "exit 7", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (7, "")
    # The command replaces shellhooks: same pid, so signals reach it directly.
    p = subprocess.Popen([sys.executable, "-m", "shellhooks", "exec", "--", "sh", "-c",
                          "echo $$"], cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    out, _ = p.communicate(timeout=60)
    assert int(out) == p.pid


def test_command_not_found(tmp_path: Path) -> None:
    r = shellhooks("exec", "--", "no-such-command-here", cwd=tmp_path)
    assert r.returncode == 127
    assert r.stderr == "shellhooks: no-such-command-here: command not found\n"
    r = shellhooks("exec", "--id", "x", "--require-done", "--", "no-such-command-here",
                   cwd=tmp_path)
    assert r.returncode == 127


def test_no_command_is_a_usage_error(tmp_path: Path) -> None:
    r = shellhooks("exec", "--id", "x", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("shellhooks: no command given")


# A command that says when it is ready, records the signals it gets, and exits 5 on TERM.
TRAP = """
import os, signal, sys, time
got = []
def on(n, _f):
    got.append(n)
    open(sys.argv[1], "a").write(f"{n}\\n")
    if n == signal.SIGTERM:
        sys.exit(5)
signal.signal(signal.SIGUSR1, on)
signal.signal(signal.SIGTERM, on)
open(sys.argv[2], "w").write("ready")
for _ in range(600):
    time.sleep(0.1)
"""


def start_trap(tmp_path: Path, *exec_args: str) -> tuple[subprocess.Popen[str], Path]:
    log, ready = tmp_path / "signals", tmp_path / "ready"
    p = subprocess.Popen([sys.executable, "-m", "shellhooks", "exec", *exec_args, "--",
                          sys.executable, "-c", TRAP, str(log), str(ready)], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert time.monotonic() < deadline and p.poll() is None, p.communicate()
        time.sleep(0.02)
    return p, log


@pytest.mark.parametrize("require_done", [False, True])
def test_signals_reach_the_command(tmp_path: Path, claude: ClaudeHome,
                                   require_done: bool) -> None:
    claude.make_list("sig", ["completed"])
    p, log = start_trap(tmp_path, "--id", "sig", *(["--require-done"] if require_done else []))
    try:
        p.send_signal(signal.SIGUSR1)  # to shellhooks' pid
        deadline = time.monotonic() + 30
        while not (log.exists() and log.read_text()):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
    finally:
        p.kill()
    assert log.read_text().split() == [str(int(signal.SIGUSR1)), str(int(signal.SIGTERM))]
    assert p.returncode == 5, err  # the command's own exit code


def test_command_killed_by_a_signal_ends_shellhooks_the_same_way(tmp_path: Path,
                                                                claude: ClaudeHome) -> None:
    claude.make_list("sig", ["pending"])
    r = shellhooks("exec", "--id", "sig", "--require-done", "--", "sh", "-c", "kill -TERM $$",
                   cwd=tmp_path)
    assert r.returncode == -signal.SIGTERM
    assert "1 task still open" in r.stderr  # reported before


def test_require_done_with_open_tasks(tmp_path: Path, claude: ClaudeHome) -> None:
    claude.make_list("ci", ["completed", "in_progress", "pending"], subject="Step")
    claude.add_task("ci", 4, "Hidden", metadata={"_internal": True})
    claude.add_task("ci", 5, "Evil \x1b[31mred\x1b[0m\x07 subject")
    r = shellhooks("exec", "--id", "ci", "--require-done", "--", "echo", "out",
                   cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == "out\n"  # the command's output stays its own
    assert r.stderr.splitlines()[0] == "shellhooks: 3 tasks still open in the list ci:"
    assert "#2 [in_progress] Step 2" in r.stderr and "#3 [pending] Step 3" in r.stderr
    assert "Hidden" not in r.stderr and "Step 1" not in r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr and "#5 [pending] Evil" in r.stderr


def test_require_done_command_failure_wins(tmp_path: Path, claude: ClaudeHome) -> None:
    claude.make_list("ci", ["pending"])
    r = shellhooks("exec", "--id", "ci", "--require-done", "--", "sh", "-c", "exit 3",
                   cwd=tmp_path)
    assert r.returncode == 3 and "1 task still open" in r.stderr


@pytest.mark.parametrize("state", ["finished", "cleared", "missing"])
def test_require_done_with_finished_list(tmp_path: Path, claude: ClaudeHome, state: str) -> None:
    if state == "finished":
        claude.make_list("ci", ["completed", "completed"])
    elif state == "cleared":
        claude.clear_list("ci", 2)
    r = shellhooks("exec", "--id", "ci", "--require-done", "--", "true", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, "")


def test_require_done_sees_what_the_command_did(tmp_path: Path, claude: ClaudeHome) -> None:
    d = claude.make_list("ci", ["pending"])
    finish = (f"import pathlib; p = pathlib.Path({str(d / '1.json')!r}); "
              "p.write_text(p.read_text().replace('\"pending\"', '\"completed\"'))")
    r = shellhooks("exec", "--id", "ci", "--require-done", "--", sys.executable, "-c", finish,
                   cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, "")


def test_require_done_needs_an_id(tmp_path: Path) -> None:
    r = shellhooks("exec", "--require-done", "--", "true", cwd=tmp_path)
    assert r.returncode == 2 and "--id" in r.stderr


def fake_claude(tmp_path: Path) -> dict[str, str]:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "claude").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (bindir / "claude").chmod(0o755)
    return {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}


def test_warns_once_about_claude_bare(tmp_path: Path) -> None:
    env = fake_claude(tmp_path)
    r = shellhooks("exec", "--id", "x", "--", "claude", "-p", "hi", "--bare", cwd=tmp_path,
                   env=env)
    assert r.returncode == 0
    assert r.stderr.count("\n") == 1 and "--bare" in r.stderr and "hooks" in r.stderr
    for args in (["claude", "-p", "hi"], ["echo", "--bare"]):
        r = shellhooks("exec", "--id", "x", "--", *args, cwd=tmp_path, env=env)
        assert (r.returncode, r.stderr) == (0, "")


# run_and_wait in a process of its own that logs each signal it passes on.
LOGGED_WAIT = """
import os, sys
from shellhooks import execenv
real_kill = os.kill
def kill(pid, sig):
    with open(sys.argv[1], "a") as f:
        f.write(f"{int(sig)}\\n")
    real_kill(pid, sig)
os.kill = kill
sys.exit(-execenv.run_and_wait(sys.argv[2:], os.environ))
"""
WAIT_FOR_INT = "import signal, sys; open(sys.argv[1], 'w').write('ready'); signal.pause()"


def test_ctrl_c_is_not_passed_on_twice(tmp_path: Path) -> None:
    # The terminal sends Ctrl-C to the whole process group, the command included: a
    # waiting shellhooks must not pass it on a second time (Claude Code quits on a
    # second Ctrl-C). A signal sent to shellhooks alone is passed on.
    import fcntl
    import pty
    import termios

    log, ready = tmp_path / "passed-on", tmp_path / "ready"
    master, slave = pty.openpty()

    def own_terminal() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    try:
        p = subprocess.Popen([sys.executable, "-c", LOGGED_WAIT, str(log), sys.executable,
                              "-c", WAIT_FOR_INT, str(ready)], cwd=tmp_path, stdin=slave,
                             stdout=slave, stderr=slave, start_new_session=True,
                             preexec_fn=own_terminal)
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert time.monotonic() < deadline and p.poll() is None
            time.sleep(0.02)
        os.write(master, b"\x03")
        assert p.wait(timeout=30) == signal.SIGINT  # the command ended by Ctrl-C
        assert not log.exists()  # and shellhooks passed nothing on
    finally:
        os.close(slave)
        os.close(master)


@pytest.mark.parametrize("require_done", [False, True])
def test_command_gets_default_sigpipe_and_sigxfsz(tmp_path: Path, claude: ClaudeHome,
                                                  require_done: bool) -> None:
    # Python ignores SIGPIPE and SIGXFSZ, and an ignored signal stays ignored across exec:
    # `shellhooks exec -- yes | head -1` must end `yes` by SIGPIPE, as without shellhooks,
    # not with "Broken pipe" and exit 1 (and sh cannot undo an ignored-at-entry signal).
    claude.make_list("pipe", ["completed"])
    args = ["exec", "--id", "pipe", *(["--require-done"] if require_done else []), "--"]
    p = subprocess.Popen([sys.executable, "-m", "shellhooks", *args, "yes"], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.read(4) == b"y\ny\n"
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=30) == -signal.SIGPIPE, err
    assert "Broken pipe" not in err
    if sys.platform.startswith("linux"):
        r = shellhooks(*args, "grep", "^SigIgn:", "/proc/self/status", cwd=tmp_path)
        ignored = int(r.stdout.split()[1], 16)
        for sig in (signal.SIGPIPE, signal.SIGXFSZ):
            assert not ignored & (1 << (sig - 1)), (sig, r.stdout)


def test_require_done_report_of_a_huge_list_stays_short(tmp_path: Path,
                                                        claude: ClaudeHome) -> None:
    # A model can leave thousands of open tasks: the CI log gets the first ones and a count.
    claude.make_list("ci", ["pending"] * 3000, subject="Step")
    r = shellhooks("exec", "--id", "ci", "--require-done", "--", "true", cwd=tmp_path)
    lines = r.stderr.splitlines()
    assert r.returncode == 1 and lines[0] == "shellhooks: 3000 tasks still open in the list ci:"
    assert len(lines) <= 25 and "#1 [pending] Step 1" in r.stderr
    assert lines[-1] == f"  ... and {3000 - (len(lines) - 2)} more"
