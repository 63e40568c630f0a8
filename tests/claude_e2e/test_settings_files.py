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
PLAIN = '{"env": {"%s": "proj"}}' % VAR

# What the real CLI (2.1.330) did with each, the shell's value being `shell`; the same
# table drives tests/test_claude_ids.py::test_settings_files_read_as_claude_code_does.
WANT = {"bom": "proj", "utf16le-bom": "proj", "utf16le": "shell", "nan": "shell",
        "deep": "proj", "comment": "shell", "trailing-comma": "shell",
        "invalid-utf8-elsewhere": "proj", "invalid-utf8-in-id": "pr\ufffdoj", "big": "proj",
        "infinity-elsewhere": "shell", "escaped-key": "proj", "dup-env": "proj"}
FILES = {
    "bom": b"\xef\xbb\xbf" + PLAIN.encode(),
    "utf16le-bom": b"\xff\xfe" + PLAIN.encode("utf-16-le"),
    "utf16le": PLAIN.encode("utf-16-le"),
    "nan": ('{"env": {"%s": NaN}}' % VAR).encode(),
    "deep": ('{"env": {"%s": "proj"}, "x": %s1%s}' % (VAR, "[" * 3000, "]" * 3000)).encode(),
    "comment": ('{\n// note\n"env": {"%s": "proj"}}' % VAR).encode(),
    "trailing-comma": ('{"env": {"%s": "proj",},}' % VAR).encode(),
    "invalid-utf8-elsewhere": ('{"env": {"%s": "proj"}, "x": "' % VAR).encode() + b'\xe9"}',
    "invalid-utf8-in-id": ('{"env": {"%s": "pr' % VAR).encode() + b'\xffoj"}}',
    "big": ('{"env": {"%s": "proj"}}' % VAR).encode() + b" " * 70000,
    "infinity-elsewhere": ('{"env": {"%s": "proj"}, "x": -Infinity}' % VAR).encode(),
    "escaped-key": b'{"env": {"\\u0043LAUDE_CODE_TASK_LIST_ID": "proj"}}',
    "dup-env": ('{"env": {"%s": "first"}, "env": {"%s": "proj"}}' % (VAR, VAR)).encode(),
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
