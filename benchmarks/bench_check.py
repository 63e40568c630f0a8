"""Benchmark: the typo check (`shellhooks check`, the `claude` wrapper's `check --launch`)
with 10,000 task lists.

Run with the project's Python (`.venv/bin/python benchmarks/bench_check.py`); prints a
markdown table. Whole processes are measured alternately with a bare `python -c pass`
of the same interpreter, so "beyond start-up" is the difference of two medians taken in
the same run, in wall time and in CPU time (the latter hardly moves when other work
shares the machine). The in-process rows time `near_misses()` alone (the part that
grows with the number of lists).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import shellhooks_exe

LISTS, TASKS_PER_LIST = 10_000, 3
RUNS = 15  # per measurement; the median is reported
WORDS = ("auth", "web", "app", "api", "billing", "docs", "infra", "mobile", "search", "data",
         "pipeline", "sprint", "release", "feature", "team", "ui", "backend", "frontend",
         "service", "payments", "onboarding", "checkout", "review", "migration", "cache")


def task_text(i: int) -> str:
    return json.dumps({"id": str(i), "subject": f"Task {i}", "description": f"Task {i}",
                       "status": ("pending", "in_progress", "completed")[i % 3],
                       "blocks": [], "blockedBy": []}, indent=2)


def names() -> list[str]:
    """10,000 distinct list names: a third session UUIDs, the rest project-like ids."""
    out: list[str] = []
    seen: set[str] = set()
    n = 0
    while len(out) < LISTS:
        n += 1
        if n % 3 == 0:
            name = str(uuid.UUID(int=n))
        else:
            w = [WORDS[(n * k * 7 + k) % len(WORDS)] for k in range(1, 2 + n % 3)]
            name = "-".join(w) + (f"-{n}" if n % 2 else "")
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def build(tasks: Path) -> None:
    for name in names() + ["webapp-auth"]:
        d = tasks / name
        d.mkdir(parents=True, exist_ok=True)
        (d / ".lock").touch()
        for i in range(1, TASKS_PER_LIST + 1):
            (d / f"{i}.json").write_text(task_text(i))


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one process. CPU time (user + system) is what the
    process itself cost; wall time also counts waiting for a busy machine's cores."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(
    cases: dict[str, tuple[list[str], dict[str, str]]]
) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each case, RUNS interleaved runs after a warm-up."""
    for argv, env in cases.values():
        timed(argv, env)
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
    for _ in range(RUNS):
        for name, (argv, env) in cases.items():
            times[name].append(timed(argv, env))
    return {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
            for k, v in times.items()}


def in_process(typed: str) -> tuple[float, float]:
    from shellhooks import nearmiss

    nearmiss.near_misses(typed)  # warm-up
    walls, cpus = [], []
    for _ in range(RUNS):
        start, cpu = time.perf_counter(), time.process_time()
        nearmiss.near_misses(typed)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    exe = shellhooks_exe()
    if exe is None:
        return 1
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="shellhooks-bench-") as tmp:
        root = Path(tmp) / "claude"
        build(root / "tasks")
        count = sum(1 for _ in (root / "tasks").iterdir())
        env = {**os.environ, "CLAUDE_CONFIG_DIR": str(root), "HOME": tmp, "NO_COLOR": "1",
               "XDG_DATA_HOME": str(Path(tmp) / "data"), "CLAUDE_CODE_ENABLE_TODO_TOOLS": "1"}
        env.pop("CLAUDE_CODE_TASK_LIST_ID", None)
        launch_env = {**env, "CLAUDE_CODE_TASK_LIST_ID": "webap-auth"}
        cases = {
            "python -c pass": ([sys.executable, "-c", "pass"], env),
            "check webap-auth (near miss)": ([exe, "check", "webap-auth"], env),
            "check brand-new-topic (nothing near)": ([exe, "check", "brand-new-topic"], env),
            "check webapp-auth (exists)": ([exe, "check", "webapp-auth"], env),
            "check --json webap-auth": ([exe, "check", "--json", "webap-auth"], env),
            "check --launch, near miss, no terminal": ([exe, "check", "--launch", "+-p"],
                                                       launch_env),
        }
        medians = measure(cases)
        os.environ["CLAUDE_CONFIG_DIR"] = str(root)
        inproc = {
            "near_misses('webap-auth')": in_process("webap-auth"),
            "near_misses('brand-new-topic')": in_process("brand-new-topic"),
            "near_misses('payments-servce')": in_process("payments-servce"),
        }
    base_wall, base_cpu = medians.pop("python -c pass")
    print(f"{count:,} task lists ({TASKS_PER_LIST} tasks each, a third named by session "
          f"UUID); medians of {RUNS} runs; load average before/after: {load[0]:.1f}/"
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs. Target: one check under "
          "100 ms beyond Python's start-up.\n")
    print("| what | wall | beyond `python -c pass` | CPU | CPU beyond `python -c pass` |")
    print("|---|---:|---:|---:|---:|")
    print(f"| `python -c pass` (start-up) | {base_wall * 1000:.1f} ms | - "
          f"| {base_cpu * 1000:.1f} ms | - |")
    for name, (wall, cpu) in medians.items():
        print(f"| `shellhooks {name}` | {wall * 1000:.1f} ms | {(wall - base_wall) * 1000:+.1f}"
              f" ms | {cpu * 1000:.1f} ms | {(cpu - base_cpu) * 1000:+.1f} ms |")
    for name, (wall, cpu) in inproc.items():
        print(f"| in process: `{name}` | {wall * 1000:.1f} ms | - | {cpu * 1000:.1f} ms | - |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
