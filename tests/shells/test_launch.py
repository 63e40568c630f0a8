"""The `claude` launch wrapper in real interactive bash, zsh and fish, with a fake `claude`.

The fake `claude` on PATH records its arguments and its CLAUDE_CODE_TASK_LIST_ID, then
exits with $FAKE_CLAUDE_STATUS, so each test can see exactly what the real one would
have been given.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shellhooks.textsafe import shown_path
from tests.shelldriver import PACKAGE_SHELLS_DIR, SHELLS, ShellDriver, quote, require_tool
from tests.taskfixtures import ClaudeHome

# One edit apart: Enter alone accepts nothing (no default in the question).
QUESTION = r"Use 'webapp-auth' instead\? \[y/n/q\] "
CHOICES = (
    "  y: use 'webapp-auth' (12 tasks, 4 open, updated 2h ago)\n"
    "  n: start the new list 'webap-auth' (no tasks yet)\n"
    "  q: start nothing\n"
)
WARNING = (
    "shellhooks: no task list 'webap-auth'; did you mean 'webapp-auth' "
    "(12 tasks, 4 open, updated 2h ago)?"
)
MANUAL_FIX = (" Fix: export CLAUDE_CODE_TASK_LIST_ID=webapp-auth, or unset it and run "
              "`shellhooks pin webapp-auth` in the project.")
NASTY_ARGS = ["a b", "", "it's", 'say "hi"', "$HOME", "`echo x`", "$(echo y)", "--", "-p",
              "*", "back\\slash", "tab\there", "two\nlines", "é ✓", "--json", "+plus"]

FAKE_CLAUDE = """#!{python}
import json, os, sys
with open(os.environ["FAKE_CLAUDE_LOG"], "a", encoding="utf-8") as f:
    f.write(json.dumps({{"argv": sys.argv[1:],
                        "id": os.environ.get("CLAUDE_CODE_TASK_LIST_ID")}}) + "\\n")
sys.exit(int(os.environ.get("FAKE_CLAUDE_STATUS", "0")))
"""


class Fake:
    """The fake claude's folder and log."""

    def __init__(self, root: Path) -> None:
        self.bin = root / "fakebin"
        self.bin.mkdir()
        self.log = root / "claude-calls.jsonl"
        exe = self.bin / "claude"
        exe.write_text(FAKE_CLAUDE.format(python=sys.executable), encoding="utf-8")
        exe.chmod(0o755)

    def calls(self) -> list[dict[str, object]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]

    def env(self, with_shellhooks: bool = True) -> dict[str, str]:
        venv_bin = str(Path(sys.executable).parent)
        path = [str(self.bin)] + ([venv_bin] if with_shellhooks else []) + ["/usr/bin", "/bin"]
        # The Task tools opt-in keeps the model note (tested on its own) out of the output.
        return {"PATH": os.pathsep.join(path), "FAKE_CLAUDE_LOG": str(self.log),
                "CLAUDE_CODE_ENABLE_TODO_TOOLS": "1"}


@pytest.fixture
def fake(tmp_path: Path) -> Fake:
    return Fake(tmp_path)


@pytest.fixture
def lists(claude: ClaudeHome) -> ClaudeHome:
    """`webapp-auth`: 12 tasks, 4 open, last written 2 hours ago."""
    claude.make_list("webapp-auth", ["pending"] * 3 + ["in_progress"] + ["completed"] * 8)
    claude.set_mtime("webapp-auth", time.time() - 2 * 3600 - 30)
    return claude


def wrapper(shell: str) -> Path:
    return PACKAGE_SHELLS_DIR / f"claude.{shell}"


def source(sh: ShellDriver) -> None:
    sh.check(("source " if sh.shell == "fish" else ". ") + quote(sh.shell, wrapper(sh.shell)))


def one_off(shell: str, list_id: str, rest: str = "") -> str:
    """`CLAUDE_CODE_TASK_LIST_ID=<id> claude <rest>` (fish accepts the same form)."""
    return f"CLAUDE_CODE_TASK_LIST_ID={quote(shell, list_id)} claude {rest}".rstrip()


