"""install.sh in a temporary HOME: the environment, rc blocks, completions and --uninstall.

To stay fast, a wheel of the package and wheels of its dependencies are built once per
session into a wheelhouse that every run installs from (`--from WHEELHOUSE`, no index).
The script is run by /bin/sh, as a user would (`./install.sh` has `#!/bin/sh`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pexpect
import pytest

from tests.planted import found, plant
from tests.shelldriver import SHELLS, ShellDriver, require_shell, require_tool
from tests.taskfixtures import ClaudeHome
from tests.test_completions import tab

REPO = Path(__file__).resolve().parent.parent
INSTALL = REPO / "install.sh"
BEGIN, END = "# >>> shellhooks >>>", "# <<< shellhooks <<<"
TIMEOUT = 300
# Common folders the installer may create and leaves (other programs use them too).
XDG_PARENTS = {".local", ".local/share", ".local/bin", ".config", ".config/fish"}
FOREIGN = {".rustup", ".cargo"}


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a wheel of the working tree and wheels of its dependencies."""
    wh = tmp_path_factory.mktemp("wheelhouse")
    # Build from a copy, so the build leaves nothing (build/, *.egg-info) in the checkout.
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, src / name)
    shutil.copytree(REPO / "shellhooks", src / "shellhooks",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
           "-w", str(wh)]
    # The test venv's setuptools avoids fetching one for an isolated build.
    local_build = all(importlib.util.find_spec(m) for m in ("setuptools", "wheel"))
    isolation = ["--no-build-isolation"] if local_build else []
    deps = [f"{d}=={metadata.version(d)}" for d in ("python-dotenv", "psutil", "tabulate")]
    for argv in (pip + ["--no-deps", *isolation, str(src)], pip + deps):
        r = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT)
        assert r.returncode == 0, f"{argv} failed:\n{r.stdout}\n{r.stderr}"
    return wh


def env_for(home: Path, *, local_bin_on_path: bool = True) -> dict[str, str]:
    """The environment of a user whose home is `home` (no test venv on PATH)."""
    test_bin = str(Path(sys.executable).parent)
    path = [p for p in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
            if p and p != test_bin]
    if local_bin_on_path:
        path.insert(0, str(home / ".local" / "bin"))
    e = dict(os.environ)
    for var in ("ZDOTDIR", "PIP_USER", "PIP_REQUIRE_VIRTUALENV", "VIRTUAL_ENV", "VISUAL",
                "EDITOR", "PYTHONPATH", "SHELL"):  # SHELL: CI runs without one
        e.pop(var, None)
    e.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        CLAUDE_CONFIG_DIR=str(home / ".claude"),
        PATH=os.pathsep.join(path),
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_CACHE_DIR="1",  # pip's cache would land in the home being compared
    )
    return e


