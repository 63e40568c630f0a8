"""`shellhooks check`: exit codes, the warning line, JSON, the generic hint, `--launch`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shellhooks import cli, paths
from tests.taskfixtures import ClaudeHome

JSON_KEYS = {"id", "exists", "list_dir", "same_dir_as", "suggestions", "generic"}
SUGGESTION_KEYS = {"id", "distance", "reason", "total", "open", "updated"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def webapp(claude: ClaudeHome) -> ClaudeHome:
    """`webapp-auth`: 12 tasks, 4 open, last written 2 hours ago."""
    claude.make_list("webapp-auth", ["pending"] * 3 + ["in_progress"] + ["completed"] * 8)
    claude.set_mtime("webapp-auth", time.time() - 2 * 3600 - 30)
    return claude


def test_near_miss_exit_1_and_the_warning_line(webapp: ClaudeHome, capsys) -> None:
    code, out, err = run(capsys, "webap-auth")
    assert code == 1
    assert out == (
        "shellhooks: no task list 'webap-auth'; did you mean 'webapp-auth' "
        "(12 tasks, 4 open, updated 2h ago)?\n"
    )
    assert err == ""


def test_existing_list_exit_0(webapp: ClaudeHome, capsys) -> None:
    code, out, _ = run(capsys, "webapp-auth")
    assert code == 0
    assert out == "shellhooks: task list 'webapp-auth' exists (12 tasks, 4 open, updated 2h ago)\n"


def test_sanitizer_equal_is_the_same_list(webapp: ClaudeHome, capsys) -> None:
    code, out, _ = run(capsys, "webapp.auth")
    assert code == 0
    assert out.splitlines() == [
        "shellhooks: 'webapp.auth' and 'webapp-auth' are the same task list "
        "(Claude Code keeps both in tasks/webapp-auth)",
        "shellhooks: task list 'webapp-auth' exists (12 tasks, 4 open, updated 2h ago)",
    ]
    code, out, _ = run(capsys, "--json", "webapp.auth")
    data = json.loads(out)
    assert (code, data["exists"], data["same_dir_as"], data["suggestions"]) == (
        0, True, "webapp-auth", [])


def test_cleared_list_counts_as_existing(claude: ClaudeHome, capsys) -> None:
    claude.clear_list("release-notes", 5)
    code, out, _ = run(capsys, "release-notes")
    assert code == 0 and "5 tasks, all done and cleared" in out
    code, out, _ = run(capsys, "release-note")  # 12 characters: 1 edit is a near miss
    assert code == 1 and "did you mean 'release-notes'" in out


@pytest.mark.parametrize("typed", ["session-0b7d6c6f", "session-0b7d6c6", "sesion-0b7d6c6e"])
def test_agent_team_session_lists_are_never_suggested(claude: ClaudeHome, capsys,
                                                      typed: str) -> None:
    # `session-<8 hex>` is a session's own list (agent teams), as random as a UUID.
    claude.make_list("session-0b7d6c6e", ["pending"] * 3)
    code, out, _ = run(capsys, typed)
    assert code == 0 and "did you mean" not in out, out
    claude.make_list("session-frontend", ["pending"])  # a list someone named: still a typo
    code, out, _ = run(capsys, "session-frontnd")
    assert code == 1 and "did you mean 'session-frontend'" in out


def test_new_id_with_nothing_near_exit_0(webapp: ClaudeHome, capsys) -> None:
    code, out, _ = run(capsys, "payments-api")
    assert code == 0
    assert "no task list 'payments-api' yet" in out


@pytest.mark.parametrize("bad", ["", " ", "\t \n"])
def test_invalid_id_exit_2(bad: str, capsys) -> None:
    code, out, err = run(capsys, bad)
    assert code == 2
    assert out == ""
    assert err.startswith("shellhooks: invalid task list id")
    assert run(capsys, "--json", bad)[0] == 2


@pytest.mark.parametrize(("odd", "shown"), [("a\x1b[2Jb", "a\\x1b[2Jb"),
                                            ("\u202eevil", "\\u202eevil"),
                                            ("x" * 5000, "… (5000 characters)")])
def test_odd_ids_are_shown_escaped_on_one_line(odd: str, shown: str, capsys) -> None:
    code, out, _ = run(capsys, odd)
    assert code == 0 and shown in out and out.count("\n") == 1 and len(out) < 300
    assert "\x1b" not in out and "\u202e" not in out


@pytest.mark.parametrize("bad", ["a\udcffb", "\ud800"])
def test_an_id_that_cannot_reach_claude_code_is_invalid(bad: str, capsys) -> None:
    code, out, err = run(capsys, bad)
    assert code == 2 and out == "" and "surrogate" in err


def test_json_exact_keys_and_values(webapp: ClaudeHome, capsys) -> None:
    code, out, _ = run(capsys, "--json", "webap-auth")
    assert code == 1
    data = json.loads(out)
    assert set(data) == JSON_KEYS
    assert data["id"] == "webap-auth"
    assert data["exists"] is False
    assert data["list_dir"] == str(webapp.tasks / "webap-auth")
    assert data["same_dir_as"] is None
    assert data["generic"] is False
    [s] = data["suggestions"]
    assert set(s) == SUGGESTION_KEYS
    assert (s["id"], s["distance"], s["reason"], s["total"], s["open"]) == (
        "webapp-auth", 1, "edit", 12, 4)
    mtime = (webapp.tasks / "webapp-auth").stat().st_mtime
    assert s["updated"] == time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(int(mtime)))


def test_json_existing(webapp: ClaudeHome, capsys) -> None:
    code, out, _ = run(capsys, "webapp-auth", "--json")
    data = json.loads(out)
    assert code == 0
    assert data == {"id": "webapp-auth", "exists": True,
                    "list_dir": str(webapp.tasks / "webapp-auth"), "same_dir_as": None,
                    "suggestions": [], "generic": False}


def test_quiet_prints_nothing(webapp: ClaudeHome, capsys) -> None:
    assert run(capsys, "--quiet", "webap-auth") == (1, "", "")
    assert run(capsys, "-q", "webapp-auth") == (0, "", "")


def test_default_id_is_the_id_in_effect(webapp: ClaudeHome, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "webap-auth")
    code, out, _ = run(capsys)
    assert code == 1 and "did you mean 'webapp-auth'" in out
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "webapp-auth")
    assert run(capsys, "--quiet")[0] == 0


def test_no_id_in_effect(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no project: nothing resolves here
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "")  # empty counts as unset
    code, out, _ = run(capsys)
    assert code == 0 and "no task list id in effect" in out
    code, out, _ = run(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == JSON_KEYS and data["id"] is None


def test_generic_hint_is_shown_once_per_id(claude: ClaudeHome, capsys) -> None:
    code, out, _ = run(capsys, "todo")
    assert code == 0 and "'todo' is a generic task list id" in out
    assert "generic" not in run(capsys, "todo")[1]
    assert "'tasks' is a generic" in run(capsys, "tasks")[1]
    assert (Path(paths.data_dir_str()) / "generic-hinted").read_text().split() == ["todo", "tasks"]
    data = json.loads(run(capsys, "--json", "todo")[1])
    assert data["generic"] is True  # JSON always says so


def test_at_most_three_suggestions(claude: ClaudeHome, capsys) -> None:
    for name in ("docs-sitea", "docs-siteb", "docs-sitec", "docs-sited", "Docs_Site"):
        claude.make_list(name, ["pending"])
    code, out, _ = run(capsys, "--json", "docs-site")
    got = json.loads(out)["suggestions"]
    assert code == 1 and len(got) == 3
    assert got[0]["id"] == "Docs_Site" and got[0]["reason"] == "normalized"


# ---- --launch (what the `claude` function runs), without a terminal -----------------------


def launch(
    env_id: str | None, *claude_args: str, strict: bool = False, warned: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("CLAUDE_CODE_TASK_LIST_ID", None)
    env.pop("__SHELLHOOKS_WARNED", None)
    if warned is not None:
        env["__SHELLHOOKS_WARNED"] = warned
    env["CLAUDE_CODE_ENABLE_TODO_TOOLS"] = "1"  # no note about the model's Task tools
    if env_id is not None:
        env["CLAUDE_CODE_TASK_LIST_ID"] = env_id
    if strict:
        env["SHELLHOOKS_STRICT"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "shellhooks", "check", "--launch", *("+" + a for a in claude_args)],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )


def test_launch_without_terminal_warns_and_proceeds(webapp: ClaudeHome) -> None:
    p = launch("webap-auth", "-p", "--model", "x")
    assert p.returncode == 0, p.stderr
    assert p.stdout == ""
    assert p.stderr.splitlines() == [
        "shellhooks: no task list 'webap-auth'; did you mean 'webapp-auth' "
        "(12 tasks, 4 open, updated 2h ago)? Fix: export CLAUDE_CODE_TASK_LIST_ID=webapp-auth, "
        "or unset it and run `shellhooks pin webapp-auth` in the project."]


def test_launch_does_not_repeat_what_the_hook_said(webapp: ClaudeHome) -> None:
    p = launch("webap-auth", "-p", warned="c:other\ni:webap-auth")
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
    p = launch("webap-auth", "-p", warned="i:webap-auth-2")  # another id: said here
    assert "did you mean 'webapp-auth'" in p.stderr


def test_launch_strict_refuses_with_3(webapp: ClaudeHome) -> None:
    p = launch("webap-auth", strict=True)
    assert p.returncode == 3
    assert "SHELLHOOKS_STRICT=1" in p.stderr
    assert launch("webapp-auth", strict=True).returncode == 0  # nothing wrong: launch


@pytest.mark.parametrize("env_id", [None, "", "webapp-auth", "brand-new-list"])
def test_launch_silent_when_nothing_is_near(webapp: ClaudeHome, env_id: str | None) -> None:
    p = launch(env_id, "--", "-x", "")
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")


def test_launch_does_not_create_the_list(webapp: ClaudeHome) -> None:
    launch("webap-auth")
    assert not Path(webapp.tasks / "webap-auth").exists()


def test_check_loads_no_other_command_module() -> None:
    """`check` (and `check --launch`, run before every claude) skips the other commands:
    they cost nothing and a problem in one of them cannot get in claude's way."""
    code = (
        "import sys; from shellhooks.cli import main; main(sys.argv[1:]); "
        "print(sorted(m for m in sys.modules if m.startswith('shellhooks.commands.')), "
        "'argparse' in sys.modules, file=sys.stderr)"
    )
    for argv, argparse_loaded in ((["check", "--launch", "+-p"], False),
                                  (["check", "--quiet", "some-list"], True)):
        p = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=60)
        assert p.stderr.strip().splitlines()[-1] == (
            f"['shellhooks.commands.check'] {argparse_loaded}"), p.stderr


