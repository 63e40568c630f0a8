"""`shellhooks demo`: try shellhooks in a throw-away sandbox.

Opens a subshell of your shell (bash, zsh or fish) whose HOME, XDG folders and
CLAUDE_CONFIG_DIR are in a temporary folder with a few sample projects and task lists,
the hook loaded and a short printed tour. Exiting the shell deletes the folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from shellhooks.errors import ShellhooksError

HELP = "try shellhooks in a throw-away sandbox shell (nothing of yours is touched)"
DESCRIPTION = (
    "Open a subshell of your shell in a temporary HOME with sample projects and task lists "
    "and the hook loaded, with a short tour: the automatic id on cd, the prompt segment, a "
    "file that must be allowed, and a typo warning. Everything is deleted when you exit."
)

# (list id, [(subject, status)]) written as Claude Code writes them.
SAMPLE_LISTS = {
    "webapp-auth": [
        ("Set up the session store", "completed"),
        ("Write the login form", "completed"),
        ("Add rate limiting to /login", "in_progress"),
        ("Password reset by email", "pending"),
        ("Write the auth docs", "pending"),
    ],
    "api-v2": [
        ("Version the routes under /v2", "completed"),
        ("Deprecation headers on /v1", "pending"),
        ("Update the client library", "pending"),
    ],
}

TOUR = """\
shellhooks demo: a throw-away sandbox. HOME is {home}
Nothing of yours is read or changed, and it is all deleted when you exit.

