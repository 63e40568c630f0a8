"""The model of Claude Code's choice of list id (resolve.resolve_list_id and what shows
it), on every case of tests/idcases.py; the real CLI runs the same cases in
tests/claude_e2e/test_settings_ids.py."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shellhooks import paths, trust
from shellhooks.envfiles import js_string
from shellhooks.resolve import VAR, id_in_effect, launch_id, resolve_list_id
from tests import idcases
from tests.claude_e2e import scenarios as sc


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "proj"
    (project / ".git").mkdir(parents=True)
    return project


@pytest.mark.parametrize("case", idcases.CASES, ids=[c.name for c in idcases.CASES])
def test_model(isolated_home: Path, tmp_path: Path, case: idcases.Case) -> None:
    start = idcases.lay_out(case, _project(tmp_path), Path(paths.claude_root_str()))
    env = {} if case.shell is None else {VAR: case.shell}
    res = resolve_list_id(start, env)
    if case.want is idcases.SESSION:
        assert (res.id, res.session) == (None, True)
    else:
        assert (res.id, res.session) == (case.want, False)
    assert id_in_effect(env, str(start)) == res.id
    assert launch_id(env, str(start)) == res.id  # the launch check: the same answer


def test_launch_check_takes_the_environment_as_it_is(isolated_home: Path,
                                                     tmp_path: Path) -> None:
    """Without the hook (Claude Code's Bash tool sources the wrapper alone) nothing is
    exported: `claude` gets a session list, whatever `status` would resolve."""
    project = _project(tmp_path)
    assert id_in_effect({}, str(project)) == "proj"
    assert launch_id({}, str(project)) is None
    assert launch_id({VAR: " "}, str(project)) is None
    assert launch_id({VAR: "x"}, str(project)) == "x"


@pytest.mark.parametrize(("value", "want"), [
    (123, "123"), (-0.0, "0"), (1e21, "1e+21"), (123e-20, "1.23e-18"), (0.1 + 0.2,
    "0.30000000000000004"), (2**64, "18446744073709552000"), (10**400, "Infinity"),
    ([1, None, [2, 3]], "1,,2,3"), ([], ""), ({}, "[object Object]"), (False, "false"),
])
def test_js_string(value: object, want: str) -> None:
    assert js_string(value) == want


def test_status_names_the_file_that_wins_and_the_value_it_hides(
        isolated_home: Path, tmp_path: Path) -> None:
    project = _project(tmp_path)
    settings = project / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{\n  "env": {\n    "' + VAR + '": 7\n  }\n}', encoding="utf-8")
    env = {**os.environ, VAR: "mine"}
    out = sc.shellhooks("status", str(project), env=env).stdout
    assert "id:      7\n" in out
    assert f"file:    {settings}:3" in out
    assert "shell:   mine (manual) - hidden by the settings file above" in out
    assert "trusted: no (not allowed; Claude Code applies it all the same)" in out
    data = json.loads(sc.shellhooks("status", str(project), "--json", env=env).stdout)
    assert data["shell"] == {"id": "mine", "source": "manual", "source_path": None,
                             "line": None}
    # Without a hand-set value: the shell's answer is the automatic id, hidden too.
    env.pop(VAR)
    out = sc.shellhooks("status", str(project), env=env).stdout
    assert "shell:   proj (git, " in out


def test_user_settings_note_is_right_when_project_settings_win(
        isolated_home: Path, tmp_path: Path) -> None:
    """Point 2: the user's settings no longer "override everything" when the project's
    settings set the id; the note says which wins."""
    project = _project(tmp_path)
    user = Path(paths.claude_root_str()) / "settings.json"
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text(json.dumps({"env": {VAR: "global"}}), encoding="utf-8")
    local = project / ".claude" / "settings.local.json"
    local.parent.mkdir()
    local.write_text(json.dumps({"env": {VAR: "here"}}), encoding="utf-8")
    trust.allow(local, local.read_bytes())
    res = resolve_list_id(project, {})
    assert (res.id, res.source_path) == ("here", str(local))
    assert not any("overrides everything" in n for n in res.notes)
    assert any("also sets" in n and "'global'" in n and "outranks it" in n for n in res.notes)
    out = sc.shellhooks("status", str(project)).stdout
    assert "id:      here\n" in out and "overrides everything" not in out


def test_pin_is_the_fix_for_a_computed_envrc_line(isolated_home: Path, tmp_path: Path) -> None:
    """The warning's fix works: `shellhooks pin` writes `.env`, which then applies (the
    `.envrc` line is not read, so it does not outrank it)."""
    project = _project(tmp_path)
    (project / ".envrc").write_text(f'export {VAR}=$(basename "$PWD")\n', encoding="utf-8")
    assert resolve_list_id(project, {}).id == "proj"
    sc.shellhooks("pin", "shop-list", str(project))
    res = resolve_list_id(project, {})
    assert (res.id, res.source) == ("shop-list", "dotenv")
    assert len(res.unread) == 1  # still said, until the line is plain or gone


@pytest.mark.parametrize("value", ["", " \t", "\ufeff", "\u3000"])
def test_blank_in_claude_codes_environment_is_the_sessions_list(value: str) -> None:
    """Inside Claude Code (statusLine, hooks) a blank id, set there by a settings file,
    means the session's own list, as Claude Code itself reads it."""
    from shellhooks.claudehook import list_id_for
    from shellhooks.listname import env_list_id

    session = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
    assert env_list_id({VAR: value}) is None
    assert list_id_for({"session_id": session}, {VAR: value}) == session
    assert list_id_for({"session_id": session}, {VAR: "x" + value}) == "x" + value


