"""Benchmark: `shellhooks list`, `show` and `--version` start-up, as whole processes.

Run with the project's Python (`.venv/bin/python benchmarks/bench_commands.py`);
prints a markdown table. Every figure comes from the same run: the `--version`
target is relative to a bare `python -c pass` of the same interpreter, measured
alternately with it.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

from common import print_targets, shellhooks_exe, timed

LISTS, TASKS_PER_LIST, BIG_LIST = 1000, 20, 2000
RUNS = 15  # per measurement; the median is reported
STATUSES = ("pending", "in_progress", "completed")


def task_text(i: int, status: str) -> str:
    """A task file as Claude Code writes it (2-space JSON, no trailing newline)."""
    return json.dumps({
        "id": str(i), "subject": f"Task {i}: refactor the request retry logic",
        "description": f"Task {i}: refactor the request retry logic", "status": status,
        "blocks": [], "blockedBy": [str(i - 1)] if i > 1 else [],
    }, indent=2)


def build(root: Path) -> None:
    """1,000 lists of 20 tasks (a third of them session-named) and one 2,000-task list."""
    tasks = root / "tasks"
    for n in range(LISTS):
        name = str(uuid.UUID(int=n + 1)) if n % 3 == 0 else f"project-{n}"
        d = tasks / name
        d.mkdir(parents=True)
        (d / ".lock").touch()
        for i in range(1, TASKS_PER_LIST + 1):
            (d / f"{i}.json").write_text(task_text(i, STATUSES[i % 3]))
    big = tasks / "big"
    big.mkdir()
    (big / ".lock").touch()
    for i in range(1, BIG_LIST + 1):
        (big / f"{i}.json").write_text(task_text(i, STATUSES[i % 3]))


def measure(cases: dict[str, list[str]], env: dict[str, str]) -> dict[str, list[float]]:
    """Run every case RUNS times, interleaved, after one warm-up each (page cache, pyc)."""
    for argv in cases.values():
        timed(argv, env)
    times: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(RUNS):
        for name, argv in cases.items():
            times[name].append(timed(argv, env))
    return times


def main() -> int:
    exe = shellhooks_exe()
    if exe is None:
        return 1
    with tempfile.TemporaryDirectory(prefix="shellhooks-bench-") as tmp:
        root = Path(tmp) / "claude"
        build(root)
        env = {**os.environ, "CLAUDE_CONFIG_DIR": str(root), "HOME": tmp, "NO_COLOR": "1"}
        env.pop("CLAUDE_CODE_TASK_LIST_ID", None)
        times = measure({
            "python": [sys.executable, "-c", "pass"],
            "version": [exe, "--version"],
            "list": [exe, "list"],
            "list --json": [exe, "list", "--json"],
            "show": [exe, "show", "big"],
        }, env)
    med = {k: statistics.median(v) for k, v in times.items()}
    ms = {k: f"{v * 1000:.0f} ms" for k, v in med.items()}
    ratio = med["version"] / med["python"]
    rows = [
        (f"`shellhooks list`, {LISTS:,} lists x {TASKS_PER_LIST} tasks", "<= 1 s", ms["list"],
         med["list"] <= 1.0),
        ("`shellhooks list --json`, same lists", "-", ms["list --json"], None),
        (f"`shellhooks show` of a {BIG_LIST:,}-task list", "<= 300 ms", ms["show"],
         med["show"] <= 0.3),
        ("`shellhooks --version`", "<= 1.5x python", f"{ms['version']} ({ratio:.2f}x)",
         ratio <= 1.5),
        (f"bare `{Path(sys.executable).name} -c pass` (same interpreter)", "-", ms["python"],
         None),
    ]
    print(f"Medians of {RUNS} runs each, whole processes, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs.\n")
    print_targets(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