def install(home: Path, *args: str, wheelhouse: Path | None = None, ok: bool = True,
            env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run install.sh (not on a terminal) for the user `home`, from `cwd`."""
    argv = ["/bin/sh", str(INSTALL), "--method", "venv", "--python", sys.executable]
    if wheelhouse is not None:
        argv += ["--from", str(wheelhouse)]
    r = subprocess.run(argv + list(args), env=env or env_for(home), stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd)
    if ok:
        assert r.returncode == 0, f"install.sh {args} failed:\n{r.stdout}\n{r.stderr}"
    return r


def snapshot(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every path under `root`: its kind and its content (a link's target). Leaves out the
    common XDG parents and what other programs write into HOME (pip runs `rustc --version`
    for its user agent, and rustup then writes ~/.rustup)."""
    out: dict[str, tuple[str, bytes]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(root))
            if rel in XDG_PARENTS or rel.split("/")[0] in FOREIGN:
                continue
            if p.is_symlink():
                out[rel] = ("link", os.readlink(p).encode())
            elif p.is_dir():
                out[rel] = ("dir", b"")
            else:
                out[rel] = ("file", p.read_bytes())
    return out


def make_home(root: Path) -> Path:
    """A home with rc files a user might have (one without a final newline)."""
    home = root / "user"
    home.mkdir()
    (home / ".bashrc").write_bytes(b"# my bashrc\nalias ll='ls -l'")
    (home / ".zshrc").write_bytes(b"autoload -Uz compinit && compinit -u -D\nsetopt autocd\n")
    fish_dir = home / ".config" / "fish"
    fish_dir.mkdir(parents=True)
    # Without it fish's first start parses every man page in the background (slow).
    (home / ".local" / "share" / "fish" / "generated_completions").mkdir(parents=True)
    (fish_dir / "config.fish").write_bytes(b"set -g my_setting 1\n")
    return home


# ----- a full install, shared by the tests of this group ------------------------------------


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, wheelhouse: Path) -> Iterator[Path]:
    """A home where install.sh ran twice: with --yes (a bash user without ~/.local/bin on
    PATH), then on a terminal answering the question with Enter. Both from a folder that
    shadows every module (see test_install_imports_nothing_from_here)."""
    root = tmp_path_factory.mktemp("installed")
    home = make_home(root)
    here = root / "planted"
    plant(here, root / "markers")
    env = env_for(home, local_bin_on_path=False)
    env["SHELL"] = "/bin/bash"
    first = install(home, "--yes", "--shell", "all", wheelhouse=wheelhouse, env=env, cwd=here)
    (home / "first-run.txt").write_text(first.stdout, encoding="utf-8")
    assert first.stderr == "", first.stderr
    # The second run, on a terminal, asks before editing rc files.
    child = pexpect.spawn("/bin/sh", [str(INSTALL), "--method", "venv", "--python",
                                      sys.executable, "--from", str(wheelhouse), "--shell",
                                      "all"],
                          env=env_for(home), encoding="utf-8", timeout=TIMEOUT, cwd=here)
    child.expect(r"\? \[Y/n\] ")
    (home / "question.txt").write_text(str(child.before) + str(child.after), encoding="utf-8")
    child.sendline("")  # Enter: the default, yes
    # Then the Claude Code hooks (the first run, not on a terminal, only said how).
    child.expect(r"complete task history \(in ~/\.claude/settings\.json\)\? \[Y/n\] ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    (home / "second-run.txt").write_text(str(child.before), encoding="utf-8")
    assert child.exitstatus == 0, child.before
    yield home


def test_install_imports_nothing_from_here(installed: Path) -> None:
    """Python started by the installer (its probes, `-m venv` and the ensurepip it runs,
    `-m pip`) never imports from the folder install.sh was started in."""
    assert found(installed.parent / "markers") == []


def test_install_twice_leaves_one_block_per_rc_file(installed: Path) -> None:
    for rc in (installed / ".bashrc", installed / ".zshrc"):
        text = rc.read_text(encoding="utf-8")
        assert text.count(BEGIN) == 1 and text.count(END) == 1, text
    assert (installed / ".bashrc").read_text(encoding="utf-8").startswith(
        "# my bashrc\nalias ll='ls -l'\n" + BEGIN)
    conf = installed / ".config" / "fish" / "conf.d" / "shellhooks.fish"
    assert conf.read_text(encoding="utf-8").count(BEGIN) == 1
    assert (installed / ".config" / "fish" / "config.fish").read_bytes() == b"set -g my_setting 1\n"


def test_install_asks_on_a_terminal_and_reports_files(installed: Path) -> None:
    question = (installed / "question.txt").read_text(encoding="utf-8")
    assert "~/.bashrc" in question and "~/.zshrc" in question
    first = (installed / "first-run.txt").read_text(encoding="utf-8")
    for shown in ("~/.bashrc", "~/.zshrc", "~/.config/fish/conf.d/shellhooks.fish",
                  "~/.local/share/bash-completion/completions/shellhooks",
                  "~/.config/fish/completions/shellhooks.fish", "~/.local/bin/shellhooks"):
        assert shown in first, first
    # Files it created are reported as created, the others as updated.
    for line in ("  updated ~/.bashrc", "  updated ~/.zshrc",
                 "  created ~/.config/fish/conf.d/shellhooks.fish",
                 "  created ~/.local/share/bash-completion/completions/shellhooks"):
        assert line in first.splitlines(), first
    assert "updated ~/.config/fish/conf.d/shellhooks.fish" not in first
    # ~/.local/bin was not on PATH for the first run only: its summary ends with the line
    # to add for the user's shell (bash), then "Done" naming the command by its path.
    assert first.splitlines()[-3:] == [
        "~/.local/bin is not on your PATH, so the shellhooks command is not found by name "
        "(the hook works anyway). Add this line to ~/.bashrc:",
        '    export PATH="$HOME/.local/bin:$PATH"',
        "Done. Open a new terminal (or run '~/.local/bin/shellhooks demo' to try it in a "
        "sandbox).",
    ]
    line = first.splitlines()[-2].strip()
    r = subprocess.run(["/bin/bash", "-c", line + '; printf %s "$PATH"'], capture_output=True,
                       text=True, env=env_for(installed, local_bin_on_path=False), timeout=60)
    assert r.stdout.split(":")[0] == str(installed / ".local/bin"), r
    second = (installed / "second-run.txt").read_text(encoding="utf-8").replace("\r\n", "\n")
    assert "not on your PATH" not in second
    assert second.rstrip("\n").splitlines()[-1] == (
        "Done. Open a new terminal (or run 'shellhooks demo' to try it in a sandbox).")


def test_claude_hooks_are_offered_and_set_up(installed: Path) -> None:
    first = (installed / "first-run.txt").read_text(encoding="utf-8")
    assert ("Claude Code hooks not set up, so the task history is partial: run 'shellhooks "
            "setup claude-hooks' (or install.sh --claude-hooks).") in first.splitlines()
    hooks = json.loads((installed / ".claude/settings.json").read_text("utf-8"))["hooks"]
    assert sorted(hooks) == ["SessionEnd", "SessionStart", "TaskCompleted", "TaskCreated"]
    command = hooks["TaskCompleted"][0]["hooks"][0]["command"]
    assert command.endswith("shellhooks claude-hook TaskCompleted")
    r = subprocess.run([*shlex.split(command)], input="{}", capture_output=True, text=True,
                       env=env_for(installed), timeout=60)
    assert r.returncode == 0 and r.stdout == ""


def test_claude_hooks_flags(tmp_path: Path, wheelhouse: Path) -> None:
    home = make_home(tmp_path)
    r = install(home, "--no-claude-hooks", "--no-modify-rc", "--shell", "bash",
                wheelhouse=wheelhouse)
    assert "Claude Code hooks" not in r.stdout and not (home / ".claude/settings.json").exists()
    r = install(home, "--claude-hooks", "--no-modify-rc", "--shell", "bash",
                wheelhouse=wheelhouse)
    assert "Added hooks for SessionStart" in r.stdout, r.stdout
    assert "claude-hook TaskCompleted" in (home / ".claude/settings.json").read_text("utf-8")


def test_installed_command_runs_from_its_own_environment(installed: Path) -> None:
    exe = installed / ".local" / "bin" / "shellhooks"
    assert exe.is_symlink()
    venv = installed / ".local" / "share" / "shellhooks" / "venv"
    assert Path(os.path.realpath(exe)).is_relative_to(venv.resolve())
    # The rc blocks' fixed path leads into the installed package, not into the checkout.
    link = installed / ".local" / "share" / "shellhooks" / "lib" / "shellhooks"
    assert Path(os.path.realpath(link)).is_relative_to(venv.resolve())
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True,
                       env=env_for(installed), timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("shellhooks "), r
    # No system-site-packages: the environment is the installer's own.
    cfg = (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    assert "include-system-site-packages = false" in cfg


def test_completion_files_are_installed(installed: Path) -> None:
    pairs = {
        "shellhooks.bash": installed / ".local/share/bash-completion/completions/shellhooks",
        "_shellhooks": installed / ".local/share/shellhooks/zsh-completions/_shellhooks",
        "shellhooks.fish": installed / ".config/fish/completions/shellhooks.fish",
    }
    for name, dst in pairs.items():
        assert dst.read_bytes() == (REPO / "completions" / name).read_bytes()


def test_man_finds_the_installed_manual_page(installed: Path) -> None:
    """`man shellhooks` works with no MANPATH: the page sits beside the command's folder."""
    page = installed / ".local/share/man/man1/shellhooks.1"
    assert page.read_bytes() == (REPO / "man" / "shellhooks.1").read_bytes()
    if shutil.which("man") is None and os.environ.get("CI") != "true":
        pytest.skip("man is not installed")
    env = env_for(installed)
    env.pop("MANPATH", None)
    r = subprocess.run(["man", "-w", "shellhooks"], env=env, capture_output=True, text=True,
                       timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert r.stdout.strip() == str(page), r


@pytest.mark.parametrize("shell", SHELLS)
def test_new_shell_exports_the_id_on_cd_and_completes_list_ids(installed: Path, shell: str) -> None:
    require_shell(shell)
    project = installed / "projects" / "My Proj"
    if not (project / ".git").exists():
        project.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "init", "-q", str(project)], check=True, timeout=60)
        ClaudeHome(installed / ".claude").make_list("my-proj", ["pending", "completed"])
    env = env_for(installed)
    env["ZDOTDIR"] = str(installed)
    with ShellDriver(shell, rc=True, env=env, term="xterm", cwd=installed) as sh:
        assert sh.child_env().get("CLAUDE_CODE_TASK_LIST_ID") is None
        r = sh.cd(project)
        assert r.status == 0, r
        assert sh.child_env().get("CLAUDE_CODE_TASK_LIST_ID") == "my-proj", sh.transcript[-3:]
        tab(sh, "shellhooks show my-p\t", "show my-proj")


def test_rerun_replaces_an_old_block_in_place(installed: Path, wheelhouse: Path) -> None:
    """A block from an older install (different lines) with user lines after it: a re-run
    replaces only the block. A begin marker without an end marker is left for the user."""
    bashrc = installed / ".bashrc"
    text = bashrc.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END) + 1
    flags = "".join(line + "\n" for line in text[start:end].splitlines()
                    if line.startswith("# shellhooks-install:"))
    user_line = "alias gs='git status'\n"
    old = text[:start] + BEGIN + "\n" + flags + ". /old/place/hook.bash\n" + END + "\n" + user_line
    bashrc.write_text(old, encoding="utf-8")
    zshrc = installed / ".zshrc"
    broken = zshrc.read_text(encoding="utf-8").replace(END + "\n", "")
    zshrc.write_text(broken, encoding="utf-8")
    r = install(installed, "--yes", "--shell", "bash,zsh", wheelhouse=wheelhouse)
    assert bashrc.read_text(encoding="utf-8") == text[:end] + user_line
    assert zshrc.read_text(encoding="utf-8") == broken
    assert "has '# >>> shellhooks >>>' without '# <<< shellhooks <<<'" in r.stderr, r.stderr


