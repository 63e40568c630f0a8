"""Benchmark: CPU instructions the bash, zsh and fish hooks execute per prompt and per `cd`,
counted by valgrind (callgrind), so the figure does not depend on the load on the machine.

Run with the project's Python (`.venv/bin/python benchmarks/bench_instructions.py`);
prints markdown. `--hook DIR` measures the hook files of another checkout (for example an
older commit checked out with `git worktree add`), with that checkout's package.

Method: `bash -i -c` / `zsh -f -i -c` / `fish -N -i -c` (interactive, so the hook loads) under
`valgrind --tool=callgrind`, which counts the shell's own instructions and not those of
the processes it starts (the one `hook-env` per project; forks are not counted, and the
paths measured start none). The script sources the hook,
resolves every project once, then runs a loop of N iterations; per-iteration cost =
(count at N - count at 0) / N, minus the same loop with no hook (the loop itself). The
hook runs as the shell runs it: bash evaluates `PROMPT_COMMAND`, zsh calls its precmd
functions, fish emits its fish_prompt event, and a `cd` in zsh runs its chpwd functions (in
fish, the handlers of the PWD variable).

Scenarios (each iteration):
- prompt: one ordinary prompt in a project with a 20-task list;
- cd within: `cd proj/src`, prompt, `cd proj`, prompt (per `cd`: half the iteration);
- cd known: the same between two projects this shell resolved before;
- cd shared: `cd` into a project another shell resolved (its stored answer), prompt, and
  back out to a folder without project; the shell forgets its own answers first, so each
  entry reads the stored one (per `cd`: the whole iteration, the way out included).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_hooks import date_back, git_repo, make_list, setup_home  # noqa: E402

N = 200
SCENARIOS = ("prompt", "cd_within", "cd_known", "cd_shared")


def prompt_cmd(shell: str) -> str:
    if shell == "bash":
        return 'eval "${PROMPT_COMMAND[*]-}"'
    if shell == "fish":
        return "emit fish_prompt"
    return "for __f in $precmd_functions; do $__f; done"


def body(shell: str, scenario: str, base: Path) -> str:
    p = prompt_cmd(shell)
    proj, known1, known2 = base / "proj", base / "known1", base / "known2"
    if scenario == "prompt":
        return p
    if scenario == "cd_within":
        return f"cd {proj}/src; {p}; cd {proj}; {p}"
    if scenario == "cd_known":
        return f"cd {known1}; {p}; cd {known2}; {p}"
    # Forget this shell's answers (as a new shell would have none): the stored one is read.
    # (__shellhooks_c_free: their slots are free again; __shellhooks_cache,
    # __shellhooks_cvals: the answers in the hooks of d7cf131, the figures' reference.)
    forget = "__shellhooks_c_n=() __shellhooks_c_free=1 __shellhooks_cache=()"
    if shell == "fish":
        forget = "set -g __shellhooks_ckeys; set -g __shellhooks_cvals"
    return f"{forget}; cd {base / 'shared'}; {p}; cd {base / 'plain'}; {p}"


def script(shell: str, scenario: str, base: Path, hook: Path | None, n: int) -> str:
    p = prompt_cmd(shell)
    lines = []
    if shell == "bash":
        lines.append("PS1='\\w \\$ '")
    elif shell == "zsh":
        lines.append("PROMPT='%~ %# '")
    if hook is not None:
        lines.append(f"{'source' if shell == 'fish' else '.'} {hook / f'hook.{shell}'}")
    # Every project resolved once (hook-env runs here, outside the count's difference).
    for d in ("plain", "shared", "known1", "known2", "proj/src", "proj"):
        lines.append(f"cd {base / d}; {p}")
    lines.append(body(shell, scenario, base))  # warm
    if shell == "fish":
        lines.append(f"set i 0; while test $i -lt {n}; {body(shell, scenario, base)}; "
                     "set i (math $i + 1); end")
    else:
        lines.append(f"i=0; while (( i < {n} )); do {body(shell, scenario, base)}; (( i++ )); done")
    return "\n".join(lines) + "\n"


def count(shell: str, code: str, env: dict[str, str], cwd: Path) -> int:
    argv = {"bash": ["bash", "--noprofile", "--norc", "-i", "-c", code],
            "zsh": ["zsh", "-f", "-i", "-c", code],
            "fish": ["fish", "-N", "-i", "-c", code]}[shell]
    with tempfile.NamedTemporaryFile(prefix="callgrind-") as out:
        r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}",
                            *argv], env=env, cwd=cwd, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=1200)
    # The shell's own count (a forked child's count starts from its parent's at the fork,
    # so children are not added: the paths measured here start none, and hook-env runs
    # only before the loop).
    main = re.search(r"==(\d+)== Command:", r.stderr)
    found = main and re.search(rf"=={main[1]}== Collected : (\d+)", r.stderr)
    if not found or "the hook is off" in r.stderr:
        raise RuntimeError(r.stderr[-2000:])
    return int(found[1])


def per_iteration(shell: str, scenario: str, base: Path, hook: Path | None,
                  env: dict[str, str], n: int) -> float:
    # (A first run stores every project's answer: the counted runs start alike.)
    count(shell, script(shell, scenario, base, hook, 0), env, base)
    zero = count(shell, script(shell, scenario, base, hook, 0), env, base)
    many = count(shell, script(shell, scenario, base, hook, n), env, base)
    return (many - zero) / n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hook", type=Path, default=ROOT,
                    help="the checkout whose shellhooks/shells/hook.* to measure")
    ap.add_argument("--shells", default="bash,zsh,fish")
    ap.add_argument("--only", default=",".join(SCENARIOS))
    ap.add_argument("-n", type=int, default=N)
    args = ap.parse_args(argv)
    if not shutil.which("valgrind"):
        print("valgrind is needed", file=sys.stderr)
        return 1
    base = setup_home()
    try:
        git_repo(base / "proj")
        make_list("proj", 20)
        for name in ("known1", "known2", "shared"):
            git_repo(base / name)
            make_list(name, 5)
        (base / "plain").mkdir()
        date_back(base)
        hooks = args.hook.resolve() / "shellhooks" / "shells"
        env = dict(os.environ)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        for var in ("PROMPT_COMMAND", "PS1", "PROMPT", "RPROMPT", "ZDOTDIR", "SHELLHOOKS_DISABLE"):
            env.pop(var, None)
        env.setdefault("TERM", "xterm-256color")
        print(f"hook: {hooks}\n")
        print("| shell | scenario | instructions per iteration (hook) | loop alone | added |")
        print("|---|---|---|---|---|")
        for shell in args.shells.split(","):
            for scenario in args.only.split(","):
                with_hook = per_iteration(shell, scenario, base, hooks, env, args.n)
                alone = per_iteration(shell, scenario, base, None, env, args.n)
                print(f"| {shell} | {scenario} | {with_hook:,.0f} | {alone:,.0f} | "
                      f"{with_hook - alone:,.0f} |", flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
