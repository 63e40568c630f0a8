"""Living beside other prompt code: bash's PIPESTATUS reaches the prompt commands after the
hook, and every documented init line starts no Python in a non-interactive shell."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.shelldriver import (
    PACKAGE_SHELLS_DIR,
    SHELLS,
    ShellDriver,
    framework_archive,
    require_tool,
)

ROOT = Path(__file__).resolve().parent.parent.parent
PROMPT = r"@@SHDP(-?\d+)@@ "


def git_repo(path: Path) -> Path:
    (path / ".git" / "refs" / "heads").mkdir(parents=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return path


def typed(sh: ShellDriver, line: str, quiet: bool = False) -> int:
    """Type `line` as it is (not through the driver's wrapper file, which would leave its
    own PIPESTATUS) and return the `$?` the prompt after it saw; with `quiet`, nothing
    but the line's echo may come before that prompt."""
    sh.send(line + "\n")
    sh.expect(PROMPT)
    m = sh.child.match
    assert isinstance(m, re.Match)
    if quiet:
        shown = str(sh.child.before).replace("\r", "").strip()
        assert shown.endswith(line.strip()) and "bash:" not in shown, shown
    return int(m.group(1))


@pytest.mark.parametrize("form", ["string", "array", "hook-last"])
def test_bash_pipestatus_reaches_later_prompt_commands(form: str, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "proj")
    record = '__seen="${PIPESTATUS[*]}"'
    with ShellDriver("bash") as sh:
        if form == "string":
            sh.check(f"PROMPT_COMMAND='{record}'")
            sh.source_hook()
        elif form == "array":  # (bash keeps PIPESTATUS between array elements itself)
            sh.check("PROMPT_COMMAND=('true')")
            sh.source_hook()
            sh.check(f"PROMPT_COMMAND+=('{record}')")
        else:  # the other tool loads after the hook (and appends, as most do)
            sh.source_hook("file")
            sh.check(f"PROMPT_COMMAND+=';{record}'")
        sh.cd(repo)
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "proj"
        assert typed(sh, "(exit 3) | (exit 0) | (exit 5)") == 5
        assert sh.var("__seen") == "3 0 5"
        assert typed(sh, "false") == 1
        assert sh.var("__seen") == "1"
        assert typed(sh, "true | (exit 2)") == 2
        assert sh.var("__seen") == "0 2"
        # One status, as before: the prompt after an ordinary command is unchanged.
        assert typed(sh, "true") == 0
        assert sh.var("__seen") == "0"
        # However long the pipeline (the entry's alias is made for its length).
        assert typed(sh, "true|true|true|true|true|true|true|true|(exit 4)|true|(exit 6)") == 6
        assert sh.var("__seen") == "0 0 0 0 0 0 0 0 4 0 6"
        # With aliases off, the user's $? still comes back (PIPESTATUS is then its last,
        # except between array elements).
        typed(sh, "shopt -u expand_aliases")
        assert typed(sh, "(exit 3) | (exit 7)") == 7
        assert sh.var("__seen") == ("3 7" if form == "array" else "7")


def test_bash_pipestatus_after_loading_again_and_with_the_entry_on_one_line(tmp_path: Path) -> None:
    """Loading the hook again (`source ~/.bashrc`) after a prompt whose alias was a pipeline
    or a single status keeps every function and status right; a tool that joins
    PROMPT_COMMAND's lines with `;` (bash-git-prompt does) still gets the user's `$?`, with
    no error printed."""
    repo = git_repo(tmp_path / "proj")
    with ShellDriver("bash") as sh:
        sh.check("PROMPT_COMMAND='__seen=\"${PIPESTATUS[*]}\"'")
        sh.source_hook("file")
        sh.cd(repo)
        assert typed(sh, "(exit 3) | (exit 4)", quiet=True) == 4
        typed(sh, ". " + str(PACKAGE_SHELLS_DIR / "hook.bash"), quiet=True)
        assert typed(sh, "(exit 3) | (exit 4) | true", quiet=True) == 0
        assert sh.var("__seen") == "3 4 0"
        assert typed(sh, "false", quiet=True) == 1
        typed(sh, ". " + str(PACKAGE_SHELLS_DIR / "hook.bash"), quiet=True)
        assert typed(sh, "(exit 5) | (exit 6)", quiet=True) == 6
        assert sh.var("__seen") == "5 6"
        assert "__shellhooks_ps" in sh.check("declare -f __shellhooks_ret")  # (not redefined)
        sh.check("PROMPT_COMMAND=\"${PROMPT_COMMAND//$'\\n'/;}\"")
        assert "\n" not in sh.check('printf %s "$PROMPT_COMMAND"')
        for line, status in (("(exit 2) | (exit 7) | true", 0), ("(exit 9)", 9),
                             ("true | (exit 8)", 8), ("false", 1)):
            assert typed(sh, line, quiet=True) == status
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "proj"


