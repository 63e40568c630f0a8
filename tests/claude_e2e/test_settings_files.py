"""Settings files as bytes, not values: encodings and JSON that Python and JavaScript read
differently. The real Claude Code decides which list it writes; `shellhooks status`
must say the same (or, where it cannot read the file, not claim an id the file hides)."""

from __future__ import annotations

import os

import pytest

from shellhooks import store
from tests.claude_e2e import scenarios as sc

VAR = "CLAUDE_CODE_TASK_LIST_ID"
SCENARIO = {"turns": [sc.turn(sc.create("Where does this go?")), sc.final()]}


def _doc(text: str) -> bytes:
    return text.replace("@V@", VAR).encode()


PLAIN = '{"env": {"@V@": "proj"}}'
# What the real CLI (2.1.330) did with each, the shell's value being `shell`; the same
# table drives tests/test_claude_ids.py::test_settings_files_read_as_claude_code_does.
WANT = {"bom": "proj", "utf16le-bom": "proj", "utf16le": "shell", "nan": "shell",
        "deep": "proj", "comment": "shell", "trailing-comma": "shell",
        "invalid-utf8-elsewhere": "proj", "invalid-utf8-in-id": "pr\ufffdoj", "big": "proj",
        "infinity-elsewhere": "shell", "escaped-key": "proj", "dup-env": "proj"}
FILES = {
    "bom": b"\xef\xbb\xbf" + _doc(PLAIN),
    "utf16le-bom": b"\xff\xfe" + PLAIN.replace("@V@", VAR).encode("utf-16-le"),
    "utf16le": PLAIN.replace("@V@", VAR).encode("utf-16-le"),
    "nan": _doc('{"env": {"@V@": NaN}}'),
    "deep": _doc('{"env": {"@V@": "proj"}, "x": ' + "[" * 3000 + "1" + "]" * 3000 + "}"),
    "comment": _doc('{\n// note\n"env": {"@V@": "proj"}}'),
    "trailing-comma": _doc('{"env": {"@V@": "proj",},}'),
    "invalid-utf8-elsewhere": _doc('{"env": {"@V@": "proj"}, "x": "') + b'\xe9"}',
    "invalid-utf8-in-id": _doc('{"env": {"@V@": "pr') + b'\xffoj"}}',
    "big": _doc(PLAIN) + b" " * 70000,
    "infinity-elsewhere": _doc('{"env": {"@V@": "proj"}, "x": -Infinity}'),
    "escaped-key": b'{"env": {"\\u0043LAUDE_CODE_TASK_LIST_ID": "proj"}}',
    "dup-env": _doc('{"env": {"@V@": "first"}, "env": {"@V@": "proj"}}'),
}


@pytest.mark.parametrize("name", list(FILES))
def test_settings_bytes(realclaude, name: str) -> None:
    start = realclaude.project
    (start / ".claude").mkdir(exist_ok=True)
    (start / ".claude" / "settings.json").write_bytes(FILES[name])
    shell_env = dict(os.environ)
    shell_env[VAR] = "shell"
    status = sc.shellhooks_json("status", str(start), env=shell_env)
    realclaude.run(sc.claude_args(), realclaude.mock(SCENARIO), cwd=start, **{VAR: "shell"})
    made = sorted(p.name for p in realclaude.tasks_root.iterdir())
    assert made == [store.list_dirname(WANT[name])]
    assert status["id"] == WANT[name]


# The command line's own layers (the shell's value `shell`, the project's settings `proj`).
FLAG_CASES = {
    "inline": (["--settings", '{"env": {"@V@": "flag"}}'], "flag"),
    "inline-equals": (['--settings={"env": {"@V@": 7}}'], "7"),
    "file": (["--settings", "flag.json"], "flagfile"),
    "sources-user": (["--setting-sources", "user"], "shell"),
    "sources-user-project": (["--setting-sources=user,project"], "proj"),
}


def lay_out_flags(project: os.PathLike[str], case: str) -> list[str]:
    """The project's settings and the `--settings` file; the case's claude arguments."""
    from pathlib import Path

    folder = Path(project)
    (folder / ".claude").mkdir(exist_ok=True)
    (folder / ".claude" / "settings.json").write_bytes(_doc(PLAIN))
    (folder / "flag.json").write_bytes(_doc('{"env": {"@V@": "flagfile"}}'))
    return [a.replace("@V@", VAR) for a in FLAG_CASES[case][0]]


@pytest.mark.parametrize("case", list(FLAG_CASES))
def test_command_line_settings(realclaude, case: str) -> None:
    """`claude --settings X` and `--setting-sources`: the launch check's id is the list
    the real CLI writes."""
    from shellhooks.resolve import launch_id

    start = realclaude.project
    args = lay_out_flags(start, case)
    want = FLAG_CASES[case][1]
    assert launch_id({VAR: "shell"}, str(start), args) == want
    realclaude.run(sc.claude_args() + args, realclaude.mock(SCENARIO), cwd=start,
                   **{VAR: "shell"})
    assert sorted(p.name for p in realclaude.tasks_root.iterdir()) == [want]
