"""Benchmark: Claude Code's statusLine command and the prompt segment of a 500-task list.

Run with the project's Python (`.venv/bin/python benchmarks/bench_prompt.py`); prints
a markdown table. Targets (issue "Prompt status line"):
- `shellhooks statusline` within 2x a bare `python -c pass` of the same interpreter
  (measured alternately with it, whole processes, Claude-shaped JSON on stdin);
- when a task file changed, the prompt costs at most one process and <= 50 ms with a
  500-task list: measured as the `hook-env` process the hook runs, and end to end as
  the time from Enter to the next prompt in a real interactive bash after an in-place
  rewrite of one task file (against the same with nothing changed).

The processes run without PYTHONDONTWRITEBYTECODE (dropped from the environment if set),
so that, as after a regular install, modules load from their compiled cache: with it
set, every run compiles every module again, which costs more than the work measured.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import print_targets, shellhooks_exe
from common import timed as run_timed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TASKS = 500
RUNS = 21  # per process measurement; the median is reported
PROMPTS = 40  # per real-shell measurement
ID = "webapp-auth"
SESSION = "3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f"
STATUSES = ("completed", "in_progress", "pending")


def task_text(i: int, status: str) -> str:
    """A task file as Claude Code writes it (2-space JSON, no trailing newline)."""
    return json.dumps({
        "id": str(i), "subject": f"Task {i}: refactor the request retry logic",
        "description": f"Task {i}: refactor the request retry logic",
        "activeForm": f"Refactoring {i}", "status": status,
        "blocks": [], "blockedBy": [str(i - 1)] if i > 1 else [],
    }, indent=2)


def build(claude: Path, name: str, n: int) -> Path:
    d = claude / "tasks" / name
    d.mkdir(parents=True)
    (d / ".lock").touch()
    for i in range(1, n + 1):
        status = "in_progress" if i == n // 2 else ("completed" if i < n // 2 else "pending")
        (d / f"{i}.json").write_text(task_text(i, status))
    return d


def claude_stdin(cwd: str) -> bytes:
    return json.dumps({
        "hook_event_name": "Status", "session_id": SESSION,
        "transcript_path": f"/home/u/.claude/projects/x/{SESSION}.jsonl", "cwd": cwd,
        "model": {"id": "claude-opus-4-7", "display_name": "Opus 4.7"},
        "workspace": {"current_dir": cwd, "project_dir": cwd}, "version": "2.1.330",
        "output_style": {"name": "default"},
        "cost": {"total_cost_usd": 0.01, "total_duration_ms": 1000},
    }).encode()


def timed(argv: list[str], env: dict[str, str], stdin: bytes,
          before: Callable[[], None] | None = None) -> float:
    if before is not None:
        before()
    return run_timed(argv, env, stdin, check=False)


Case = tuple[list[str], dict[str, str], bytes, Callable[[], None] | None]


def measure(cases: dict[str, Case]) -> dict[str, float]:
    """Median of RUNS runs per case, interleaved, after one warm-up each. A case's
    `before` step (e.g. rewriting a task file) runs untimed before each run."""
    for argv, env, stdin, before in cases.values():
        timed(argv, env, stdin, before)
    times: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(RUNS):
        for name, (argv, env, stdin, before) in cases.items():
            times[name].append(timed(argv, env, stdin, before))
    return {k: statistics.median(v) for k, v in times.items()}


def in_process(claude_root: Path) -> float:
    """Median time to read the 500-task list and render its segment, in one process."""
    os.environ["CLAUDE_CONFIG_DIR"] = str(claude_root)
    from shellhooks import segment, store

    out = []
    for _ in range(RUNS):
        start = time.perf_counter()
        tl = store.read_list(ID)
        segment.render(tl, ID, None, color=True)
        out.append(time.perf_counter() - start)
    return statistics.median(out)


def real_shell(env: dict[str, str], proj: Path, folder: Path) -> tuple[float, float] | None:
    """Median Enter-to-prompt time in interactive bash: (nothing changed, one task rewritten
    in place). None when pexpect or bash is missing."""
    try:
        from tests.shelldriver import ShellDriver
    except ImportError:
        return None
    if shutil.which("bash") is None:
        return None
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        with ShellDriver("bash", cwd=proj) as sh:
            sh.source_hook()
            sh.cd(proj)
            target = folder / "3.json"
            quiet, changed = [], []
            for i in range(PROMPTS):
                start = time.perf_counter()
                sh.enter()
                quiet.append(time.perf_counter() - start)
                with open(target, "r+", encoding="utf-8") as f:  # in place, like Claude Code
                    f.write(task_text(3, STATUSES[i % 3]))
                    f.truncate()
                # hook-env dates its stamp 50 ms before it reads (a write racing the read
                # is never missed), so a write less than 50 ms before a prompt is looked
                # at again by the prompt after it too: leave a human's pause, or the next
                # "nothing changed" prompt would run hook-env as well.
                time.sleep(0.1)
                start = time.perf_counter()
                sh.enter()
                changed.append(time.perf_counter() - start)
            return statistics.median(quiet), statistics.median(changed)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main() -> int:
    load_before = os.getloadavg()
    exe = shellhooks_exe()
    if exe is None:
        return 1
    with tempfile.TemporaryDirectory(prefix="shellhooks-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        claude = home / ".claude"
        folder = build(claude, ID, TASKS)
        busy = build(claude, "busy", TASKS)  # rewritten before each run: never cached
        build(claude, SESSION, 20)
        proj = Path(tmp) / "proj"
        proj.mkdir()
        cfg = home / ".config" / "shellhooks" / "config.toml"
        cfg.parent.mkdir(parents=True)
        cfg.write_text(f'auto = "off"\n[[rule]]\npath = "{proj}"\nid = "{ID}"\n')
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("CLAUDE_", "SHELLHOOKS", "__SHELLHOOKS", "XDG_"))
                and k != "PYTHONDONTWRITEBYTECODE"}
        env = {**base, "HOME": str(home), "CLAUDE_CONFIG_DIR": str(claude),
               "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
               "XDG_DATA_HOME": str(home / ".local/share")}
        env_id = {**env, "CLAUDE_CODE_TASK_LIST_ID": ID}
        stdin = claude_stdin(str(proj))
        counter = iter(range(1 << 30))

        def rewrite() -> None:
            # In place, as Claude Code creates tasks: the next statusline must read again.
            with open(busy / "7.json", "r+", encoding="utf-8") as f:
                f.write(task_text(7, STATUSES[next(counter) % 3]))
                f.truncate()

        def rewrite_other() -> None:
            with open(busy / "9.json", "r+", encoding="utf-8") as f:
                f.write(task_text(9, STATUSES[next(counter) % 3]))
                f.truncate()

        med = measure({
            "python": ([sys.executable, "-c", "pass"], env, b"", None),
            "statusline": ([exe, "statusline"], env_id, stdin, None),
            "statusline-changed": ([exe, "statusline"], {**env, "CLAUDE_CODE_TASK_LIST_ID": "busy"},
                                   stdin, rewrite),
            "statusline-session": ([exe, "statusline"], env, stdin, None),
            "statusline-none": ([exe, "statusline"], env, b"{}", None),
            "hook-env": ([exe, "hook-env", "bash", "bench", "", str(proj)], env, b"", None),
            "prompt": ([exe, "prompt", "--id", ID], env, b"", None),
            "prompt-changed": ([exe, "prompt", "--id", "busy"], env, b"", rewrite_other),
        })
        render = in_process(claude)
        shell = real_shell(env, proj, folder)

    def ms(x: float) -> str:
        return f"{x * 1000:.1f} ms"

    py = med["python"]
    rows = [
        (f"`shellhooks statusline`, {TASKS}-task list from `$CLAUDE_CODE_TASK_LIST_ID`, "
         "no task changed since the last run", "<= 2x python",
         f"{ms(med['statusline'])} ({med['statusline'] / py:.2f}x)",
         med["statusline"] <= 2 * py),
        (f"`shellhooks statusline`, another {TASKS}-task list, a task rewritten before each run",
         "<= 2x python",
         f"{ms(med['statusline-changed'])} ({med['statusline-changed'] / py:.2f}x)",
         med["statusline-changed"] <= 2 * py),
        ("`shellhooks statusline`, the session's 20-task list (from stdin `session_id`)",
         "<= 2x python", f"{ms(med['statusline-session'])} "
         f"({med['statusline-session'] / py:.2f}x)", med["statusline-session"] <= 2 * py),
        ("`shellhooks statusline`, no list", "<= 2x python",
         f"{ms(med['statusline-none'])} ({med['statusline-none'] / py:.2f}x)",
         med["statusline-none"] <= 2 * py),
        (f"bare `{Path(sys.executable).name} -c pass` (same interpreter)", "-", ms(py), None),
        (f"`shellhooks hook-env` (the one process after a change), {TASKS}-task list",
         "<= 50 ms", ms(med["hook-env"]), med["hook-env"] <= 0.05),
        (f"read + render the segment of a {TASKS}-task list, in process", "-", ms(render),
         None),
        (f"`shellhooks prompt --id` (starship, tmux), {TASKS}-task list, nothing changed", "-",
         f"{ms(med['prompt'])} ({med['prompt'] / py:.2f}x)", None),
        (f"`shellhooks prompt --id`, another {TASKS}-task list, a task rewritten before each "
         "run", "-", f"{ms(med['prompt-changed'])} ({med['prompt-changed'] / py:.2f}x)", None),
    ]
    if shell is not None:
        quiet, changed = shell
        rows += [
            ("bash prompt, nothing changed (Enter to next prompt, pty)", "-", ms(quiet), None),
            (f"bash prompt after an in-place rewrite, {TASKS}-task list", "<= 50 ms",
             f"{ms(changed)} (+{ms(changed - quiet)})", changed - quiet <= 0.05),
        ]
    load_after = os.getloadavg()
    print(f"Medians of {RUNS} runs per process ({PROMPTS} prompts per shell figure), "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after.\n")
    print_targets(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
