"""Where the hook puts the segment in the user's own prompt, and with what spacing, in real
interactive bash, zsh and fish (pty); and that a prompt which already shows
`SHELLHOOKS_SEGMENT` gets it once, in the user's place.

The project folder gets the id `webapp-auth` from a `[[rule]]`; its list has one task done,
one in progress and one pending, so the segment reads `webapp-auth 1/3 ▸1` (no colour:
the driver's TERM is dumb). The driver needs its marker in the prompt: these tests put it
at the START of the left prompt, so the user's prompt end is what the hook sees.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.shelldriver import SHELLS, ShellDriver, strip_ansi
from tests.taskfixtures import ClaudeHome

ID = "webapp-auth"
SEG = "webapp-auth 1/3 ▸1"
SIGN = "#" if os.geteuid() == 0 else "$"  # what bash's `\$` and zsh's `%#` show
MARK = re.compile(r"^@@SHDP-?\d+@@ ")


@pytest.fixture
def project(tmp_path: Path, isolated_home: Path, claude: ClaudeHome) -> Path:
    proj = tmp_path / "proj"
    proj.mkdir()
    (tmp_path / "elsewhere").mkdir()
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'auto = "off"\n\n[[rule]]\npath = "{proj}"\nid = "{ID}"\n', encoding="utf-8")
    claude.make_list(ID, ["completed", "in_progress", "pending"], subject="Step")
    return proj


def drawn(sh: ShellDriver) -> tuple[str, str]:
    """(left, right) prompt as drawn, without the driver's marker at the start."""
    left, right = sh.prompt_parts()
    return MARK.sub("", left, count=1), right


# ----- bash: PS1 ---------------------------------------------------------------------------

E = "\x1b"
# (the user's PS1 after the driver's marker, drawn in the project, drawn outside it)
BASH_PS1 = [
    ("dir \\$ ", f"dir {SEG} {SIGN} ", f"dir {SIGN} "),
    ("dir\\$ ", f"dir {SEG}{SIGN} ", f"dir{SIGN} "),
    ("dir\\$", f"dir {SEG}{SIGN}", f"dir{SIGN}"),
    ("dir \\$", f"dir {SEG} {SIGN}", f"dir {SIGN}"),
    ("dir> ", f"dir {SEG}> ", "dir> "),
    ("dir $ ", f"dir {SEG} $ ", "dir $ "),
    ("dir ❯ ", f"dir {SEG} ❯ ", "dir ❯ "),
    ("\\$ ", f"{SEG} {SIGN} ", f"{SIGN} "),
    # Two lines: the segment starts the second one.
    ("dir\\n\\$ ", f"dir\n{SEG} {SIGN} ", f"dir\n{SIGN} "),
    # Colours around the sign stay with the sign.
    ("\\[\\e[1m\\]dir\\[\\e[0m\\] \\[\\e[33m\\]\\$\\[\\e[0m\\] ",
     f"{E}[1mdir{E}[0m {SEG} {E}[33m{SIGN}{E}[0m ", f"{E}[1mdir{E}[0m {E}[33m{SIGN}{E}[0m "),
    ("\\[\\e[32m\\]dir\\[\\e[0m\\]\\$ ", f"{E}[32mdir{E}[0m {SEG}{SIGN} ",
     f"{E}[32mdir{E}[0m{SIGN} "),
    # Debian's colour prompt (title, user@host, folder), with literal text for \u@\h and \w.
    ("\\[\\e]0;title\\a\\]\\[\\033[01;32m\\]me@host\\[\\033[00m\\]:\\[\\033[01;34m\\]dir"
     "\\[\\033[00m\\]\\$ ",
     f"{E}]0;title\x07{E}[01;32mme@host{E}[00m:{E}[01;34mdir{E}[00m {SEG}{SIGN} ",
     f"{E}]0;title\x07{E}[01;32mme@host{E}[00m:{E}[01;34mdir{E}[00m{SIGN} "),
    # Fedora's.
    ("[me@host dir]\\$ ", f"[me@host dir] {SEG}{SIGN} ", f"[me@host dir]{SIGN} "),
    # No prompt sign at the end: after the prompt, separated from what is typed.
    ("dir: ", f"dir: {SEG} ", "dir: "),
    ("dir:", f"dir: {SEG} ", "dir:"),
]


