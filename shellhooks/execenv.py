"""Running a command with the environment the hook would give a shell in a folder
(`shellhooks exec`): for scripts, cron, CI and the Agent SDK, which never show a prompt.

The id comes from the same rules and trust as the hook's (resolve.py, trust.py), or
from `--id`. A project file that sets an id but is not allowed is an error here, not a
warning: a job that silently fell back to another list would do its work where nobody
looks. The command runs in the caller's folder, as with `direnv exec`; Claude Code reads
the `.claude/settings*.json` of the folder it starts in.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Mapping, Sequence

from shellhooks import resolve
from shellhooks.config import Config
from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import clean, shown_id, shown_path, truncate, unusable_id

VAR = resolve.VAR
OURS = resolve.OURS  # the value shellhooks exported (the hook protocol)
TODO_VAR = "CLAUDE_CODE_ENABLE_TODO_TOOLS"
TODO_OURS = "__SHELLHOOKS_TODO"  # set when shellhooks exported TODO_VAR
EXIT_USAGE, EXIT_CANNOT_RUN, EXIT_NOT_FOUND = 2, 126, 127
REPORT_TASKS = 20  # open tasks named by --require-done; a model can leave thousands
# What a waiting `exec --require-done` passes on to the command.
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT,
             signal.SIGUSR1, signal.SIGUSR2)
SI_KERNEL = 0x80  # siginfo si_code of a signal the terminal sent (Ctrl-C, hang-up)
# Python ignores these, and an ignored signal stays ignored across exec: the command
# gets them back at their default (`shellhooks exec -- yes | head` ends by SIGPIPE).
RESTORED = tuple(getattr(signal, n) for n in ("SIGPIPE", "SIGXFSZ") if hasattr(signal, n))


def command_environment(directory: str, env: Mapping[str, str], cfg: Config,
                        list_id: str | None = None) -> tuple[dict[str, str], str | None]:
    """(the command's environment, the list id it will use or None) for `directory`.

    As the hook does: a value set by hand (the variable, not to what shellhooks
    exported) is left alone; otherwise the resolved id is exported with the hook's
    marker, or what shellhooks exported earlier is removed. `list_id` (from `--id`)
    wins over everything and counts as set by hand in any shell the command starts.
    Raises ShellhooksError (exit 2) for a blocked project file, naming the fix."""
    out = dict(env)
    if list_id is None:
        res = resolve.resolve_list_id(directory, env, cfg)
        if res.source == "manual":
            return out, res.id
        if res.blocked:
            path, bad_id = res.blocked[0]
            raise ShellhooksError(
                f"{shown_path(path)} sets {VAR}={shown_id(bad_id)} but is not allowed; run "
                f"'shellhooks allow {shown_path(os.path.abspath(directory))}' to use it, "
                "or pass --id ID", EXIT_USAGE)
        list_id = res.id
        mark = True
    else:
        bad = unusable_id(list_id)
        if bad:
            raise ShellhooksError(f"--id {shown_id(list_id)}: {bad}", EXIT_USAGE)
        mark = False
    # What an earlier hook exported is not the user's: replaced or removed.
    if out.get(OURS) and out.get(VAR) == out.get(OURS):
        out.pop(VAR, None)
    out.pop(OURS, None)
    if out.get(TODO_OURS) == "1":
        if out.get(TODO_VAR) == "1":
            out.pop(TODO_VAR, None)
        out.pop(TODO_OURS, None)
    if list_id:
        out[VAR] = list_id
        if mark:
            out[OURS] = list_id
        if cfg.enable_task_tools and TODO_VAR not in out:
            out[TODO_VAR] = "1"
            out[TODO_OURS] = "1"
    return out, list_id or None


def bare_claude(argv: Sequence[str]) -> bool:
    """True when `argv` starts Claude Code with `--bare` (which skips hooks)."""
    from shellhooks.sessions import is_claude_process

    if not argv or not is_claude_process(os.path.basename(argv[0]), list(argv)):
        return False
    return "--bare" in argv[1:]


def replace_with(argv: Sequence[str], env: Mapping[str, str]) -> int:
    """Become the command (signals and the exit code are then its own); returns only
    when it cannot be started: 127 not found, 126 not runnable, after one line."""
    for sig in RESTORED:
        signal.signal(sig, signal.SIG_DFL)
    try:
        os.execvpe(argv[0], list(argv), dict(env))
    except OSError as e:
        return _cannot_run(argv[0], e)
    raise AssertionError("unreachable: exec returns only by raising")


def _cannot_run(name: str, e: OSError) -> int:
    if isinstance(e, FileNotFoundError):
        print(f"shellhooks: {clean(name)}: command not found", file=sys.stderr)
        return EXIT_NOT_FOUND
    print(f"shellhooks: {clean(name)}: {e.strerror or e}", file=sys.stderr)
    return EXIT_CANNOT_RUN


def run_and_wait(argv: Sequence[str], env: Mapping[str, str]) -> int:
    """Run the command and wait for it; its exit code, or -N when signal N ended it.

    Signals sent to this process (`kill`, a CI runner cancelling the job) are passed on
    to the command. Those the terminal sends (Ctrl-C) already reach the command, which
    is in the same process group: passing them on again would make Claude Code see two
    Ctrl-C and quit. sigwaitinfo tells the two apart (si_code)."""
    if not hasattr(signal, "sigwaitinfo"):
        return _run_and_wait_plain(argv, env)
    wanted = {*FORWARDED, signal.SIGCHLD}
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    try:
        try:
            pid = os.posix_spawnp(argv[0], list(argv), dict(env), setsigmask=old_mask,
                                  setsigdef=RESTORED)
        except OSError as e:
            return _cannot_run(argv[0], e)
        while True:
            info = signal.sigwaitinfo(wanted)
            if info.si_signo != signal.SIGCHLD:
                if info.si_code != SI_KERNEL:
                    try:
                        os.kill(pid, info.si_signo)
                    except ProcessLookupError:
                        pass
                continue
            done, status = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return os.waitstatus_to_exitcode(status)
    finally:
        # A signal that came after the command ended is dropped: the report still prints.
        pending = signal.sigpending() & wanted
        while pending and signal.sigtimedwait(pending, 0) is not None:
            pending = signal.sigpending() & wanted
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)


def _run_and_wait_plain(argv: Sequence[str], env: Mapping[str, str]) -> int:
    """run_and_wait where there is no sigwaitinfo (macOS): every signal is passed on."""
    import subprocess

    try:
        proc = subprocess.Popen(list(argv), env=dict(env))
    except OSError as e:
        return _cannot_run(argv[0], e)
    for sig in FORWARDED:
        signal.signal(sig, lambda n, _f: proc.send_signal(n))
    return proc.wait()


def end_like(code: int) -> int:
    """The exit code to return for the command's `code`; for a command a signal ended,
    this process ends by the same signal, so the caller sees what it would have seen."""
    if code >= 0:
        return code
    try:
        signal.signal(-code, signal.SIG_DFL)
        sys.stdout.flush()
        sys.stderr.flush()
        os.kill(os.getpid(), -code)
    except (OSError, ValueError):
        pass
    return 128 - code  # the signal does not end a process (SIGUSR1 ignored...)


def open_tasks_report(list_id: str) -> tuple[int, list[str]]:
    """(how many tasks of the list are not completed, lines naming them for stderr)."""
    from shellhooks import store

    tl = store.read_list(list_id)
    if tl.state == "unreadable":
        return 1, [f"shellhooks: the list {shown_id(list_id)} cannot be read "
                   f"({shown_path(os.fspath(tl.path))})"]
    left = [t for t in tl.tasks if t.status != "completed"]
    if not left:
        return 0, []
    n = len(left)
    lines = [f"shellhooks: {n} task{'s' if n != 1 else ''} still open in the list "
             f"{shown_id(list_id)}:"]
    for t in left[:REPORT_TASKS]:
        lines.append(f"  #{clean(t.id)} [{t.status}] {truncate(clean(t.subject), 100)}")
    if n > REPORT_TASKS:
        lines.append(f"  ... and {n - REPORT_TASKS} more")
    return n, lines
