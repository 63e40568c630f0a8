"""What the benchmark scripts share: the installed command, timing one process, and the
table of figures against their targets."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time


def shellhooks_exe() -> str | None:
    """The `shellhooks` command installed next to this Python (None, said on stderr, when
    there is none: benchmarks measure the installed command, not the source tree)."""
    exe = shutil.which("shellhooks", path=os.path.dirname(sys.executable))
    if exe is None:
        print("shellhooks is not installed next to this Python", file=sys.stderr)
    return exe


def timed(argv: list[str], env: dict[str, str], stdin: bytes | None = None,
          check: bool = True) -> float:
    """Wall-clock seconds of one whole process, its output discarded."""
    start = time.perf_counter()
    subprocess.run(argv, env=env, input=stdin, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=check)
    return time.perf_counter() - start


def print_targets(rows: list[tuple[str, str, str, bool | None]]) -> None:
    """A markdown table: what, target, measured, and whether the target is met."""
    print("| what | target | measured | |")
    print("|---|---|---|---|")
    for what, target, got, ok in rows:
        mark = "" if ok is None else ("ok" if ok else "**over target**")
        print(f"| {what} | {target} | {got} | {mark} |")