def test_usage_error_exit_2(capsys) -> None:
    code, _, err = run(capsys, "--no-such-option")
    assert code == 2 and "usage: shellhooks check" in err


def test_launch_survives_a_failing_check(webapp: ClaudeHome, capsys, monkeypatch) -> None:
    from shellhooks import nearmiss

    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("disk on fire\x1b[31m")

    monkeypatch.setattr(nearmiss, "near_misses", broken)
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "webap-auth")
    assert cli.main(["check", "--launch", "+-p"]) == 0
    err = capsys.readouterr().err
    assert err == ("shellhooks: the task list id check failed (disk on fire); "
                   "starting claude anyway\n")


class _FakeTty:
    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.out: list[str] = []

    def write(self, text: str) -> None:
        self.out.append(text)

    def readline(self) -> str:
        return self.lines.pop(0) if self.lines else ""


def test_enter_without_a_default_asks_again() -> None:
    from shellhooks.commands import check

    tty = _FakeTty("\n", " \n", "n\n")
    assert check._ask(tty, "Q? ", None) == "n"  # type: ignore[arg-type]
    assert tty.out == ["Q? "] * 3
    assert check._ask(_FakeTty("\n"), "Q? ", "y") == "y"  # type: ignore[arg-type]
    assert check._ask(_FakeTty("\n"), "Q? ", None) == "q"  # type: ignore[arg-type]  # EOF


def test_choices_say_which_list_holds_what() -> None:
    from shellhooks.commands.check import choices_text
    from shellhooks.nearmiss import Suggestion

    now = 1_800_000_000.0
    best = Suggestion("sprint-jan", 1, "edit", total=10, open=1, updated=now - 40 * 86400)
    assert choices_text("sprint-jun\x1b[2J", best, now) == (
        "  y: use 'sprint-jan' (10 tasks, 1 open, updated 40d ago)\n"
        "  n: start the new list 'sprint-jun\\x1b[2J' (no tasks yet)\n"
        "  q: start nothing\n")