# ----- init lines in non-interactive shells ---------------------------------------------------


def documented_init_lines() -> dict[str, list[str]]:
    """The init lines README.md and docs/ give for each shell's rc file."""
    found: dict[str, list[str]] = {s: [] for s in SHELLS}
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for doc in docs:
        for line in doc.read_text(encoding="utf-8").splitlines():
            m = re.search(r"shellhooks init (bash|zsh|fish)\b", line)
            # (An indented line is inside a file the docs include, tested as that file.)
            if (m and ("eval" in line or "| source" in line) and "--path" not in line
                    and not line.startswith(" ")):
                found[m.group(1)].append(line.split("#")[0].strip())
    return found


def shim_path(tmp_path: Path) -> tuple[str, Path]:
    """A PATH whose `shellhooks` (and `python3`) only write a mark that they ran."""
    mark = tmp_path / "ran"
    bin_ = tmp_path / "shim"
    bin_.mkdir()
    for name in ("shellhooks", "python3", "python"):
        exe = bin_ / name
        exe.write_text(f"#!/bin/sh\necho \"$0 $*\" >> '{mark}'\n", encoding="utf-8")
        exe.chmod(0o755)
    return f"{bin_}:/usr/bin:/bin", mark


def test_readme_fish_line_is_guarded() -> None:
    lines = documented_init_lines()
    assert lines["fish"], "no fish init line found in the docs"
    for line in lines["fish"]:
        assert line.startswith("status is-interactive; and "), line


@pytest.mark.parametrize("shell", SHELLS)
def test_documented_init_lines_start_no_process_when_not_interactive(
    shell: str, tmp_path: Path, isolated_home: Path
) -> None:
    """Each init line in the rc file the docs name, then a non-interactive `shell -c true`
    (fish reads config.fish for `fish -c` too; bash and zsh read no rc file there): the
    shim `shellhooks` never runs. The same fish file in an interactive fish does run it (so
    the shim would see a run)."""
    require_tool(shell)
    path, mark = shim_path(tmp_path)
    env = dict(os.environ, PATH=path)
    for line in documented_init_lines()[shell]:
        rc = isolated_home / {"bash": ".bashrc", "zsh": ".zshrc",
                              "fish": ".config/fish/config.fish"}[shell]
        rc.parent.mkdir(parents=True, exist_ok=True)
        rc.write_text(line + "\n", encoding="utf-8")
        argv = [shell, "-c", "true"]
        p = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
        assert p.returncode == 0, p
        assert not mark.exists(), (line, mark.read_text())
        if shell == "fish":
            # Interactive, the same line runs the shim: the test can see a run.
            p = subprocess.run(["fish", "-i", "-c", "true"], env=env, capture_output=True,
                               text=True, timeout=60, stdin=subprocess.DEVNULL)
            assert mark.exists(), p
            mark.unlink()


@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
def test_bash_preexec_pipestatus(order: str, tmp_path: Path) -> None:
    """The real bash-preexec (its snapshot in shared/frameworks): its BP_PIPESTATUS and
    its precmd functions get the user's statuses, in either load order."""
    import tarfile

    archive = framework_archive("bash-preexec")
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="data")
    preexec = tmp_path / "bash-preexec" / "bash-preexec.sh"
    repo = git_repo(tmp_path / "proj")
    with ShellDriver("bash") as sh:
        if order == "hook-first":
            sh.source_hook("file")
        sh.check(f"source {preexec}")
        if order == "hook-after":
            sh.source_hook("file")
        sh.check('__rec() { __seen="$? ${BP_PIPESTATUS[*]}"; }; precmd_functions+=(__rec)')
        sh.cd(repo)
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "proj"
        assert typed(sh, "(exit 3) | (exit 0) | (exit 5)") == 5
        assert sh.var("__seen") == "5 3 0 5"
        assert typed(sh, "false") == 1
        assert sh.var("__seen") == "1 1"


def test_fisher_conf_d_file_starts_no_process_when_not_interactive(
    tmp_path: Path, isolated_home: Path
) -> None:
    """conf.d/shellhooks.fish (fisher's layout), which fish reads for `fish -c` too."""
    require_tool("fish")
    path, mark = shim_path(tmp_path)
    conf_d = isolated_home / ".config" / "fish" / "conf.d"
    conf_d.mkdir(parents=True)
    (conf_d / "shellhooks.fish").write_text(
        (ROOT / "conf.d" / "shellhooks.fish").read_text(encoding="utf-8"), encoding="utf-8")
    env = dict(os.environ, PATH=path)
    p = subprocess.run(["fish", "-c", "true"], env=env, capture_output=True, text=True,
                       timeout=60, stdin=subprocess.DEVNULL)
    assert p.returncode == 0 and not mark.exists(), p
    p = subprocess.run(["fish", "-i", "-c", "true"], env=env, capture_output=True, text=True,
                       timeout=60, stdin=subprocess.DEVNULL)
    assert mark.exists(), p


