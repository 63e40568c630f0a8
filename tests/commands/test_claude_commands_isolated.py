"""The commands `setup claude-hooks` and `setup claude-statusline` write into Claude Code's
settings run with the project as the current folder (Claude Code starts them there): they
must never import from it. Each is run as Claude Code runs it (`sh -c`, JSON on stdin) in
a project that shadows every module (tests/planted.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.planted import found, plant
from tests.taskfixtures import ClaudeHome

EXE = shutil.which("shellhooks") or "shellhooks"


def written_commands(claude: ClaudeHome) -> dict[str, str]:
    """{event or "statusLine": command} from the settings file."""
    settings = json.loads((claude.root / "settings.json").read_text(encoding="utf-8"))
    out = {"statusLine": settings["statusLine"]["command"]}
    for event, groups in settings["hooks"].items():
        for group in groups:
            for hook in group["hooks"]:
                out[event] = hook["command"]
    return out


def stdin_for(event: str, project: Path, home: Path) -> str:
    """What Claude Code hands the command on stdin (claude-task-store.md)."""
    base = {"session_id": "0b5b1a52-5d8e-4b0c-9a39-6f7f0b8e1c11", "cwd": str(project),
            "transcript_path": str(home / "transcript.jsonl")}
    if event == "statusLine":
        base.update(workspace={"current_dir": str(project), "project_dir": str(project)},
                    model={"display_name": "Opus"}, version="2.1.330")
    else:
        base["hook_event_name"] = event
        if event == "SessionStart":
            base["source"] = "startup"
        if event.startswith("Task"):
            base.update(task_id="1", task_subject="Ship it", task_description="")
    return json.dumps(base)


@pytest.mark.parametrize("how", ["console script", "python -m"])
def test_hook_and_statusline_commands_import_nothing_from_the_project(
    how: str, tmp_path: Path, claude: ClaudeHome
) -> None:
    claude.make_list("proj-list", ["completed", "in_progress", "pending"])
    markers = tmp_path / "markers"
    project = tmp_path / "project"
    plant(project, markers)
    (project / ".env").write_text("CLAUDE_CODE_TASK_LIST_ID='proj-list'\n", encoding="utf-8")
    # Set up from elsewhere (`python -m` from the project would import it: the user's choice).
    setup = [EXE] if how == "console script" else [sys.executable, "-I", "-m", "shellhooks"]
    for target in ("claude-hooks", "claude-statusline"):
        subprocess.run([*setup, "setup", target], cwd=tmp_path, env=dict(os.environ),
                       stdin=subprocess.DEVNULL, capture_output=True, check=True)
    commands = written_commands(claude)
    assert set(commands) == {"statusLine", "SessionStart", "SessionEnd", "TaskCreated",
                             "TaskCompleted"}
    # Claude Code's environment: the list id it started with, the project as its folder.
    env = dict(os.environ, CLAUDE_CODE_TASK_LIST_ID="proj-list")
    for event, command in commands.items():
        r = subprocess.run(["sh", "-c", command], cwd=project, env=env, capture_output=True,
                           text=True, input=stdin_for(event, project, claude.root), timeout=60)
        assert r.returncode == 0, (event, command, r.stderr)
        assert "Traceback" not in r.stderr, r.stderr
        if event == "statusLine":
            assert "proj-list" in r.stdout, r.stdout
    assert found(markers) == [], commands
