"""The README's picture of the prompt: real bash, zsh and fish in tmux, captured as text.

    python scripts/prompt_picture.py            # print the picture
    python scripts/prompt_picture.py --update   # rewrite it in README.md

Each shell starts without rc files in a throw-away HOME (nothing of yours is read),
with a plain prompt of its own (`\\w $` in bash, `%~ %%` in zsh, `prompt_pwd>` in
fish), loads the hook as `shellhooks init` prints it, and enters a git project whose
task list has 5 tasks, 3 done and 1 in progress. The pane's text is what the
terminal showed; colours are not kept. Needs tmux, bash, zsh, fish and `shellhooks`
on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- prompt-picture: made by scripts/prompt_picture.py -->"
END = "<!-- /prompt-picture -->"
WIDTH = 64
TASKS = [("Design the token format", "completed"), ("Login endpoint", "completed"),
         ("Refresh endpoint", "completed"), ("Auth middleware", "in_progress"),
         ("Integration tests", "pending")]
SHELLS = {
    # (command, lines typed: the user's prompt, then the hook)
    "bash": (["bash", "--noprofile", "--norc", "-i"],
             ["PS1='\\w $ '", 'eval "$(shellhooks init bash)"']),
    "zsh": (["zsh", "-f", "-i"],
            ["PROMPT='%~ %% '", 'eval "$(shellhooks init zsh)"']),
    "fish": (["fish", "--no-config", "-i"],
             ["function fish_prompt; printf '%s> ' (prompt_pwd); end",
              "shellhooks init fish | source"]),
}


def _sandbox(root: Path) -> tuple[dict[str, str], Path]:
    home = root / "home"
    project = home / "src" / "webapp"
    project.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    # Named explicitly (and trusted): the folder is `webapp`, the list `webapp-auth`.
    tasks = home / ".claude" / "tasks" / "webapp-auth"
    tasks.mkdir(parents=True)
    for n, (subject, status) in enumerate(TASKS, 1):
        (tasks / f"{n}.json").write_text(json.dumps(
            {"id": str(n), "subject": subject, "description": "", "status": status,
             "blocks": [], "blockedBy": []}, indent=2))
    beside = Path(sys.executable).parent / "shellhooks"  # the environment running this
    exe = str(beside) if beside.exists() else shutil.which("shellhooks")
    if exe is None:
        sys.exit("prompt_picture: shellhooks is not on PATH")
    env = {"HOME": str(home), "PATH": f"{Path(exe).parent}:/usr/local/bin:/usr/bin:/bin",
           "TERM": "xterm-256color", "LANG": "C.UTF-8", "NO_COLOR": "1",
           "TMUX_TMPDIR": str(root)}
    subprocess.run(["shellhooks", "pin", "webapp-auth", str(project)], env=env, check=True,
                   capture_output=True)
    return env, project


def _capture(shell: str, env: dict[str, str], project: Path) -> str:
    command, lines = SHELLS[shell]
    tmux = ["tmux", "-L", f"picture-{shell}", "-f", "/dev/null"]  # a server of its own

    def pane() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p"], env=env, check=True,
                              capture_output=True, text=True).stdout

    def wait_for(word: str) -> str:
        deadline = time.monotonic() + 20
        while True:
            text = pane()
            if word in text or time.monotonic() > deadline:
                return text
            time.sleep(0.1)

    subprocess.run([*tmux, "new-session", "-d", "-x", str(WIDTH), "-y", "6",
                    "-c", env["HOME"], *command], env=env, check=True)
    try:
        for line in [*lines, f"cd {project}"]:
            subprocess.run([*tmux, "send-keys", line, "Enter"], env=env, check=True)
        text = wait_for("webapp-auth")  # the last line is then the prompt in the project
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True)
    shown = [line.rstrip() for line in text.splitlines() if line.strip()]
    return shown[-1] if shown else ""


def picture() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        env, project = _sandbox(Path(tmp))
        rows = [f"{shell:<5} {_capture(shell, env, project)}" for shell in SHELLS]
    return "```text\n" + "\n".join(rows) + "\n```"


def main(argv: list[str]) -> int:
    text = picture()
    if argv != ["--update"]:
        print(text)
        return 0
    readme = README.read_text(encoding="utf-8")
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    README.write_text(readme[:start] + "\n" + text + "\n" + readme[end:], encoding="utf-8")
    print(f"updated {README}")
    return 0


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main(sys.argv[1:]))
