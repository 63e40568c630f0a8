"""Run every benchmarks/bench_*.py and collect their markdown output in benchmarks/results.md.

Usage: .venv/bin/python benchmarks/run.py [NAME ...]   (NAME: e.g. `commands` for
bench_commands.py; default: all). Each benchmark runs with this Python, one at a time.
With names, the other sections of results.md are kept as they were.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        wanted = {f"bench_{a.removeprefix('bench_').removesuffix('.py')}.py" for a in argv}
        scripts = [s for s in scripts if s.name in wanted]
        missing = wanted - {s.name for s in scripts}
        if missing:
            print(f"no such benchmark: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    parts = [
        "# Benchmark results\n",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.\n",
    ]
    failed = 0
    for script in scripts:
        title = script.stem.removeprefix("bench_")
        print(f"running {script.name} ...", file=sys.stderr, flush=True)
        start = time.monotonic()
        r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                           cwd=HERE.parent)
        took = time.monotonic() - start
        parts.append(f"## {title}\n")
        if r.returncode != 0:
            failed += 1
            parts.append(f"Failed (exit {r.returncode}):\n\n```\n{r.stderr.strip()}\n```\n")
        else:
            parts.append(r.stdout.strip() + "\n")
        parts.append(f"_({script.name}, {took:.0f} s)_\n")
        print(r.stdout.strip() or r.stderr.strip(), flush=True)
    out = HERE / "results.md"
    if argv and out.exists():
        # Only some benchmarks ran: keep the other sections of the last full run.
        ran = {s.stem.removeprefix("bench_") for s in scripts}
        kept = [sec for sec in out.read_text().split("\n## ")[1:]
                if sec.split("\n", 1)[0].strip() not in ran]
        parts[1] = parts[1].rstrip("\n") + f" (this run: {', '.join(sorted(ran))})\n"
        parts.extend("## " + sec.rstrip("\n") + "\n" for sec in kept)
    out.write_text("\n".join(parts))
    print(f"wrote {HERE / 'results.md'}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
