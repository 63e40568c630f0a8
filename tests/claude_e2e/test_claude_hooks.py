"""Point 5: hooks installed by `shellhooks setup claude-hooks` fire from real Claude Code.

TaskCreated and TaskCompleted reach the journal (`shellhooks history`), and the
SessionStart summary reaches the model (seen in the mock's request log).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from shellhooks import store
from tests.claude_e2e import scenarios as sc

LIST_ID = "journal-test"


def _request_text(body: dict) -> str:
    """All the text of a Messages API request (system prompt and messages)."""
    return json.dumps([body.get("system"), body.get("messages")], ensure_ascii=False)


def test_setup_claude_hooks_fire_from_real_claude(realclaude, monkeypatch):
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", LIST_ID)
    venv_bin = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", venv_bin + os.pathsep + os.environ["PATH"])
    sc.shellhooks("setup", "claude-hooks")
    settings = json.loads((realclaude.sandbox.config_dir / "settings.json").read_text())
    assert {"SessionStart", "TaskCreated", "TaskCompleted"} <= set(settings["hooks"])

    # Session 1 creates three tasks and completes two.
    first = realclaude.mock({"turns": [
        sc.turn(sc.create("Write docs"), sc.create("Ship it"), sc.create("Tell users")),
        sc.turn(sc.update(1, status="completed"), sc.update(2, status="in_progress")),
        sc.turn(sc.update(2, status="completed")),
        sc.final(),
    ]})
    realclaude.run(sc.claude_args(), first)
    tl = store.read_list(LIST_ID)
    assert [(t.id, t.status) for t in tl.tasks] == [
        ("1", "completed"), ("2", "completed"), ("3", "pending")]

    # The journal got them from Claude Code's own hooks (source "hook:<event>").
    every = sc.shellhooks_json("history", LIST_ID, "--all")
    by_hook = {(e["source"], e["task"], e["subject"]) for e in every
               if str(e.get("source", "")).startswith("hook:Task")}
    assert by_hook == {
        ("hook:TaskCreated", "1", "Write docs"), ("hook:TaskCreated", "2", "Ship it"),
        ("hook:TaskCreated", "3", "Tell users"), ("hook:TaskCompleted", "1", "Write docs"),
        ("hook:TaskCompleted", "2", "Ship it")}, every
    done = sc.shellhooks_json("history", LIST_ID)
    assert sorted({(e["task"], e["subject"]) for e in done}) == [
        ("1", "Write docs"), ("2", "Ship it")], done

    # Session 2: the SessionStart summary of the list reaches the model.
    second = realclaude.mock({"turns": [sc.final("Noted.")]})
    realclaude.run(sc.claude_args(), second)
    text = _request_text(second.main_requests()[0]["body"])
    assert f"Task list {LIST_ID}: 1 open" in text, text[-3000:]
