"""Benchmark: the Claude Code hook handler (`shellhooks claude-hook EVENT`), as whole processes.

Run with the project's Python (`.venv/bin/python benchmarks/bench_history.py`); prints
markdown. Claude Code runs the handler on every task creation and completion and at
session start and end; each run must finish within 100 ms. Measured: wall time of the
whole process (interpreter start included), median and 95th percentile, next to a bare
`python -c pass` of the same interpreter measured alternately with it.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from common import shellhooks_exe, timed

RUNS = 30


def task_text(i: int, status: str) -> str:
    return json.dumps({"id": str(i), "subject": f"Task {i}", "description": f"Task {i}",
                       "status": status, "blocks": [], "blockedBy": []}, indent=2)


def make_list(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    (folder / ".lock").touch()
    for i in range(1, n + 1):
        (folder / f"{i}.json").write_text(task_text(i, "in_progress" if i == 1 else "pending"))


def main() -> int:
    exe = shellhooks_exe()
    if exe is None:
        return 1
    rows = []
    with tempfile.TemporaryDirectory(prefix="shellhooks-bench-") as tmp:
        root = Path(tmp) / "claude"
        for name, n in (("ten", 10), ("five-hundred", 500)):
            make_list(root / "tasks" / name, n)
        base_env = {**os.environ, "CLAUDE_CONFIG_DIR": str(root), "HOME": tmp,
                    "XDG_DATA_HOME": str(Path(tmp) / "data")}
        base_env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once
        bare = [sys.executable, "-c", "pass"]
        for list_name, n in (("ten", 10), ("five-hundred", 500)):
            env = {**base_env, "CLAUDE_CODE_TASK_LIST_ID": list_name}
            for event in ("SessionStart", "TaskCreated", "TaskCompleted", "SessionEnd"):
                payload = json.dumps({"session_id": "s", "task_id": "1",
                                      "task_subject": "Task 1"}).encode()
                argv = [exe, "claude-hook", event]
                timed(argv, env, payload)
                timed(bare, env, b"")
                hook_times, bare_times = [], []
                for _ in range(RUNS):
                    hook_times.append(timed(argv, env, payload))
                    bare_times.append(timed(bare, env, b""))
                hook_times.sort()
                rows.append((f"{event}, {n}-task list", statistics.median(hook_times),
                             hook_times[int(0.95 * (RUNS - 1))], statistics.median(bare_times)))
    print(f"Whole-process wall time, {RUNS} runs each; {os.cpu_count()} CPUs. "
          "Limit: 100 ms.\n")
    print("| hook | median | p95 | bare `python -c pass` |")
    print("|---|---:|---:|---:|")
    for name, med, p95, bare_med in rows:
        print(f"| `claude-hook` {name} | {med * 1000:.1f} ms | {p95 * 1000:.1f} ms "
              f"| {bare_med * 1000:.1f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
