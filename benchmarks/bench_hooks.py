"""Benchmark: what the shellhooks hook adds to prompts and `cd`, next to direnv's hook.

Run with the project's Python (`.venv/bin/python benchmarks/bench_hooks.py`); prints
markdown. Method (issue "Automatic list id per directory"): real interactive bash, zsh
and fish in a pseudo-terminal (tests/shelldriver.py), each configuration in the same
run: no hook, the shellhooks hook (the rc line that sources the hook file), and
direnv's hook. A batch of PROMPTS lines is typed, each as soon as the prompt is back,
and timed until the last prompt appears; per-line cost = time / PROMPTS; the median of
RUNS batches is reported, and "added" is the difference to no hook. Process counts:
`strace -f -e execve` attached to the shell over a batch.

Scenarios:
- ordinary prompt: Enter on an empty line inside a project with a 20-task list;
- cd within a project: alternating between two folders of one git project;
- cd back into known projects: alternating between two projects already seen (for
  direnv: two folders with an allowed .envrc, so it loads and unloads each time);
- cd into a project new to this shell: each line enters a project this shell has not
  seen, which another shell resolved before (shellhooks reads that shell's stored
  answer, no process; direnv: the same .envrc load as above, which it does on every cd);
- cd into a project never resolved on this machine: (shellhooks runs `hook-env` once;
  direnv: the same .envrc load again);
- shell start: sourcing the hook file (in-shell clock, median of RUNS).

Options: `--shells bash,zsh` measures only those shells; `--only prompt` only the
ordinary prompt (and shell start), which is quick enough to repeat while tuning;
`--tasks 20,500,2000` only the ordinary prompt with lists of those sizes (no hook and
shellhooks; the tasks dated an hour ago, as in a long-lived list).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROMPTS = 100
RUNS = 5
SHELLS = ("bash", "zsh", "fish")
CONFIGS = ("none", "shellhooks", "direnv")
SCENARIOS = ("prompt", "cd_within", "cd_known", "cd_shared", "cd_new")


def setup_home() -> Path:
    base = Path(tempfile.mkdtemp(prefix="bench-hooks-"))
    home = base / "home"
    home.mkdir()
    os.environ.update(
        HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local/state"), CLAUDE_CONFIG_DIR=str(home / ".claude"),
    )
    for var in ("CLAUDE_CODE_TASK_LIST_ID", "__SHELLHOOKS_ID", "DIRENV_DIFF", "DIRENV_DIR",
                "DIRENV_WATCHES", "DIRENV_FILE", "SHELLHOOKS_DISABLE"):
        os.environ.pop(var, None)
    return base


def git_repo(path: Path) -> Path:
    (path / ".git").mkdir(parents=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (path / "src").mkdir()
    return path


def date_back(path: Path, age: float = 60) -> Path:
    """Everything under `path` (and itself) dated `age` seconds ago: a project or list that
    changed in the second of the hook's stamp has no `seconds` line, and fish's and zsh's
    quick freshness test would give way to the rule itself (see hookenv.py), which would
    make the figures depend on when the set-up ran."""
    when = time.time() - age
    for p in [*path.rglob("*"), path]:
        os.utime(p, (when, when), follow_symlinks=False)
    return path


def make_list(name: str, n: int, age: float = 0) -> None:
    from tests.taskfixtures import ClaudeHome

    home = ClaudeHome(Path(os.environ["CLAUDE_CONFIG_DIR"]))
    home.make_list(name, ["completed"] * (n // 2) + ["pending"] * (n - n // 2))
    if age:
        home.set_mtime(name, time.time() - age)


def load(sh, shell: str, config: str) -> None:  # noqa: ANN001
    from tests.shelldriver import PACKAGE_SHELLS_DIR, quote

    if config == "shellhooks":
        hook = PACKAGE_SHELLS_DIR / f"hook.{shell}"
        sh.check(("source " if shell == "fish" else ". ") + quote(shell, hook))
    elif config == "direnv":
        sh.check("direnv hook fish | source" if shell == "fish"
                 else f'eval "$(direnv hook {shell})"')


def counting_prompt(sh, shell: str) -> None:  # noqa: ANN001
    """A prompt showing a counter that grows once per prompt (not per repaint: fish
    repaints the prompt as it echoes typed text), so each prompt is recognised."""
    if shell == "fish":
        code = ("function fish_prompt; set -g __c (math $__c + 1); "
                "printf '@@SHDC%s@@ ' $__c; end; set -g __c 0")
    elif shell == "zsh":
        code = ("__c=0; __bench_c() { (( ++__c )); PROMPT=\"@@SHDC${__c}@@ \"; }; "
                "precmd_functions+=(__bench_c)")
    else:
        code = "__c=0; PS1='@@SHDC$((__c+=1))@@ '"
    sh.child.sendline(code)
    sh.child.expect(re.compile(r"@@SHDC1@@ "), timeout=120)
    sh.next_prompt = 2


def batch(sh, lines: list[str]) -> float:  # noqa: ANN001
    """Type the lines one after the other, each when its prompt is back; seconds until
    the prompt after the last one. The pty round trip is in every configuration alike,
    so the difference to no hook is the hook's cost."""
    t0 = time.perf_counter()
    for line in lines:
        sh.child.send(line + "\n")
        sh.child.expect_exact(f"@@SHDC{sh.next_prompt}@@ ", timeout=120)
        sh.next_prompt += 1
    return time.perf_counter() - t0