@pytest.mark.parametrize("shell", SHELLS)
def test_question_and_each_answer(shell: str, fake: Fake, lists: ClaudeHome) -> None:
    with ShellDriver(shell, env=fake.env()) as sh:
        source(sh)
        for answer, expected_id, expected_status in [
            ("y", "webapp-auth", 0), ("Y", "webapp-auth", 0), ("n", "webap-auth", 0),
            ("q", None, 130),
        ]:
            before = len(fake.calls())
            sh.start(one_off(shell, "webap-auth", "-p 'a b'"))
            printed = sh.expect(QUESTION).replace("\r\n", "\n")
            assert WARNING + MANUAL_FIX + "\n" + CHOICES in printed
            sh.send(answer + "\r")
            r = sh.finish()
            assert r.status == expected_status, (answer, str(r))
            calls = fake.calls()[before:]
            if expected_id is None:
                assert calls == [], answer
            else:
                assert calls == [{"argv": ["-p", "a b"], "id": expected_id}], answer
        # The one-off id did not stay in the shell, and the typo's folder was never made.
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") is None
        assert not (lists.tasks / "webap-auth").exists()


@pytest.mark.parametrize("shell", SHELLS)
def test_enter_never_moves_into_a_list_one_edit_away(shell: str, fake: Fake,
                                                      claude: ClaudeHome) -> None:
    """`sprint-jun` and `sprint-jan` are one edit apart and often two real lists: Enter
    alone asks again, and the question says which list holds what."""
    claude.make_list("sprint-jan", ["completed"] * 9 + ["pending"])
    claude.set_mtime("sprint-jan", time.time() - 40 * 86400)
    with ShellDriver(shell, env=fake.env()) as sh:
        source(sh)
        sh.start(one_off(shell, "sprint-jun"))
        question = r"Use 'sprint-jan' instead\? \[y/n/q\] "
        printed = sh.expect(question).replace("\r\n", "\n")
        assert ("  y: use 'sprint-jan' (10 tasks, 1 open, updated 40d ago)\n"
                "  n: start the new list 'sprint-jun' (no tasks yet)\n") in printed
        sh.send("\r")
        sh.expect(question)  # Enter: asked again, nothing started
        sh.send("\r")
        sh.expect(question)
        assert fake.calls() == []
        sh.send("n\r")
        assert sh.finish().status == 0
    assert fake.calls() == [{"argv": [], "id": "sprint-jun"}]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(("existing", "typed"), [("webapp-auth", "WebApp_Auth"),
                                                  ("release-v02", "release-v2")])
def test_enter_accepts_the_same_name_written_another_way(
        shell: str, existing: str, typed: str, fake: Fake, claude: ClaudeHome) -> None:
    """Case, separators and number formatting only: Enter (the default) takes the list."""
    claude.make_list(existing, ["pending"])
    with ShellDriver(shell, env=fake.env()) as sh:
        source(sh)
        sh.start(one_off(shell, typed))
        sh.expect(rf"Use '{existing}' instead\? \[Y/n/q\] ")
        sh.send("\r")
        assert sh.finish().status == 0
    assert fake.calls() == [{"argv": [], "id": existing}]


@pytest.mark.parametrize("shell", SHELLS)
def test_other_answers_ask_again_and_ctrl_c_quits(
    shell: str, fake: Fake, lists: ClaudeHome
) -> None:
    with ShellDriver(shell, env=fake.env()) as sh:
        source(sh)
        sh.start(one_off(shell, "webap-auth", "x"))
        sh.expect(QUESTION)
        sh.send("maybe\r")
        sh.expect(QUESTION)  # asked again
        sh.send("n\r")
        assert sh.finish().status == 0
        sh.start(one_off(shell, "webap-auth", "y"))
        sh.expect(QUESTION)
        sh.send("\x03")  # Ctrl-C: the shell drops the whole command line, as usual
        sh.expect(r"@@SHDP(-?\d+)@@ ")
        # bash and fish show 130; zsh, interrupted itself, shows 1. Claude never starts.
        assert sh.child.match.group(1) in ("130", "1")
        assert sh.run("echo still-here").output == "still-here\n"
    assert fake.calls() == [{"argv": ["x"], "id": "webap-auth"}]