Try these (TAB completes shellhooks' commands and list ids):
  cd webapp-auth            a git project: its list id is exported, the prompt shows its tasks
  echo $CLAUDE_CODE_TASK_LIST_ID
  claude                    a stand-in here: shows the id a real claude would start with
  cd ../api                 its .env names a list, but a cloned project is not trusted yet
  shellhooks allow          trust that .env: the prompt switches to api-v2 at once
  cd ../scratch; claude     a rule in config.toml has a typo: you are offered the list you meant
  cd ..                     outside a project the variable is back to what it was (unset)
  shellhooks status         why an id applies here;  shellhooks list: every list
  exit                      leave the demo (the sandbox is deleted)
"""

# The rc file each shell reads in the sandbox, relative to the sandbox HOME, and the code
# that sets a short prompt with the `(demo)` marker before the hook, the same in each shell.
RC_FILES = {"bash": ".bashrc", "zsh": ".zshrc", "fish": ".config/fish/config.fish"}
PROMPTS = {
    "bash": "PS1='(demo) \\W \\$ '",
    "zsh": "PROMPT='(demo) %1~ %# '",
    "fish": ("set -g fish_greeting ''\n"
             "function fish_prompt; printf '(demo) %s > ' (string replace -r '.*/' '' -- $PWD); "
             "end"),
}

FAKE_CLAUDE = """\
#!/bin/sh
# The shellhooks demo's stand-in for Claude Code.
id=${CLAUDE_CODE_TASK_LIST_ID:-<unset: a new list for each session>}
echo "(demo) claude would start with CLAUDE_CODE_TASK_LIST_ID=$id"
"""


def configure(parser: argparse.ArgumentParser) -> None:
    from shellhooks.shells import NAMES

    parser.add_argument("--shell", choices=NAMES,
                        help="the shell to open (default: $SHELL if it is one of these, else bash)")


def task_json(number: int, subject: str, status: str) -> str:
    """A task file as Claude Code writes it (2-space indent, no final newline)."""
    return json.dumps({"id": str(number), "subject": subject, "description": subject,
                       "status": status, "blocks": [], "blockedBy": []}, indent=2)


def _git_project(path: Path, home: Path) -> None:
    path.mkdir(parents=True)
    git = shutil.which("git")
    # HOME is the sandbox's: the user's git configuration is not read.
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               GIT_CONFIG_NOSYSTEM="1")
    if git and subprocess.run([git, "init", "-q", str(path)], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                              check=False).returncode == 0:
        return
    (path / ".git").mkdir()  # enough for the automatic id when git is not installed


def build_sandbox(root: Path, shell: str) -> dict[str, str]:
    """Lay out the sandbox under `root`; returns the environment for the subshell."""
    from shellhooks.shells import get_shell, shells_dir

    home = root / "home"
    claude_dir = home / ".claude"
    for list_id, tasks in SAMPLE_LISTS.items():
        d = claude_dir / "tasks" / list_id
        d.mkdir(parents=True)
        (d / ".lock").touch()
        for n, (subject, status) in enumerate(tasks, 1):
            (d / f"{n}.json").write_text(task_json(n, subject, status), encoding="utf-8")

    projects = home / "projects"
    _git_project(projects / "webapp-auth", home)
    _git_project(projects / "api", home)
    (projects / "api" / ".env").write_text("CLAUDE_CODE_TASK_LIST_ID=api-v2\n", encoding="utf-8")
    (projects / "scratch").mkdir()
    config = home / ".config" / "shellhooks" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('# A rule with a typo: the list is "webapp-auth".\n'
                      '[[rule]]\npath = "~/projects/scratch"\nid = "webap-auth"\n',
                      encoding="utf-8")

    # `shellhooks` (this very installation) and a stand-in `claude` first on PATH.
    bin_dir = root / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "shellhooks"
    # Never `python -m shellhooks` (the folder the user is in would come first on sys.path):
    # this package's folder first, as the hook does it.
    lib = str(shells_dir().parent.parent)
    if any(c.isspace() for c in sys.executable):
        code = ("import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.cli import main;"
                "sys.exit(main(sys.argv[1:]))")
        exe.write_text(f"#!/bin/sh\nexec {_sh_quote(sys.executable)} -I -c {_sh_quote(code)} "
                       f"{_sh_quote(lib)} \"$@\"\n", encoding="utf-8")
    else:  # a Python #! line lets the hook find the interpreter without a process
        exe.write_text(f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {lib!r})\n"
                       "from shellhooks.cli import main\nsys.exit(main())\n", encoding="utf-8")
    (bin_dir / "claude").write_text(FAKE_CLAUDE, encoding="utf-8")
    for f in (exe, bin_dir / "claude"):
        f.chmod(0o755)

    # fish's first start in a new home parses every man page in the background, for a
    # long while and past the end of the demo, unless this folder exists.
    (home / ".local" / "share" / "fish" / "generated_completions").mkdir(parents=True)

    sh = get_shell(shell)
    rc = home / RC_FILES[shell]
    rc.parent.mkdir(parents=True, exist_ok=True)
    rc.write_text(f"{PROMPTS[shell]}\nsource {sh.quote(str(sh.hook_path()))}\n", encoding="utf-8")

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("__SHELLHOOKS", "SHELLHOOKS_", "DIRENV_", "__shellhooks"))
           and k not in ("CLAUDE_CODE_TASK_LIST_ID", "PROMPT_COMMAND", "ZDOTDIR", "BASH_ENV",
                         "ENV", "HISTFILE", "CLAUDE_CODE_ENABLE_TODO_TOOLS")}
    env.update(
        HOME=str(home),
        ZDOTDIR=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        CLAUDE_CONFIG_DIR=str(claude_dir),
        PATH=str(bin_dir) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        SHELLHOOKS_DEMO=str(root),
    )
    return env


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _stop_leftovers(shell_pid: int) -> None:
    """Kill what the demo shell left running in its process group (an interactive shell
    leads its own): a hook process the shell started as the terminal closed would
    otherwise write into the sandbox after it is deleted."""
    try:
        if os.getpgid(0) != shell_pid:
            os.killpg(shell_pid, signal.SIGKILL)
    except OSError:
        pass  # no such group: nothing left over


def _delete(root: Path) -> None:
    """Delete the sandbox, and again if something that outlived the shell (not in its
    process group) brought part of it back within the next second."""
    import time

    shutil.rmtree(root, ignore_errors=True)
    for _ in range(10):
        time.sleep(0.1)
        if root.exists():
            shutil.rmtree(root, ignore_errors=True)


def _sh_quote(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


def choose_shell(requested: str | None) -> tuple[str, str]:
    """(name, path) of the shell to open."""
    from shellhooks.shells import NAMES, detect_shell

    order = [requested] if requested else [n for n in (detect_shell(), *NAMES) if n]
    for name in order:
        path = shutil.which(name)
        if path:
            return name, path
    raise ShellhooksError(f"{order[0]} is not installed" if requested
                          else "none of bash, zsh or fish is installed")


def run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ShellhooksError("the demo opens an interactive shell: run it on a terminal")
    shell, path = choose_shell(args.shell)
    signals = (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM)
    old = {s: signal.getsignal(s) for s in signals}
    # From here a closed terminal (SIGHUP) or a kill (SIGTERM) ends the demo and deletes the
    # sandbox; once the shell runs, Ctrl-C and Ctrl-\ are for it, not for us.
    signal.signal(signal.SIGHUP, _exit_on_signal)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    root = Path(tempfile.mkdtemp(prefix="shellhooks-demo-"))
    shell_proc: subprocess.Popen[bytes] | None = None
    try:
        env = build_sandbox(root, shell)
        sys.stdout.write(TOUR.format(home=env["HOME"]))
        sys.stdout.flush()
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGQUIT, signal.SIG_IGN)
        shell_proc = subprocess.Popen([path, "-i"], env=env,
                                      cwd=Path(env["HOME"]) / "projects")
        try:
            status = shell_proc.wait()
        finally:
            shell_proc.kill()  # (a no-op once it has exited)
            shell_proc.wait()
    finally:
        for s in signals:  # nothing may interrupt the clean-up
            signal.signal(s, signal.SIG_IGN)
        if shell_proc is not None:
            _stop_leftovers(shell_proc.pid)
        _delete(root)
        for s, handler in old.items():
            signal.signal(s, handler)
    print("shellhooks demo: the sandbox was deleted.")
    return status