@pytest.mark.parametrize(("text", "want"), [
    (f"export {VAR}=plain-id", "plain-id"),
    (f"{VAR}='a b' # note", "a b"),
    (f'{VAR}="x y"', "x y"),
    (f"{VAR}=caf\u00e9\u202e", "caf\u00e9\u202e"),  # bash takes non-ASCII as text
    (f"{VAR}=a\nexport {VAR}", "a"),  # exports the value assigned before
    (f"source_up\nexport {VAR}=ok", "ok"),  # what runs before is overridden
    (f'echo "using ${VAR}"\nexport {VAR}=ok', "ok"),  # reading it sets nothing
    (f"export {VAR}_OLD=x", None),  # another variable
    (f"log ${{{VAR}:-none}}", None),
])
def test_envrc_lines_read_statically(text: str, want: str | None) -> None:
    from shellhooks.envfiles import envrc_value

    value, _line, why = envrc_value(text)
    assert (value, why) == (want, None)


@pytest.mark.parametrize("text", [
    f"unset {VAR}", f"export A=1 {VAR}=x", f"{VAR}=a b", f"{VAR}=~/x", f'{VAR}="a\\"b"',
    f"{VAR}='open", f"use_x() {{\n  export {VAR}=z\n}}", f"export {VAR}=ok\neval \"$X\"",
])
def test_envrc_lines_that_are_not_read(text: str) -> None:
    from shellhooks.envfiles import envrc_value

    value, line, why = envrc_value(text)
    assert value is None and line and why


