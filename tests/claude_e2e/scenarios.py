"""Scenario building blocks for the mock (see mockapi.py) and helpers shared by the e2e tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.claude_e2e import realclaude as rc


def create(subject: str, description: str | None = None, **more: Any) -> dict[str, Any]:
    """A TaskCreate tool use (`description` defaults to the subject, as a model would send)."""
    return {"name": "TaskCreate",
            "input": {"subject": subject, "description": description or subject, **more}}


def update(task_id: str | int, **fields: Any) -> dict[str, Any]:
    """A TaskUpdate tool use (`status="deleted"` deletes)."""
    return {"name": "TaskUpdate", "input": {"taskId": str(task_id), **fields}}


def task_list() -> dict[str, Any]:
    """A TaskList tool use."""
    return {"name": "TaskList", "input": {}}


def turn(*uses: dict[str, Any], gate: bool = False, text: str | None = None,
         delay: float = 0.0) -> dict[str, Any]:
    """One model turn: tool uses (run by Claude Code in one go), optionally gated/delayed."""
    t: dict[str, Any] = {"tool_uses": list(uses)}
    if gate:
        t["gate"] = True
    if delay:
        t["delay"] = delay
    if text:
        t["text"] = text
    return t


def final(text: str = "All done.", gate: bool = False) -> dict[str, Any]:
    """The last turn: plain text, which ends a `claude -p` run."""
    return {"text": text, "gate": gate}


def shellhooks(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
               check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the shellhooks CLI of this checkout as a user would (new process)."""
    r = subprocess.run([sys.executable, "-m", "shellhooks", *args], capture_output=True,
                       text=True, env=dict(os.environ if env is None else env), cwd=cwd,
                       timeout=60)
    if check:
        assert r.returncode == 0, f"shellhooks {' '.join(args)} -> {r.returncode}: {r.stderr}"
    assert "Traceback" not in r.stderr, r.stderr
    return r


def shellhooks_json(*args: str, **kw: Any) -> Any:
    """Run a `--json` sub-command and parse its output."""
    return json.loads(shellhooks(*args, "--json", **kw).stdout)


def raw_tasks(folder: Path) -> dict[str, dict[str, Any]]:
    """The task files exactly as Claude Code left them: {id: parsed JSON}."""
    out = {}
    for p in sorted(folder.glob("*.json"), key=lambda p: int(p.stem)):
        out[p.stem] = json.loads(p.read_text(encoding="utf-8"))
    return out


def claude_args(model: str = rc.OLD_MODEL, prompt: str = "Plan the work") -> list[str]:
    """`claude -p` arguments for a scripted run on a model that has the Task tools."""
    return ["-p", prompt, "--model", model]
