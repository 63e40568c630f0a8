"""`shellhooks export` and `import`: round trips, hostile task text, hostile files and folders."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from shellhooks import cli, journal, listio, listlock, recorder, store
from tests.taskfixtures import ClaudeHome

# Every class of nasty text a model could put in a subject or a description.
HOSTILE = [
    "pwn\x1b]0;title\x07\x1b[2J\x1b[31mred",
    "tab\there\rcarriage\x00nul\x7fdel\x9bcsi",
    "line\u2028sep\u2029para\u202eevil\u200bzero",
    "[click](https://evil.example) ![img](x) <script>alert(1)</script> <https://x>",
    "**bold** _em_ `code` ~~strike~~ | cell | &amp; &#x1b; \\ back\\slash",
    "- [x] fake item",
    "# heading",
    "1. numbered",
    "trailing _(in progress; blocked by #1)_",
    "$(touch MARKER) `touch MARKER` %{(e)} ${HOME}",
    "  spaces at both ends  ",
    "",
    "emoji 😀 ünïcode",
]


def _lay_out(claude: ClaudeHome, name: str) -> None:
    for i, text in enumerate(HOSTILE, start=1):
        blocked = [str(i - 1)] if i > 1 and i % 3 == 0 else []
        claude.add_task(name, i, text, description=f"first\n{text}\n\n  indented\n---",
                        status=("pending", "in_progress", "completed")[i % 3],
                        owner=("ali;ce) _x_" if i % 4 == 0 else None), blocked_by=blocked,
                        blocks=[str(i + 1)] if (i + 1) % 3 == 0 and i + 1 <= len(HOSTILE)
                        else [])


def _fields(folder: Path, keys: tuple[str, ...]) -> list[dict]:
    return [{k: t.get(k) for k in keys} for t in listio.read_tasks(folder)]


def _export(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert cli.main(["export", *args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_round_trip_gives_the_same_tasks(
    claude: ClaudeHome, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    _lay_out(claude, "src")
    out = _export(capsys, "src", "--format", fmt)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\r" not in out
    f = tmp_path / f"list.{fmt}"
    f.write_text(out, encoding="utf-8")
    assert cli.main(["import", str(f), "--to", "copy"]) == 0
    assert capsys.readouterr().out == "Imported 13 task(s) into list copy (#1-#13).\n"
    keys = ("id", "subject", "description", "status", "owner", "blocks", "blockedBy")
    assert _fields(claude.tasks / "copy", keys) == _fields(claude.tasks / "src", keys)
    assert not (tmp_path / "MARKER").exists()  # nothing in a task was run
    # Exporting the copy gives the same text again.
    assert _export(capsys, "copy", "--format", fmt) == out


def _unescaped(text: str) -> set[str]:
    return {ch for ch, literal in listio._tokens(text) if not literal}


MARK = re.compile(r"(?:^| )_\(((?:\\.|[^\\])*)\)_$")


def test_markdown_cannot_be_injected(claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    _lay_out(claude, "src")
    out = _export(capsys, "src")
    assert all(ch.isprintable() or ch == "\n" for ch in out)  # no control, format, separator
    items = [line for line in out.splitlines() if line.startswith("- [")]
    assert len(items) == len(HOSTILE)  # one item per task, whatever the text holds
    specials = set("`*_[]<>&|~!\\")
    for line in out.splitlines():
        if line.startswith("- ["):
            body = MARK.sub("", line[6:])
            mark = MARK.search(line)
            if mark:  # our own mark: ids and words, the owner escaped
                assert not _unescaped(mark[1]) & (specials | {")"})
        else:
            assert line == "" or line.startswith("  ")  # a description stays in its item
            body = line[2:]
            assert not re.match(r"[-+=#>]|[0-9]+[.)]", body)  # no block starts there
        assert not _unescaped(body) & specials, line  # no link, image, HTML, code, emphasis


def test_a_plain_checklist_typed_by_hand(claude: ClaudeHome, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "plan.md"
    f.write_text("# Plan\n\nSome text.\n\n* [X] Write the plan\n  with details\n"
                 "- [ ] Build it _(blocked by #1)_\nnot part of it\n  nor this\n", "utf-8")
    assert cli.main(["import", str(f), "--to", "p"]) == 0
    got = _fields(claude.tasks / "p", ("id", "subject", "description", "status", "blocks",
                                       "blockedBy"))
    assert got == [
        {"id": "1", "subject": "Write the plan", "description": "with details",
         "status": "completed", "blocks": ["2"], "blockedBy": []},
        {"id": "2", "subject": "Build it", "description": "Build it", "status": "pending",
         "blocks": [], "blockedBy": ["1"]},
    ]
    # What Claude Code reads: its key order, 2-space indent, no trailing newline.
    text = (claude.tasks / "p" / "2.json").read_text("utf-8")
    assert text == json.dumps({"id": "2", "subject": "Build it", "description": "Build it",
                               "status": "pending", "blocks": [], "blockedBy": ["1"]},
                              indent=2)


def test_import_refuses_a_list_with_tasks_unless_append(
    claude: ClaudeHome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claude.make_list("l", ["pending", "completed"])
    (claude.tasks / "l" / ".highwatermark").write_text("7")
    f = tmp_path / "more.md"
    f.write_text("- [ ] A\n- [ ] B _(blocked by #1)_\n", "utf-8")
    before = {p.name: p.read_bytes() for p in (claude.tasks / "l").iterdir()}
    assert cli.main(["import", str(f), "--to", "l"]) == 1
    assert "already has 2 task file(s); add --append" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (claude.tasks / "l").iterdir()} == before
    assert cli.main(["import", str(f), "--to", "l", "--append"]) == 0
    assert "(#8-#9)" in capsys.readouterr().out  # after .highwatermark
    assert json.loads((claude.tasks / "l" / "9.json").read_text())["blockedBy"] == ["8"]
    assert {p.name: p.read_bytes() for p in (claude.tasks / "l").iterdir()
            if p.name in before} == before


def test_hostile_files_are_refused_without_blocking(
    claude: ClaudeHome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.md"
    with open(huge, "wb") as f:
        f.truncate(listio.MAX_IMPORT_BYTES + 1)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"- [ ] \xff\xfe")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('[{"subject": "x", "status": "deleted"}]')
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    start = time.monotonic()
    for path, why in ((huge, "larger than 8 MiB"), (fifo, "not a regular file"),
                      (tmp_path, "not a regular file"), (binary, "not UTF-8"),
                      (bad_json, "no subject or no status"), (deep, "not valid JSON"),
                      (tmp_path / "missing", "cannot read")):
        assert cli.main(["import", str(path), "--to", "x"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("shellhooks: ") and why in err and err.count("\n") == 1, err
    assert time.monotonic() - start < 10
    assert not (claude.tasks / "x").exists() or not list((claude.tasks / "x").glob("*.json"))


def test_import_never_writes_through_a_link(claude: ClaudeHome, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim"
    victim.write_text("keep")
    f = tmp_path / "plan.md"
    f.write_text("- [ ] A\n", "utf-8")
    # The list folder is a link out of the tasks folder.
    os.symlink(outside, claude.tasks / "linked")
    assert cli.main(["import", str(f), "--to", "linked"]) == 1
    assert "outside" in capsys.readouterr().err and sorted(os.listdir(outside)) == ["victim"]
    # Links planted in the list folder: the lock file, .highwatermark.
    folder = claude.list_dir("l")
    (folder / ".lock").unlink()
    os.symlink(victim, folder / ".lock")
    os.symlink(victim, folder / ".highwatermark")
    assert cli.main(["import", str(f), "--to", "l"]) == 0
    assert victim.read_text() == "keep" and (folder / "1.json").is_file()
    assert not (folder / "1.json").is_symlink()


def test_import_waits_for_claude_codes_list_lock(claude: ClaudeHome) -> None:
    folder = claude.list_dir("l")
    (folder / ".lock.lock").mkdir()  # Claude Code is creating a task
    with pytest.raises(listlock.ListLocked):
        listio.append_tasks(folder, [{"id": "1", "subject": "A", "status": "pending"}],
                            append=False, timeout=0.2)
    assert not list(folder.glob("*.json"))


def test_export_of_a_cleared_list_uses_the_snapshot(
    claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    claude.make_list("done", ["completed", "completed"])
    recorder.record(store.read_list("done"))
    claude.clear_list("done", 2)
    assert cli.main(["export", "done"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "- [x] Task 1\n- [x] Task 2\n"
    assert "last snapshot" in captured.err


def test_export_errors_are_one_line(claude: ClaudeHome, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.main(["export", "nothing"]) == 1
    assert capsys.readouterr().err == "shellhooks: list 'nothing' has no tasks to export\n"
    monkeypatch.delenv("CLAUDE_CODE_TASK_LIST_ID", raising=False)
    monkeypatch.setattr(journal, "id_in_effect", lambda: None)
    assert cli.main(["export"]) == 1
    assert "no list id in effect" in capsys.readouterr().err


@pytest.mark.parametrize("form", ["json", "md"])
def test_blockers_repeated_a_million_times_take_linear_time(tmp_path: Path, form: str) -> None:
    """An import file (up to 8 MiB) whose tasks repeat blockers many times over: parsing
    and renumbering stay linear, as they run under Claude Code's list lock."""
    import subprocess
    import sys

    n = 8000
    if form == "json":
        tasks = [{"id": str(i), "subject": "t", "status": "pending"} for i in range(1, n + 1)]
        tasks[0]["blockedBy"] = [str(i) for i in range(1, n + 1)] * 120
        text = json.dumps(tasks, separators=(",", ":"))
    else:
        blockers = " ".join(f"#{i}" for i in range(1, 81))
        text = "".join(f"- [ ] t _(blocked by {blockers})_\n" for _ in range(n))
    path = tmp_path / f"tasks.{form}"
    path.write_text(text, encoding="utf-8")
    assert len(text) < listio.MAX_IMPORT_BYTES
    code = ("import sys; from shellhooks import listio; "
            "t = listio.parse_file(sys.argv[1], open(sys.argv[1], 'rb').read()); "
            "listio.renumber(t, 7); print(len(t))")
    out = subprocess.run([sys.executable, "-P", "-c", code, str(path)], capture_output=True,
                         text=True, timeout=20).stdout
    assert int(out) >= n