# Lines bash reads as something other than an assignment of the variable at the start of
# a command: text of a here-document, the rest of a command continued by a backslash or
# by a quote left open, a subshell, after the file stops; and spaces bash does not count
# as blanks (only space and tab separate words).
BASH_CONTEXTS = [
    f"{VAR}=kept\ncat >/dev/null <<EOF\nexport {VAR}=heredoc\nEOF",
    f"{VAR}=kept\ncat >/dev/null <<-'EOF'\n\texport {VAR}=heredoc\n\tEOF",
    f"{VAR}=kept\n: <<\"E\" ; true\n{VAR}=heredoc\nE\nexport {VAR}",
    f"{VAR}=kept\necho start \\\nexport {VAR}=continued",
    f"{VAR}=kept\nX='opened\nexport {VAR}=quoted'",
    f"{VAR}=kept\nX=\"opened\nexport {VAR}=quoted\"",
    f"{VAR}=kept\n: '\n{VAR}=quoted\n'",
    f"(\nexport {VAR}=subshell\n)",
    f"export {VAR}=kept\nreturn\nexport {VAR}=after",
    f"\u00a0export {VAR}=nbsp",
    f"\x0cexport {VAR}=formfeed",
    f"export \u3000{VAR}=ideographic",
    f"export {VAR}=x\u00a0",
    f"export {VAR}=x\x0b",
    f"export {VAR}=x\u3000",
    f"export {VAR}=x\u2028",
    f"export {VAR}=a\x85b",
    f"X=$((1 << 2))\nexport {VAR}=after-shift",
    f"# a comment \\\nexport {VAR}=after-comment",
]


@pytest.mark.parametrize("text", BASH_CONTEXTS)
def test_envrc_reader_agrees_with_bash(tmp_path: Path, text: str) -> None:
    """What the static reader takes from an `.envrc` is what bash (direnv runs it with
    bash) sets; where it cannot tell, it takes nothing and says why."""
    import subprocess

    from shellhooks.envfiles import envrc_value

    envrc = tmp_path / ".envrc"
    envrc.write_text(text, encoding="utf-8")
    got = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c",
         f'source ./.envrc >/dev/null 2>&1; printf "%s" "${{{VAR}-}}"'],
        cwd=tmp_path, capture_output=True, env={"PATH": os.environ["PATH"], "LANG": "C.UTF-8"},
    ).stdout.decode("utf-8")
    value, line, why = envrc_value(text)
    assert (value, why) == (got, None) or (value is None and line and why)


@pytest.mark.parametrize("name", sorted(__import__(
    "tests.claude_e2e.test_settings_files", fromlist=["FILES"]).FILES))
def test_settings_files_read_as_claude_code_does(isolated_home: Path, tmp_path: Path,
                                                 name: str) -> None:
    """A project's settings file in bytes Python and JavaScript read differently (UTF-16,
    bad UTF-8, NaN, 1000+ levels of nesting, an escaped key, more than 64 KiB): the id
    shellhooks shows is the one the real CLI used (tests/claude_e2e/test_settings_files.py),
    and nothing ends in a traceback (`status`, `doctor` read the same file)."""
    from shellhooks import models
    from tests.claude_e2e.test_settings_files import FILES, WANT

    project = _project(tmp_path)
    settings = project / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_bytes(FILES[name])
    assert resolve_list_id(project, {VAR: "shell"}).id == WANT[name]
    assert models.claude_environment(project, {VAR: "shell"})[VAR] == WANT[name]
    status = sc.shellhooks("status", str(project), "--json", env={**os.environ, VAR: "shell"})
    assert json.loads(status.stdout)["id"] == WANT[name]


@pytest.mark.parametrize("case", sorted(__import__(
    "tests.claude_e2e.test_settings_files", fromlist=["FLAG_CASES"]).FLAG_CASES))
def test_command_line_settings_in_the_launch_check(isolated_home: Path, tmp_path: Path,
                                                   case: str) -> None:
    """`claude --settings X` beats every settings file, `--setting-sources` leaves layers
    out (the real CLI: tests/claude_e2e/test_settings_files.py); the launch check starts
    from the id the command line makes."""
    from tests.claude_e2e.test_settings_files import FLAG_CASES, lay_out_flags

    project = _project(tmp_path)
    args = lay_out_flags(project, case)
    assert launch_id({VAR: "shell"}, str(project), args) == FLAG_CASES[case][1]
    assert launch_id({VAR: "shell"}, str(project)) == "proj"
