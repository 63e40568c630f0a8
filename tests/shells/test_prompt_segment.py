"""The prompt segment in real interactive bash, zsh and fish (driven in a pty).

A `[[rule]]` in config.toml gives the project folder the id `webapp-auth`, so the
tests do not depend on git or trust; the list is laid out as Claude Code writes it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.shelldriver import SHELLS, ShellDriver
from tests.taskfixtures import ClaudeHome, task_json

C, P, D = "completed", "pending", "in_progress"
ID = "webapp-auth"


@pytest.fixture
def project(tmp_path: Path, isolated_home: Path, claude: ClaudeHome) -> Path:
    proj = tmp_path / "proj"
    (proj / "src").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    write_config(isolated_home, proj)
    claude.make_list(ID, [C, D, P], subject="Step")
    return proj


def write_config(home: Path, proj: Path, prompt: str = "") -> None:
    cfg = home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'auto = "off"\n\n[[rule]]\npath = "{proj}"\nid = "{ID}"\n\n{prompt}',
                   encoding="utf-8")


def rewrite_in_place(path: Path, text: str) -> None:
    """Write as Claude Code creates tasks and other tools edit them: open, write, truncate.
    The folder's mtime is put back, so only the file itself shows the change."""
    folder = path.parent
    st = folder.stat()
    with open(path, "r+", encoding="utf-8") as f:
        f.write(text)
        f.truncate()
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))


def prompt_text(sh: ShellDriver) -> str:
    """The prompt (left and right) as the shell draws it now, escape sequences kept."""
    return sh.prompt_text()


def segment_value(sh: ShellDriver) -> str:
    """SHELLHOOKS_SEGMENT as the user sees it (zsh keeps it %-escaped for its prompt)."""
    value = sh.var("SHELLHOOKS_SEGMENT") or ""
    return value.replace("%%", "%") if sh.shell == "zsh" else value


@pytest.mark.parametrize("shell", SHELLS)
def test_segment_appears_by_default(shell: str, project: Path) -> None:
    with ShellDriver(shell) as sh:
        sh.source_hook()
        sh.cd(project / "src")
        assert segment_value(sh) == "webapp-auth 1/3 ▸1"
        assert "webapp-auth 1/3 ▸1" in prompt_text(sh)


@pytest.mark.parametrize("shell", SHELLS)
def test_updates_at_next_prompt(shell: str, project: Path, claude: ClaudeHome) -> None:
    folder = claude.tasks / ID
    with ShellDriver(shell) as sh:
        sh.source_hook()
        sh.cd(project)
        assert segment_value(sh) == "webapp-auth 1/3 ▸1"
        # In place, folder mtime unchanged: task 2 finished.
        rewrite_in_place(folder / "2.json", task_json(2, "Step 2", status=C))
        sh.enter()
        assert segment_value(sh) == "webapp-auth 2/3"
        assert "webapp-auth 2/3" in prompt_text(sh)
        # Update by rename (Claude Code 2.1.330's TaskUpdate).
        tmp = folder / "3.json.tmp.0a1b2c3d"
        tmp.write_text(task_json(3, "Step 3", status=D), encoding="utf-8")
        os.replace(tmp, folder / "3.json")
        sh.enter()
        assert segment_value(sh) == "webapp-auth 2/3 ▸1"
        # A new task, then a deleted one.
        claude.add_task(ID, 4, "Step 4")
        sh.enter()
        assert segment_value(sh) == "webapp-auth 2/4 ▸1"
        (folder / "4.json").unlink()
        sh.enter()
        assert segment_value(sh) == "webapp-auth 2/3 ▸1"
        # The wipe after everything is done.
        claude.clear_list(ID, 3)
        sh.enter()
        assert segment_value(sh) == "webapp-auth ✓ cleared (3)"


@pytest.mark.parametrize("shell", SHELLS)
def test_disappears_outside_projects(shell: str, project: Path, tmp_path: Path) -> None:
    with ShellDriver(shell) as sh:
        sh.source_hook()
        sh.cd(project)
        assert "webapp-auth" in prompt_text(sh)
        sh.cd(tmp_path / "elsewhere")
        assert segment_value(sh) == ""
        assert "webapp-auth" not in prompt_text(sh)
        assert "CLAUDE_CODE_TASK_LIST_ID" not in sh.child_env()
        sh.cd(project)
        assert "webapp-auth 1/3" in prompt_text(sh)


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("how", ["variable", "init-flag"])
def test_opt_out(shell: str, how: str, project: Path) -> None:
    env = {"SHELLHOOKS_PROMPT": "0"} if how == "variable" else {}
    with ShellDriver(shell, env=env) as sh:
        sh.source_hook(init_args="--no-prompt" if how == "init-flag" else "")
        sh.cd(project)
        assert "webapp-auth" not in prompt_text(sh)
        # The id is still managed, and the variable is still there for a custom prompt.
        assert sh.child_env()["CLAUDE_CODE_TASK_LIST_ID"] == ID
        assert segment_value(sh) == "webapp-auth 1/3 ▸1"


