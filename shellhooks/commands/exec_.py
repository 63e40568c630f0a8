"""`shellhooks exec [--dir DIR] [--id ID] [--require-done] -- COMMAND [ARGS...]`."""

from __future__ import annotations

import argparse
import os
import sys

from shellhooks.errors import ShellhooksError

HELP = "run a command with the task list id the hook would give a shell in DIR"
DESCRIPTION = (
    "Run COMMAND with the environment the shell hook would give a shell in DIR (default: "
    "here), for scripts, cron, CI and the Agent SDK: CLAUDE_CODE_TASK_LIST_ID by the same "
    "rules and trust, and the task-tools opt-in when configured. A project file that is not "
    "allowed is an error (exit 2) unless --id is given. COMMAND replaces shellhooks, so its "
    "signals and exit code are its own. With --require-done, shellhooks waits for COMMAND, "
    "then lists the tasks still open on stderr and exits 1 if any remain (a non-zero exit "
    "of COMMAND wins). COMMAND runs in the current folder, as with direnv exec."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", default=".", metavar="DIR",
                        help="the folder whose list id to use (default: here)")
    parser.add_argument("--id", dest="list_id", metavar="ID",
                        help="use this list id, whatever the folder says")
    parser.add_argument("--require-done", action="store_true",
                        help="wait for COMMAND, then exit 1 if tasks of the list are still open")
    parser.add_argument("command", nargs=argparse.REMAINDER, metavar="-- COMMAND [ARGS...]",
                        help="the command to run, after --")


def run(args: argparse.Namespace) -> int:
    from shellhooks import execenv
    from shellhooks.config import load_config
    from shellhooks.textsafe import shown_path

    argv = list(args.command)
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        raise ShellhooksError("no command given; usage: shellhooks exec [--dir DIR] "
                              "[--id ID] [--require-done] -- COMMAND [ARGS...]", 2)
    if not os.path.isdir(args.dir):
        raise ShellhooksError(f"{shown_path(args.dir)}: not a folder", 2)
    env, list_id = execenv.command_environment(args.dir, os.environ, load_config(),
                                               args.list_id)
    if args.require_done and not list_id:
        raise ShellhooksError(
            f"--require-done needs a list id, and none applies in {shown_path(args.dir)} "
            "(claude would start a new list of its own); pass --id ID", 2)
    if execenv.bare_claude(argv):
        print("shellhooks: claude --bare skips Claude Code's hooks, so the history journal "
              "misses this run; drop --bare to record it", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    if not args.require_done:
        return execenv.replace_with(argv, env)
    code = execenv.run_and_wait(argv, env)
    assert list_id is not None
    left, lines = execenv.open_tasks_report(list_id)
    for line in lines:
        print(line, file=sys.stderr)
    if code != 0:
        return execenv.end_like(code)
    return 1 if left else 0
