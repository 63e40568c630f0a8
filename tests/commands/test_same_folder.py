"""Issue 15, point 9: `check`, `show`, `watch`, `history`, `wait` and `prompt` resolve the
folder exactly as `status` does when the hook has not run there: a script, `sh -c`, or a
command on the same line as a `cd` (the variable still holds the previous folder's id,
exported by the hook, or nothing at all). Run in the real shells."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shellhooks import journal
from tests.taskfixtures import ClaudeHome

VAR = "CLAUDE_CODE_TASK_LIST_ID"
SHELLS = ["bash", "zsh", "fish"]

COMMANDS = {
    "status": ("status --json", lambda out: json.loads(out)["id"]),
    "check": ("check --json", lambda out: json.loads(out)["id"]),
    "show": ("show --json", lambda out: json.loads(out)["id"]),
    "watch": ("watch --once", lambda out: "Ship it" in out and "shop-front"),
    "history": ("history --json", lambda out: json.loads(out)[0]["list"]),
    "wait": ("wait --timeout 0", lambda out: out.split(":")[0]),
    "prompt": ("prompt --color never --format '{id}'", lambda out: out.strip()),
}


def _run(shell: str, project: Path, command: str, env: dict[str, str]) -> str:
    line = f"cd '{project}' && shellhooks {command}"
    r = subprocess.run([shell, "-c", line], capture_output=True, text=True, env=env,
                       timeout=60, cwd="/")
    assert "Traceback" not in r.stderr, r.stderr
    return r.stdout


@pytest.mark.parametrize("inherited", ["unset", "hook-elsewhere"])
@pytest.mark.parametrize("shell", SHELLS)
def test_every_command_resolves_the_folder_as_status_does(
        claude: ClaudeHome, tmp_path: Path, shell: str, inherited: str) -> None:
    project = tmp_path / "work" / "shop-front"
    (project / ".git").mkdir(parents=True)
    claude.add_task("shop-front", 1, "Ship it", status="completed")
    claude.add_task("elsewhere", 1, "Not this one", status="completed")
    journal.append("shop-front", [journal.make_event("shop-front", "status", "1", "Ship it",
                                                     None, "completed")])
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop(VAR, None)
    if inherited == "hook-elsewhere":  # what the hook exported in the previous folder
        env[VAR] = env["__SHELLHOOKS_ID"] = "elsewhere"
    results = {name: read(_run(shell, project, command, env))
               for name, (command, read) in COMMANDS.items()}
    assert results == dict.fromkeys(COMMANDS, "shop-front")