# ----- single runs ----------------------------------------------------------------------------


def test_dry_run_changes_nothing(tmp_path: Path, wheelhouse: Path) -> None:
    home = make_home(tmp_path)
    before = snapshot(home)
    r = install(home, "--dry-run", "--yes", "--shell", "all", wheelhouse=wheelhouse)
    assert snapshot(home) == before
    assert "would write ~/.bashrc" in r.stdout and BEGIN in r.stdout, r.stdout
    assert "would run:" in r.stdout and "venv" in r.stdout


def test_no_terminal_or_no_modify_rc_prints_the_lines(tmp_path: Path, wheelhouse: Path) -> None:
    """No terminal and no --yes, --no-modify-rc, or "n" at the question: the rc files stay
    as they are, the lines to add are shown, and the last line says so and what to do
    (never "Done. Open a new terminal"). The PATH advice is for the user's shell."""
    home = make_home(tmp_path)
    rc_before = {n: (home / n).read_bytes() for n in (".bashrc", ".zshrc")}
    env = env_for(home, local_bin_on_path=False)
    env["SHELL"] = "/usr/bin/fish"
    r = install(home, "--shell", "bash,zsh,fish", wheelhouse=wheelhouse, env=env)  # no tty
    assert "Not on a terminal" in r.stdout
    files = "~/.bashrc ~/.zshrc ~/.config/fish/conf.d/shellhooks.fish"
    assert r.stdout.splitlines()[-3:] == [
        "~/.local/bin is not on your PATH, so the shellhooks command is not found by name "
        "(the hook works anyway). Run this once in fish:",
        '    fish_add_path "$HOME/.local/bin"',
        f"Not changed: {files}, so a new terminal will not load shellhooks: run "
        f"'{INSTALL} --yes', or add the lines shown above yourself.",
    ], r.stdout
    fish = require_shell("fish")
    line = r.stdout.splitlines()[-2].strip()
    added = subprocess.run([fish, "-c", line + "; string join : $PATH"], capture_output=True,
                           text=True, env=env, timeout=60)
    assert added.stdout.split(":")[0] == str(home / ".local/bin"), added
    env["SHELL"] = "/bin/zsh"
    r2 = install(home, "--no-modify-rc", "--yes", "--shell", "all", wheelhouse=wheelhouse,
                 env=env)
    assert r2.stdout.splitlines()[-3:] == [
        "~/.local/bin is not on your PATH, so the shellhooks command is not found by name "
        "(the hook works anyway). Add this line to ~/.zshrc:",
        '    export PATH="$HOME/.local/bin:$PATH"',
        f"Not changed (--no-modify-rc): {files}. Add the lines shown above, then open a new "
        "terminal.",
    ], r2.stdout
    # On a terminal, answering n.
    child = pexpect.spawn("/bin/sh", [str(INSTALL), "--method", "venv", "--python",
                                      sys.executable, "--from", str(wheelhouse), "--shell",
                                      "all", "--no-claude-hooks"],
                          env=env_for(home), encoding="utf-8", timeout=TIMEOUT)
    child.expect(r"\? \[Y/n\] ")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    r3 = str(child.before).replace("\r\n", "\n")
    assert child.exitstatus == 0, r3
    assert r3.rstrip("\n").splitlines()[-1] == (
        f"Not changed: {files}, so a new terminal will not load shellhooks: run "
        f"'{INSTALL} --yes', or add the lines shown above yourself."), r3
    for out in (r.stdout, r2.stdout, r3):
        assert "Add these lines to ~/.bashrc:" in out and "Add these lines to ~/.zshrc:" in out
        assert "Create ~/.config/fish/conf.d/shellhooks.fish with these lines:" in out
        assert out.count(BEGIN) == 3 and "hook.bash" in out and "hook.fish" in out
        assert "Done" not in out and "Open a new terminal" not in out
    assert {n: (home / n).read_bytes() for n in rc_before} == rc_before
    assert not (home / ".config/fish/conf.d/shellhooks.fish").exists()
    # Everything else was installed.
    assert (home / ".local/bin/shellhooks").exists()
    assert (home / ".config/fish/completions/shellhooks.fish").exists()