# ----- VS Code's terminal shell integration ----------------------------------------------------

VSC_A, VSC_B = "\x1b]633;A\x07", "\x1b]633;B\x07"  # prompt start, prompt end


@pytest.mark.parametrize("ps1", [r"@@SHDP$?@@ \w \$ ", "@@SHDP$?@@ "], ids=["sign", "no-sign"])
@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
def test_vscode_shell_integration_one_marker_pair(order: str, ps1: str, tmp_path: Path) -> None:
    """VS Code's real script (tests/realvscode.py) and the hook, both loaded before the
    first prompt as VS Code's injection does (it sources ~/.bashrc, then wraps PS1): each
    prompt has one start and one end marker, the segment between them, and VS Code's
    command-finished marker still gets the user's `$?`."""
    from tests import realvscode

    script = realvscode.require() / "shellIntegration-bash.sh"
    repo = git_repo(tmp_path / "proj")
    hook = f". {PACKAGE_SHELLS_DIR / 'hook.bash'}"
    with ShellDriver("bash") as sh:
        sh.check(f"PS1='{ps1}'")
        sh.check(f"{hook}; . {script}" if order == "hook-first" else f". {script}; {hook}")

        def one_pair() -> str:
            left = sh.prompt_parts()[0]
            assert left.count(VSC_A) == 1 and left.count(VSC_B) == 1, repr(left)
            return left[left.index(VSC_A) + len(VSC_A):left.index(VSC_B)]

        sh.cd(repo)
        segment = sh.var("SHELLHOOKS_SEGMENT")
        assert segment and segment in one_pair()
        sh.enter()
        assert segment in one_pair()
        r = sh.run("false")
        assert r.prompt_status == 1
        assert "\x1b]633;D;1\x07" in sh.transcript[-1], repr(sh.transcript[-1])
        assert segment in one_pair()
        sh.cd(tmp_path)
        assert "proj" not in one_pair()
        # What VS Code keeps as the user's own prompt: the segment, none of its markers.
        original = sh.var("__vsc_original_PS1") or ""
        assert "SHELLHOOKS_SEGMENT" in original and "\x1b" not in original, repr(original)


@pytest.mark.parametrize("position", ["right", "left"])
@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
def test_vscode_shell_integration_zsh_segment_once(order: str, position: str,
                                                   tmp_path: Path) -> None:
    """zsh: VS Code wraps PROMPT and RPROMPT at the prompt after a command and unwraps them
    when the next starts, so at the prompt after an empty line they are still wrapped. The
    segment is in each prompt once, inside VS Code's markers, each marker once (recorded
    by a precmd function after both)."""
    from tests import realvscode

    script = realvscode.require() / "shellIntegration-rc.zsh"
    repo = git_repo(tmp_path / "proj")
    hook = f". {PACKAGE_SHELLS_DIR / 'hook.zsh'}"
    record = "__rec() { __seen+=(\"$PROMPT\" \"$RPROMPT\") }; precmd_functions+=(__rec)"
    with ShellDriver("zsh") as sh:
        sh.check(f"PROMPT='@@SHDP%?@@ %~ %# '; SHELLHOOKS_PROMPT_POSITION={position}")
        both = f"{hook}; . {script}" if order == "hook-first" else f". {script}; {hook}"
        sh.check(f"{both}; {record}")
        sh.cd(repo)
        segment = sh.var("SHELLHOOKS_SEGMENT")
        assert segment
        sh.enter()
        sh.enter()
        sh.run("true")
        sh.enter()
        sh.check("print -r -- ${(pj:\\0:)__seen} > seen.out")
        seen = (Path(sh.pwd()) / "seen.out").read_text(encoding="utf-8").rstrip("\n")
        prompts = seen.split("\0")
        pairs = list(zip(prompts[::2], prompts[1::2], strict=True))[1:]  # (from the `cd` on)
        assert len(pairs) >= 4
        for left, right in pairs:
            assert left.count("633;A") == 1 and left.count("633;B") == 1, repr(left)
            shown = left if position == "left" else right
            assert shown.count(segment) == 1, (repr(left), repr(right))
            if "633;A" in shown or "633;H" in shown:
                start = "633;A" if position == "left" else "633;H"
                end = "633;B" if position == "left" else "633;I"
                assert shown.index(start) < shown.index(segment) < shown.index(end), repr(shown)