@pytest.mark.parametrize("text", [
    '[{"subject": "half \\ud800 pair", "status": "pending", "owner": "\\udfff"}]',
    "- [ ] half &#xd800; pair\n  and &#xdc00; here\n",
])
def test_a_lone_surrogate_is_written_as_claude_code_writes_it(
        claude: ClaudeHome, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        text: str) -> None:
    """A lone surrogate in an import file is written as a `\\ud800` escape (as
    JSON.stringify does), so the task file is UTF-8 and every reader sees the task."""
    path = tmp_path / ("tasks.json" if text.startswith("[") else "tasks.md")
    path.write_text(text, encoding="utf-8")
    assert cli.main(["import", str(path), "--to", "halves"]) == 0
    data = (claude.tasks / "halves" / "1.json").read_bytes()
    data.decode("utf-8")  # strict: raises on the raw bytes of a surrogate
    assert "\\ud800" in data.decode("utf-8")
    capsys.readouterr()
    assert cli.main(["export", "halves"]) == 0
    assert "half &#xd800; pair" in capsys.readouterr().out


def test_metadata_too_deep_to_read_back_is_refused(
        claude: ClaudeHome, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Metadata nested 900 levels: Claude Code would read the task, but shellhooks' own
    readers (`list`, `export`, the prompt) run deeper in a stack and would not: the file
    is refused whole, and a shallow one still round-trips."""
    deep = tmp_path / "deep.json"
    deep.write_text('[{"subject": "a", "status": "pending", "metadata": '
                    + '{"a": ' * 900 + "1" + "}" * 900 + "}]", encoding="utf-8")
    assert cli.main(["import", str(deep), "--to", "deep"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nested deeper than" in err and "nothing imported" in err
    assert not list((claude.tasks / "deep").glob("*.json"))
    ok = tmp_path / "ok.json"
    ok.write_text('[{"subject": "a", "status": "pending", "metadata": '
                  + '{"a": ' * 50 + "1" + "}" * 50 + "}]", encoding="utf-8")
    assert cli.main(["import", str(ok), "--to", "ok"]) == 0
    capsys.readouterr()
    assert cli.main(["export", "ok"]) == 0
    assert capsys.readouterr().out == "- [ ] a\n"