def test_symlinked_and_read_only_rc_then_uninstall_restores_every_byte(
    tmp_path: Path, wheelhouse: Path
) -> None:
    home = make_home(tmp_path)
    dotfiles = home / "dotfiles"
    dotfiles.mkdir()
    (home / ".bashrc").rename(dotfiles / "bashrc")
    (home / ".bashrc").symlink_to("dotfiles/bashrc")
    zshrc = home / ".zshrc"
    zshrc.chmod(0o444)
    before = snapshot(home)

    r = install(home, "--yes", "--shell", "all", wheelhouse=wheelhouse)
    # The symlink was followed and is still a link.
    assert (home / ".bashrc").is_symlink() and os.readlink(home / ".bashrc") == "dotfiles/bashrc"
    assert BEGIN in (dotfiles / "bashrc").read_text(encoding="utf-8")
    assert (dotfiles / "bashrc.shellhooks.bak").read_bytes() == before["dotfiles/bashrc"][1]
    # The read-only file is untouched, with a clear message, and the other steps ran.
    assert zshrc.read_bytes() == before[".zshrc"][1]
    assert "not editing ~/.zshrc: ~/.zshrc is read-only" in r.stderr, r.stderr
    assert "hook.zsh" in r.stderr  # the lines to add by hand
    assert (home / ".local/share/shellhooks/zsh-completions/_shellhooks").exists()
    assert (home / ".config/fish/conf.d/shellhooks.fish").exists()
    assert stat.S_IMODE(zshrc.stat().st_mode) == 0o444

    # Now with the block in .zshrc too (the user made it writable), then uninstall.
    zshrc.chmod(0o644)
    install(home, "--yes", "--shell", "zsh", wheelhouse=wheelhouse)
    assert BEGIN in zshrc.read_text(encoding="utf-8")
    zshrc.chmod(0o444)
    r = install(home, "--uninstall")
    assert "not editing ~/.zshrc" in r.stderr
    zshrc.chmod(0o644)
    installed_state = snapshot(home)
    r = install(home, "--uninstall", "--dry-run")
    assert "would remove the shellhooks block from ~/.zshrc" in r.stdout, r.stdout
    assert snapshot(home) == installed_state
    r = install(home, "--uninstall")
    assert "removed the block from ~/.zshrc" in r.stdout, r.stdout
    after = snapshot(home)
    assert after == before, sorted(set(after.items()) ^ set(before.items()))