USER_PROMPT = {
    # The driver's prompt marker must stay at the end of the prompt.
    "bash": "PS1='<${SHELLHOOKS_SEGMENT}>@@SHD''P$?@@ '",
    "zsh": "setopt prompt_subst; PROMPT='<${SHELLHOOKS_SEGMENT}>@@SHD''P%?@@ '",
    "fish": ("function fish_prompt; set -l s $status; printf '<%s>' \"$SHELLHOOKS_SEGMENT\"; "
             "printf '%s%s@@ ' '@@SHD' P$s; end"),
}


@pytest.mark.parametrize("shell", SHELLS)
def test_user_prompt_with_the_variable(shell: str, project: Path) -> None:
    with ShellDriver(shell) as sh:
        sh.check(USER_PROMPT[shell])
        # With the user's own placement, the hook should not add the segment a second time.
        sh.check("set -g SHELLHOOKS_PROMPT 0" if shell == "fish" else "SHELLHOOKS_PROMPT=0")
        sh.source_hook()
        sh.cd(project)
        text = prompt_text(sh)
        assert "<webapp-auth 1/3 ▸1>" in text
        assert text.count("webapp-auth") == 1
        sh.cd(project.parent / "elsewhere")
        assert "<>" in prompt_text(sh)


def test_bash_user_ps1_is_not_doubled(project: Path) -> None:
    """bash: a PS1 that already names the variable is left alone, no opt-out needed."""
    with ShellDriver("bash") as sh:
        sh.check(USER_PROMPT["bash"])
        sh.source_hook()
        sh.cd(project)
        text = prompt_text(sh)
        assert "<webapp-auth 1/3 ▸1>" in text and text.count("webapp-auth") == 1


# (subject, what the prompt shows): shell syntax shown as text, escapes and controls dropped.
HOSTILE = [
    ("$(touch pwned1)", "$(touch pwned1)"),
    ("`touch pwned2`", "`touch pwned2`"),
    ("${HOME}", "${HOME}"),
    ("%F{red}red%f %n", "%F{red}red%f %n"),
    ("\\[\\e[31m\\]x\\$", "\\[\\e[31m\\]x\\$"),
    ("%{\x1b[31m%}", "%{%}"),
    ("\x1b]0;TITLE-SET\x07t", "t"),
    ("\x1b[2Jclear\x1b[H", "clear"),
    ("ctl\r\x08\x00\x7fend", "ctl end"),
]


@pytest.mark.parametrize("shell", SHELLS)
def test_hostile_subjects_are_shown_not_run(shell: str, project: Path, claude: ClaudeHome,
                                            isolated_home: Path, tmp_path: Path) -> None:
    write_config(isolated_home, project, '[prompt]\nformat = "{id} [{current}]"\n'
                                         "max_width = 100\n")
    folder = claude.tasks / ID
    with ShellDriver(shell, cwd=project) as sh:
        sh.source_hook()
        sh.cd(project)
        for subject, expected in HOSTILE:
            rewrite_in_place(folder / "2.json", task_json(2, subject, status=D))
            sh.enter()
            text = prompt_text(sh)
            assert f"webapp-auth [{expected}]" in text, (subject, text)
            assert "\x1b" not in text
        raw = "".join(sh.transcript)
    for name in ("pwned1", "pwned2"):
        for d in (project, isolated_home, tmp_path):
            assert not (d / name).exists(), f"{shell} ran a command from a task subject"
    assert "TITLE-SET" not in raw  # an escape sequence is dropped whole
    assert "\x1b[2Jclear" not in raw


@pytest.mark.parametrize("shell", SHELLS)
def test_no_color_takes_effect_at_the_next_prompt(shell: str, project: Path) -> None:
    # Nothing else changes (same folder, same list): NO_COLOR alone must uncolour the
    # segment at once, and unsetting it colour it again.
    with ShellDriver(shell, unset=("NO_COLOR",), term="xterm-256color") as sh:
        sh.source_hook()
        sh.cd(project)
        assert "\x1b[" in segment_value(sh)
        sh.check("set -gx NO_COLOR 1" if shell == "fish" else "export NO_COLOR=1")
        assert segment_value(sh) == "webapp-auth 1/3 ▸1"
        sh.check("set -e NO_COLOR" if shell == "fish" else "unset NO_COLOR")
        assert "\x1b[" in segment_value(sh)