@pytest.mark.parametrize("shell", SHELLS)
def test_id_from_project_settings_is_not_offered_a_swap(
    shell: str, fake: Fake, lists: ClaudeHome, tmp_path: Path
) -> None:
    """Claude Code's project settings override the shell's variable, so a different id
    chosen here could not take effect: warn, do not ask."""
    proj = tmp_path / "proj"
    (proj / ".claude").mkdir(parents=True)
    (proj / ".claude" / "settings.local.json").write_text(
        json.dumps({"env": {"CLAUDE_CODE_TASK_LIST_ID": "webap-auth"}}), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "shellhooks", "allow", str(proj)], check=True,
                   capture_output=True, timeout=60)
    with ShellDriver(shell, env=fake.env(), cwd=proj) as sh:
        source(sh)
        r = sh.run("claude x")
        assert r.status == 0, str(r)
        # The file that sets it is named, as the place to fix it for good.
        settings = shown_path(proj / ".claude" / "settings.local.json")
        assert r.output.strip().splitlines() == [
            WARNING + f" Fix: edit {settings}:1 to say 'webapp-auth'."]
    assert fake.calls() == [{"argv": ["x"], "id": None}]


@pytest.mark.parametrize("user_alias", [False, True])
@pytest.mark.parametrize("shell", SHELLS)
def test_through_the_hook_init_code(
    shell: str, user_alias: bool, fake: Fake, lists: ClaudeHome
) -> None:
    """The documented rc line (`eval "$(shellhooks init bash)"`, `... | source`) includes
    the wrapper, which then runs the check with the interpreter the hook found, even with
    no `shellhooks` on PATH; a user's alias defined before it is kept."""
    with ShellDriver(shell, env=fake.env()) as sh:
        if user_alias:
            sh.check("alias claude='claude --from-alias'")
        assert sh.source_hook().status == 0
        sh.check("set -gx PATH " + quote(shell, fake.bin) + " /usr/bin /bin" if shell == "fish"
                 else "PATH=" + quote(shell, f"{fake.bin}:/usr/bin:/bin"))
        sh.start(one_off(shell, "webap-auth", "x"))
        sh.expect(QUESTION)
        sh.send("y\r")
        assert sh.finish().status == 0
    argv = ["--from-alias", "x"] if user_alias else ["x"]
    assert fake.calls() == [{"argv": argv, "id": "webapp-auth"}]


@pytest.mark.parametrize("shell", SHELLS)
def test_model_note_when_the_task_tools_are_off(shell: str, fake: Fake, claude: ClaudeHome) -> None:
    claude.make_list("webapp-auth", ["pending"])
    env = {**fake.env(), "CLAUDE_CODE_ENABLE_TODO_TOOLS": "0"}
    with ShellDriver(shell, env=env) as sh:
        source(sh)
        r = sh.run(one_off(shell, "webapp-auth", "--model claude-opus-5-5 -p hi"))
        assert r.status == 0, str(r)
        [line] = r.output.strip().splitlines()  # one line (its wording is models.py's)
        assert line.startswith("shellhooks: ") and "'webapp-auth'" in line
        assert "claude-opus-5-5" in line
        r = sh.run(one_off(shell, "webapp-auth", "--model claude-opus-4-7 -p hi"))
        assert (r.status, r.output) == (0, ""), str(r)
    assert [c["argv"][1] for c in fake.calls()] == ["claude-opus-5-5", "claude-opus-4-7"]


@pytest.mark.parametrize("shell", SHELLS)
def test_exported_id_is_checked_too(shell: str, fake: Fake, lists: ClaudeHome) -> None:
    with ShellDriver(shell, env=fake.env()) as sh:
        source(sh)
        sh.check("set -gx CLAUDE_CODE_TASK_LIST_ID webap-auth" if shell == "fish"
                 else "export CLAUDE_CODE_TASK_LIST_ID=webap-auth")
        sh.start("claude")
        sh.expect(QUESTION)
        sh.send("y\r")
        assert sh.finish().status == 0
        assert fake.calls() == [{"argv": [], "id": "webapp-auth"}]
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "webap-auth"  # the shell's value kept


@pytest.mark.parametrize("shell", SHELLS)
def test_arguments_and_status_pass_through(shell: str, fake: Fake, lists: ClaudeHome) -> None:
    words = " ".join(quote(shell, a) for a in NASTY_ARGS)
    with ShellDriver(shell, env=fake.env()) as sh:
        source(sh)
        r = sh.run(f"FAKE_CLAUDE_STATUS=7 {one_off(shell, 'webapp-auth', words)}")
        assert r.status == 7, str(r)
        r = sh.run(f"claude {words}")  # no id at all
        assert r.status == 0, str(r)
        # through the question as well
        sh.start(f"FAKE_CLAUDE_STATUS=42 {one_off(shell, 'webap-auth', words)}")
        sh.expect(QUESTION)
        sh.send("y\r")
        assert sh.finish().status == 42
    assert fake.calls() == [
        {"argv": NASTY_ARGS, "id": "webapp-auth"},
        {"argv": NASTY_ARGS, "id": None},
        {"argv": NASTY_ARGS, "id": "webapp-auth"},
    ]


