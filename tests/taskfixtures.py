"""Build task folders byte for byte as Claude Code 2.1.x writes them (see claude-task-store.md)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def task_json(
    id: str | int,
    subject: str,
    status: str = "pending",
    description: str | None = None,
    active_form: str | None = None,
    owner: str | None = None,
    blocks: Iterable[str | int] = (),
    blocked_by: Iterable[str | int] = (),
    metadata: dict[str, Any] | None = None,
) -> str:
    """A task file's text: Claude Code's key order, 2-space indent, no trailing newline."""
    obj: dict[str, Any] = {"id": str(id), "subject": subject}
    obj["description"] = subject if description is None else description
    if active_form is not None:
        obj["activeForm"] = active_form
    if owner is not None:
        obj["owner"] = owner
    obj["status"] = status
    obj["blocks"] = [str(b) for b in blocks]
    obj["blockedBy"] = [str(b) for b in blocked_by]
    if metadata is not None:
        obj["metadata"] = metadata
    return json.dumps(obj, indent=2, ensure_ascii=False)


class ClaudeHome:
    """A fake Claude Code root (`CLAUDE_CONFIG_DIR`) with helpers to lay out lists."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tasks = root / "tasks"
        self.tasks.mkdir(parents=True, exist_ok=True)

    def list_dir(self, name: str) -> Path:
        d = self.tasks / name
        d.mkdir(parents=True, exist_ok=True)
        (d / ".lock").touch()  # Claude Code creates this empty file with every list
        return d

    def add_task(self, list_name: str, id: str | int, subject: str, **fields: Any) -> Path:
        d = self.list_dir(list_name)
        p = d / f"{id}.json"
        p.write_text(task_json(id, subject, **fields), encoding="utf-8")
        return p

    def make_list(self, name: str, statuses: Iterable[str], subject: str = "Task") -> Path:
        """A list whose task N has status statuses[N-1]."""
        d = self.list_dir(name)
        for i, st in enumerate(statuses, start=1):
            self.add_task(name, i, f"{subject} {i}", status=st)
        return d

    def clear_list(self, name: str, count: int) -> Path:
        """What Claude Code leaves after the wipe: no task files, `.highwatermark` = count."""
        d = self.list_dir(name)
        for f in d.glob("*.json"):
            f.unlink()
        (d / ".highwatermark").write_text(str(count), encoding="utf-8")
        return d

    def set_mtime(self, list_name: str, when: float) -> None:
        d = self.tasks / list_name
        for f in d.iterdir():
            os.utime(f, (when, when), follow_symlinks=False)
        os.utime(d, (when, when))


def wait_for_exec(pid: int, name: str = "claude", timeout: float = 10) -> None:
    """Wait until process `pid` has exec'd and is named `name` (psutil)."""
    import time

    import psutil

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if psutil.Process(pid).name() == name:
                return
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.01)
