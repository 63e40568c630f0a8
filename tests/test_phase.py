"""The project's phase: read from COORDINATION.md cheaply and safely."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shellhooks import claudehook, cli, phase, segment, store
from tests.taskfixtures import ClaudeHome


@pytest.mark.parametrize(("text", "expected"), [
    ("## Current Phase: Build\n", "Build"),
    ("# Current phase - Phase 2 ##\n", "Phase 2"),
    ("### CURRENT PHASE\n\n- **Integration** tests\n## Next\n", "Integration** tests"),
    ("## Current Phase\n\n## Next\nnot it\n", ""),
    ("## Current Phases\nno\n", ""),
    ("Current Phase: not a heading\n", ""),
    ("## Current Phase \u2014 Ship it\n", "Ship it"),
    ("## Current Phase: \x1b[31mred\x1b[0m \x07bell\n", "red bell"),
    ("## Current Phase: " + "x" * 200 + "\n", "x" * 37 + "..."),
    ("", ""),
])
def test_parse(text: str, expected: str) -> None:
    assert phase.parse(text) == expected


def test_read_refuses_links_fifos_and_reads_only_the_start(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert phase.for_directory(str(tmp_path)) == ""
    secret = tmp_path / "secret.md"
    secret.write_text("## Current Phase: leaked\n")
    os.symlink(secret, tmp_path / phase.FILE)
    assert phase.for_directory(str(tmp_path)) == ""  # a link is not followed
    os.unlink(tmp_path / phase.FILE)
    os.mkfifo(tmp_path / phase.FILE)
    start = time.monotonic()
    assert phase.for_directory(str(tmp_path / "")) == ""  # never blocks on a FIFO
    assert time.monotonic() - start < 2
    os.unlink(tmp_path / phase.FILE)
    (tmp_path / phase.FILE).write_text("x" * phase.MAX_BYTES + "\n## Current Phase: late\n")
    assert phase.for_directory(str(tmp_path)) == ""
    (tmp_path / phase.FILE).write_text("## Current Phase: Build\n")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    assert phase.for_directory(str(tmp_path / "deep" / "er")) == "Build"


def test_segment_placeholder(claude: ClaudeHome) -> None:
    claude.make_list("l", ["completed", "pending"])
    tl = store.read_list("l")
    assert segment.render(tl, "l", "{id} {done}/{total} [{phase}]", color=False,
                          phase="Build") == "l 1/2 [Build]"
    assert segment.render(tl, "l", "{id} [{phase:.3}]", color=False, phase="Build") == "l [Bui]"
    assert segment.render(tl, "l", "{id}", color=False, phase="x\x1b[2J") == "l"


def test_status_prompt_statusline_and_session_start(
    claude: ClaudeHome, tmp_path: Path, isolated_home: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    proj = tmp_path / "proj"
    (proj / ".git").mkdir(parents=True)
    (proj / phase.FILE).write_text("## Current Phase: Build\n")
    claude.make_list("webapp", ["completed", "pending"])
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('[prompt]\nformat = "{id} {done}/{total} ({phase})"\n')
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "webapp")
    monkeypatch.chdir(proj)

    assert cli.main(["status"]) == 0
    assert "phase:   Build" in capsys.readouterr().out
    assert cli.main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["phase"] == "Build"
    assert cli.main(["prompt", "--color", "never"]) == 0
    assert capsys.readouterr().out == "webapp 1/2 (Build)\n"

    def statusline() -> str:
        r = subprocess.run([sys.executable, "-m", "shellhooks", "statusline"], cwd=proj,
                           input="{}", capture_output=True, text=True, timeout=60,
                           env={**os.environ, "NO_COLOR": "1"})
        return r.stdout

    assert statusline() == "webapp 1/2 (Build)\n"
    (proj / phase.FILE).write_text("## Current Phase: Ship\n")  # the cached line follows
    assert statusline() == "webapp 1/2 (Ship)\n"

    out = claudehook.handle("SessionStart", {"session_id": "s", "cwd": str(proj)},
                            {"CLAUDE_CODE_TASK_LIST_ID": "webapp"})
    context = json.loads(out)["hookSpecificOutput"]["additionalContext"]
    assert context == "Task list webapp: 1 open (project phase: Ship)"