@pytest.mark.parametrize("shell", SHELLS)
def test_without_terminal_warns_and_launches(shell: str, fake: Fake, lists: ClaudeHome) -> None:
    with ShellDriver(shell, env=fake.env()) as sh:
        source(sh)
        r = sh.run(one_off(shell, "webap-auth", "-p hi </dev/null"))
        assert r.status == 0, str(r)
        assert r.output.strip().splitlines() == [WARNING + MANUAL_FIX]
        r = sh.run(f"echo data | {one_off(shell, 'webap-auth', '-p piped')}")
        assert r.status == 0 and r.output.strip().splitlines() == [WARNING + MANUAL_FIX]
        assert fake.calls() == [{"argv": ["-p", "hi"], "id": "webap-auth"},
                                {"argv": ["-p", "piped"], "id": "webap-auth"}]


@pytest.mark.parametrize("shell", SHELLS)
def test_strict_mode_refuses_with_3(shell: str, fake: Fake, lists: ClaudeHome) -> None:
    with ShellDriver(shell, env=fake.env()) as sh:
        source(sh)
        r = sh.run("SHELLHOOKS_STRICT=1 " + one_off(shell, "webap-auth", "x </dev/null"))
        assert r.status == 3, str(r)
        assert WARNING in r.output and "SHELLHOOKS_STRICT=1" in r.output
        assert fake.calls() == []
        # A correct id goes through in strict mode.
        r = sh.run("SHELLHOOKS_STRICT=1 " + one_off(shell, "webapp-auth", "x </dev/null"))
        assert r.status == 0 and fake.calls() == [{"argv": ["x"], "id": "webapp-auth"}]


USER_DEFS = {
    ("bash", "alias"): "alias claude='claude --from-alias'",
    ("zsh", "alias"): "alias claude='claude --from-alias'",
    ("fish", "alias"): "alias claude='claude --from-alias'",
    ("bash", "function"): 'claude() { command claude --from-function "$@"; }',
    ("zsh", "function"): 'claude() { command claude --from-function "$@"; }',
    ("fish", "function"): "function claude; command claude --from-function $argv; end",
    # an alias whose text does more than name claude
    ("bash", "alias2"): "alias claude='FAKE_CLAUDE_STATUS=5 command claude --from-alias'",
    ("zsh", "alias2"): "alias claude='FAKE_CLAUDE_STATUS=5 command claude --from-alias'",
    ("fish", "alias2"):
        "function claude; FAKE_CLAUDE_STATUS=5 command claude --from-alias $argv; end",
}


@pytest.mark.parametrize("kind", ["alias", "function", "alias2"])
@pytest.mark.parametrize("shell", SHELLS)
def test_users_own_claude_is_wrapped(shell: str, kind: str, fake: Fake, lists: ClaudeHome) -> None:
    flag = "--from-function" if kind == "function" else "--from-alias"
    status = 5 if kind == "alias2" else 0
    with ShellDriver(shell, env=fake.env()) as sh:
        sh.check(USER_DEFS[shell, kind])
        source(sh)
        source(sh)  # loading twice must not wrap the wrapper
        sh.start(one_off(shell, "webap-auth", "'x y'"))
        sh.expect(QUESTION)
        sh.send("y\r")
        assert sh.finish().status == status
        r = sh.run(one_off(shell, "webapp-auth", "z"))
        assert r.status == status, str(r)
    assert fake.calls() == [{"argv": [flag, "x y"], "id": "webapp-auth"},
                            {"argv": [flag, "z"], "id": "webapp-auth"}]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_alias_and_function_both_kept(shell: str, fake: Fake, lists: ClaudeHome) -> None:
    with ShellDriver(shell, env=fake.env()) as sh:
        sh.check(USER_DEFS[shell, "function"])
        sh.check("alias claude='claude --from-alias'")
        source(sh)
        r = sh.run(one_off(shell, "webapp-auth", "z"))
        assert r.status == 0, str(r)
    assert fake.calls() == [{"argv": ["--from-function", "--from-alias", "z"],
                             "id": "webapp-auth"}]


