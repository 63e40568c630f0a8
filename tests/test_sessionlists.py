"""The per-session record of lists, and the launch check that uses it for a resume."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shellhooks import claudehook, sessionlists
from shellhooks.commands import check

SID = "0b5c3f0e-1111-4222-8333-444455556666"


def test_resumed_list_reads_the_claude_options(tmp_path: Path) -> None:
    sessionlists.record(SID, "a", str(tmp_path), now=1.0)
    sessionlists.record("other", "b", str(tmp_path), now=2.0)
    sessionlists.record(SID, "c", "/elsewhere", now=3.0)  # resumed later on another list
    assert sessionlists.resumed_list(["--resume", SID], "/x") == (SID, "c")
    assert sessionlists.resumed_list(["-r", SID, "-p", "hi"], "/x") == (SID, "c")
    assert sessionlists.resumed_list([f"--resume={SID}", "--fork-session"], "/x") == (SID, "c")
    assert sessionlists.resumed_list(["-c"], str(tmp_path)) == ("other", "b")
    assert sessionlists.resumed_list(["--continue"], "/nowhere") is None
    assert sessionlists.resumed_list(["--resume"], "/x") is None  # the picker
    assert sessionlists.resumed_list(["--resume", "-p"], "/x") is None
    assert sessionlists.resumed_list(["--", "--resume", SID], "/x") is None
    assert sessionlists.resumed_list(["-p", "go"], str(tmp_path)) is None


def test_session_start_records_the_session_list(claude: object, tmp_path: Path) -> None:
    claudehook.handle("SessionStart", {"session_id": SID, "cwd": str(tmp_path)}, {})
    assert sessionlists.list_of_session(SID) == SID  # its own list, named after it


def test_the_record_stays_small_and_private(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessionlists, "MAX_BYTES", 2000)
    for i in range(200):
        sessionlists.record(f"s{i}", f"list-{i}", "/p", now=float(i))
    path = Path(sessionlists._path())
    assert path.stat().st_size < 4000 and (path.stat().st_mode & 0o777) == 0o600
    assert sessionlists.list_of_session("s199") == "list-199"
    assert sessionlists.list_of_session("s0") is None
    lines = path.read_bytes().splitlines()
    assert all(json.loads(line) for line in lines)  # every kept line whole


def _launch(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = check.launch(["+" + a for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_launch_check(claude: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "here")
    sessionlists.record(SID, "there", "/p")
    assert _launch(["--resume", SID], capsys)[:2] == (check.LAUNCH_WITH, "there\n")
    sessionlists.record(SID, "here", "/p")
    assert _launch(["--resume", SID], capsys) == (check.LAUNCH_AS_IS, "", "")
    # A value the wrapper could not hand back whole is not used.
    sessionlists.record(SID, "evil\nline", "/p")
    assert _launch(["--resume", SID], capsys)[:2] == (check.LAUNCH_AS_IS, "")
    # A Claude Code settings file sets the id here: it wins, and that is said.
    sessionlists.record(SID, "there", "/p")
    monkeypatch.setattr(check, "id_in_effect", lambda env=None: "from-settings")
    code, out, err = _launch(["--resume", SID], capsys)
    assert (code, out) == (check.LAUNCH_AS_IS, "") and "sets 'from-settings'" in err
    assert os.environ["CLAUDE_CODE_TASK_LIST_ID"] == "here"
