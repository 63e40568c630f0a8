"""Every `--json` speaks one style: render.dumps_json's (indented, non-ASCII kept,
terminal-unsafe characters escaped), and an error is `{"error": "..."}` in it too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shellhooks import cli, render
from tests.taskfixtures import ClaudeHome

COMMANDS = [["status"], ["check", "webap-auth"], ["list"], ["show", "webapp-auth"], ["ps"],
            ["history", "webapp-auth"], ["doctor"]]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
def test_one_json_style(argv: list[str], claude: ClaudeHome, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    claude.make_list("webapp-auth", ["completed", "pending"], subject="Ünïcode")
    monkeypatch.chdir(tmp_path)
    cli.main([*argv, "--json"])
    out = capsys.readouterr().out
    assert out == render.dumps_json(json.loads(out)) + "\n"


@pytest.mark.parametrize("argv", [["show", "nope"], ["check", " "]], ids=lambda a: a[0])
def test_errors_have_one_shape(argv: list[str], claude: ClaudeHome,
                               capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main([*argv, "--json"])
    assert code != 0
    captured = capsys.readouterr()
    err = captured.err.removeprefix("shellhooks: ").rstrip("\n")
    assert json.loads(captured.out) == {"error": err}