def test_uninstall_of_a_file_it_created_removes_it(tmp_path: Path, wheelhouse: Path) -> None:
    """A home with no rc files at all: install creates them, uninstall removes them."""
    home = tmp_path / "user"
    home.mkdir()
    before = snapshot(home)
    r = install(home, "--yes", "--shell", "all", wheelhouse=wheelhouse)
    assert (home / ".bashrc").read_text(encoding="utf-8").startswith(BEGIN)
    assert "  created ~/.bashrc" in r.stdout.splitlines() and "updated" not in r.stdout, r.stdout
    install(home, "--uninstall", "--shell", "all")
    assert snapshot(home) == before


def test_method_is_uv_then_pipx_then_venv(tmp_path: Path) -> None:
    """The choice of environment, seen through --dry-run with stand-in uv and pipx."""
    home = make_home(tmp_path)
    fake = tmp_path / "fakebin"
    fake.mkdir()
    env = env_for(home)
    # Only the stand-ins: leave out folders where a real uv or pipx is installed.
    system = [d for d in env["PATH"].split(os.pathsep)
              if not any((Path(d) / t).exists() for t in ("uv", "pipx"))]
    env["PATH"] = os.pathsep.join([str(fake), *system])

    def chosen() -> str:
        argv = ["/bin/sh", str(INSTALL), "--dry-run", "--yes", "--shell", "bash"]
        r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stderr
        return r.stdout

    for tool in ("uv", "pipx"):
        (fake / tool).write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        (fake / tool).chmod(0o755)
    assert "would run: uv tool install" in chosen()
    (fake / "uv").unlink()
    assert "would run: pipx install" in chosen()
    (fake / "pipx").unlink()
    out = chosen()
    assert "-m venv" in out and "pip install" in out


