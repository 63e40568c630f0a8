"""Benchmark: what Claude Code's statusLine `refreshInterval` costs while a session is idle.

With `refreshInterval: N` Claude Code re-runs the statusLine command every N seconds
with the same stdin. One refresh is one `shellhooks statusline` process reading a
500-task list in which nothing changed since the last run (its cached path). Reported:
the median wall time and CPU time (user + system, the process and its children) of
one refresh, and the share of one CPU an idle session costs at the default interval.

Run with the project's Python (`.venv/bin/python benchmarks/bench_refresh.py`).
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
from pathlib import Path

from common import print_targets, shellhooks_exe

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from shellhooks.commands.setup_statusline import DEFAULT_REFRESH  # noqa: E402

TASKS, RUNS, ID = 500, 41, "webapp-auth"


def build(claude: Path) -> None:
    d = claude / "tasks" / ID
    d.mkdir(parents=True)
    (d / ".lock").touch()
    for i in range(1, TASKS + 1):
        status = "completed" if i < TASKS // 2 else "pending"
        (d / f"{i}.json").write_text(json.dumps({
            "id": str(i), "subject": f"Task {i}: refactor the request retry logic",
            "description": "", "status": status, "blocks": [], "blockedBy": []}, indent=2))


def one_refresh(argv: list[str], env: dict[str, str], stdin: bytes) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one statusline process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, input=stdin, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    exe = shellhooks_exe()
    if exe is None:
        return 1
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="shellhooks-bench-") as tmp:
        home = Path(tmp) / "home"
        claude = home / ".claude"
        build(claude)
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("CLAUDE_", "SHELLHOOKS", "__SHELLHOOKS", "XDG_"))}
        env = {**base, "HOME": str(home), "CLAUDE_CONFIG_DIR": str(claude),
               "XDG_CACHE_HOME": str(home / ".cache"), "CLAUDE_CODE_TASK_LIST_ID": ID}
        stdin = json.dumps({"session_id": "0b1c2d3e-0000-4000-8000-000000000000",
                            "cwd": tmp, "workspace": {"current_dir": tmp},
                            "model": {"display_name": "Opus 4.7"},
                            "version": "2.1.330"}).encode()
        argv = [exe, "statusline"]
        one_refresh(argv, env, stdin)  # the first run fills the cache; refreshes find it
        runs = [one_refresh(argv, env, stdin) for _ in range(RUNS)]
        py = [one_refresh([sys.executable, "-c", "pass"], env, b"") for _ in range(RUNS)]
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    py_wall = statistics.median(w for w, _ in py)
    share = cpu / DEFAULT_REFRESH
    print(f"Medians of {RUNS} runs, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
          f"load average {load:.2f} before.\n")
    print_targets([
        (f"one statusLine refresh, {TASKS}-task list, nothing changed (wall)",
         "<= 2x python", f"{wall * 1000:.1f} ms ({wall / py_wall:.2f}x)", wall <= 2 * py_wall),
        ("the same refresh, CPU time (user + system)", "-", f"{cpu * 1000:.1f} ms", None),
        (f"an idle session at refreshInterval {DEFAULT_REFRESH} s (the default)",
         "<= 1% of one CPU", f"{share * 100:.2f}% of one CPU", share <= 0.01),
        ("bare `python -c pass` (same interpreter)", "-", f"{py_wall * 1000:.1f} ms", None),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