@pytest.mark.parametrize("shell", SHELLS)
def test_command_claude_bypasses(shell: str, fake: Fake, lists: ClaudeHome) -> None:
    with ShellDriver(shell, env=fake.env()) as sh:
        source(sh)
        r = sh.run("CLAUDE_CODE_TASK_LIST_ID=webap-auth command claude x")
        assert (r.status, r.output) == (0, ""), str(r)
    assert fake.calls() == [{"argv": ["x"], "id": "webap-auth"}]


BROKEN = {
    "crashes": "#!/bin/sh\necho 'not an id'\necho 'Traceback: boom' >&2\nexit 1\n",
    "usage-error": "#!/bin/sh\necho 'usage: shellhooks ...' >&2\nexit 2\n",
    "killed": "#!/bin/sh\nkill -9 $$\n",
}


@pytest.mark.parametrize("how", ["missing", *BROKEN])
@pytest.mark.parametrize("shell", SHELLS)
def test_broken_shellhooks_still_launches(
    shell: str, how: str, fake: Fake, lists: ClaudeHome
) -> None:
    if how != "missing":
        exe = fake.bin / "shellhooks"
        exe.write_text(BROKEN[how], encoding="utf-8")
        exe.chmod(0o755)
    with ShellDriver(shell, env=fake.env(with_shellhooks=False)) as sh:
        source(sh)
        r = sh.run(one_off(shell, "webap-auth", "'a b'"))
        assert r.status == 0, str(r)
        assert "command not found" not in r.output and "Unknown command" not in r.output
    assert fake.calls() == [{"argv": ["a b"], "id": "webap-auth"}]


# ---- strict shell options, loading, static checks ------------------------------------------

STRICT_RUN = {
    "bash": ["bash", "--noprofile", "--norc", "-euo", "pipefail", "-c"],
    "zsh": ["zsh", "--no-rcs", "-euo", "pipefail", "-c"],
    "fish": ["fish", "--no-config", "-c"],
}


@pytest.mark.parametrize("shell", SHELLS)
def test_loading_prints_nothing_under_strict_options(shell: str) -> None:
    require_tool(shell)
    src = ("source " if shell == "fish" else ". ") + quote(shell, wrapper(shell))
    p = subprocess.run([*STRICT_RUN[shell], f"{src}; {src}"], capture_output=True, text=True,
                       timeout=60, stdin=subprocess.DEVNULL)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")


@pytest.mark.parametrize("shell", ["bash", "zsh"])
@pytest.mark.parametrize("with_shellhooks", [True, False])
def test_strict_options_keep_working(shell: str, with_shellhooks: bool, fake: Fake,
                                     lists: ClaudeHome) -> None:
    """Under `set -euo pipefail` a check that fails or warns does not end the shell."""
    require_tool(shell)
    src = ". " + quote(shell, wrapper(shell))
    if not with_shellhooks:
        exe = fake.bin / "shellhooks"
        exe.write_text(BROKEN["crashes"], encoding="utf-8")
        exe.chmod(0o755)
    script = (f"{src}; CLAUDE_CODE_TASK_LIST_ID=webap-auth claude 'a b'; "
              "CLAUDE_CODE_TASK_LIST_ID=webapp-auth claude c; claude; echo survived")
    env = {**os.environ, **fake.env(with_shellhooks)}
    env.pop("CLAUDE_CODE_TASK_LIST_ID", None)
    p = subprocess.run([*STRICT_RUN[shell], script], capture_output=True, text=True,
                       timeout=60, stdin=subprocess.DEVNULL, env=env)
    assert p.returncode == 0 and p.stdout == "survived\n", p
    assert [c["id"] for c in fake.calls()] == ["webap-auth", "webapp-auth", None]