def test_never_user_or_system_installs() -> None:
    text = INSTALL.read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "--break-system-packages" not in code and "--user" not in code
    assert "system-site-packages" not in code


def test_shellcheck_clean() -> None:
    require_tool("shellcheck")
    r = subprocess.run(["shellcheck", "-s", "sh", str(INSTALL)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout


def test_help_and_bad_options(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    r = subprocess.run(["/bin/sh", str(INSTALL), "--help"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and "--uninstall" in r.stdout
    r = subprocess.run(["/bin/sh", str(INSTALL), "--shell", "tcsh"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "tcsh" in r.stderr
    r = subprocess.run(["/bin/sh", str(INSTALL), "--bogus"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2


def test_quoting_of_paths_in_the_block(tmp_path: Path) -> None:
    """A home folder with a quote and a space: the block still names the right file."""
    home = tmp_path / "it's home"
    home.mkdir()
    env = env_for(home)
    env["XDG_DATA_HOME"] = str(home / "data $(x) 'q' \\")
    r = subprocess.run(["/bin/sh", str(INSTALL), "--no-modify-rc", "--dry-run", "--shell", "all",
                        "--method", "venv"],
                       env=env, capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    want = Path(env["XDG_DATA_HOME"]) / "shellhooks/lib/shellhooks/shells"
    for shell in SHELLS:
        # Evaluate the block's source line in each shell and compare the path it names.
        line = next(ln for ln in r.stdout.splitlines() if f"hook.{shell}" in ln
                    and ("source" in ln or ln.strip().startswith(".")))
        path_word = line.strip().split(None, 1)[1]
        sh = require_shell(shell)
        printed = subprocess.run(
            [sh, "-c", f"printf '%s' {path_word}"],
            env=env, capture_output=True, text=True, timeout=60,
        )
        assert printed.stdout == str(want / f"hook.{shell}"), (shell, line, printed)
        # The environment's Python the block hands to the hook.
        line = next(ln for ln in r.stdout.splitlines() if f"hook.{shell}" not in ln
                    and " -x " in ln)
        py_word = line.split(" -x ", 1)[1].split(" ]")[0]
        printed = subprocess.run([sh, "-c", f"printf '%s' {py_word}"], env=env,
                                 capture_output=True, text=True, timeout=60)
        assert printed.stdout == str(Path(env["XDG_DATA_HOME"]) / "shellhooks/venv/bin/python"), \
            (shell, line, printed)


def test_install_doc_shows_the_current_bash_block(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    env.pop("XDG_DATA_HOME")
    env.pop("XDG_CONFIG_HOME")
    # The venv method: the block names the environment's Python, whose place depends on it.
    r = subprocess.run(["/bin/sh", str(INSTALL), "--no-modify-rc", "--dry-run", "--shell", "bash",
                        "--method", "venv"],
                       env=env, capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    block = r.stdout[r.stdout.index(BEGIN):r.stdout.index(END) + len(END)]
    doc = (REPO / "docs" / "install.md").read_text(encoding="utf-8")
    shown = "\n".join(line.strip() for line in doc.splitlines())
    assert "\n".join(line.strip() for line in block.splitlines()) in shown, block


@pytest.mark.parametrize("tool", ["uv", "pipx"])
def test_uv_or_pipx_install_upgrade_and_uninstall(tool: str, tmp_path: Path,
                                                   wheelhouse: Path) -> None:
    """With uv (or pipx) on PATH the installer uses it, a re-run keeps it, and --uninstall
    removes the tool's environment as well as everything else."""
    exe = Path(sys.executable).parent / tool
    if not exe.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing from the test environment (the test extra has it)")
        pytest.skip(f"{tool} is not installed in the test environment")
    home = make_home(tmp_path)
    fake = tmp_path / "toolbin"
    fake.mkdir()
    (fake / tool).symlink_to(exe)
    env = env_for(home)
    env["PATH"] = str(fake) + os.pathsep + env["PATH"]
    # Offline: the wheelhouse only; the cache outside the home.
    env.update(UV_NO_INDEX="1", UV_PYTHON_DOWNLOADS="never", UV_CACHE_DIR=str(tmp_path / "uvc"))
    rc_before = {n: (home / n).read_bytes() for n in (".bashrc", ".zshrc")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        r = subprocess.run(["/bin/sh", str(INSTALL), *args], env=env, text=True,
                           capture_output=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT)
        assert r.returncode == 0, r.stdout + r.stderr
        return r

    first = run("--from", str(wheelhouse), "--yes", "--shell", "bash,zsh")
    assert f"with {tool}" in first.stdout and "-m venv" not in first.stdout
    again = run("--from", str(wheelhouse), "--yes", "--shell", "bash,zsh")
    assert f"with {tool}" in again.stdout
    env_dir = {"uv": home / ".local/share/uv/tools/shellhooks",
               "pipx": home / ".local/share/pipx/venvs/shellhooks"}[tool]
    link = home / ".local/share/shellhooks/lib/shellhooks"
    assert Path(os.path.realpath(link)).is_relative_to(env_dir.resolve())
    assert (link / "shells" / "hook.bash").is_file()
    version = subprocess.run([str(home / ".local/bin/shellhooks"), "--version"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert version.stdout.startswith("shellhooks "), version
    assert not (home / ".local/share/shellhooks/venv").exists()
    # The rc block hands the hook this environment's Python.
    line = next(ln for ln in (home / ".bashrc").read_text(encoding="utf-8").splitlines()
                if "__shellhooks_py=" in ln)
    py = subprocess.run(["/bin/bash", "-c", line.strip() + ' && printf %s "$__shellhooks_py"'],
                        env=env, capture_output=True, text=True, timeout=60).stdout
    assert Path(py).parent == env_dir / "bin", (line, py)

    run("--uninstall")
    assert not env_dir.exists() and not link.exists()
    assert not (home / ".local/bin/shellhooks").exists()
    assert {n: (home / n).read_bytes() for n in rc_before} == rc_before
