"""`shellhooks statusline`: Claude Code's statusLine command, with real-shaped and garbage input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from shellhooks.cli import main
from tests.taskfixtures import ClaudeHome

C, P, D = "completed", "pending", "in_progress"
SESSION = "3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f"
SGR = re.compile(r"\x1b\[[0-9;]*m")
EXE = str(Path(sys.executable).with_name("shellhooks"))


def claude_input(session_id: Any = SESSION, cwd: str = "/home/u/proj") -> dict[str, Any]:
    """What Claude Code 2.1.x sends on the statusLine command's stdin."""
    return {
        "hook_event_name": "Status",
        "session_id": session_id,
        "transcript_path": f"/home/u/.claude/projects/-home-u-proj/{SESSION}.jsonl",
        "cwd": cwd,
        "model": {"id": "claude-opus-4-7", "display_name": "Opus 4.7"},
        "workspace": {"current_dir": cwd, "project_dir": cwd},
        "version": "2.1.330",
        "output_style": {"name": "default"},
        "cost": {"total_cost_usd": 0.0123, "total_duration_ms": 45000,
                 "total_api_duration_ms": 2300, "total_lines_added": 156,
                 "total_lines_removed": 23},
        "exceeds_200k_tokens": False,
    }


def run_proc(stdin: bytes, *args: str, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess[bytes]:
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([EXE, "statusline", *args], input=stdin, capture_output=True,
                          env=e, timeout=60, check=False)


def plain(b: bytes) -> str:
    return SGR.sub("", b.decode("utf-8"))


def test_env_id_and_subject(claude: ClaudeHome) -> None:
    claude.make_list("webapp-auth", [C, C, C, D, P], subject="Step")
    r = run_proc(json.dumps(claude_input()).encode(),
                 env={"CLAUDE_CODE_TASK_LIST_ID": "webapp-auth"})
    assert r.returncode == 0 and r.stderr == b""
    assert plain(r.stdout) == "webapp-auth 3/5 ▸1  Step 4\n"
    assert b"\x1b[" in r.stdout  # Claude Code shows ANSI colours


def test_no_color(claude: ClaudeHome) -> None:
    claude.make_list("a", [D])
    r = run_proc(b"{}", env={"CLAUDE_CODE_TASK_LIST_ID": "a", "NO_COLOR": "1"})
    assert r.stdout == b"a 0/1 \xe2\x96\xb81  Task 1\n"


def test_session_list(claude: ClaudeHome) -> None:
    """No variable: the list named after the session, shown under a short name."""
    claude.make_list(SESSION, [C, D], subject="Write")
    r = run_proc(json.dumps(claude_input()).encode(), env={"NO_COLOR": "1"})
    assert r.stdout.decode() == f"{SESSION[:8]} 1/2 ▸1  Write 2\n"


def test_agent_team_session_list(claude: ClaudeHome) -> None:
    """With agent teams on, the session's list is `session-<first 8 of its id>`."""
    team = "session-" + SESSION[:8]
    claude.make_list(team, [C, D], subject="Write")
    r = run_proc(json.dumps(claude_input()).encode(), env={"NO_COLOR": "1"})
    assert r.stdout.decode() == f"{SESSION[:8]} 1/2 ▸1  Write 2\n"
    # The folder named after the whole id, when it exists, is the session's list.
    claude.make_list(SESSION, [C], subject="Solo")
    r = run_proc(json.dumps(claude_input()).encode(), env={"NO_COLOR": "1"})
    assert r.stdout.decode() == f"{SESSION[:8]} 1/1\n"


def test_team_session_list_is_a_session_list() -> None:
    from shellhooks import store

    assert store.is_session_id(store.team_session_list_id(SESSION))


def test_session_without_tasks_prints_nothing(claude: ClaudeHome) -> None:
    claude.list_dir(SESSION)  # only .lock, as on models without the Task tools
    assert run_proc(json.dumps(claude_input()).encode()).stdout == b""
    other = "0f0f0f0f-0000-4000-8000-000000000000"
    assert run_proc(json.dumps(claude_input(other)).encode()).stdout == b""


def test_variable_wins_over_session(claude: ClaudeHome) -> None:
    claude.make_list(SESSION, [P])
    claude.make_list("shared", [C, C])
    r = run_proc(json.dumps(claude_input()).encode(),
                 env={"CLAUDE_CODE_TASK_LIST_ID": "shared", "NO_COLOR": "1"})
    assert r.stdout == b"shared 2/2\n"


def test_new_and_cleared_lists(claude: ClaudeHome) -> None:
    claude.clear_list("wiped", 5)
    env = {"NO_COLOR": "1"}
    assert run_proc(b"", env={**env, "CLAUDE_CODE_TASK_LIST_ID": "fresh"}).stdout \
        == b"fresh (new)\n"
    assert run_proc(b"", env={**env, "CLAUDE_CODE_TASK_LIST_ID": "wiped"}).stdout.decode() \
        == "wiped ✓ cleared (5)\n"


GARBAGE = [
    b"",
    b"   \n",
    b"not json",
    b'{"session_id": "3f2a9c1e-7b4d',  # truncated
    b"\x00\xff\xfe binary \x1b[31m",
    b"[1, 2, 3]",
    b"null",
    b'"a string"',
    b'{"session_id": 42}',
    b'{"session_id": null, "cwd": 7}',
    b'{"session_id": ["x"], "model": "opus"}',
    b'{"session_id": {"nested": true}}',
    b'{"session_id": ""}',
    b'{"session_id": "../../../etc"}',
    b"[" * 100000,  # nested too deeply for the parser
    b'{"session_id": "' + b"a" * 5_000_000 + b'"}',  # huge
]


@pytest.mark.parametrize("stdin", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_input(claude: ClaudeHome, stdin: bytes) -> None:
    claude.make_list("ok", [C, D])
    # With the variable set the segment still shows; without it there is nothing to show.
    r = run_proc(stdin, env={"CLAUDE_CODE_TASK_LIST_ID": "ok", "NO_COLOR": "1"})
    assert (r.returncode, r.stdout, r.stderr) == (0, b"ok 1/2 \xe2\x96\xb81  Task 2\n", b"")
    r = run_proc(stdin)
    assert r.returncode == 0 and r.stderr == b""
    assert b"Traceback" not in r.stdout and len(r.stdout.splitlines()) <= 1


def test_hostile_subject_and_id(claude: ClaudeHome) -> None:
    claude.add_task("h", 1, "\x1b]0;title\x07$(touch x)\r\n`id`\x1b[2J", status=D)
    r = run_proc(b"{}", env={"CLAUDE_CODE_TASK_LIST_ID": "h"})
    text = plain(r.stdout)
    assert text == "h 0/1 ▸1  $(touch x)  `id`\n"
    assert r.stdout.count(b"\n") == 1
    # Only SGR colour sequences reach Claude Code.
    assert r.stdout.count(b"\x1b") == len(SGR.findall(r.stdout.decode()))


def test_unreadable_list(claude: ClaudeHome) -> None:
    (claude.tasks / "broken").write_text("a file, not a folder")
    r = run_proc(b"{}", env={"CLAUDE_CODE_TASK_LIST_ID": "broken", "NO_COLOR": "1"})
    assert (r.returncode, r.stdout) == (0, b"broken ?\n")


def test_internal_error_is_silent(claude: ClaudeHome, capsys, monkeypatch) -> None:
    """Even a bug in the reader must not show a traceback in Claude Code."""
    from shellhooks import store

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(store, "read_list", boom)
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "x")
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    assert main(["statusline"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_bad_config_does_not_break_it(claude: ClaudeHome, isolated_home: Path) -> None:
    claude.make_list("a", [C])
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("[prompt\nnot toml")
    r = run_proc(b"{}", env={"CLAUDE_CODE_TASK_LIST_ID": "a", "NO_COLOR": "1"})
    assert (r.returncode, r.stdout, r.stderr) == (0, b"a 1/1\n", b"")
    cfg.write_text('[prompt]\nformat = "{id}: {open} open"\nascii = true\n')
    r = run_proc(b"{}", env={"CLAUDE_CODE_TASK_LIST_ID": "a", "NO_COLOR": "1"})
    assert r.stdout == b"a: 0 open\n"


def test_chain(claude: ClaudeHome, tmp_path: Path) -> None:
    claude.make_list("a", [C, P])
    seen = tmp_path / "seen.json"
    theirs = f"cat > {seen}; printf '\\n  their line \\033[32mok\\033[0m\\nsecond\\n'"
    stdin = json.dumps(claude_input()).encode()
    r = run_proc(stdin, "--chain", theirs, env={"CLAUDE_CODE_TASK_LIST_ID": "a",
                                                "NO_COLOR": "1"})
    assert r.returncode == 0
    assert r.stdout == b"a 1/2    their line \x1b[32mok\x1b[0m\n"
    assert seen.read_bytes() == stdin  # their command got the same stdin


def test_chain_alone_and_failing(claude: ClaudeHome) -> None:
    # No list id: their output alone.
    r = run_proc(b"{}", "--chain=echo hello")
    assert r.stdout == b"hello\n"
    # Their command fails or prints nothing: ours alone, exit 0.
    claude.make_list("a", [P])
    env = {"CLAUDE_CODE_TASK_LIST_ID": "a", "NO_COLOR": "1"}
    assert run_proc(b"{}", "--chain", "exit 3", env=env).stdout == b"a 0/1\n"
    assert run_proc(b"{}", "--chain", "no-such-command-xyz", env=env).stdout == b"a 0/1\n"


def test_chain_timeout(claude: ClaudeHome) -> None:
    claude.make_list("a", [P])
    env = {"CLAUDE_CODE_TASK_LIST_ID": "a", "NO_COLOR": "1"}
    # The shell forks `sleep`, which holds the pipe: the whole group must be ended.
    r = run_proc(b"{}", "--chain", "sleep 30; echo late", env=env)
    assert (r.returncode, r.stdout) == (0, b"a 0/1\n")


def test_unknown_arguments_ignored(claude: ClaudeHome) -> None:
    claude.make_list("a", [P])
    r = run_proc(b"{}", "--bogus", "x", env={"CLAUDE_CODE_TASK_LIST_ID": "a", "NO_COLOR": "1"})
    assert (r.returncode, r.stdout, r.stderr) == (0, b"a 0/1\n", b"")


def test_fast_path_avoids_argparse(claude: ClaudeHome) -> None:
    code = ("import sys; from shellhooks.cli import main; sys.stdin = open('/dev/null'); "
            "main(['statusline']); "
            "print(','.join(m for m in ('argparse', 'tomllib', 'psutil', 'tabulate', 'dotenv') "
            "if m in sys.modules), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env={**os.environ, "CLAUDE_CODE_TASK_LIST_ID": "a"}, check=False)
    assert r.stderr.strip() == ""


def test_help_still_works(capsys) -> None:
    assert main(["statusline", "--help"]) == 0
    assert "statusLine" in capsys.readouterr().out


# ----- the cache ------------------------------------------------------------------------------

PROBE = ("import sys; from shellhooks.cli import main; main(['statusline']); "
         "print('store' if 'shellhooks.store' in sys.modules else 'no-store', file=sys.stderr)")


def run_probe(env: dict[str, str]) -> tuple[str, str]:
    r = subprocess.run([sys.executable, "-c", PROBE], input=b"{}", capture_output=True,
                       env={**os.environ, **env}, timeout=60, check=False)
    return r.stdout.decode(), r.stderr.decode().strip()


def test_cache_hit_skips_the_reader_and_sees_every_change(claude: ClaudeHome) -> None:
    import time

    from tests.taskfixtures import task_json

    folder = claude.make_list("c", [C, D, P])
    claude.add_task("c", 2, "Aa", status=D)
    past = time.time() - 30
    claude.set_mtime("c", past)
    env = {"CLAUDE_CODE_TASK_LIST_ID": "c", "NO_COLOR": "1"}
    assert run_probe(env) == ("c 1/3 ▸1  Aa\n", "store")  # first run: read and cached
    assert run_probe(env) == ("c 1/3 ▸1  Aa\n", "no-store")  # nothing changed: cache
    # An in-place rewrite of the same size, folder mtime unchanged: seen at once.
    st = folder.stat()
    with open(folder / "2.json", "r+", encoding="utf-8") as f:
        f.write(task_json(2, "Bb", status=D))
        f.truncate()
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert run_probe(env)[0] == "c 1/3 ▸1  Bb\n"
    # New task, deleted task, the wipe.
    claude.add_task("c", 4, "Dd")
    assert run_probe(env)[0] == "c 1/4 ▸1  Bb\n"
    (folder / "4.json").unlink()
    assert run_probe(env)[0] == "c 1/3 ▸1  Bb\n"
    claude.clear_list("c", 3)
    assert run_probe(env)[0] == "c ✓ cleared (3)\n"


def test_cache_follows_config_and_options(claude: ClaudeHome, isolated_home: Path) -> None:
    import time

    claude.make_list("o", [C, P])
    claude.set_mtime("o", time.time() - 30)
    env = {"CLAUDE_CODE_TASK_LIST_ID": "o", "NO_COLOR": "1"}
    run_probe(env)
    assert run_probe(env) == ("o 1/2\n", "no-store")
    assert SGR.search(run_probe({"CLAUDE_CODE_TASK_LIST_ID": "o"})[0])  # colour: other line
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('[prompt]\nformat = "{id}={open}"\n')
    assert run_probe(env)[0] == "o=1\n"
    # A list created after a "(new)" answer was cached.
    env2 = {"CLAUDE_CODE_TASK_LIST_ID": "later", "NO_COLOR": "1"}
    os.utime(claude.tasks, (time.time() - 30, time.time() - 30))
    assert run_probe(env2)[0] == "later (new)\n"
    claude.make_list("later", [P])
    assert run_probe(env2)[0] == "later=1\n"


def test_utf8_whatever_the_locale(claude: ClaudeHome) -> None:
    claude.add_task("u", 1, "café ☕", status=D)
    r = run_proc(b"{}", env={"CLAUDE_CODE_TASK_LIST_ID": "u", "NO_COLOR": "1",
                             "PYTHONIOENCODING": "latin-1", "LC_ALL": "C"})
    assert (r.returncode, r.stdout.decode("utf-8")) == (0, "u 0/1 ▸1  café ☕\n")


# ----- the per-file cache: after a change only the changed files are parsed ------------------

def _view(tl) -> tuple:
    """Everything of a read list that the segment and the journal use (all but descriptions)."""
    def task(t) -> tuple:
        return (t.id, t.subject, t.status, t.active_form, t.owner, tuple(t.blocks),
                tuple(t.blocked_by), t.internal, t.mtime)
    return (tl.id, str(tl.path), tl.exists, tl.readable, tl.state, tl.hidden, tl.task_files,
            tl.highwatermark, tl.updated, tl.counts(), [task(t) for t in tl.tasks],
            [task(t) for t in tl._all], sorted((p.name, p.reason) for p in tl.problems))


def _read_cached(list_id: str):
    from shellhooks import paths, taskcache

    dirname = taskcache.list_dirname(list_id)
    seen = taskcache.scan(paths.tasks_root_str(), dirname, "")
    return taskcache.read_list_cached(list_id, dirname, seen)


def _parsed(monkeypatch) -> list[str]:
    """Names of the task files parsed from now on."""
    from shellhooks import store

    seen: list[str] = []
    real = store.parse_task

    def spy(data: bytes, stem: str, mtime: float = 0.0):
        seen.append(stem)
        return real(data, stem, mtime)

    monkeypatch.setattr(store, "parse_task", spy)
    return seen


def test_cached_read_equals_a_full_read(claude: ClaudeHome, monkeypatch) -> None:
    import time

    from shellhooks import store
    from tests.taskfixtures import task_json

    folder = claude.make_list("r", [C, C, D, P, P])
    claude.add_task("r", 6, "Hidden", status=C, metadata={"_internal": True})
    claude.add_task("r", 4, "Blocked", status=P, owner="bob", blocked_by=["3", "6"],
                    active_form="Blocking")
    claude.add_task("r", 10, "Ten", status=P, blocks=["4"])
    (folder / "notes.txt").write_text("not a task")
    (folder / "7.json.lock").mkdir()
    old = time.time() - 30
    claude.set_mtime("r", old)
    parsed = _parsed(monkeypatch)

    def check(expect_parsed: list[str]) -> None:
        parsed.clear()
        got = _read_cached("r")
        assert sorted(parsed) == sorted(expect_parsed)
        parsed.clear()
        assert _view(got) == _view(store.read_list("r"))

    check(["1", "2", "3", "4", "5", "6", "10"])  # first read: every file
    check([])  # nothing changed: every task from the cache
    # In place, same size, folder mtime unchanged: only that file is read again.
    st = folder.stat()
    with open(folder / "2.json", "r+", encoding="utf-8") as f:
        f.write(task_json(2, "Task 2", status=P))  # "pending" is 2 bytes shorter...
        f.write("  ")  # ...padded to the same size
        f.truncate()
    os.utime(folder / "2.json", (old + 1, old + 1))
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    check(["2"])
    check([])
    os.utime(claude.add_task("r", 11, "New", status=D), (old + 2, old + 2))
    check(["11"])
    (folder / "11.json").unlink()
    check([])
    (folder / ".highwatermark").write_text("11")
    check([])
    for f in folder.glob("*.json"):
        f.unlink()
    check([])
    assert _read_cached("r").state == "cleared"


def test_fresh_files_are_read_again(claude: ClaudeHome, monkeypatch) -> None:
    """A file written within CACHE_MARGIN of the read is not trusted from the cache (a second
    write in the same clock tick could leave its mtime as it was)."""
    claude.make_list("f", [C, P])
    parsed = _parsed(monkeypatch)
    _read_cached("f")
    parsed.clear()
    _read_cached("f")
    assert sorted(parsed) == ["1", "2"]


@pytest.mark.parametrize("bad", [b"", b'{"subject": "cut', b"\xff\xfe", b'{"status": "x"}'])
def test_anything_unusual_is_left_to_the_full_reader(claude: ClaudeHome, bad: bytes) -> None:
    from shellhooks import store

    folder = claude.make_list("u", [C, D, P])
    (folder / "2.json").write_bytes(bad)
    got = _read_cached("u")
    full = store.read_list("u")
    assert _view(got) == _view(full) and got.problems  # the reader's retries and report


def test_missing_and_unreadable_lists_read_as_before(claude: ClaudeHome) -> None:
    from shellhooks import store

    (claude.tasks / "file").write_text("not a folder")
    for list_id in ("nothing-here", "file"):
        assert _view(_read_cached(list_id)) == _view(store.read_list(list_id))
    os.mkfifo(claude.list_dir("fifo") / "1.json")
    claude.add_task("fifo", 2, "Two")
    assert _view(_read_cached("fifo")) == _view(store.read_list("fifo"))


def test_a_damaged_cache_is_ignored(claude: ClaudeHome, isolated_home: Path) -> None:
    import time

    claude.make_list("d", [C, D, P], subject="Step")
    claude.set_mtime("d", time.time() - 30)
    env = {"CLAUDE_CODE_TASK_LIST_ID": "d", "NO_COLOR": "1"}
    expected = b"d 1/3 \xe2\x96\xb81  Step 2\n"
    assert run_proc(b"{}", env=env).stdout == expected
    cache = isolated_home / ".cache" / "shellhooks"
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert {p.parent.name for p in files} == {"statusline", "lists"}
    for junk in (b"", b"\x00garbage", b"\xe3" * 100, b"[1, 2]\n"):
        for p in files:
            p.write_bytes(junk)
        assert run_proc(b"{}", env=env).stdout == expected


def test_cached_and_uncached_lines_are_identical(claude: ClaudeHome, tmp_path: Path) -> None:
    """The same line whether it comes from the caches or from a cold read, in every state."""
    import time

    from tests.taskfixtures import task_json

    folder = claude.make_list("s", [C, D, P], subject="Work")
    claude.add_task("s", 4, "Blocked \x1b[31mred", status=P, blocked_by=["3"])
    claude.set_mtime("s", time.time() - 30)
    cold = tmp_path / "cold"
    steps = [
        lambda: None,
        lambda: None,
        lambda: (folder / "3.json").write_text(task_json(3, "Work 3", status=C)),
        lambda: claude.add_task("s", 5, "Hidden", status=D, metadata={"_internal": True}),
        lambda: (folder / "2.json").write_text(task_json(2, "Work 2", status=C)),
        lambda: claude.clear_list("s", 5),
    ]
    for color in ("1", ""):
        for step in steps:
            step()
            claude.set_mtime("s", time.time() - 30)  # old enough to be cached
            env = {"CLAUDE_CODE_TASK_LIST_ID": "s", "NO_COLOR": color}
            warm = run_proc(b"{}", env=env).stdout
            again = run_proc(b"{}", env=env).stdout  # now from the line cache
            shutil_rmtree(cold)
            fresh = run_proc(b"{}", env={**env, "XDG_CACHE_HOME": str(cold)}).stdout
            assert warm == again == fresh and fresh


def shutil_rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def test_journal_records_what_statusline_sees(claude: ClaudeHome) -> None:
    """A change seen by the statusline (cached reader) is recorded once, with its source, and
    the snapshot follows the file."""
    import time

    from shellhooks import journal, snapshot
    from tests.taskfixtures import task_json

    folder = claude.make_list("j", [C, P, P], subject="Job")
    claude.set_mtime("j", time.time() - 30)
    env = {"CLAUDE_CODE_TASK_LIST_ID": "j", "NO_COLOR": "1"}
    assert run_proc(b"{}", env=env).stdout == b"j 1/3\n"
    assert [(e["event"], e["task"]) for e in journal.read_events("j")] == [
        ("created", "1"), ("created", "2"), ("created", "3")]
    st = folder.stat()
    with open(folder / "2.json", "r+", encoding="utf-8") as f:  # in place, as Claude Code
        f.write(task_json(2, "Job 2", status=D, owner="ann"))
        f.truncate()
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert run_proc(b"{}", env=env).stdout == "j 1/3 ▸1  Job 2\n".encode()
    assert run_proc(b"{}", env=env).stdout == "j 1/3 ▸1  Job 2\n".encode()
    events = journal.read_events("j")
    assert [(e["event"], e["task"], e["old"], e["new"], e["owner"], e["source"])
            for e in events[3:]] == [("status", "2", "pending", "in_progress", "ann",
                                      "statusline")]
    snap = snapshot.load_snapshot("j")
    assert snap is not None
    assert snap["tasks"]["2"] == (folder / "2.json").read_text(encoding="utf-8")
    assert snap["statuses"] == {"1": C, "2": D, "3": P}


def test_a_bug_in_the_cached_reader_is_silent(claude: ClaudeHome, capsys, monkeypatch) -> None:
    from shellhooks import store

    claude.make_list("b", [C, D])

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(store, "parse_task", boom)
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "b")
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    assert main(["statusline"]) == 0
    assert capsys.readouterr() == ("", "")


def test_a_file_rewritten_between_listing_and_read_reaches_the_snapshot(
        claude: ClaudeHome, isolated_home: Path) -> None:
    """The journal's snapshot must never keep an older text than the one read: a file
    rewritten after the folder was listed, but before it was read, is stat-ed again."""
    import shutil
    import time

    from shellhooks import journal, paths, recorder, snapshot, taskcache
    from tests.taskfixtures import task_json

    folder = claude.make_list("race", [P, P, P])
    old = time.time() - 60
    claude.set_mtime("race", old)

    def look() -> taskcache.Scan:
        seen = taskcache.scan(paths.tasks_root_str(), "race", "")
        tl = taskcache.read_list_cached("race", "race", seen)
        recorder.record(tl, source="statusline", listing=seen.listing())
        return seen

    look()  # journal, state and snapshot of the three pending tasks
    shutil.rmtree(isolated_home / ".cache")  # so that the next look reads every file
    seen = taskcache.scan(paths.tasks_root_str(), "race", "")
    (folder / "2.json").write_text(task_json(2, "Task 2", status=C))  # after the listing
    os.utime(folder / "2.json", (old + 5, old + 5))
    tl = taskcache.read_list_cached("race", "race", seen)
    assert [t.status for t in tl.tasks] == [P, C, P]
    recorder.record(tl, source="statusline", listing=seen.listing())
    snap = snapshot.load_snapshot("race")
    assert snap is not None
    assert snap["tasks"]["2"] == (folder / "2.json").read_text(encoding="utf-8")
    assert snap["statuses"]["2"] == C
    look()  # and nothing left to catch up on
    assert [(e["event"], e["task"], e["new"]) for e in journal.read_events("race")][3:] == [
        ("status", "2", C)]


def test_garbage_collection_is_back_on_after_main(claude: ClaudeHome, monkeypatch) -> None:
    """main() turns collection off while it runs (a short-lived process), and leaves it as
    it found it for a caller that goes on."""
    import gc

    claude.make_list("g", [C])
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "g")
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    seen = []
    real = statusline_module().cached_line

    def spy(*a, **k):
        seen.append(gc.isenabled())
        return real(*a, **k)

    monkeypatch.setattr(statusline_module(), "cached_line", spy)
    assert gc.isenabled()
    main(["statusline"])
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        main(["statusline"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def statusline_module():
    from shellhooks.commands import statusline

    return statusline