def test_shellcheck_bash_wrapper() -> None:
    require_tool("shellcheck")
    files = [str(PACKAGE_SHELLS_DIR / "hook.bash"), str(wrapper("bash")),
             str(PACKAGE_SHELLS_DIR / "claude.common.sh")]
    p = subprocess.run(["shellcheck", "--shell=bash", *files], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_init_inlines_the_shared_wrapper_part(shell: str) -> None:
    """`shellhooks init` output reads no file at shell start: the part claude.bash and
    claude.zsh share is inline, once."""
    from shellhooks.shells import get_shell

    code = get_shell(shell).init_code()
    assert "claude.common.sh\"" not in code
    # (Nor the line that reads the hook's functions when a wrapper is loaded on its own.)
    assert "hook.common.sh\"" not in code
    assert code.count("function claude {") == 1
    assert code.count("__shellhooks_claude_check() {") == 1


def test_zsh_syntax() -> None:
    require_tool("zsh")
    for f in (wrapper("zsh"), PACKAGE_SHELLS_DIR / "claude.common.sh"):
        p = subprocess.run(["zsh", "-n", str(f)], capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, (f, p.stderr)


def test_fish_syntax() -> None:
    require_tool("fish")
    p = subprocess.run(["fish", "--no-execute", str(wrapper("fish"))], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    if shutil.which("fish_indent"):
        p = subprocess.run(["fish_indent", "--check", str(wrapper("fish"))],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, "claude.fish is not formatted as fish_indent would"


# ---- a relative PATH entry never makes a project's file the `shellhooks` that runs ---------

PLANTED = "#!/bin/sh\ntouch {marker}\nexit 10\n"


@pytest.mark.parametrize("entry", [".", "bin"])
@pytest.mark.parametrize("with_shellhooks", [False, True])
@pytest.mark.parametrize("shell", SHELLS)
def test_a_relative_path_entry_never_runs_the_projects_shellhooks(
    shell: str, entry: str, with_shellhooks: bool, fake: Fake, lists: ClaudeHome,
    tmp_path: Path,
) -> None:
    """`PATH=$PATH:.` (or `bin`, or an empty entry, which means `.`) and a cloned project
    that ships an executable `shellhooks` (and `bin/shellhooks`): typing `claude` there
    never runs it, whether the real one comes after that entry or is not on PATH at all."""
    proj = tmp_path / "proj"
    marker = tmp_path / "ran"
    for exe in (proj / "shellhooks", proj / "bin" / "shellhooks"):
        exe.parent.mkdir(parents=True, exist_ok=True)
        exe.write_text(PLANTED.format(marker=marker), encoding="utf-8")
        exe.chmod(0o755)
    env = fake.env(with_shellhooks=False)
    parts = [str(fake.bin), entry] + ([str(Path(sys.executable).parent)] if with_shellhooks
                                       else []) + ["/usr/bin", "/bin"]
    env["PATH"] = os.pathsep.join(parts)
    with ShellDriver(shell, env=env, cwd=proj) as sh:
        sh.check(f"set -gx PATH {' '.join(quote(shell, p) for p in parts)}" if shell == "fish"
                 else f"export PATH={quote(shell, env['PATH'])}")
        source(sh)
        sh.start(one_off(shell, "webap-auth", "x"))
        if with_shellhooks:  # the real check ran: it asks
            sh.expect(QUESTION)
            sh.send("n\r")
        r = sh.finish()
        assert r.status == 0, str(r)
    assert not marker.exists()
    assert fake.calls() == [{"argv": ["x"], "id": "webap-auth"}]


# ---- a clone's own Claude Code settings never put a session on your list unasked ------------


@pytest.mark.parametrize("shell", SHELLS)
def test_a_projects_settings_naming_another_folders_list_is_refused(
    shell: str, fake: Fake, claude: ClaudeHome, tmp_path: Path
) -> None:
    """Claude Code applies a project's `.claude/settings.json` `env` whatever shellhooks
    allowed: a clone whose settings name your pinned `webapp-auth` list would put its
    sessions on it. `claude` there refuses with one line until you allow the file; a
    project whose settings name a list no other folder has starts as before."""
    from shellhooks import cli

    claude.make_list("webapp-auth", ["pending"] * 3)
    mine = tmp_path / "work" / "webapp-auth"
    mine.mkdir(parents=True)
    assert cli.main(["pin", "webapp-auth", str(mine)]) == 0
    clone = tmp_path / "downloads" / "innocent"
    honest = tmp_path / "work" / "team"
    for folder, list_id in ((clone, "WebApp.Auth"), (honest, "team-list")):
        (folder / ".claude").mkdir(parents=True)
        (folder / ".claude" / "settings.json").write_text(
            json.dumps({"env": {"CLAUDE_CODE_TASK_LIST_ID": list_id}}), encoding="utf-8")
    with ShellDriver(shell, env=fake.env(), cwd=clone) as sh:
        source(sh)
        r = sh.run("claude x")
        assert r.status == 3, str(r)
        [line] = r.output.strip().splitlines()
        assert line.startswith("shellhooks: not starting claude: ") and str(mine) in line
        assert "'WebApp.Auth'" in line
        assert fake.calls() == []
        sh.check("shellhooks allow")
        r = sh.run("claude x")
        assert r.status == 0 and "not starting" not in r.output, str(r)
        sh.check(f"cd {quote(shell, honest)}")
        r = sh.run("claude y")
        assert (r.status, r.output) == (0, ""), str(r)
    assert [c["argv"] for c in fake.calls()] == [["x"], ["y"]]


@pytest.mark.parametrize("shell", SHELLS)
def test_cd_and_claude_on_one_line_warn_once(shell: str, fake: Fake, lists: ClaudeHome,
                                             tmp_path: Path) -> None:
    # The hook warns on the `cd` (zsh, fish) or in the wrapper's update (bash); the launch
    # check must not say the same line again (no terminal here: nothing to ask).
    project = tmp_path / "src" / "webap-auth"
    (project / ".git").mkdir(parents=True)
    with ShellDriver(shell, env=fake.env()) as sh:
        sh.source_hook()
        r = sh.run(f"cd {quote(shell, project)}; claude -p hi </dev/null")
        assert r.status == 0, str(r)
        text = r.output + r.after
        assert text.count("did you mean 'webapp-auth'") == 1, text
    assert fake.calls() == [{"argv": ["-p", "hi"], "id": "webap-auth"}]


@pytest.mark.parametrize("shell", SHELLS)
def test_a_failing_claude_is_handled_under_errexit(shell: str, fake: Fake) -> None:
    """`claude ... || handler` in a shell running with errexit (`set -e`, zsh's
    ERR_EXIT; fish has none) goes to the handler: the wrapper must not end the shell
    (bash 5.2 exits on `builtin command` failing inside a function, even after `||`)."""
    with ShellDriver(shell, env={**fake.env(), "FAKE_CLAUDE_STATUS": "3"}) as sh:
        source(sh)
        if shell != "fish":
            sh.check("set -e")
        r = sh.run("claude -p x || echo handled-" + ("$status" if shell == "fish" else "$?"))
        assert "handled-3" in r.output, str(r)
        assert sh.alive()
    assert [c["argv"] for c in fake.calls()] == [["-p", "x"]]


@pytest.mark.parametrize("shell", SHELLS)
def test_a_projects_settings_cannot_hide_another_folders_list(
    shell: str, fake: Fake, claude: ClaudeHome, tmp_path: Path
) -> None:
    """The same clone, its settings written the ways Claude Code reads and a plain JSON
    reader does not (tests/claude_e2e/test_settings_files.py): an escaped key, UTF-16
    with a byte-order mark, padding past 64 KiB, nesting past Python's limit. Each is
    refused like the plain file."""
    from shellhooks import cli

    claude.make_list("webapp-auth", ["pending"] * 3)
    mine = tmp_path / "work" / "webapp-auth"
    mine.mkdir(parents=True)
    assert cli.main(["pin", "webapp-auth", str(mine)]) == 0
    plain = '{"env": {"CLAUDE_CODE_TASK_LIST_ID": "webapp-auth"}}'
    forms = {
        "escaped": plain.replace('"CLAUDE', '"\\u0043LAUDE').encode(),
        "utf16": b"\xff\xfe" + plain.encode("utf-16-le"),
        "padded": plain.encode() + b" " * 70_000,
        "deep": (plain[:-1] + ', "x": ' + "[" * 3000 + "]" * 3000 + "}").encode(),
    }
    clones = []
    for name, data in forms.items():
        clone = tmp_path / "downloads" / name
        (clone / ".claude").mkdir(parents=True)
        (clone / ".claude" / "settings.json").write_bytes(data)
        clones.append(clone)
    with ShellDriver(shell, env=fake.env(), cwd=tmp_path) as sh:
        source(sh)
        for clone in clones:
            sh.check(f"cd {quote(shell, clone)}")
            r = sh.run("claude x")
            assert r.status == 3, (clone.name, str(r))
            assert "not starting claude" in r.output and str(mine) in r.output, str(r)
    assert fake.calls() == []
