"""The task-tools opt-in, proved with the real CLI.

`shellhooks.models` predicts, from the command line, the environment and the
settings files, whether Claude Code offers the model its Task tools. Each case
here runs the real CLI and compares the prediction with the `tools` array (and
the model name) of the request the mock receives.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from shellhooks import models, store
from tests.claude_e2e import scenarios as sc

OPT_IN = models.OPT_IN

# (case id, claude args after -p, environment additions, settings files)
CASES: list[tuple[str, list[str], dict[str, str], dict[str, Any]]] = [
    ("old-model", ["--model", "claude-opus-4-7"], {}, {}),
    ("new-model", ["--model", "claude-opus-5-5"], {}, {}),
    ("new-model-opt-in", ["--model", "claude-opus-5-5"], {OPT_IN: "1"}, {}),
    ("opt-in-yes", ["--model", "claude-opus-5-5"], {OPT_IN: "yes"}, {}),
    ("opt-in-2-is-not-true", ["--model", "claude-opus-5-5"], {OPT_IN: "2"}, {}),
    ("default-model", [], {}, {}),
    ("alias-sonnet", ["--model", "sonnet"], {}, {}),
    ("alias-haiku", ["--model", "haiku"], {}, {}),
    ("alias-override", ["--model", "sonnet"],
     {"ANTHROPIC_DEFAULT_SONNET_MODEL": "claude-sonnet-4-6"}, {}),
    ("dated-sonnet-4", ["--model", "claude-sonnet-4-20250514"], {}, {}),
    ("legacy-opus-remapped", ["--model", "claude-opus-4-1"], {}, {}),
    ("legacy-remap-off", ["--model", "claude-opus-4-1"],
     {"CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP": "1"}, {}),
    ("1m-suffix", ["--model", "claude-opus-4-7[1m]"], {}, {}),
    ("unknown-model", ["--model", "my-gateway-model"], {}, {}),
    ("newer-family", ["--model", "claude-fable-5-2"], {}, {}),
    ("tasks-off", ["--model", "claude-opus-4-7"], {"CLAUDE_CODE_ENABLE_TASKS": "0"}, {}),
    ("allowed-tools", ["--model", "claude-opus-5-5", "--allowedTools", "Bash,TaskCreate"], {}, {}),
    ("allowed-tools-variadic", ["--model", "claude-opus-5-5", "--allowedTools", "Bash",
                                "TaskGet"], {}, {}),
    ("env-model", [], {"ANTHROPIC_MODEL": "claude-haiku-4-5"}, {}),
    ("flag-beats-env", ["--model", "claude-opus-5-5"], {"ANTHROPIC_MODEL": "claude-opus-4-7"}, {}),
    ("user-settings-model", [], {}, {"user": {"model": "claude-opus-4-7"}}),
    ("env-beats-settings", [], {"ANTHROPIC_MODEL": "claude-opus-5-5"},
     {"user": {"model": "claude-opus-4-7"}}),
    ("local-beats-user", [], {},
     {"user": {"model": "claude-opus-4-7"}, "local": {"model": "claude-opus-5-5"}}),
    ("project-settings-opt-in", ["--model", "opus"], {}, {"project": {"env": {OPT_IN: "1"}}}),
    ("user-settings-env-wins", ["--model", "claude-opus-5-5"], {OPT_IN: "1"},
     {"user": {"env": {OPT_IN: "0"}}}),
    ("git-root-settings", [], {}, {"local": {"model": "claude-haiku-4-5"}, "git": True}),
]


def _write_settings(realclaude, settings: dict[str, Any]):
    """Lay out the settings files of a case; return the directory claude starts in."""
    proj = realclaude.project
    cwd = proj
    if settings.get("git"):
        subprocess.run(["git", "init", "-q", str(proj)], check=True)
        cwd = proj / "src" / "deep"
        cwd.mkdir(parents=True)
    files = {"user": realclaude.sandbox.config_dir / "settings.json",
             "project": proj / ".claude" / "settings.json",
             "local": proj / ".claude" / "settings.local.json"}
    for key, path in files.items():
        if key in settings:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings[key]), encoding="utf-8")
    return cwd


@pytest.mark.parametrize(("args", "extra", "settings"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_prediction_matches_real_claude(realclaude, args, extra, settings):
    cwd = _write_settings(realclaude, settings)
    mock = realclaude.mock({"turns": [sc.final("ok")]})
    env = realclaude.env(mock, **extra)
    realclaude.run(["-p", "hi", *args], mock, env=env, cwd=cwd)
    req = mock.main_requests()[0]["body"]
    real = "TaskCreate" in mock.tool_names()
    predicted = models.check_task_tools(cwd, env, args)
    assert (predicted.enabled, predicted.served) == (real, req["model"]), predicted.reason


def _opt_in_run(realclaude, monkeypatch, **extra: str):
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "shared-list")
    mock = realclaude.mock({"turns": [sc.turn(sc.create("Keep me")), sc.final()]})
    realclaude.run(["-p", "plan", "--model", "claude-opus-5-5"], mock,
                   env=realclaude.env(mock, **extra))
    return mock


def test_newer_model_keeps_no_list_without_the_opt_in(realclaude, monkeypatch):
    mock = _opt_in_run(realclaude, monkeypatch)
    assert not {"TaskCreate", "TaskUpdate", "TaskList"} & set(mock.tool_names())
    assert store.read_list("shared-list").state == "missing"
    # The model asked for TaskCreate anyway; Claude Code refused it.
    assert mock.tool_results() and "Task #1" not in mock.tool_results()[0]
    assert models.task_tools_enabled("claude-opus-5-5", {})[0] is False


def test_newer_model_writes_the_list_with_the_opt_in(realclaude, monkeypatch):
    mock = _opt_in_run(realclaude, monkeypatch, **{OPT_IN: "1"})
    assert {"TaskCreate", "TaskUpdate", "TaskList", "TaskGet"} <= set(mock.tool_names())
    assert [t.subject for t in store.read_list("shared-list").tasks] == ["Keep me"]
    assert models.task_tools_enabled("claude-opus-5-5", {OPT_IN: "1"})[0] is True