@pytest.mark.parametrize(("ps1", "inside", "outside"), BASH_PS1)
def test_bash_spacing(ps1: str, inside: str, outside: str, project: Path) -> None:
    with ShellDriver("bash") as sh:
        sh.check("PS1='@@SHD''P$?@@ '" + "'" + ps1.replace("'", "'\\''") + "'")
        sh.source_hook()
        sh.cd(project)
        assert drawn(sh) == (inside, "")
        sh.cd(project.parent / "elsewhere")
        assert drawn(sh) == (outside, "")


def test_bash_command_number_is_not_taken_for_a_sign(project: Path) -> None:
    """`\\#` is the command number, not a `#` sign: the segment must not split it."""
    with ShellDriver("bash") as sh:
        sh.check("PS1='@@SHD''P$?@@ dir \\# '")
        sh.source_hook()
        sh.cd(project)
        ps1 = sh.var("PS1") or ""
        assert "\\#" in ps1
        left, _ = drawn(sh)
        assert re.fullmatch(rf"dir \d+ {re.escape(SEG)} ", left), left


def test_bash_ps1_set_after_the_hook(project: Path) -> None:
    """The rc file may set PS1 after the hook line: placed at the next prompt."""
    with ShellDriver("bash") as sh:
        sh.source_hook()
        sh.check("PS1='@@SHD''P$?@@ dir \\$ '")
        sh.cd(project)
        assert drawn(sh) == (f"dir {SEG} {SIGN} ", "")


# ----- zsh: RPROMPT, or the start of PROMPT ------------------------------------------------

# (the user's RPROMPT, drawn on the right in the project, outside it)
ZSH_RPROMPT = [
    ("", SEG, ""),
    ("R", f"R {SEG}", "R"),
    ("R ", f"R {SEG}", "R "),
    ("%F{red}R%f", f"{E}[31mR{E}[39m {SEG}", f"{E}[31mR{E}[39m"),
]


@pytest.mark.parametrize("subst", [True, False], ids=["prompt_subst", "no_prompt_subst"])
@pytest.mark.parametrize(("rprompt", "inside", "outside"), ZSH_RPROMPT)
def test_zsh_rprompt_spacing(rprompt: str, inside: str, outside: str, subst: bool,
                             project: Path) -> None:
    with ShellDriver("zsh") as sh:
        sh.check(("setopt" if subst else "unsetopt") + " prompt_subst")
        sh.check(f"PROMPT='@@SHD''P%?@@ dir> '; RPROMPT='{rprompt}'")
        sh.source_hook()
        sh.cd(project)
        assert drawn(sh) == ("dir> ", inside)
        sh.enter()
        assert drawn(sh) == ("dir> ", inside)  # placed once, not once per prompt
        sh.cd(project.parent / "elsewhere")
        assert drawn(sh) == ("dir> ", outside)
        sh.cd(project)
        assert drawn(sh) == ("dir> ", inside)


