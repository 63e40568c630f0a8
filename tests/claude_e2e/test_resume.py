"""`claude --resume ID` through the wrapper in front of the real CLI: the resumed session
writes into the list it used before (recorded by the SessionStart hook), not the one the
folder has now."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from shellhooks import sessionlists, store
from tests.claude_e2e import realclaude as rc
from tests.claude_e2e import scenarios as sc
from tests.shelldriver import ShellDriver, quote

VAR = "CLAUDE_CODE_TASK_LIST_ID"


def subjects(list_id: str) -> list[str]:
    return [t.subject for t in store.read_list(list_id).tasks]


def test_resumed_session_writes_into_its_recorded_list(realclaude, tmp_path, monkeypatch):
    venv_bin = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", venv_bin + os.pathsep + os.environ["PATH"])
    sc.shellhooks("setup", "claude-hooks")
    # Session 1 works on `sprint-1` in the project folder.
    monkeypatch.setenv(VAR, "sprint-1")
    realclaude.run(sc.claude_args(), realclaude.mock(
        {"turns": [sc.turn(sc.create("First")), sc.final()]}))
    monkeypatch.delenv(VAR)
    assert subjects("sprint-1") == ["First"]
    records = sessionlists._records()
    assert [r["list"] for r in records] == ["sprint-1"], records
    session = str(records[0]["session"])

    bindir = tmp_path / "bin"
    env = {"PATH": os.pathsep.join([str(bindir), venv_bin, os.environ["PATH"]])}

    def point_launcher_at(scenario: dict[str, Any]) -> rc.MockServer:
        mock = realclaude.mock(scenario)
        rc.write_launcher(bindir, realclaude.binary, mock, realclaude.sandbox)
        return mock

    try:
        with ShellDriver("bash", env=env, cwd=realclaude.project,
                         unset=(VAR, rc.OPT_IN_VAR)) as sh:
            assert sh.source_hook().status == 0
            sh.check("export CLAUDE_CODE_TASK_LIST_ID=sprint-2")  # the folder moved on
            # The mock numbers turns by the assistant messages so far: the resumed
            # conversation already holds session 1's two.
            mock = point_launcher_at({"turns": [sc.final(), sc.final(),
                                                sc.turn(sc.create("Second")), sc.final()]})
            r = sh.run(" ".join(["claude", "--resume", quote("bash", session), "-p", "go on",
                                 "--model", rc.OLD_MODEL]), timeout=150)
            assert r.status == 0 and "All done." in r.output, r
            assert (f"resuming session {session[:8]} with its task list 'sprint-1' "
                    "(this folder's list: 'sprint-2')") in r.output, r
            assert any(t.startswith("Task #2 created successfully: Second")
                       for t in mock.tool_results()), mock.tool_results()
    finally:
        rc.stop_launched(bindir)
    assert subjects("sprint-1") == ["First", "Second"]
    assert not os.path.exists(store.list_path("sprint-2"))
