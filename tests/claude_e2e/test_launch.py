"""Point 3: the `claude` launch wrapper in real shells, in front of the real CLI.

A one-off `CLAUDE_CODE_TASK_LIST_ID=<typo> claude -p ...`: answered Y, real
Claude Code writes into the suggested list and never creates the typo's
folder; answered n, it writes into the typo's folder. Arguments and exit
status pass through untouched. A list id with a model that will not use it
gets the one-line note.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from shellhooks import store
from tests.claude_e2e import realclaude as rc
from tests.claude_e2e import scenarios as sc
from tests.shelldriver import SHELLS, ShellDriver, quote

VAR = "CLAUDE_CODE_TASK_LIST_ID"
QUESTION = r"Use 'webapp-auth' instead\? \[y/n/q\] "  # one edit apart: no default
PROMPT = "it's $HOME \"quoted\" `not run` \\ é"


def one_off(shell: str, list_id: str, *args: str) -> str:
    """`CLAUDE_CODE_TASK_LIST_ID=<id> claude <args>` typed in `shell` (fish takes it too)."""
    return " ".join([f"{VAR}={quote(shell, list_id)}", "claude",
                     *(quote(shell, a) for a in args)])


def user_texts(body: dict[str, Any]) -> list[str]:
    """Text blocks of the user's messages in a request."""
    out = []
    for m in body.get("messages", []):
        if m.get("role") != "user":
            continue
        content = m.get("content")
        if isinstance(content, str):
            out.append(content)
        elif isinstance(content, list):
            out += [b.get("text", "") for b in content if isinstance(b, dict)]
    return out


def subjects(list_id: str) -> list[str]:
    return [t.subject for t in store.read_list(list_id).tasks]


@pytest.mark.parametrize("shell", SHELLS)
def test_launch_wrapper_with_real_claude(realclaude, tmp_path, monkeypatch, shell):
    # The existing list, written by real Claude Code.
    monkeypatch.setenv(VAR, "webapp-auth")
    realclaude.run(sc.claude_args(), realclaude.mock(
        {"turns": [sc.turn(sc.create("Existing task")), sc.final()]}))
    monkeypatch.delenv(VAR)
    assert subjects("webapp-auth") == ["Existing task"]

    bindir = tmp_path / "bin"
    plain = tmp_path / "plain"
    plain.mkdir()
    venv_bin = str(Path(sys.executable).parent)
    env = {"PATH": os.pathsep.join([str(bindir), venv_bin, os.environ["PATH"]])}

    def point_launcher_at(scenario: dict[str, Any]) -> rc.MockServer:
        mock = realclaude.mock(scenario)
        rc.write_launcher(bindir, realclaude.binary, mock, realclaude.sandbox)
        return mock

    args = ["-p", PROMPT, "--model", rc.OLD_MODEL]
    try:
        with ShellDriver(shell, env=env, cwd=plain, unset=(VAR, rc.OPT_IN_VAR)) as sh:
            assert sh.source_hook().status == 0
            # Y: into the suggested list.
            yes = point_launcher_at({"turns": [sc.turn(sc.create("After yes")), sc.final()]})
            sh.start(one_off(shell, "webap-auth", *args))
            sh.expect(QUESTION)
            sh.send("y\r")
            r = sh.finish(timeout=150)
            assert r.status == 0 and "All done." in r.output, r
            assert subjects("webapp-auth") == ["Existing task", "After yes"]
            assert not os.path.exists(store.list_path("webap-auth"))
            assert PROMPT in user_texts(yes.main_requests()[0]["body"])
            assert yes.main_requests()[0]["body"]["model"] == rc.OLD_MODEL

            # n: into the typo's own (new) list.
            point_launcher_at({"turns": [sc.turn(sc.create("After no")), sc.final()]})
            sh.start(one_off(shell, "webap-auth", *args))
            sh.expect(QUESTION)
            sh.send("n\r")
            r = sh.finish(timeout=150)
            assert r.status == 0, r
            assert subjects("webap-auth") == ["After no"]
            assert subjects("webapp-auth") == ["Existing task", "After yes"]

            # Exit status passes through (an option the real CLI rejects).
            bad = ["--model", rc.OLD_MODEL, "--no-such-option-here"]
            direct = subprocess.run([str(bindir / "claude"), *bad], capture_output=True,
                                    env=realclaude.env(realclaude.mocks[-1]), timeout=120)
            assert direct.returncode != 0
            r = sh.run(one_off(shell, "webapp-auth", *bad), timeout=150)
            assert r.status == direct.returncode, r

            # A list id with the default model and no opt-in: one line says it stays unused,
            # and indeed real Claude Code gets no Task tools.
            unused = point_launcher_at({"turns": [sc.final("ok")]})
            r = sh.run(one_off(shell, "webapp-auth", "-p", "hello"), timeout=150)
            assert r.status == 0, r
            notes = [ln for ln in r.output.splitlines() if "will stay unused" in ln]
            assert len(notes) == 1 and notes[0].startswith(
                "shellhooks: task list 'webapp-auth' will stay unused: claude-opus-5-5"), r
            assert "TaskCreate" not in unused.tool_names()
    finally:
        rc.stop_launched(bindir)
