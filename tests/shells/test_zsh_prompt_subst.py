"""zsh: the segment the hook puts in the prompt is never expanded or run, whatever prompt
options other code sets after the hook has placed it (a precmd function that runs after
ours and turns PROMPT_SUBST on, or off), in real interactive zsh.

The list's current task carries the subject (format `{current}`); each subject is written
as Claude Code rewrites a task, then Enter draws the prompt: no command from it may run, and
the prompt shows its text as it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shelldriver import ShellDriver
from tests.shells.test_prompt_segment import ID, rewrite_in_place, write_config
from tests.taskfixtures import ClaudeHome, task_json

# (subject, the text the prompt must show); each command would create a file `pwnedN`.
HOSTILE = [
    ("$(touch pwned1)", "$(touch pwned1)"),
    ("`touch pwned2`", "`touch pwned2`"),
    ("${(e):-\\$(touch pwned3)}", "${(e):-\\$(touch pwned3)}"),
    ("$((1+1)) ${HOME}", "$((1+1)) ${HOME}"),
    ("%F{red}red%f %n %%", "%F{red}red%f %n %%"),
    ("back\\slash \\$(touch pwned4)", "back\\slash \\$(touch pwned4)"),
    ("bang! !!", "bang! !!"),
]
OPTIONS = {
    # (what a precmd before ours sets, so the hook places the segment under these options;
    #  what a precmd after ours sets, so the prompt is drawn under those)
    "subst-turned-on": ("unsetopt prompt_subst prompt_bang", "setopt prompt_subst prompt_bang"),
    "subst-turned-off": ("setopt prompt_subst", "unsetopt prompt_subst"),
}


@pytest.mark.parametrize("position", ["right", "left"])
@pytest.mark.parametrize("case", list(OPTIONS))
def test_a_later_precmd_changing_prompt_options_never_runs_a_subject(
    case: str, position: str, tmp_path: Path, isolated_home: Path, claude: ClaudeHome
) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    write_config(isolated_home, project, '[prompt]\nformat = "{id} [{current}]"\n'
                                         "max_width = 100\n")
    claude.make_list(ID, ["completed", "in_progress", "pending"], subject="Step")
    early, late = OPTIONS[case]
    with ShellDriver("zsh", cwd=project, env={"SHELLHOOKS_PROMPT_POSITION": position}) as sh:
        sh.source_hook()
        # Prompt tools loaded around shellhooks: one precmd runs before ours, one after.
        sh.check(f"__early() {{ {early} }}; __late() {{ {late} }}; "
                 "precmd_functions=(__early $precmd_functions __late)")
        sh.cd(project)
        for subject, shown in HOSTILE:
            rewrite_in_place(claude.tasks / ID / "2.json",
                             task_json(2, subject, status="in_progress"))
            sh.enter()  # the hook places the new segment, then the late precmd flips the option
            for n in range(1, 5):
                assert not (project / f"pwned{n}").exists(), subject
            text = sh.prompt_text()  # (`print -P` of PROMPT and RPROMPT, options as they are)
            assert f"{ID} [{shown}]" in text, (subject, text)
            for n in range(1, 5):
                assert not (project / f"pwned{n}").exists(), (subject, text)


def test_a_precmd_emptying_psvar_leaves_an_ordinary_segment_shown(
    tmp_path: Path, isolated_home: Path, claude: ClaudeHome
) -> None:
    """zsh's manual shows `psvar=()` in a precmd (its vcs_info example), which runs before
    ours at every prompt: a segment without `$`, backticks, `\\` or `!` needs no psvar."""
    project = tmp_path / "proj"
    project.mkdir()
    write_config(isolated_home, project)
    claude.make_list(ID, ["completed", "in_progress", "pending"], subject="Step")
    with ShellDriver("zsh", cwd=project) as sh:
        sh.check("precmd() { psvar=() }")
        sh.source_hook()
        sh.cd(project)
        sh.enter()
        assert f"{ID} 1/3" in sh.prompt_text()
