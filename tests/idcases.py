"""Which list Claude Code uses, case by case: settings layers over the shell's value.

One table for two tests: tests/test_claude_ids.py checks shellhooks' model of the rule
(resolve.resolve_list_id, `status`, `check`), tests/claude_e2e/test_settings_ids.py
runs the real CLI on every case and records the task folder it wrote. Each layer's
value is written as JSON as it is (so `123` is a JSON number); SESSION means a new
random session list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

VAR = "CLAUDE_CODE_TASK_LIST_ID"
SESSION = object()  # a new session list at each launch
UNSET = object()  # the layer does not set the variable


class Case(NamedTuple):
    name: str
    local: Any = UNSET  # .claude/settings.local.json's env value
    project: Any = UNSET  # .claude/settings.json's
    user: Any = UNSET  # ~/.claude/settings.json's
    shell: str | None = None  # the variable in the environment `claude` starts with
    want: Any = None  # the id Claude Code uses, or SESSION
    subfolder: bool = False  # `claude` starts in a folder below the project's


CASES = [
    Case("project-beats-shell", project="proj", shell="shell", want="proj"),
    Case("local-beats-project", local="loc", project="proj", shell="shell", want="loc"),
    Case("user-beats-shell", user="user", shell="shell", want="user"),
    Case("project-beats-user", project="proj", user="user", want="proj"),
    Case("shell-when-no-layer-sets-it", shell="shell", want="shell"),
    Case("number", project=123, shell="shell", want="123"),
    Case("float", project=1.50, want="1.5"),
    Case("true", project=True, want="true"),
    Case("false", user=False, want="false"),
    Case("null", project=None, shell="shell", want="null"),
    Case("object", project={"a": 1}, want="[object Object]"),
    Case("array", project=["a", "b"], want="a,b"),
    Case("empty-local-hides-project-and-shell", local="", project="proj", shell="shell",
         want=SESSION),
    Case("blank-user-hides-shell", user=" \t", shell="shell", want=SESSION),
    Case("empty-project-hides-user", project="", user="user", want=SESSION),
    Case("nul-skips-the-layer", local="a\u0000b", project="proj", shell="shell", want="proj"),
    Case("nul-in-the-only-layer", project="a\u0000b", shell="shell", want="shell"),
    Case("lone-surrogate", project="\ud800x", shell="shell", want="\ufffdx"),
    Case("surrounding-blanks", project="  x  ", want="  x  "),
    Case("parent-settings-not-read-below", project="proj", shell="shell", want="shell",
         subfolder=True),
]


def lay_out(case: Case, project: Path, config_dir: Path) -> Path:
    """Write the case's settings files; return the folder `claude` starts in."""
    files = {"local": project / ".claude" / "settings.local.json",
             "project": project / ".claude" / "settings.json",
             "user": config_dir / "settings.json"}
    for layer, path in files.items():
        value = getattr(case, layer)
        if value is UNSET:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        old.setdefault("env", {})[VAR] = value
        path.write_text(json.dumps(old, indent=2), encoding="utf-8")
    if case.subfolder:
        below = project / "src"
        below.mkdir(exist_ok=True)
        return below
    return project
