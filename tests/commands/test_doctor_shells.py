"""`shellhooks doctor` run from real interactive bash, zsh and fish (pty): whether the hook
is loaded in THIS shell is certain, inside a project or not, also in a child shell that
inherited the parent's variables but did not load the hook itself; and config.toml's
`[prompt]` settings are checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shellhooks.cli import main
from tests.shelldriver import SHELLS, ShellDriver, quote

RC_LINE = {
    "bash": ('.bashrc', 'eval "$(shellhooks init bash)"\n'),
    "zsh": ('.zshrc', 'eval "$(shellhooks init zsh)"\n'),
    "fish": ('.config/fish/config.fish', "shellhooks init fish | source\n"),
}
CHILD = {  # the same shell, started from the hooked one without its start-up files
    "bash": "bash --noprofile --norc -i",
    "zsh": "zsh -f -i",
    "fish": "fish --no-config -i",
}


def git_repo(path: Path) -> Path:
    (path / ".git" / "refs" / "heads").mkdir(parents=True, exist_ok=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return path


def write_rc(home: Path, shell: str) -> None:
    name, line = RC_LINE[shell]
    (home / name).parent.mkdir(parents=True, exist_ok=True)
    (home / name).write_text(line, encoding="utf-8")


def doctor_in(sh: ShellDriver) -> dict[str, dict[str, str]]:
    """`shellhooks doctor --json` typed at the prompt; the findings by name."""
    out = sh.dir / f"doctor{len(sh.transcript)}.json"
    sh.run(f"shellhooks doctor --json > {quote(sh.shell, out)}")
    return {f["name"]: f for f in json.loads(out.read_text(encoding="utf-8"))}


def doctor_in_child(sh: ShellDriver) -> dict[str, dict[str, str]]:
    """The same, typed in a child shell started from `sh` that does not load the hook."""
    out = sh.dir / f"child-doctor{len(sh.transcript)}.json"
    sh.start(CHILD[sh.shell])
    sh.send(f"shellhooks doctor --json > {quote(sh.shell, out)}; exit\n")
    sh.finish()
    return {f["name"]: f for f in json.loads(out.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("shell", SHELLS)
def test_hook_loaded_outside_a_project(shell: str, tmp_path: Path, isolated_home: Path) -> None:
    """No id applies here, so nothing is exported: only the marker can tell."""
    with ShellDriver(shell, cwd=tmp_path) as sh:
        sh.source_hook()
        v = doctor_in(sh)
    assert v["hook"]["status"] == "ok" and "loaded in this shell" in v["hook"]["message"], v


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("where", ["project", "elsewhere"])
def test_child_shell_without_the_hook(shell: str, where: str, tmp_path: Path,
                                      isolated_home: Path) -> None:
    """The child inherits the id and the markers, but its prompt runs no hook."""
    repo = git_repo(tmp_path / "proj")
    write_rc(isolated_home, shell)  # the start-up file would load it: not this child
    with ShellDriver(shell, cwd=tmp_path) as sh:
        sh.source_hook()
        sh.cd(repo if where == "project" else tmp_path)
        assert doctor_in(sh)["hook"]["status"] == "ok"
        v = doctor_in_child(sh)
        assert sh.alive()
    assert v["hook"]["status"] == "fail" and "not loaded" in v["hook"]["message"], v["hook"]


@pytest.mark.parametrize("shell", SHELLS)
def test_shell_that_skipped_its_start_up_file(shell: str, tmp_path: Path,
                                              isolated_home: Path) -> None:
    """The rc file loads the hook, but this shell did not read it (--norc, -f, --no-config)."""
    write_rc(isolated_home, shell)
    with ShellDriver(shell, cwd=tmp_path) as sh:
        v = doctor_in(sh)
    assert v["hook"]["status"] == "fail" and "not loaded" in v["hook"]["message"], v["hook"]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_from_a_subshell_of_the_hooked_shell(shell: str, tmp_path: Path) -> None:
    """`( ...; ... )` forks a copy of the shell, hook included: still loaded."""
    out = tmp_path / "sub.json"
    with ShellDriver(shell, cwd=tmp_path) as sh:
        sh.source_hook()
        sh.check(f"( shellhooks doctor --json > {quote(shell, out)}; true )")
    v = {f["name"]: f for f in json.loads(out.read_text(encoding="utf-8"))}
    assert v["hook"]["status"] == "ok", v["hook"]


@pytest.mark.parametrize("shell", SHELLS)
def test_from_a_non_interactive_child(shell: str, tmp_path: Path) -> None:
    """`bash -c ...` (or Claude Code's Bash tool) never loads the hook: the interactive
    shell it came from has it, and that is what counts."""
    out = tmp_path / "c.json"
    cmd = f"shellhooks doctor --json > {quote(shell, out)}; true"
    with ShellDriver(shell, cwd=tmp_path) as sh:
        sh.source_hook()
        sh.check(f"{shell} -c {quote(shell, cmd)}")
    v = {f["name"]: f for f in json.loads(out.read_text(encoding="utf-8"))}
    assert v["hook"]["status"] == "ok" and "interactive" in v["hook"]["message"], v["hook"]
    with ShellDriver(shell, cwd=tmp_path) as sh:  # no hook anywhere
        sh.check(f"{shell} -c {quote(shell, cmd)}")
    v = {f["name"]: f for f in json.loads(out.read_text(encoding="utf-8"))}
    assert v["hook"]["status"] == "warn", v["hook"]


@pytest.mark.parametrize("shell", SHELLS)
def test_rc_loaded_hook_in_a_real_start_up(shell: str, tmp_path: Path,
                                           isolated_home: Path) -> None:
    """The documented rc line, read by the shell at start-up."""
    write_rc(isolated_home, shell)
    with ShellDriver(shell, cwd=tmp_path, rc=True) as sh:
        v = doctor_in(sh)
    assert v["hook"]["status"] == "ok", v["hook"]


# ----- [prompt] settings ---------------------------------------------------------------

def config(home: Path, text: str) -> None:
    cfg = home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(text, encoding="utf-8")


def verdicts(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, dict[str, str]]]:
    code = main(["doctor", "--json"])
    out, _ = capsys.readouterr()
    return code, {f["name"]: f for f in json.loads(out)}


@pytest.mark.parametrize(("prompt", "named"), [
    ('format = "{id} {bogus}"', "{bogus}"),
    ('format = "{id} {done"', "format"),
    ('format = "{done:q}"', "{done:q}"),
    ('format = 5', "format"),
    ("max_width = -1", "max_width"),
    ('ascii = "yes"', "ascii"),
])
def test_bad_prompt_settings_fail(prompt: str, named: str, isolated_home: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    config(isolated_home, f'auto = "git"\n\n[prompt]\n{prompt}\n')
    code, v = verdicts(capsys)
    assert code == 1
    assert v["config"]["status"] == "fail" and named in v["config"]["message"], v["config"]
    assert "config.toml" in v["config"]["fix"]


def test_prompt_not_a_table_fails(isolated_home: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    config(isolated_home, 'prompt = "{id}"\n')
    code, v = verdicts(capsys)
    assert code == 1 and "[prompt]" in v["config"]["message"], v["config"]


def test_good_prompt_settings_pass(isolated_home: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    config(isolated_home, '[prompt]\nformat = "{id} {done}/{total} {{x}} {done:>3}"\n'
                          "max_width = 10\nascii = true\n")
    _, v = verdicts(capsys)
    assert v["config"]["status"] == "ok", v["config"]
