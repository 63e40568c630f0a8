"""Benchmark: what install.sh's rc blocks add to the start of a new interactive shell.

Installs the working tree with install.sh (venv method, from a wheel built here) into a
temporary home, then times `SHELL -i -c exit` with that home and with an empty one,
alternately, and counts the programs each start runs (strace). Prints a markdown table.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = 60  # per shell and home, alternating; the median is reported
SHELLS = ("bash", "zsh", "fish")


def home_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE", "__SHELLHOOKS"))}
    env.update(HOME=str(home), ZDOTDIR=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               PATH=f"{home}/.local/bin:/usr/local/bin:/usr/bin:/bin", TERM="dumb")
    return env


def make_home(path: Path) -> Path:
    path.mkdir(parents=True)
    # fish parses every man page in the background on its first start without this.
    (path / ".local/share/fish/generated_completions").mkdir(parents=True)
    return path


def install(root: Path) -> Path:
    wh = root / "wheelhouse"
    src = root / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    shutil.copytree(REPO / "shellhooks", src / "shellhooks",
                    ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "-w", str(wh)]
    subprocess.run(pip + ["--no-deps", str(src)], check=True, capture_output=True)
    deps = [f"{d}=={metadata.version(d)}" for d in ("python-dotenv", "psutil", "tabulate")]
    subprocess.run(pip + deps, check=True, capture_output=True)
    home = make_home(root / "installed")
    env = home_env(home) | {"PIP_NO_INDEX": "1"}
    subprocess.run(["/bin/sh", str(REPO / "install.sh"), "--method", "venv", "--python",
                    sys.executable, "--from", str(wh), "--yes", "--shell", "all"],
                   env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return home


def start_ms(shell: str, env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run([shell, "-i", "-c", "exit"], env=env, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - t) * 1000


def programs_run(shell: str, env: dict[str, str], log: Path) -> int:
    """Programs started by one shell start (execve calls after the shell's own)."""
    if not shutil.which("strace"):
        return -1
    subprocess.run(["strace", "-f", "-e", "trace=execve", "-o", str(log), shell, "-i", "-c",
                    "exit"], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return sum(1 for line in log.read_text().splitlines() if "execve(" in line) - 1


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="bench-install-"))
    try:
        installed = install(root)
        empty = make_home(root / "empty")
        rows = []
        for shell in SHELLS:
            path = shutil.which(shell)
            if path is None:
                rows.append(f"| {shell} | not installed | | | |")
                continue
            with_env, without_env = home_env(installed), home_env(empty)
            a, b = [], []
            for _ in range(RUNS):
                b.append(start_ms(path, without_env))
                a.append(start_ms(path, with_env))
            base, cost = statistics.median(b), statistics.median(a)
            progs = programs_run(path, with_env, root / f"strace-{shell}.log")
            rows.append(f"| {shell} | {base:.1f} ms | {cost:.1f} ms | +{cost - base:.1f} ms "
                        f"| {progs} |")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("New interactive shell (`SHELL -i -c exit`), empty home vs a home where install.sh "
          f"added its blocks (hook file + completions), median of {RUNS} alternating runs. "
          "Target: at most +5 ms and no Python process.\n")
    print("| shell | empty home | installed | added | programs started by the rc |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
