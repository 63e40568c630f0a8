"""Nothing a project folder holds is ever imported: a module planted for every name Python
could import, in projects of every id source kind, while real interactive bash, zsh and fish
do what a user does there (cd, Enter, allow, claude, status, check, prompt, doctor, TAB).

Each planted module writes a marker when imported (tests/planted.py); no marker may appear.
One shell session per shell visits every kind of project, each in its own sibling folder.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.planted import found, plant
from tests.shelldriver import SHELLS, ShellDriver, quote
from tests.taskfixtures import ClaudeHome
from tests.test_completions import load_completion, tab

SETTINGS = json.dumps({"env": {"CLAUDE_CODE_TASK_LIST_ID": "settings-id"}})
# Folder name: (files, the id `claude` must get after `shellhooks allow`, or None: not checked).
KINDS: dict[str, tuple[dict[str, str], str | None]] = {
    "plain-env": ({".env": "CLAUDE_CODE_TASK_LIST_ID=plain-id\n"}, "plain-id"),
    # Quotes take the hook's process through python-dotenv's parser (site-packages added).
    "quoted-env": ({".env": "CLAUDE_CODE_TASK_LIST_ID='quoted id' # a comment\n"}, "quoted id"),
    "envrc-allowed": ({".envrc": "export CLAUDE_CODE_TASK_LIST_ID=envrc-id\n"}, "envrc-id"),
    "envrc-not-allowed": ({".envrc": 'export CLAUDE_CODE_TASK_LIST_ID="envrc-no"\n'}, ""),
    "settings": ({".claude/settings.json": SETTINGS}, None),
    "settings-local": ({".claude/settings.local.json": SETTINGS}, None),
    "git-project": ({".git/HEAD": "ref: refs/heads/main\n"}, "git-project"),
    "no-source": ({}, ""),
}
NOT_ALLOWED = {"envrc-not-allowed"}

FAKE_CLAUDE = """#!/bin/sh
# A stand-in for Claude Code: records the id it was started with.
printf '%s\\n' "${CLAUDE_CODE_TASK_LIST_ID-}" >> "$FAKE_CLAUDE_LOG"
"""


def projects(root: Path, markers: Path) -> dict[str, Path]:
    """Every kind of project, each full of planted modules."""
    out = {}
    for name, (files, _) in KINDS.items():
        d = root / name
        assert plant(d, markers) > 300
        for rel, text in files.items():
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            (d / rel).write_text(text, encoding="utf-8")
        out[name] = d
    return out


@pytest.mark.parametrize("shell", SHELLS)
def test_no_planted_module_is_ever_imported(shell: str, tmp_path: Path, claude: ClaudeHome) -> None:
    claude.make_list("list-one", ["pending", "in_progress"])
    claude.make_list("list-two", ["completed"])
    # Without it fish's first start parses every man page in the background (slow).
    (Path(os.environ["HOME"]) / ".local/share/fish/generated_completions").mkdir(parents=True)
    markers = tmp_path / "markers"
    dirs = projects(tmp_path / "projects", markers)
    fakebin = tmp_path / "fakebin"
    fakebin.mkdir()
    (fakebin / "claude").write_text(FAKE_CLAUDE, encoding="utf-8")
    (fakebin / "claude").chmod(0o755)
    log = tmp_path / "claude.log"
    path = os.pathsep.join([str(fakebin), str(Path(sys.executable).parent), "/usr/bin", "/bin"])
    env = {"PATH": path, "FAKE_CLAUDE_LOG": str(log), "CLAUDE_CODE_ENABLE_TODO_TOOLS": "1"}
    outputs = []
    # The shell starts, loads the hook (`shellhooks init`) and its completions in a project.
    with ShellDriver(shell, env=env, cwd=dirs["no-source"], term="xterm",
                     unset=("VISUAL", "EDITOR")) as sh:
        outputs.append(sh.source_hook())
        load_completion(sh)
        for name, d in dirs.items():
            outputs.append(sh.cd(d))
            outputs.append(sh.enter())
            if name not in NOT_ALLOWED:
                outputs.append(sh.run("shellhooks allow"))
                outputs.append(sh.enter())
            outputs.append(sh.run("claude"))
            for command in ("status", "check", "prompt", "doctor"):
                outputs.append(sh.run("shellhooks " + command))
            tab(sh, "shellhooks sho\t", "show")
            tab(sh, "shellhooks show list-o\t", "show list-one")
    assert found(markers) == [], "\n".join(map(str, outputs))
    for r in outputs:
        assert "Traceback" not in r.output + r.after, r
    # The sessions really ran where it matters: `claude` got each project's id.
    got = log.read_text(encoding="utf-8").splitlines()
    want = [i for _, i in KINDS.values()]
    assert len(got) == len(want), got
    checked = [(g, w) for g, w in zip(got, want, strict=True) if w is not None]
    assert all(g == w for g, w in checked), checked


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_the_hook_starts_python_in_the_root_folder(shell: str, tmp_path: Path) -> None:
    """bash and zsh start the hook's process from a subshell that first goes to / (fish's
    command substitution is no subshell: there only -I keeps the folder off sys.path). A
    user's own chpwd function must neither run there nor spoil the answer."""
    log = tmp_path / "cwd.log"
    py = tmp_path / "python"
    py.write_text(f"#!/bin/sh\npwd >> {quote('bash', log)}\nexec {quote('bash', sys.executable)} "
                  '"$@"\n', encoding="utf-8")
    py.chmod(0o755)
    project = tmp_path / "project"
    project.mkdir()
    (project / ".env").write_text("CLAUDE_CODE_TASK_LIST_ID=plain-id\n", encoding="utf-8")
    with ShellDriver(shell) as sh:
        sh.source_hook()
        sh.check("__shellhooks_py=" + quote(shell, py))
        if shell == "zsh":
            sh.check("chpwd() { print chpwd-output; }")
        results = [sh.cd(project), sh.run("shellhooks allow"), sh.enter()]
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "plain-id"
    for r in results:
        assert "not found" not in r.output + r.after, r  # its output, evaluated
    runs = log.read_text(encoding="utf-8").splitlines()
    assert runs and set(runs) == {"/"}, runs
    # (a chpwd hook run by that `cd` would start the hook again, and again...)
    assert len(runs) <= 8, len(runs)


