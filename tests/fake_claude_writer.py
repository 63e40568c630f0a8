"""A stand-in for Claude Code writing a task list, following its real write pattern.

What it does on disk is what claude-task-store.md describes for 2.1.x:

- create: under the list lock (`mkdir <list>/.lock.lock`, retry while it
  exists), the new id is one above the larger of the highest file id and
  `.highwatermark`; `N.json` is written IN PLACE (open, write in two parts,
  truncate), so a reader can catch it empty or half-written;
- update: under `mkdir N.json.lock`, the new text goes to `N.json.tmp.<8 hex>`
  which is renamed over `N.json` (`in_place=True` writes in place instead, as
  older releases and other tools do);
- delete: no lock, `.highwatermark` raised, then the file unlinked;
- the wipe: `wipe_delay` seconds after every task is completed, all task files
  are deleted and `.highwatermark` is written.

Like Claude Code it runs the hooks configured in `<root>/settings.json`
(SessionStart, TaskCreated, TaskCompleted, SessionEnd) with the hook JSON on
stdin. TaskCreated runs after the file exists; TaskCompleted runs BEFORE the
completion is written (exit 2 refuses it).

Usable in-process (`FakeClaude`) or as a process:
`python -m tests.fake_claude_writer ROOT LIST_ID STEPS_JSON [--wipe-delay S]`
where STEPS_JSON is a list of `{"op": "create", "subject": ...}`,
`{"op": "update", "id": "1", "status": "in_progress"}`, `{"op": "delete", "id": "2"}`,
`{"op": "sleep", "seconds": 0.1}`.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

LOCK_RETRY = 0.005


def task_text(obj: dict[str, Any]) -> str:
    """JSON.stringify(obj, null, 2): what Claude Code writes."""
    return json.dumps(obj, indent=2, ensure_ascii=False)


class FakeClaude:
    """One fake Claude Code session writing one task list."""

    def __init__(
        self,
        root: Path,
        list_id: str,
        *,
        wipe_delay: float = 5.0,
        run_hooks: bool = True,
        session_id: str | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.root = Path(root)
        self.list_id = list_id
        self.folder = self.root / "tasks" / list_id
        self.wipe_delay = wipe_delay
        self.run_hooks = run_hooks
        self.session_id = session_id or str(uuid.uuid4())
        self.env = dict(os.environ if env is None else env)
        self.env["CLAUDE_CONFIG_DIR"] = str(self.root)
        self.env["CLAUDE_CODE_TASK_LIST_ID"] = list_id
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".lock").touch()
        self.hook_results: list[tuple[str, int, str]] = []

    # ------------------------------------------------------------ hooks

    def _hook_commands(self, event: str) -> list[str]:
        try:
            settings = json.loads((self.root / "settings.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        out = []
        for group in (settings.get("hooks") or {}).get(event) or []:
            for hook in group.get("hooks") or []:
                if hook.get("type") == "command" and hook.get("command"):
                    out.append(hook["command"])
        return out

    def hook(self, event: str, **fields: Any) -> int:
        """Run the configured hooks for `event`; returns the highest exit status."""
        if not self.run_hooks:
            return 0
        payload = {
            "session_id": self.session_id,
            "transcript_path": str(self.root / "projects" / f"{self.session_id}.jsonl"),
            "cwd": os.getcwd(),
            "hook_event_name": event,
            **fields,
        }
        worst = 0
        for command in self._hook_commands(event):
            proc = subprocess.run(
                command,
                shell=True,
                input=json.dumps(payload),
                capture_output=True,
                text=True,
                env=self.env,
                timeout=60,
            )
            self.hook_results.append((event, proc.returncode, proc.stdout + proc.stderr))
            worst = max(worst, proc.returncode)
        return worst

    # ------------------------------------------------------------ locks

    def _acquire(self, lock: Path) -> None:
        while True:
            try:
                os.mkdir(lock)
                return
            except FileExistsError:
                time.sleep(LOCK_RETRY)

    # ------------------------------------------------------------ reading

    def ids(self) -> list[int]:
        return sorted(
            int(p.name[:-5])
            for p in self.folder.iterdir()
            if p.name.endswith(".json") and p.name[:-5].isdigit() and p.is_file()
        )

    def highwatermark(self) -> int:
        try:
            text = (self.folder / ".highwatermark").read_text()
        except OSError:
            return 0
        return int(text) if text.strip().isdigit() else 0

    def read(self, tid: str | int) -> dict[str, Any]:
        return json.loads((self.folder / f"{tid}.json").read_text(encoding="utf-8"))

    # ------------------------------------------------------------ writing

    def start(self) -> None:
        self.hook("SessionStart", source="startup")

    def end(self) -> None:
        self.hook("SessionEnd", reason="other")

    def create(
        self,
        subject: str,
        description: str | None = None,
        active_form: str | None = None,
        owner: str | None = None,
        blocked_by: list[str] | None = None,
    ) -> str:
        """TaskCreate: a new task under the list lock, written in place."""
        lock = self.folder / ".lock.lock"
        self._acquire(lock)
        try:
            ids = self.ids()
            tid = str(max([self.highwatermark(), *ids, 0]) + 1)
            obj: dict[str, Any] = {"id": tid, "subject": subject}
            obj["description"] = subject if description is None else description
            if active_form is not None:
                obj["activeForm"] = active_form
            if owner is not None:
                obj["owner"] = owner
            obj["status"] = "pending"
            obj["blocks"] = []
            obj["blockedBy"] = list(blocked_by or [])
            self._write_in_place(self.folder / f"{tid}.json", task_text(obj))
        finally:
            os.rmdir(lock)
        self.hook(
            "TaskCreated", task_id=tid, task_subject=subject, task_description=obj["description"]
        )
        return tid

    def _write_in_place(self, path: Path, text: str) -> None:
        data = text.encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            half = len(data) // 2
            os.write(fd, data[:half])
            os.write(fd, data[half:])
            os.ftruncate(fd, len(data))
        finally:
            os.close(fd)

    def update(self, tid: str | int, *, in_place: bool = False, **fields: Any) -> bool:
        """TaskUpdate: tmp file + rename under `N.json.lock`. False when a hook refused."""
        tid = str(tid)
        if fields.get("status") == "deleted":
            self.delete(tid)
            return True
        before = self.read(tid)
        if fields.get("status") == "completed" and before.get("status") != "completed":
            code = self.hook(
                "TaskCompleted",
                task_id=tid,
                task_subject=before.get("subject", ""),
                task_description=before.get("description", ""),
            )
            if code == 2:
                return False
        obj = {**before, **fields}
        path = self.folder / f"{tid}.json"
        lock = self.folder / f"{tid}.json.lock"
        self._acquire(lock)
        try:
            if in_place:
                self._write_in_place(path, task_text(obj))
            else:
                tmp = self.folder / f"{tid}.json.tmp.{secrets.token_hex(4)}"
                tmp.write_text(task_text(obj), encoding="utf-8")
                os.replace(tmp, path)
        finally:
            os.rmdir(lock)
        return True

    def delete(self, tid: str | int) -> None:
        """Deleting a task: raise `.highwatermark`, then unlink (no lock)."""
        tid = str(tid)
        hwm = max(self.highwatermark(), int(tid))
        (self.folder / ".highwatermark").write_text(str(hwm))
        (self.folder / f"{tid}.json").unlink()

    def all_completed(self) -> bool:
        ids = self.ids()
        return bool(ids) and all(self.read(i).get("status") == "completed" for i in ids)

    def wipe_if_done(self) -> bool:
        """The interactive UI's wipe: after `wipe_delay`, if every task is completed."""
        if not self.all_completed():
            return False
        time.sleep(self.wipe_delay)
        if not self.all_completed():
            return False
        ids = self.ids()
        for i in ids:
            (self.folder / f"{i}.json").unlink()
        (self.folder / ".highwatermark").write_text(str(max([self.highwatermark(), *ids])))
        return True

    def complete(self, tid: str | int) -> bool:
        """Mark done; when it was the last open task, the wipe follows."""
        ok = self.update(tid, status="completed")
        if ok:
            self.wipe_if_done()
        return ok

    def run_steps(self, steps: list[dict[str, Any]]) -> None:
        for step in steps:
            op = step["op"]
            if op == "create":
                self.create(
                    step["subject"],
                    step.get("description"),
                    step.get("activeForm"),
                    step.get("owner"),
                    step.get("blockedBy"),
                )
            elif op == "update":
                fields = {k: v for k, v in step.items() if k not in ("op", "id", "in_place")}
                if fields.get("status") == "completed":
                    self.update(step["id"], in_place=step.get("in_place", False), **fields)
                    self.wipe_if_done()
                else:
                    self.update(step["id"], in_place=step.get("in_place", False), **fields)
            elif op == "delete":
                self.delete(step["id"])
            elif op == "sleep":
                time.sleep(float(step["seconds"]))
            else:
                raise ValueError(f"unknown op {op!r}")
            print(f"done {op}", flush=True)


def shellhooks_wrapper(folder: Path) -> Path:
    """A `shellhooks` executable in `folder`/bin running this checkout with this Python."""
    import stat

    exe = Path(folder) / "bin" / "shellhooks"
    exe.parent.mkdir(parents=True, exist_ok=True)
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m shellhooks "$@"\n')
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def install_hooks(root: Path, folder: Path) -> None:
    """Claude Code settings in `root` with the hooks `setup claude-hooks` adds."""
    from shellhooks import claude_hooks_setting

    settings = claude_hooks_setting.add_hooks({}, str(shellhooks_wrapper(folder)))
    (Path(root) / "settings.json").write_text(json.dumps(settings, indent=2))


def main(argv: list[str]) -> int:
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("root")
    p.add_argument("list_id")
    p.add_argument("steps")
    p.add_argument("--wipe-delay", type=float, default=5.0)
    p.add_argument("--no-hooks", action="store_true")
    a = p.parse_args(argv)
    claude = FakeClaude(Path(a.root), a.list_id, wipe_delay=a.wipe_delay, run_hooks=not a.no_hooks)
    claude.start()
    claude.run_steps(json.loads(Path(a.steps).read_text(encoding="utf-8")))
    claude.end()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