@pytest.mark.parametrize("subst", [True, False], ids=["prompt_subst", "no_prompt_subst"])
@pytest.mark.parametrize("blank", ["", "\n", "\n\n"], ids=["one-line", "blank-line", "two"])
def test_zsh_left_position_spacing(subst: bool, blank: str, project: Path) -> None:
    """At the start of PROMPT, after the blank lines some prompts begin with."""
    with ShellDriver("zsh", env={"SHELLHOOKS_PROMPT_POSITION": "left"}) as sh:
        sh.check(("setopt" if subst else "unsetopt") + " prompt_subst")
        lines = "$'" + blank.replace("\n", "\\n") + "'" if blank else ""
        sh.check("PROMPT=" + lines + "'@@SHD''P%?@@ dir> '; RPROMPT='R'")
        sh.source_hook()
        sh.cd(project)
        assert sh.prompt_parts() == (f"{blank}{SEG} @@SHDP0@@ dir> ", "R")
        sh.enter()
        assert sh.prompt_parts() == (f"{blank}{SEG} @@SHDP0@@ dir> ", "R")
        sh.cd(project.parent / "elsewhere")
        assert sh.prompt_parts() == (f"{blank}@@SHDP0@@ dir> ", "R")
        sh.cd(project)
        assert sh.prompt_parts() == (f"{blank}{SEG} @@SHDP0@@ dir> ", "R")


# ----- fish: the right prompt, after the user's own ----------------------------------------

def test_fish_right_prompt_spacing(project: Path) -> None:
    with ShellDriver("fish") as sh:
        sh.check("function fish_right_prompt; printf 'R%s' $status; end")
        sh.source_hook()
        sh.cd(project)
        assert drawn(sh) == ("", f"R0 {SEG}")
        # A right prompt that prints nothing here: the space left of ours is not seen.
        sh.check("function fish_right_prompt; end")
        sh.source_hook()
        assert drawn(sh) == ("", f" {SEG}")
        sh.cd(project.parent / "elsewhere")
        assert drawn(sh) == ("", "")


def test_fish_user_right_prompt_sees_the_status(project: Path) -> None:
    """As drawn in the terminal (fish draws no right prompt when TERM is dumb)."""
    with ShellDriver("fish", term="xterm") as sh:
        sh.check("function fish_right_prompt; printf 'R%s' $status; end")
        sh.source_hook()
        sh.cd(project)
        sh.run("false")
        sh.start("true")  # what the terminal got after `false` ends up before this
        assert f"R1 {SEG}" in strip_ansi(sh.last_prompt_raw), sh.last_prompt_raw
        sh.finish()


def test_fish_right_prompt_alone(project: Path) -> None:
    with ShellDriver("fish") as sh:
        sh.source_hook()
        sh.cd(project)
        assert drawn(sh) == ("", SEG)
        sh.cd(project.parent / "elsewhere")
        assert drawn(sh) == ("", "")


# ----- a prompt that already shows the variable: once, in the user's place -----------------

def count(sh: ShellDriver) -> int:
    left, right = sh.prompt_parts()
    return (left + "\n" + right).count(ID)


def shown_once_in_users_place(sh: ShellDriver, side: int, project: Path) -> None:
    """The segment once, where the user's prompt (left 0, right 1) puts it; gone outside
    the project and back on return."""
    parts = sh.prompt_parts()
    assert count(sh) == 1, parts
    assert (f"<{SEG}>", f"[{SEG}]")[side] in parts[side], parts
    sh.cd(project.parent / "elsewhere")
    assert count(sh) == 0
    sh.cd(project)
    assert count(sh) == 1, sh.prompt_parts()



ZSH_USER = {
    # (setup, where the user's placement shows in (left, right))
    "PROMPT": ("PROMPT='@@SHD''P%?@@ <${SHELLHOOKS_SEGMENT}> '", 0),
    "RPROMPT": ("RPROMPT='[${SHELLHOOKS_SEGMENT}]'", 1),
}


@pytest.mark.parametrize("position", ["right", "left"])
@pytest.mark.parametrize("where", list(ZSH_USER))
@pytest.mark.parametrize("when", ["before", "after"])
def test_zsh_user_prompt_with_the_variable_shows_it_once(where: str, position: str, when: str,
                                                         project: Path) -> None:
    setup, side = ZSH_USER[where]
    with ShellDriver("zsh", env={"SHELLHOOKS_PROMPT_POSITION": position}) as sh:
        sh.check("setopt prompt_subst")
        if when == "before":
            sh.check(setup)
            sh.source_hook()
            sh.cd(project)
        else:  # the hook had placed it; then the user's prompt takes it over
            sh.source_hook()
            sh.cd(project)
            assert count(sh) == 1
            sh.check(setup)
        shown_once_in_users_place(sh, side, project)


