"""The README's picture of the prompt, docs/prompt.svg: real bash, zsh and fish in tmux.

    python scripts/prompt_picture.py            # print the SVG
    python scripts/prompt_picture.py --update   # rewrite docs/prompt.svg

Each shell starts without rc files in a throw-away HOME (nothing of yours is read),
with a plain prompt of its own (`\\w $` in bash, `%~ %%` in zsh, `prompt_pwd>` in
fish), loads the hook as `shellhooks init` prints it, and enters a git project whose
task list has 5 tasks, 3 done and 1 in progress. Each pane's last line, colours
included (`tmux capture-pane -e`), is what the terminal showed; rich (in the test extra)
draws the three lines as an SVG terminal. Needs tmux, bash, zsh, fish and `shellhooks`
on PATH.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import CONSOLE_SVG_FORMAT, Console
from rich.text import Text

SVG = Path(__file__).resolve().parent.parent / "docs" / "prompt.svg"
TITLE = "shellhooks: the prompt in bash, zsh and fish"
WIDTH = 64
LABEL = 6  # the shell's name before each line
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
           "TERM": "xterm-256color", "LANG": "C.UTF-8",
           "TMUX_TMPDIR": str(root)}
    subprocess.run(["shellhooks", "pin", "webapp-auth", str(project)], env=env, check=True,
                   capture_output=True)
    return env, project


def _capture(shell: str, env: dict[str, str], project: Path) -> str:
    command, lines = SHELLS[shell]
    tmux = ["tmux", "-L", f"picture-{shell}", "-f", "/dev/null"]  # a server of its own

    def pane() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p", "-e"], env=env, check=True,
                              capture_output=True, text=True).stdout

    def wait_for(word: str) -> str:
        """The pane once it shows `word` and has stopped changing (the prompt fully drawn)."""
        deadline = time.monotonic() + 20
        last = None
        while True:
            text = pane()
            if (word in text and text == last) or time.monotonic() > deadline:
                return text
            last = text
            time.sleep(0.1)

    subprocess.run([*tmux, "new-session", "-d", "-x", str(WIDTH), "-y", "6",
                    "-c", env["HOME"], *command], env=env, check=True)
    try:
        for line in [*lines, f"cd {project}"]:
            subprocess.run([*tmux, "send-keys", line, "Enter"], env=env, check=True)
        text = wait_for("webapp-auth")  # the last line is then the prompt in the project
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True)
    shown = [line for line in text.splitlines() if _visible(line).strip()]
    return shown[-1] if shown else ""


def _visible(line: str) -> str:
    return Text.from_ansi(line).plain


# rich's template loads Fira Code from a web server; the picture fetches nothing and
# falls back to the reader's monospace font.
NO_WEB_FONTS = re.sub(r"@font-face \{\{.*?\}\}\s*", "", CONSOLE_SVG_FORMAT, flags=re.S)


def render(rows: dict[str, str]) -> str:
    """The SVG of one line per shell: its name, then the pane's line with its colours."""
    console = Console(record=True, width=LABEL + WIDTH, file=io.StringIO(),
                      force_terminal=True, color_system="truecolor", legacy_windows=False)
    for shell, line in rows.items():
        console.print(Text.assemble((f"{shell:<{LABEL}}", "bold"), Text.from_ansi(line)),
                      no_wrap=True, crop=True)
    # The id rich puts in the SVG's class names is a hash of what it shows: same
    # capture, same file.
    return console.export_svg(title=TITLE, code_format=NO_WEB_FONTS)


def picture() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        env, project = _sandbox(Path(tmp))
        rows = {shell: _capture(shell, env, project) for shell in SHELLS}
    return render(rows)


def main(argv: list[str]) -> int:
    svg = picture()
    if argv != ["--update"]:
        print(svg, end="")
        return 0
    SVG.write_text(svg, encoding="utf-8")
    print(f"updated {SVG}")
    return 0


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main(sys.argv[1:]))
