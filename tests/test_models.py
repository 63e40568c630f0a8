"""Which models get the Task tools (the real CLI checks the same rules in tests/claude_e2e)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from shellhooks import models


@pytest.mark.parametrize(("name", "canon"), [
    ("claude-opus-4-7", "claude-opus-4-7"),
    ("CLAUDE-OPUS-4-7", "claude-opus-4-7"),
    ("claude-opus-4-7[1m]", "claude-opus-4-7"),
    ("anthropic.claude-opus-4-7", "claude-opus-4-7"),
    ("us.anthropic.claude-opus-4-5-v1:0", "claude-opus-4-5"),
    ("claude-sonnet-4-20250514", "claude-sonnet-4-0"),
    ("claude-opus-4-1-20250805", "claude-opus-4-1"),
    ("claude-3-7-sonnet-20250219", "claude-3-7-sonnet"),
    ("claude-3-opus-20240229", "claude-3-opus"),
    ("claude-3-5-haiku-20241022", "claude-3-5-haiku"),
    ("claude-haiku-5-5", "claude-haiku-5-5"),
    ("claude-opus-5", "claude-opus-5"),
    ("claude-fable-5-2", "claude-fable-5-2"),
    ("my-gateway-model", None),
    ("", None),
])
def test_canonical(name: str, canon: str | None) -> None:
    assert models.canonical(name) == canon


@pytest.mark.parametrize(("model", "env", "on"), [
    ("claude-opus-4-7", {}, True),
    ("claude-sonnet-4-6", {}, True),
    ("claude-haiku-4-5", {}, True),
    ("claude-3-5-sonnet-20241022", {}, True),
    ("claude-opus-4-8", {}, False),
    ("claude-opus-5-5", {}, False),
    ("claude-sonnet-5", {}, False),
    ("claude-haiku-5-5", {}, False),
    ("claude-mythos-5", {}, False),
    ("my-gateway-model", {}, False),
    (None, {}, False),  # the default is opus 5.5
    ("opus", {}, False),
    ("sonnet", {}, False),
    ("opusplan", {}, False),
    ("sonnet", {"CLAUDE_CODE_USE_BEDROCK": "1"}, True),  # sonnet 4.5 on Bedrock
    ("opus", {"ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-opus-4-6"}, True),
    ("claude-opus-4-1", {}, False),  # remapped to opus 5.5
    ("claude-opus-4-1", {"CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP": "true"}, True),
    ("claude-opus-5-5", {"CLAUDE_CODE_ENABLE_TODO_TOOLS": "1"}, True),
    ("claude-opus-5-5", {"CLAUDE_CODE_ENABLE_TODO_TOOLS": "On"}, True),
    ("claude-opus-5-5", {"CLAUDE_CODE_ENABLE_TODO_TOOLS": "0"}, False),
    ("claude-opus-5-5", {"CLAUDE_CODE_ENABLE_TODO_TOOLS": ""}, False),
    ("claude-opus-4-7", {"CLAUDE_CODE_ENABLE_TODO_TOOLS": "0"}, True),  # no opt-out
    ("claude-opus-4-7", {"CLAUDE_CODE_ENABLE_TASKS": "0"}, False),
    ("claude-opus-5-5", {"CLAUDE_CODE_ENABLE_TASKS": "false",
                         "CLAUDE_CODE_ENABLE_TODO_TOOLS": "1"}, False),
])
def test_task_tools_enabled(model: str | None, env: dict[str, str], on: bool) -> None:
    enabled, reason = models.task_tools_enabled(model, env)
    assert enabled is on, reason
    assert reason


def test_allowed_tools_naming_a_task_tool_turns_them_on() -> None:
    assert models.task_tools_enabled("claude-opus-5-5", {}, tools=["Bash(ls:*),TaskUpdate"])[0]
    assert not models.task_tools_enabled("claude-opus-5-5", {}, tools=["Bash", "Read"])[0]


def _settings(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")


def test_model_in_effect_order(tmp_path: Path, isolated_home: Path) -> None:
    proj = tmp_path / "proj"
    proj.mkdir()
    user = isolated_home / ".claude" / "settings.json"
    assert models.model_in_effect(proj, {}).source == "default"
    _settings(user, {"model": "claude-opus-4-7"})
    assert models.model_in_effect(proj, {}) == models.ModelChoice("claude-opus-4-7", str(user))
    local = proj / ".claude" / "settings.local.json"
    _settings(local, {"model": "haiku"})
    assert models.model_in_effect(proj, {}).model == "haiku"
    env = {"ANTHROPIC_MODEL": "sonnet"}
    assert models.model_in_effect(proj, env) == models.ModelChoice("sonnet", "ANTHROPIC_MODEL")
    assert models.model_in_effect(proj, env, ["-p", "x", "--model=opus"]).model == "opus"
    assert models.model_in_effect(proj, env, ["--model", "a", "--model", "b"]).model == "b"
    # After `--` nothing is an option.
    assert models.model_in_effect(proj, env, ["--", "--model", "b"]).model == "sonnet"


def test_settings_env_overrides_the_shell(tmp_path: Path, isolated_home: Path) -> None:
    _settings(isolated_home / ".claude" / "settings.json",
              {"env": {"CLAUDE_CODE_ENABLE_TODO_TOOLS": "0"}})
    c = models.check_task_tools(tmp_path, {"CLAUDE_CODE_ENABLE_TODO_TOOLS": "1"},
                                ["--model", "claude-opus-5-5"])
    assert not c.enabled
    _settings(tmp_path / ".claude" / "settings.json",
              {"env": {"CLAUDE_CODE_ENABLE_TODO_TOOLS": "1"}})
    assert models.check_task_tools(tmp_path, {}, ["--model", "claude-opus-5-5"]).enabled


def test_project_settings_come_from_the_git_top(tmp_path: Path) -> None:
    proj = tmp_path / "proj"
    deep = proj / "a" / "b"
    deep.mkdir(parents=True)
    _settings(proj / ".claude" / "settings.local.json", {"model": "claude-haiku-4-5"})
    assert models.model_in_effect(deep, {}).source == "default"  # no git: cwd only
    subprocess.run(["git", "init", "-q", str(proj)], check=True)
    assert models.model_in_effect(deep, {}).model == "claude-haiku-4-5"


@pytest.mark.parametrize("bad", ["{not json", "[1, 2]", '"model"', "\xff\xfe", '{"model": 7}'])
def test_bad_settings_files_are_ignored(tmp_path: Path, isolated_home: Path, bad: str) -> None:
    _settings(isolated_home / ".claude" / "settings.json", bad)
    _settings(tmp_path / ".claude" / "settings.json", bad)
    c = models.check_task_tools(tmp_path, {})
    assert (c.model, c.source, c.enabled) == (None, "default", False)


def test_status_line_and_fix(tmp_path: Path) -> None:
    off = models.status_line(tmp_path, {})
    assert off.startswith("task tools: OFF (claude-opus-5-5 is a newer model")
    assert "CLAUDE_CODE_ENABLE_TODO_TOOLS=1" in off
    on = models.status_line(tmp_path, {"ANTHROPIC_MODEL": "claude-opus-4-6"})
    assert on == ("task tools: on (claude-opus-4-6 gets the Task tools, "
                  "model from ANTHROPIC_MODEL)")
    tasks_off = models.check_task_tools(tmp_path, {"CLAUDE_CODE_ENABLE_TASKS": "0"})
    assert "unset CLAUDE_CODE_ENABLE_TASKS" in tasks_off.fix()


def test_launch_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    note = models.launch_note("web\x1b[2Japp", ["-p", "x"], {})
    assert note is not None and note.startswith("shellhooks: task list 'web")
    assert "\x1b" not in note and "\n" not in note
    assert models.launch_note("webapp", ["--model", "claude-opus-4-7"], {}) is None
    assert models.launch_note("webapp", [], {"CLAUDE_CODE_ENABLE_TODO_TOOLS": "1"}) is None
    assert models.launch_note("", [], {}) is None


def test_doctor_and_status_say_when_the_list_stays_unused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from shellhooks.cli import main

    monkeypatch.chdir(tmp_path)
    for var in ("ANTHROPIC_MODEL", "CLAUDE_CODE_ENABLE_TASKS", models.OPT_IN):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "webapp")

    def doctor_line() -> dict[str, str]:
        main(["doctor", "--json"])
        found = [f for f in json.loads(capsys.readouterr().out) if f["name"] == "task tools"]
        assert len(found) == 1
        return found[0]

    off = doctor_line()
    assert off["status"] == "warn" and "'webapp' will stay unused" in off["message"]
    assert models.OPT_IN + "=1" in off["fix"]
    assert main(["status"]) == 0
    assert "task tools: OFF (claude-opus-5-5" in capsys.readouterr().out
    monkeypatch.setenv(models.OPT_IN, "1")
    assert doctor_line()["status"] == "ok"
    main(["status"])
    assert "task tools: on (claude-opus-5-5 gets the Task tools because" in capsys.readouterr().out


def test_allowed_tools_take_several_words(tmp_path: Path) -> None:
    args = ["--allowedTools", "Bash", "TaskCreate", "-p", "x", "--model", "claude-opus-5-5"]
    assert models.check_task_tools(tmp_path, {}, args).enabled
    assert models.check_task_tools(tmp_path, {}, ["--tools=TaskList,Read"]).enabled
    assert not models.check_task_tools(tmp_path, {}, ["--allowedTools", "Bash", "-p",
                                                      "TaskCreate"]).enabled


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_a_settings_fifo_cannot_stall_the_launch(tmp_path: Path, isolated_home: Path,
                                                 kind: str) -> None:
    """A project's `.claude/settings.json` that is a FIFO (or a link to one, which git can
    store) is skipped, not read: the launch check must not wait for a writer."""
    import os
    import sys

    proj = tmp_path / "proj"
    (proj / ".claude").mkdir(parents=True)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    settings = proj / ".claude" / "settings.json"
    if kind == "fifo":
        os.mkfifo(settings)
    else:
        settings.symlink_to(fifo)
    code = ("import sys; from shellhooks import models; "
            "print(models.model_in_effect(sys.argv[1], {}).source)")
    r = subprocess.run([sys.executable, "-c", code, str(proj)], capture_output=True,
                       text=True, timeout=20)
    assert r.returncode == 0 and r.stdout.strip() == "default", r
