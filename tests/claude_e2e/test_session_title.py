"""The SessionStart hook's session title, with the real CLI: Claude Code keeps it as a
`custom-title` line of the transcript; a title the user gave is never replaced, ours is
brought up to date when the session is resumed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from tests.claude_e2e import scenarios as sc

LIST_ID = "title-test"


def titles(transcript: Path) -> list[str]:
    out = []
    for line in transcript.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj.get("type") == "custom-title":
            out.append(obj["customTitle"])
    return out


def _found(obj: object, out: list[str]) -> None:
    if isinstance(obj, dict):
        if obj.get("hookEvent") == "SessionStart" and isinstance(obj.get("stdout"), str):
            out.append(obj["stdout"])
            return
        for v in obj.values():
            _found(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _found(v, out)


def hook_outputs(transcript: Path) -> list[str]:
    """What the SessionStart hooks printed, in order, as the transcript records it."""
    out: list[str] = []
    for line in transcript.read_text(encoding="utf-8").splitlines():
        _found(json.loads(line), out)
    return out


def test_session_title_from_the_hook(realclaude, monkeypatch):
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", LIST_ID)
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    sc.shellhooks("setup", "claude-hooks")
    realclaude.run(sc.claude_args(), realclaude.mock({"turns": [
        sc.turn(sc.create("Plan"), sc.create("Build")),
        sc.turn(sc.update(1, status="completed")), sc.final()]}))
    (transcript,) = (realclaude.sandbox.config_dir / "projects").glob("*/*.jsonl")
    # Titled when it started, before any task existed.
    assert set(titles(transcript)) == {LIST_ID}
    session = transcript.stem

    # Resumed: our title is brought up to date with the list.
    realclaude.run(["--resume", session, *sc.claude_args()],
                   realclaude.mock({"turns": [sc.final("Noted.")]}))
    assert titles(transcript)[-1] == f"{LIST_ID} · 1/2"
    assert '"sessionTitle": "title-test · 1/2"' in hook_outputs(transcript)[-1]

    # The user renames the session (what /rename writes); resumed again, it stays.
    with transcript.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"type": "custom-title", "customTitle": "Auth rewrite",
                            "sessionId": session}) + "\n")
    third = realclaude.mock({"turns": [sc.final("Noted.")]})
    realclaude.run(["--resume", session, *sc.claude_args()], third)
    assert titles(transcript)[-1] == "Auth rewrite"
    # (2.1.330 re-applies the kept title on resume after the hooks ran, whatever they
    # print: the hook's own choice is tested in tests/commands/test_claude_hook.py.)
    assert "Task list title-test: 1 open" in json.dumps(third.main_requests()[0]["body"])