FISH_USER = {
    "fish_prompt": ("function fish_prompt; set -l s $status; printf '<%s>' $SHELLHOOKS_SEGMENT; "
                    "printf '%s%s@@ ' '@@SHD' P$s; end", 0),
    "fish_right_prompt": ("function fish_right_prompt; printf '[%s]' $SHELLHOOKS_SEGMENT; end",
                          1),
}


@pytest.mark.parametrize("where", list(FISH_USER))
@pytest.mark.parametrize("when", ["before", "after"])
def test_fish_user_prompt_with_the_variable_shows_it_once(where: str, when: str,
                                                          project: Path) -> None:
    setup, side = FISH_USER[where]
    with ShellDriver("fish") as sh:
        if when == "before":
            sh.check(setup)
            sh.source_hook()
        else:  # config.fish: the hook line first, then the user's prompt
            sh.source_hook()
            sh.check(setup)
        sh.cd(project)
        shown_once_in_users_place(sh, side, project)


@pytest.mark.parametrize("shell", SHELLS)
def test_user_prompt_with_the_variable_no_opt_out_needed(shell: str, project: Path) -> None:
    """The README's own snippets, without `SHELLHOOKS_PROMPT=0`: the segment once."""
    snippet = {
        "bash": "PS1='@@SHD''P$?@@ \\w${SHELLHOOKS_SEGMENT:+ [${SHELLHOOKS_SEGMENT}]} \\$ '",
        "zsh": "setopt prompt_subst; "
               "PROMPT='@@SHD''P%?@@ %~${SHELLHOOKS_SEGMENT:+ [${SHELLHOOKS_SEGMENT}]} %# '",
        "fish": "function fish_prompt; set -l s $status; test -n \"$SHELLHOOKS_SEGMENT\"; "
                "and printf '[%s] ' $SHELLHOOKS_SEGMENT; printf '%s%s@@ ' '@@SHD' P$s; end",
    }[shell]
    with ShellDriver(shell) as sh:
        sh.source_hook()
        sh.check(snippet)
        sh.cd(project)
        assert count(sh) == 1, sh.prompt_parts()
        assert f"[{SEG}]" in sh.prompt_text()


@pytest.mark.parametrize("shell", ["bash", "zsh", "zsh-no-subst", "fish"])
def test_loaded_again_in_a_project_shows_it_once(shell: str, project: Path) -> None:
    name = shell.split("-")[0]
    with ShellDriver(name) as sh:
        if shell == "zsh":
            sh.check("setopt prompt_subst")
        sh.source_hook()
        sh.cd(project)
        assert count(sh) == 1
        sh.source_hook()
        sh.source_hook("file")
        sh.enter()
        assert count(sh) == 1, sh.prompt_parts()
        sh.cd(project.parent / "elsewhere")
        assert count(sh) == 0, sh.prompt_parts()
        sh.cd(project)
        assert count(sh) == 1, sh.prompt_parts()


def test_fish_right_prompt_from_config_fish(project: Path, isolated_home: Path) -> None:
    """install.sh loads the hook from conf.d, which fish reads BEFORE config.fish: a right
    prompt defined in config.fish is wrapped at the first prompt, not lost."""
    fish = isolated_home / ".config" / "fish"
    (fish / "conf.d").mkdir(parents=True)
    (fish / "conf.d" / "shellhooks.fish").write_text("shellhooks init fish | source\n",
                                                     encoding="utf-8")
    (fish / "config.fish").write_text("function fish_right_prompt; printf USER; end\n",
                                      encoding="utf-8")
    with ShellDriver("fish", rc=True) as sh:
        sh.cd(project)
        assert drawn(sh) == ("", f"USER {SEG}")
        sh.cd(project.parent / "elsewhere")
        assert drawn(sh) == ("", "USER")
