"""`shellhooks setup claude-hooks [--remove]` on missing, valid, invalid and configured settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shellhooks import claude_hooks_setting, cli
from tests.taskfixtures import ClaudeHome

EVENTS = ["SessionStart", "SessionEnd", "TaskCreated", "TaskCompleted"]


def settings_path(claude: ClaudeHome) -> Path:
    return claude.root / "settings.json"


def our_commands(settings: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for event, groups in settings.get("hooks", {}).items():
        for group in groups:
            for hook in group["hooks"]:
                if claude_hooks_setting.is_ours(hook.get("command")):
                    out.setdefault(event, []).append(hook["command"])
    return out


def test_missing_settings_file_is_created(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    path = settings_path(claude)
    assert cli.main(["setup", "claude-hooks"]) == 0
    assert "Added hooks for SessionStart, SessionEnd, TaskCreated, TaskCompleted" in (
        capsys.readouterr().out
    )
    settings = json.loads(path.read_text())
    cmds = our_commands(settings)
    assert sorted(cmds) == sorted(EVENTS)
    for event in EVENTS:
        assert cmds[event] == [cmds[event][0]]
        assert cmds[event][0].endswith(f"shellhooks claude-hook {event}")
        group = settings["hooks"][event][0]
        assert group == {"matcher": "", "hooks": [{"type": "command", "command": cmds[event][0]}]}
    assert not list(path.parent.glob("settings.json.bak*"))  # nothing to back up


VALID = """{
    "model": "opus",
    "env": {"CLAUDE_CODE_TASK_LIST_ID": "x"},
    "hooks": {
        "SessionStart": [
            {"matcher": "startup", "hooks": [{"type": "command", "command": "echo mine"}]}
        ],
        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "audit"}]}]
    },
    "statusLine": {"type": "command", "command": "my-status"}
}"""


def test_valid_settings_keep_every_other_key_and_get_a_backup(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    path = settings_path(claude)
    path.write_text(VALID)
    assert cli.main(["setup", "claude-hooks"]) == 0
    out = capsys.readouterr().out
    after = json.loads(path.read_text())
    before = json.loads(VALID)
    for key in ("model", "env", "statusLine"):
        assert after[key] == before[key]
    # the user's own hooks are kept, ours are added next to them
    assert after["hooks"]["PreToolUse"] == before["hooks"]["PreToolUse"]
    assert after["hooks"]["SessionStart"][0] == before["hooks"]["SessionStart"][0]
    assert sorted(our_commands(after)) == sorted(EVENTS)
    # untouched members keep their bytes
    text = path.read_text()
    assert text.startswith('{\n    "model": "opus",\n    "env": {"CLAUDE_CODE_TASK_LIST_ID": "x"},')
    assert text.rstrip().endswith('"statusLine": {"type": "command", "command": "my-status"}\n}')
    backup = path.with_name("settings.json.bak")
    assert backup.read_text() == VALID and "Backup" in out


def test_already_configured_changes_nothing(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    path = settings_path(claude)
    path.write_text(VALID)
    assert cli.main(["setup", "claude-hooks"]) == 0
    first = path.read_bytes()
    stat = path.stat()
    capsys.readouterr()
    assert cli.main(["setup", "claude-hooks"]) == 0
    assert "already set up" in capsys.readouterr().out
    assert path.read_bytes() == first
    assert path.stat().st_mtime_ns == stat.st_mtime_ns  # not even rewritten


def test_an_older_install_path_is_replaced_not_doubled(claude: ClaudeHome) -> None:
    old = claude_hooks_setting.add_hooks({"model": "x"}, "/old/venv/bin/shellhooks")
    settings_path(claude).write_text(json.dumps(old, indent=2))
    assert cli.main(["setup", "claude-hooks"]) == 0
    cmds = our_commands(json.loads(settings_path(claude).read_text()))
    assert all(len(v) == 1 and "/old/venv" not in v[0] for v in cmds.values())


@pytest.mark.parametrize(
    "text", ['{"model": "opus",}', "[1, 2]", '{"hooks": [1]}', '{"hooks": {"SessionEnd": {}}}']
)
def test_invalid_settings_are_refused_and_left_untouched(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = settings_path(claude)
    path.write_text(text)
    assert cli.main(["setup", "claude-hooks"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("shellhooks: ") and "Traceback" not in err
    assert path.read_text() == text
    assert not list(path.parent.glob("settings.json.bak*"))


def test_remove_takes_out_only_ours(claude: ClaudeHome, capsys: pytest.CaptureFixture[str]) -> None:
    path = settings_path(claude)
    path.write_text(VALID)
    assert cli.main(["setup", "claude-hooks"]) == 0
    assert cli.main(["setup", "claude-hooks", "--remove"]) == 0
    assert "Removed" in capsys.readouterr().out
    assert json.loads(path.read_text()) == json.loads(VALID)
    assert cli.main(["setup", "claude-hooks", "--remove"]) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_remove_drops_a_hooks_object_it_emptied(claude: ClaudeHome) -> None:
    path = settings_path(claude)
    path.write_text('{"model": "opus"}')
    assert cli.main(["setup", "claude-hooks"]) == 0
    assert cli.main(["setup", "claude-hooks", "--remove"]) == 0
    assert json.loads(path.read_text()) == {"model": "opus"}


def test_remove_with_no_settings_file(claude: ClaudeHome) -> None:
    assert cli.main(["setup", "claude-hooks", "--remove"]) == 0
    assert not settings_path(claude).exists()


def test_is_ours() -> None:
    assert claude_hooks_setting.is_ours("shellhooks claude-hook TaskCompleted")
    assert claude_hooks_setting.is_ours("'/a b/bin/shellhooks' claude-hook SessionStart")
    assert claude_hooks_setting.is_ours("/usr/bin/python3 -m shellhooks claude-hook SessionEnd")
    assert not claude_hooks_setting.is_ours("my-shellhooks claude-hook SessionEnd")
    assert not claude_hooks_setting.is_ours("shellhooks claude-hook Other")
    assert not claude_hooks_setting.is_ours("echo 'unbalanced")
    assert not claude_hooks_setting.is_ours(None)


def test_a_group_shared_with_user_hooks_keeps_theirs() -> None:
    settings = {"hooks": {"TaskCompleted": [{"matcher": "", "hooks": [
        {"type": "command", "command": "notify-send done"},
        {"type": "command", "command": "shellhooks claude-hook TaskCompleted"},
    ]}]}}
    out = claude_hooks_setting.remove_hooks(settings)
    assert out == {"hooks": {"TaskCompleted": [{"matcher": "", "hooks": [
        {"type": "command", "command": "notify-send done"}]}]}}
    assert settings["hooks"]["TaskCompleted"][0]["hooks"][1]["command"].startswith("shellhooks")
