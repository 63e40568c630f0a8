"""`shellhooks claude-hook EVENT`, run as Claude Code runs it: a process, JSON on stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shellhooks import claudehook, journal, recorder, snapshot, store
from tests.taskfixtures import ClaudeHome

SESSION = "0b5c3f0e-1111-4222-8333-444455556666"


def hook(event: str, payload: object, list_id: str | None = "webapp-auth", **env: str):
    environ = os.environ.copy()
    environ.pop("CLAUDE_CODE_TASK_LIST_ID", None)
    if list_id is not None:
        environ["CLAUDE_CODE_TASK_LIST_ID"] = list_id
    environ.update(env)
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return subprocess.run(
        [sys.executable, "-m", "shellhooks", "claude-hook", event],
        input=data,
        capture_output=True,
        env=environ,
        timeout=60,
    )


def start_payload(**extra: object) -> dict:
    return {"session_id": SESSION, "cwd": "/tmp", "hook_event_name": "SessionStart",
            "source": "startup", "transcript_path": "/tmp/t.jsonl", **extra}


def test_session_start_prints_the_summary_for_claude(claude: ClaudeHome) -> None:
    claude.make_list("webapp-auth", ["completed", "pending", "pending"])
    claude.add_task("webapp-auth", 4, "Auth endpoint", status="in_progress", owner="alice")
    r = hook("SessionStart", start_payload())
    assert r.returncode == 0 and r.stderr == b""
    out = json.loads(r.stdout)["hookSpecificOutput"]
    assert out["additionalContext"] == "Task list webapp-auth: 3 open, 1 in progress: Auth endpoint"
    assert out["sessionTitle"] == "webapp-auth · 1/4"
    # ... and the session start was an observation for the journal
    assert {e["task"] for e in journal.read_events("webapp-auth")} == {"1", "2", "3", "4"}


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "Task list webapp-auth: no tasks yet"),
        (["completed", "completed"], "Task list webapp-auth: all 2 tasks completed"),
        (["pending"], "Task list webapp-auth: 1 open"),
    ],
)
def test_summary_states(claude: ClaudeHome, statuses: list[str], expected: str) -> None:
    claude.make_list("webapp-auth", statuses)
    tl = store.read_list("webapp-auth")
    assert claudehook.summary("webapp-auth", tl) == expected


def test_summary_of_cleared_list_and_hostile_subject(claude: ClaudeHome) -> None:
    claude.clear_list("webapp-auth", 5)
    assert claudehook.summary("webapp-auth", store.read_list("webapp-auth")) == (
        "Task list webapp-auth: cleared after all 5 tasks were completed"
    )
    claude.add_task("x", 1, "evil \x1b]0;pwn\x07 $(id)", status="in_progress")
    line = claudehook.summary("x", store.read_list("x"))
    assert "\x1b" not in line and line.endswith("1 in progress: evil  $(id)")


def test_session_start_warns_about_a_near_miss(claude: ClaudeHome) -> None:
    claude.make_list("webapp-auth", ["pending", "pending", "completed"])
    r = hook("SessionStart", start_payload(), list_id="webap-auth")
    assert r.returncode == 0
    out = json.loads(r.stdout)
    warning = out["systemMessage"]  # shown to the user
    assert "webap-auth" in warning and "webapp-auth" in warning
    context = out["hookSpecificOutput"]["additionalContext"]  # given to Claude
    assert out["hookSpecificOutput"]["hookEventName"] == "SessionStart"
    assert context.startswith("Task list webap-auth: no tasks yet") and warning in context


def test_session_start_without_a_named_list_says_nothing(claude: ClaudeHome) -> None:
    r = hook("SessionStart", start_payload(), list_id=None)
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")


def test_task_hooks_feed_the_journal_and_print_nothing(claude: ClaudeHome) -> None:
    claude.add_task("webapp-auth", 1, "Build", status="in_progress")
    created = {"session_id": SESSION, "task_id": "1", "task_subject": "Build",
               "task_description": "Build", "hook_event_name": "TaskCreated"}
    r = hook("TaskCreated", created)
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")
    r = hook("TaskCompleted", {**created, "hook_event_name": "TaskCompleted"})
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")
    events = journal.read_events("webapp-auth")
    assert [(e["event"], e["new"], e["source"]) for e in events] == [
        ("created", "pending", "hook:TaskCreated"),
        ("status", "completed", "hook:TaskCompleted"),
    ]


def test_list_id_falls_back_to_the_session_id(claude: ClaudeHome) -> None:
    claude.add_task(SESSION, 1, "Build")
    r = hook("TaskCreated", {"session_id": SESSION, "task_id": "1", "task_subject": "Build"},
             list_id=None)
    assert r.returncode == 0
    assert [e["list"] for e in journal.read_events(SESSION)] == [SESSION]


def test_agent_team_session_list_keeps_its_history(claude: ClaudeHome,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # With agent teams on, the session writes to `session-<first 8 of its id>`.
    team = "session-" + SESSION[:8]
    claude.add_task(team, 1, "Build", status="in_progress")
    for event in ("TaskCreated", "TaskCompleted"):
        r = hook(event, {"session_id": SESSION, "task_id": "1", "task_subject": "Build"},
                 list_id=None)
        assert r.returncode == 0
    assert [e["list"] for e in journal.read_events(team)] == [team, team]
    assert journal.read_events(SESSION) == []
    from shellhooks import cli

    assert cli.main(["history", team]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{team}: 1 task completed\n") and "#1 Build" in out


@pytest.mark.parametrize(
    "payload",
    [b"", b"not json", b"[1, 2]", b'{"task_id": {"x": 1}}', b"\xff\xfe", b"[" * 100000,
     {"session_id": 5, "task_id": None}],
)
@pytest.mark.parametrize("event", ["SessionStart", "TaskCompleted", "SessionEnd"])
def test_garbage_input_exits_0_silently(claude: ClaudeHome, payload: object, event: str) -> None:
    r = hook(event, payload, list_id=None)
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")


@pytest.mark.parametrize("argv", [[], ["Bogus"], ["TaskCompleted", "extra", "--help"]])
def test_bad_arguments_never_refuse_claudes_work(argv: list[str]) -> None:
    # exit 2 from a TaskCompleted hook would make Claude Code refuse the completion
    r = subprocess.run([sys.executable, "-m", "shellhooks", "claude-hook", *argv],
                       input=b"{}", capture_output=True, timeout=60)
    assert r.returncode == 0 and r.stderr == b""


def test_internal_failure_exits_0_and_is_logged(claude: ClaudeHome, isolated_home: Path) -> None:
    claude.add_task("webapp-auth", 1, "Build")
    blocker = isolated_home / "blocked"
    blocker.write_text("a file where a folder should be")
    r = hook("TaskCompleted", {"session_id": SESSION, "task_id": "1", "task_subject": "Build"},
             XDG_DATA_HOME=str(blocker))
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")


def test_error_log_written_when_possible(claude: ClaudeHome, monkeypatch) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(recorder, "record_claude_hook", boom)
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "webapp-auth")
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115
    assert claudehook.main(["TaskCreated"]) == 0
    log = Path(journal.paths.data_dir_str()) / "hook-errors.log"
    assert "disk on fire" in log.read_text()


_BURST = """
import json, subprocess, sys, os
procs = []
for i in range(1, int(sys.argv[1]) + 1):
    p = subprocess.Popen([sys.executable, "-m", "shellhooks", "claude-hook", sys.argv[2]],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    procs.append((p, json.dumps({"session_id": "s", "task_id": str(i), "task_subject": f"T{i}"})))
for p, data in procs:
    p.communicate(data.encode())
sys.exit(max(p.returncode for p, _ in procs))
"""


@pytest.mark.parametrize("event", ["TaskCreated", "TaskCompleted"])
def test_concurrent_hook_invocations_lose_no_line(claude: ClaudeHome, event: str) -> None:
    n = 24
    for i in range(1, n + 1):
        claude.add_task("webapp-auth", i, f"T{i}", status="in_progress")
    env = {**os.environ, "CLAUDE_CODE_TASK_LIST_ID": "webapp-auth"}
    r = subprocess.run([sys.executable, "-c", _BURST, str(n), event], env=env, timeout=300)
    assert r.returncode == 0
    raw = (journal.journal_dir("webapp-auth") / journal.JOURNAL).read_bytes().splitlines()
    events = [json.loads(line) for line in raw]
    assert sorted(int(e["task"]) for e in events) == list(range(1, n + 1))
    if event == "TaskCompleted":
        snap = snapshot.load_snapshot("webapp-auth")
        assert len(snap["tasks"]) == n


def transcript(claude: ClaudeHome, *titles: str, session: str = SESSION) -> Path:
    """A transcript where Claude Code keeps it, with `custom-title` lines."""
    path = claude.root / "projects" / "-w-proj" / f"{session}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"type": "user", "message": {"content": "custom-title"}})]
    lines += [json.dumps({"type": "custom-title", "customTitle": t, "sessionId": session})
              for t in titles]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def title_of(r: subprocess.CompletedProcess[bytes]) -> str | None:
    if not r.stdout.startswith(b"{"):
        return None
    return json.loads(r.stdout)["hookSpecificOutput"].get("sessionTitle")  # type: ignore[no-any-return]


@pytest.mark.parametrize(("statuses", "title"), [
    ([], "webapp-auth"), (["completed", "pending"], "webapp-auth · 1/2")])
def test_session_title_names_the_list(claude: ClaudeHome, statuses: list[str],
                                      title: str) -> None:
    claude.make_list("webapp-auth", statuses)
    assert title_of(hook("SessionStart", start_payload())) == title
    claude.clear_list("webapp-auth", 3)
    assert title_of(hook("SessionStart", start_payload())) == "webapp-auth · 3/3"


def test_session_title_never_overrides_the_users(claude: ClaudeHome) -> None:
    claude.make_list("webapp-auth", ["completed", "pending"])
    path = transcript(claude, "webapp-auth · 0/1", "Auth rewrite")  # the user's /rename last
    r = hook("SessionStart", start_payload(source="resume", transcript_path=str(path)))
    assert title_of(r) is None
    assert r.stdout.decode() == "Task list webapp-auth: 1 open\n"  # the summary still goes
    # Our own earlier title is brought up to date.
    path = transcript(claude, "Auth rewrite", "webapp-auth · 0/1")
    r = hook("SessionStart", start_payload(source="resume", transcript_path=str(path)))
    assert title_of(r) == "webapp-auth · 1/2"
    # Another session's title in the same file does not count.
    path = transcript(claude, "Theirs", session="another-session")
    r = hook("SessionStart", start_payload(source="clear", transcript_path=str(path)))
    assert title_of(r) == "webapp-auth · 1/2"


def test_session_title_only_reads_claudes_own_transcripts(claude: ClaudeHome,
                                                          tmp_path: Path) -> None:
    # The path comes on stdin: a file outside <root>/projects (or a FIFO that would
    # block the hook) is not read, and the title is given as for a new session.
    claude.make_list("webapp-auth", ["pending"])
    outside = tmp_path / "t.jsonl"
    outside.write_text(json.dumps({"type": "custom-title", "customTitle": "planted",
                                   "sessionId": SESSION}) + "\n")
    r = hook("SessionStart", start_payload(transcript_path=str(outside)))
    assert title_of(r) == "webapp-auth · 0/1"
    fifo = claude.root / "projects" / "-w" / "fifo.jsonl"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    r = hook("SessionStart", start_payload(transcript_path=str(fifo)))
    assert title_of(r) == "webapp-auth · 0/1"


def test_session_title_can_be_turned_off(claude: ClaudeHome, isolated_home: Path) -> None:
    claude.make_list("webapp-auth", ["pending"])
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("[claude]\nsession_titles = false\n", encoding="utf-8")
    r = hook("SessionStart", start_payload())
    assert r.stdout.decode() == "Task list webapp-auth: 1 open\n"


def test_session_title_shows_a_hostile_id_safely(claude: ClaudeHome) -> None:
    r = hook("SessionStart", start_payload(), list_id="x\x1b]0;owned\x07y")
    title = title_of(r)
    assert title is not None and "\x1b" not in title and "\x07" not in title


def test_session_title_trouble_never_costs_the_summary(claude: ClaudeHome) -> None:
    # transcript_path comes on stdin: a folder there (or a file that cannot be read)
    # gives the title as for a new session, and Claude still gets the list's summary.
    claude.make_list("webapp-auth", ["pending"])
    folder = claude.root / "projects" / "-w" / "folder.jsonl"
    folder.mkdir(parents=True)
    r = hook("SessionStart", start_payload(transcript_path=str(folder)))
    assert r.returncode == 0 and r.stderr == b""
    assert title_of(r) == "webapp-auth · 0/1"
    assert json.loads(r.stdout)["hookSpecificOutput"]["additionalContext"] == (
        "Task list webapp-auth: 1 open")