# ---- a relative PATH entry never makes a project's file the hook's `shellhooks` -------------

# A project's own `shellhooks` whose #! line names a Python inside the project (reached
# through /proc/self/cwd), next to that "python": reading the #! line of a `shellhooks`
# found through a relative PATH entry would make the hook run the project's program.
PLANTED_EXE = "#!/proc/self/cwd/python\n"
PLANTED_PY = "#!/bin/sh\ntouch {marker}\nexit 1\n"


@pytest.mark.parametrize("entry", [".", "bin"])
@pytest.mark.parametrize("shell", SHELLS)
def test_a_relative_path_entry_never_gives_the_hook_a_projects_program(
    shell: str, entry: str, tmp_path: Path
) -> None:
    """The hook file sourced directly (as install.sh's rc block does), PATH with `.` (or
    `bin`) and no real `shellhooks` before it, a terminal opened in a cloned project that
    ships `shellhooks`, `bin/shellhooks` and `python`: neither the hook nor `claude` runs
    any of them, and the hook turns itself off with its one line instead."""
    proj = tmp_path / "proj"
    (proj / ".git").mkdir(parents=True)
    (proj / "bin").mkdir()
    marker = tmp_path / "ran"
    for name, text in (("shellhooks", PLANTED_EXE), ("bin/shellhooks", PLANTED_EXE),
                       ("python", PLANTED_PY.format(marker=marker)),
                       ("bin/python", PLANTED_PY.format(marker=marker))):
        (proj / name).write_text(text, encoding="utf-8")
        (proj / name).chmod(0o755)
    parts = ["/usr/bin", "/bin", entry]
    # The terminal opens in the project (an editor's terminal): the hook looks for its
    # program there first.
    with ShellDriver(shell, env={"PATH": os.pathsep.join(parts)}, cwd=proj) as sh:
        sh.check(f"set -gx PATH {' '.join(quote(shell, p) for p in parts)}" if shell == "fish"
                 else f"export PATH={quote(shell, os.pathsep.join(parts))}")
        said = "".join(r.output + r.after
                       for r in (sh.source_hook("file"), sh.cd(proj), sh.enter()))
        sh.run("claude")  # the launch wrapper's check (no claude on PATH: not found)
        assert "'shellhooks' is not found on PATH" in said, said
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") is None
    assert not marker.exists()


@pytest.mark.parametrize("shell", SHELLS)
def test_a_relative_path_entry_first_is_passed_over_for_the_real_one(
    shell: str, tmp_path: Path
) -> None:
    """PATH with `.` before the folder of the real `shellhooks`, a terminal in a project
    that ships its own: every shell passes over the relative entry (never running the
    project's program) and uses the real one, as bash, zsh and fish all do."""
    proj = tmp_path / "proj"
    (proj / ".git").mkdir(parents=True)
    marker = tmp_path / "ran"
    for name, text in (("shellhooks", PLANTED_EXE), ("python", PLANTED_PY.format(marker=marker))):
        (proj / name).write_text(text, encoding="utf-8")
        (proj / name).chmod(0o755)
    real = Path(sys.executable).parent
    assert (real / "shellhooks").is_file()
    parts = [".", str(real), "/usr/bin", "/bin"]
    with ShellDriver(shell, env={"PATH": os.pathsep.join(parts)}, cwd=proj) as sh:
        sh.check(f"set -gx PATH {' '.join(quote(shell, p) for p in parts)}" if shell == "fish"
                 else f"export PATH={quote(shell, os.pathsep.join(parts))}")
        said = "".join(r.output + r.after
                       for r in (sh.source_hook("file"), sh.cd(proj), sh.enter()))
        assert "not found on PATH" not in said, said
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "proj"
    assert not marker.exists()