def per_line(sh, make_lines: Callable[[int], list[str]]) -> float:  # noqa: ANN001
    """Median over RUNS batches of the cost of one line, in ms."""
    times = []
    for r in range(RUNS):
        lines = make_lines(r)
        times.append(batch(sh, lines) / len(lines) * 1000)
    return statistics.median(times)


def on_cpu(sh) -> float:  # noqa: ANN001
    """Seconds the shell process has spent on a CPU so far (Linux schedstat; 0 elsewhere)."""
    try:
        with open(f"/proc/{sh.child.pid}/schedstat", encoding="ascii") as f:
            return int(f.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def count_execs(sh, lines: list[str]) -> float:  # noqa: ANN001
    n = sh.count_processes(lambda: batch(sh, lines))
    return n.execs / len(lines)


def _log(what: str, t0: float) -> None:
    print(f"  {what}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)


def measure(shell: str, config: str, base: Path,
            only: tuple[str, ...] = SCENARIOS, proj_name: str = "proj") -> dict[str, float]:
    from tests.shelldriver import ShellDriver, quote

    q = lambda p: quote(shell, p)  # noqa: E731
    proj = base / proj_name
    out: dict[str, float] = {}
    with ShellDriver(shell, cwd=proj, timeout=120) as sh:
        load(sh, shell, config)
        sh.cd(proj)
        sh.enter()
        if config == "shellhooks":
            out["source"] = source_cost(sh, shell)
        counting_prompt(sh, shell)
        t0 = time.perf_counter()
        # ordinary prompt (also the shell's own on-CPU time, which load on the machine
        # disturbs less than wall time)
        cpu: list[float] = []

        def timed(r: int) -> list[str]:
            cpu.append(on_cpu(sh))
            return [""] * PROMPTS

        out["prompt"] = per_line(sh, timed)
        cpu.append(on_cpu(sh))
        out["prompt_cpu"] = statistics.median(
            (b - a) / PROMPTS * 1e6 for a, b in zip(cpu, cpu[1:], strict=False))
        out["prompt_px"] = count_execs(sh, [""] * 20)
        _log("prompt", t0)
        if only == ("prompt",):
            return out
        # cd within one project
        inner = [f"cd {q(proj / 'src')}", f"cd {q(proj)}"]
        out["cd_within"] = per_line(sh, lambda r: inner * (PROMPTS // 2))
        out["cd_within_px"] = count_execs(sh, inner * 10)
        _log("cd within", t0)
        # cd back and forth between known projects (direnv: loads/unloads .envrc each time)
        if config == "direnv":
            pair = [f"cd {q(base / 'envrc1')}", f"cd {q(base / 'envrc2')}"]
        else:
            pair = [f"cd {q(base / 'known1')}", f"cd {q(base / 'known2')}"]
        batch(sh, pair)
        out["cd_known"] = per_line(sh, lambda r: pair * (PROMPTS // 2))
        out["cd_known_px"] = count_execs(sh, pair * 10)
        _log("cd known", t0)
        # cd into projects this shell has not seen (resolved before by another shell, or
        # never); direnv loads the same .envrc on every cd, so its figure is cd_known.
        for key in ("cd_shared", "cd_new"):
            if config == "direnv":
                out[key], out[key + "_px"] = out["cd_known"], out["cd_known_px"]
                continue
            lines = new_projects(base / f"{key}-{shell}-{config}", q)
            if key == "cd_shared":
                with ShellDriver(shell, cwd=proj, timeout=120) as other:
                    load(other, shell, config)
                    for r in range(RUNS + 1):
                        for line in lines(r):
                            other.check(line)
            out[key] = per_line(sh, lines)
            out[key + "_px"] = count_execs(sh, lines(RUNS))
            _log(key, t0)
    return out


def new_projects(folder: Path, q: Callable[[Path], str]) -> Callable[[int], list[str]]:
    """Git projects for RUNS + 1 batches, and the `cd` lines of batch r."""
    for r in range(RUNS + 1):
        for i in range(PROMPTS // 4):
            git_repo(folder / f"{r}-{i}")
    date_back(folder)
    return lambda r: [f"cd {q(folder / f'{r}-{i}')}" for i in range(PROMPTS // 4)]


def source_cost(sh, shell: str) -> float:  # noqa: ANN001
    """Median ms to source the hook file (idempotent, so it can be repeated)."""
    from tests.shelldriver import PACKAGE_SHELLS_DIR, quote

    hook = quote(shell, PACKAGE_SHELLS_DIR / f"hook.{shell}")
    vals = []
    for _ in range(RUNS):
        if shell == "fish":
            r = sh.run(f"time source {hook}")
            m = re.search(r"Executed in\s+([\d.]+)\s+(micros|millis|secs)", r.output + r.after)
            if m:
                scale = {"micros": 0.001, "millis": 1.0, "secs": 1000.0}[m[2]]
                vals.append(float(m[1]) * scale)
        else:
            pre = "zmodload zsh/datetime; " if shell == "zsh" else ""
            out = sh.check(f"{pre}__t0=$EPOCHREALTIME; . {hook}; __t1=$EPOCHREALTIME; "
                           "printf '%s %s\\n' \"$__t0\" \"$__t1\"")
            t0, t1 = (float(x.replace(",", ".")) for x in out.split())
            vals.append((t1 - t0) * 1000)
    return statistics.median(vals) if vals else float("nan")


def main(argv: list[str] | None = None) -> int:
    from tests.shelldriver import ShellDriver

    ap = argparse.ArgumentParser(description="What the hooks add to prompts and cd.")
    ap.add_argument("--shells", default=",".join(SHELLS),
                    help="comma-separated shells to measure (default: all three)")
    ap.add_argument("--only", choices=("all", "prompt"), default="all",
                    help="'prompt': only the ordinary prompt and shell start")
    ap.add_argument("--tasks", default="",
                    help="comma-separated list sizes: the ordinary prompt at each size")
    args = ap.parse_args(argv)
    shells = [s for s in args.shells.split(",") if s]
    if not set(shells) <= set(SHELLS):
        ap.error(f"--shells: choose from {', '.join(SHELLS)}")
    only = ("prompt",) if args.only == "prompt" else SCENARIOS
    if not shutil.which("strace") or not shutil.which("direnv"):
        print("strace and direnv are needed", file=sys.stderr)
        return 1
    base = setup_home()
    if args.tasks:
        try:
            return by_size(shells, [int(n) for n in args.tasks.split(",") if n], base)
        finally:
            shutil.rmtree(base, ignore_errors=True)
    try:
        proj = git_repo(base / "proj")
        make_list("proj", 20)
        for name in ("known1", "known2"):
            git_repo(base / name)
            make_list(name, 5)
        for name in ("envrc1", "envrc2"):
            d = base / name
            d.mkdir()
            (d / ".envrc").write_text(f"export CLAUDE_CODE_TASK_LIST_ID={name}\n")
            subprocess.run(["direnv", "allow", str(d)], check=True, env=os.environ,
                           capture_output=True)
        date_back(base)
        del proj
        results: dict[tuple[str, str], dict[str, float]] = {}
        for shell in shells:
            if not shutil.which(shell):
                continue
            for config in CONFIGS:
                print(f"{shell} / {config} ...", file=sys.stderr, flush=True)
                results[(shell, config)] = measure(shell, config, base, only)
        del ShellDriver
        print(report(results))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


def by_size(shells: list[str], sizes: list[int], base: Path) -> int:
    """The ordinary prompt with a list of each size: what shellhooks adds, per shell."""
    for n in sizes:
        date_back(git_repo(base / f"proj{n}"), 3600)
        make_list(f"proj{n}", n, age=3600)
    rows = [f"Ordinary prompt in a project whose list has N tasks (dated an hour ago); "
            f"{PROMPTS} prompts per batch, median of {RUNS}; added = shellhooks minus no hook.",
            "", "| shell | tasks | no hook (ms) | added (ms) | added on-CPU (us) | processes |",
            "|---|---:|---:|---:|---:|---:|"]
    for shell in shells:
        for n in sizes:
            res = {c: measure(shell, c, base, ("prompt",), f"proj{n}")
                   for c in ("none", "shellhooks")}
            none, sh = res["none"], res["shellhooks"]
            rows.append(f"| {shell} | {n} | {none['prompt']:.2f} | "
                        f"{sh['prompt'] - none['prompt']:+.2f} | "
                        f"{sh['prompt_cpu'] - none['prompt_cpu']:+.0f} | {sh['prompt_px']:.2f} |")
    print("\n".join(rows))
    return 0


def report(res: dict[tuple[str, str], dict[str, float]]) -> str:
    def row(label: str, key: str, shell: str) -> str:
        none = res[(shell, "none")][key]
        sh = res[(shell, "shellhooks")][key]
        dv = res[(shell, "direnv")][key]
        add_sh, add_dv = sh - none, dv - none
        ratio = f"{add_sh / add_dv:.2f}" if add_dv > 0.005 else "-"
        return (f"| {shell} | {label} | {none:.2f} | {sh:.2f} (+{add_sh:.2f}) | "
                f"{dv:.2f} (+{add_dv:.2f}) | {ratio} | "
                f"{res[(shell, 'shellhooks')][key + '_px']:.2f} | "
                f"{res[(shell, 'direnv')][key + '_px']:.2f} |")

    lines = [
        f"Real interactive shells in a pty; {PROMPTS} lines typed per batch, median of {RUNS} "
        "batches; ms per line. *added* = minus no hook; *ratio* = shellhooks' added cost / "
        "direnv's. Processes: execve per line (strace -f).",
        "",
        "| shell | scenario | no hook | shellhooks | direnv | ratio | processes (shellhooks) "
        "| processes (direnv) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    shells = sorted({s for s, _ in res}, key=SHELLS.index)
    for shell in shells:
        lines.append(row("ordinary prompt", "prompt", shell))
        if "cd_within" not in res[(shell, "none")]:
            continue  # --only prompt
        lines.append(row("cd within a project", "cd_within", shell))
        lines.append(row("cd between known projects (direnv: loads .envrc)", "cd_known", shell))
        lines.append(row("cd into a project new to this shell, resolved before by another "
                         "(direnv: loads .envrc)", "cd_shared", shell))
        lines.append(row("cd into a project never resolved on this machine "
                         "(direnv: loads .envrc)", "cd_new", shell))
    lines.append("")

    def cpu(shell: str, config: str) -> float:
        return res[(shell, config)]["prompt_cpu"]

    lines.append("On-CPU time of the shell per ordinary prompt (median over the batches; load on "
                 "the machine disturbs it less than wall time): "
                 + ", ".join(f"{s} {cpu(s, 'none'):.0f} us, with shellhooks "
                             f"{cpu(s, 'shellhooks'):.0f} "
                             f"(+{cpu(s, 'shellhooks') - cpu(s, 'none'):.0f})"
                             for s in shells) + ".")
    lines.append("")
    lines.append("Sourcing the hook file at shell start (no Python): "
                 + ", ".join(f"{s} {res[(s, 'shellhooks')]['source']:.2f} ms" for s in shells)
                 + ".")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
