"""Issue 15 in the real shells: the prompt shows the list Claude Code will use (its
settings files over the shell's value), and an `.envrc` line whose value the shell
computes is never exported as a literal id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shellhooks import resolve, trust
from tests.claude_e2e import scenarios as sc
from tests.shelldriver import SHELLS, Result, ShellDriver

VAR = "CLAUDE_CODE_TASK_LIST_ID"

# What people write in an `.envrc` to name the list after the folder, and the like
# (issue 15's list): none of it may become an id as written.
COMPUTED = [
    'export CLAUDE_CODE_TASK_LIST_ID=$(basename "$PWD")',
    "export CLAUDE_CODE_TASK_LIST_ID=`basename $PWD`",
    "export CLAUDE_CODE_TASK_LIST_ID=$USER",
    "export CLAUDE_CODE_TASK_LIST_ID=${PWD##*/}",
    'export CLAUDE_CODE_TASK_LIST_ID="$(date +%Y-%m)"',
    "export CLAUDE_CODE_TASK_LIST_ID=${X:-default}",
    "export CLAUDE_CODE_TASK_LIST_ID=$PROJECT-tasks",
    "export CLAUDE_CODE_TASK_LIST_ID=foo; export OTHER=1",
    "export CLAUDE_CODE_TASK_LIST_ID=plain\nsource_up",
    "export CLAUDE_CODE_TASK_LIST_ID=plain\ndotenv_if_exists .env.local",
    "if [ -n \"$CI\" ]; then\n  export CLAUDE_CODE_TASK_LIST_ID=ci\nfi",
    "[ -f .local ] && export CLAUDE_CODE_TASK_LIST_ID=local",
]


def printed(r: Result) -> list[str]:
    return [ln for ln in (r.output + "\n" + r.after).splitlines() if ln.strip()]


def segment(sh: ShellDriver) -> str:
    return sh.var("SHELLHOOKS_SEGMENT") or ""


@pytest.mark.parametrize("line", COMPUTED, ids=range(len(COMPUTED)))
def test_computed_envrc_line_is_never_an_id(isolated_home: Path, tmp_path: Path,
                                            line: str) -> None:
    """Read statically, each line gives no id (the model, fast for every line); the
    real shells are driven with the most common one below."""
    project = tmp_path / "shop"
    (project / ".git").mkdir(parents=True)
    (project / ".envrc").write_text(line + "\n", encoding="utf-8")
    # Allowed by content (as it was when shellhooks read the text as the id): still
    # not an id; `allow` says why it has nothing to allow.
    trust.allow(project / ".envrc", (project / ".envrc").read_bytes())
    refused = sc.shellhooks("allow", str(project), check=False)
    assert refused.returncode == 1 and "nothing to allow" in refused.stderr
    res = resolve.resolve_list_id(project, {})
    assert (res.id, res.source) == ("shop", "git")
    assert len(res.unread) == 1
    status = sc.shellhooks("status", str(project)).stdout
    assert "is not read from it" in status and "shellhooks pin" in status


@pytest.mark.parametrize("shell", SHELLS)
def test_computed_envrc_in_the_shells(shell: str, isolated_home: Path, tmp_path: Path) -> None:
    computed = tmp_path / "shop"
    (computed / ".git").mkdir(parents=True)
    (computed / ".envrc").write_text('# name the list\nexport ' + VAR
                                     + '=$(basename "$PWD")\n', encoding="utf-8")
    plain = tmp_path / "plain"
    (plain / ".git").mkdir(parents=True)
    (plain / ".envrc").write_text(f"export {VAR}=plain-list\n", encoding="utf-8")
    trust.allow(computed / ".envrc", (computed / ".envrc").read_bytes())
    sc.shellhooks("allow", str(plain))
    want = ("shellhooks: ~/../shop/.envrc:2: CLAUDE_CODE_TASK_LIST_ID is not read from it: "
            "the shell computes its value with a command ($(...) or backquotes); shellhooks "
            f"does not use it. Fix: {resolve.FIX_PLAIN}")
    want = want.replace("~/../shop", str(computed))
    with ShellDriver(shell) as sh:
        sh.source_hook()
        assert printed(sh.cd(computed)) == [want]
        assert sh.child_env()[VAR] == "shop"  # the next rule: the git name
        assert printed(sh.enter()) == []
        assert printed(sh.cd(plain)) == []
        assert sh.child_env()[VAR] == "plain-list"  # plain values keep working
        assert printed(sh.cd(computed)) == []  # once per folder
        assert sh.child_env()[VAR] == "shop"
        doctor = sh.run("shellhooks doctor").output
        assert ".envrc:2: CLAUDE_CODE_TASK_LIST_ID is not read from it" in doctor


@pytest.mark.parametrize("shell", SHELLS)
def test_prompt_shows_the_id_claude_code_uses(shell: str, isolated_home: Path,
                                              tmp_path: Path) -> None:
    """A project's `.claude/settings.json` (not allowed in shellhooks: Claude Code reads
    it all the same) decides the list in its own folder only; the shell's value is
    still what is exported, and a value typed by hand is hidden too."""
    project = tmp_path / "shop"
    (project / ".git").mkdir(parents=True)
    (project / "src").mkdir()
    (project / ".claude").mkdir()
    (project / ".claude" / "settings.json").write_text(
        json.dumps({"env": {VAR: 42}}), encoding="utf-8")
    export = f"set -gx {VAR} mine" if shell == "fish" else f"export {VAR}=mine"
    with ShellDriver(shell) as sh:
        sh.source_hook()
        sh.cd(project)
        assert segment(sh).startswith("42")
        assert sh.child_env()[VAR] == "shop"
        sh.cd(project / "src")  # claude started here reads no settings of the project's
        assert segment(sh).startswith("shop")
        sh.cd(project)
        assert segment(sh).startswith("42")
        sh.run(export)
        assert segment(sh).startswith("42")
        assert sh.child_env()[VAR] == "mine"
        sh.cd(project / "src")
        assert segment(sh).startswith("mine")


@pytest.mark.parametrize("shell", SHELLS)
def test_a_clones_settings_id_in_the_prompt_is_text_only(shell: str, isolated_home: Path,
                                                          tmp_path: Path) -> None:
    """The prompt now shows the id of a settings file nobody allowed (Claude Code will use
    it): a cloned project's hostile id is shown cleaned and cut, runs nothing, and is
    never exported."""
    hostile = ("`touch pwned` $(touch pwned) %F{red}\\w \x1b]0;owned\x07 \u202eevil "
               + "x" * 60000)
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)
    (clone / ".claude").mkdir()
    (clone / ".claude" / "settings.json").write_text(json.dumps({"env": {VAR: hostile}}),
                                                    encoding="utf-8")
    with ShellDriver(shell, cwd=tmp_path) as sh:
        sh.source_hook()
        sh.cd(clone)
        sh.enter()
        prompt = sh.prompt_text()
        assert "$(touch pwned) %F{red}\\w" in prompt and "x" * 10 in prompt  # shown, as text
        assert "\x1b]" not in prompt and "\u202e" not in prompt and "\x07" not in prompt
        assert len(prompt) < 400
        assert sh.child_env()[VAR] == "clone"  # the shell's answer, not the file's
    assert not (tmp_path / "pwned").exists() and not (clone / "pwned").exists()
