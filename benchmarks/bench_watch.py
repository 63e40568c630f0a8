"""Benchmark: `shellhooks watch` idle CPU over a minute, and how soon it shows a change.

Run with the project's Python (`.venv/bin/python benchmarks/bench_watch.py`); prints
markdown. Each watch runs in its own pseudo-terminal (the full-screen live view, as
a user sees it) and polls at the default 0.5 s. CPU is the process's user+system
time (psutil) over the idle period, after a short settle; all three watches run at
the same time. `BENCH_WATCH_SECONDS` changes the idle period (default 60).
"""

from __future__ import annotations

import json
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import shellhooks_exe

IDLE = float(os.environ.get("BENCH_WATCH_SECONDS", "60"))
CHANGES = 10


def task_text(i: int, subject: str, status: str = "pending") -> str:
    return json.dumps({"id": str(i), "subject": subject, "description": subject,
                       "status": status, "blocks": [], "blockedBy": []}, indent=2)


def make_list(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    (folder / ".lock").touch()
    for i in range(1, n + 1):
        status = ("pending", "completed")[i % 2]
        (folder / f"{i}.json").write_text(task_text(i, f"Task {i}", status))


class Watch:
    """`shellhooks watch ARGS` in a pty; its output is collected by a thread."""

    def __init__(self, exe: str, args: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        os.set_blocking(master, False)
        self.proc = subprocess.Popen([exe, "watch", *args], stdin=slave, stdout=slave,
                                     stderr=slave, env={**env, "COLUMNS": "120", "LINES": "40"},
                                     start_new_session=True)
        os.close(slave)
        self.master = master
        self.out = bytearray()
        self.lock = threading.Lock()
        self.done = False
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while not self.done:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return
                with self.lock:
                    self.out += data

    def wait_for(self, text: bytes, timeout: float = 30.0) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            with self.lock:
                if text in self.out:
                    return time.perf_counter() - start
            time.sleep(0.002)
        raise TimeoutError(text)

    def cpu(self) -> float:
        import psutil

        t = psutil.Process(self.proc.pid).cpu_times()
        return t.user + t.system

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.done = True
        os.close(self.master)


def main() -> int:
    exe = shellhooks_exe()
    if exe is None:
        return 1
    with tempfile.TemporaryDirectory(prefix="shellhooks-bench-") as tmp:
        root = Path(tmp) / "claude"
        make_list(root / "tasks" / "fifty", 50)
        make_list(root / "tasks" / "five-hundred", 500)
        for n in range(200):
            make_list(root / "tasks" / f"project-{n}", 20)
        env = {**os.environ, "CLAUDE_CONFIG_DIR": str(root), "HOME": tmp,
               "XDG_DATA_HOME": str(Path(tmp) / "data"), "TERM": "xterm-256color"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cases = {
            "one list, 50 tasks": ["fifty"],
            "one list, 500 tasks": ["five-hundred"],
            "--all, 202 lists (4,550 tasks)": ["--all"],
        }
        watches = {name: Watch(exe, args, env) for name, args in cases.items()}
        try:
            for w in watches.values():
                w.wait_for(b"Task 1", timeout=60)
            time.sleep(3)  # settle: first draw and journal writes are not idle
            start = {name: w.cpu() for name, w in watches.items()}
            t0 = time.monotonic()
            time.sleep(IDLE)
            wall = time.monotonic() - t0
            cpu = {name: w.cpu() - start[name] for name, w in watches.items()}

            # How soon a change shows: an in-place rewrite (folder mtime unchanged).
            w = watches["one list, 50 tasks"]
            delays = []
            for k in range(CHANGES):
                path = root / "tasks" / "fifty" / "1.json"
                marker = f"Changed {k} "
                with open(path, "r+") as f:
                    f.write(task_text(1, marker, "in_progress"))
                    f.truncate()
                delays.append(w.wait_for(marker.encode()))
                time.sleep(0.3)
        finally:
            for w in watches.values():
                w.stop()

    print(f"Idle for {wall:.0f} s, polling every 0.5 s, each in its own pty; "
          f"{os.cpu_count()} CPUs.\n")
    print("| watch | CPU time idle | average CPU use |")
    print("|---|---:|---:|")
    for name, seconds in cpu.items():
        print(f"| `watch {' '.join(cases[name])}`: {name} | {seconds * 1000:.0f} ms "
              f"| {100 * seconds / wall:.2f} % |")
    print()
    print(f"An in-place rewrite of a task shows after {statistics.median(delays) * 1000:.0f} ms "
          f"(median of {CHANGES}; max {max(delays) * 1000:.0f} ms; the poll interval is 500 ms).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
