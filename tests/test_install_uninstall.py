"""install.sh without the command's folder on PATH, and --uninstall leaving Claude Code and
open shells working: its settings.json back as it was before `shellhooks setup`, and the
`claude` wrapper of a shell still open running the real claude."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.shelldriver import SHELLS, Result, ShellDriver, quote, require_shell
from tests.taskfixtures import ClaudeHome
from tests.test_install import env_for, install, make_home, wheelhouse

__all__ = ["wheelhouse"]  # the session fixture, shared with tests/test_install.py

# A user's settings before any `shellhooks setup`: their own statusLine and hooks.
USER_SETTINGS = {
    "model": "opus",
    "statusLine": {"type": "command", "command": "~/bin/my-line.sh --short", "padding": 1},
    "hooks": {"Stop": [{"matcher": "", "hooks": [{"type": "command", "command": "say done"}]}]},
    "permissions": {"allow": ["Bash(ls:*)"]},
}


def settings_home(tmp_path: Path) -> tuple[Path, Path, bytes]:
    home = make_home(tmp_path)
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir()
    before = (json.dumps(USER_SETTINGS, indent=2) + "\n").encode()
    settings.write_bytes(before)
    return home, settings, before


def shellhooks(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([str(home / ".local/bin/shellhooks"), *args], env=env_for(home),
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r
    return r


@pytest.mark.parametrize("how", ["--chain", "--force"])
def test_uninstall_puts_claude_settings_back(tmp_path: Path, wheelhouse: Path, how: str) -> None:
    """Setup over the user's own statusLine (chained, or replaced and remembered), plus the
    hooks; --uninstall shows what it will change, then leaves settings.json byte for byte
    as it was before setup, with a backup of what it changed."""
    home, settings, before = settings_home(tmp_path)
    install(home, "--yes", "--shell", "bash", wheelhouse=wheelhouse)
    shellhooks(home, "setup", "claude-statusline", how)
    shellhooks(home, "setup", "claude-hooks")
    with_ours = settings.read_bytes()
    assert b"shellhooks statusline" in with_ours and b"claude-hook SessionEnd" in with_ours

    dry = install(home, "--uninstall", "--dry-run")
    assert settings.read_bytes() == with_ours
    assert "(would change)" in dry.stdout and "statusLine restored to: ~/bin/my-line.sh --short" \
        in dry.stdout, dry.stdout

    r = install(home, "--uninstall")
    assert settings.read_bytes() == before, settings.read_text(encoding="utf-8")
    lines = r.stdout.splitlines()
    # Paths are shown with the home folder as `~`, as in every message.
    assert "Claude Code's settings, ~/.claude/settings.json:" in lines, r.stdout
    assert "  statusLine restored to: ~/bin/my-line.sh --short" in lines
    assert ("  hooks running `shellhooks claude-hook` removed (SessionStart, SessionEnd, "
            "TaskCreated, TaskCompleted)") in lines
    # The backup holds what was changed; nothing remembered is left behind.
    backups = sorted(settings.parent.glob("settings.json.bak*"))
    assert any(b.read_bytes() == with_ours for b in backups), backups
    assert not (home / ".local/share/shellhooks/claude-statusline-replaced.json").exists()
    # Run again: nothing of ours is left to take out, and nothing is written.
    again = install(home, "--uninstall")
    assert "Claude Code's settings" not in again.stdout and settings.read_bytes() == before


def test_uninstall_says_what_it_keeps_and_how_to_remove_it(tmp_path: Path,
                                                            wheelhouse: Path) -> None:
    """Config, trust decisions and the cache stay, listed with the one command (the one the
    README shows) that removes them, and that command works."""
    home, settings, _ = settings_home(tmp_path)
    install(home, "--yes", "--shell", "bash", wheelhouse=wheelhouse)
    shellhooks(home, "setup", "claude-hooks")
    with_ours = settings.read_bytes()
    (home / ".config/shellhooks").mkdir(parents=True)
    (home / ".config/shellhooks/config.toml").write_text("[x]\n", encoding="utf-8")
    (home / ".cache/shellhooks").mkdir(parents=True)
    (home / ".local/share/shellhooks/trust.json").write_text("{}", encoding="utf-8")

    r = install(home, "--uninstall", "--keep-claude-settings")
    assert settings.read_bytes() == with_ours  # opted out
    lines = r.stdout.splitlines()
    assert lines[0] == ("Claude Code's settings are left as they are "
                        "(--keep-claude-settings)."), lines
    kept = lines[lines.index("Kept:"):]
    assert kept[1:4] == ["  ~/.config/shellhooks (your config)",
                         "  ~/.local/share/shellhooks (your trust decisions and task history)",
                         "  ~/.cache/shellhooks (the cache, safe to delete)"], r.stdout
    command = kept[4].removeprefix("To remove these too: ")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"\n{command}\n" in readme, command
    subprocess.run(["/bin/sh", "-c", command], env=env_for(home), check=True, timeout=60)
    for gone in (".config/shellhooks", ".local/share/shellhooks", ".cache/shellhooks"):
        assert not (home / gone).exists()


def test_uninstall_leaves_an_invalid_settings_file_untouched(tmp_path: Path,
                                                              wheelhouse: Path) -> None:
    home, settings, _ = settings_home(tmp_path)
    install(home, "--yes", "--shell", "bash", wheelhouse=wheelhouse)
    shellhooks(home, "setup", "claude-hooks")
    broken = settings.read_bytes().replace(b'"model"', b"model", 1)
    settings.write_bytes(broken)
    r = install(home, "--uninstall")  # the rest is removed all the same: exit 0
    assert settings.read_bytes() == broken
    assert f"shellhooks: {settings} is not valid JSON" in r.stderr, r.stderr
    assert "Claude Code's settings were left as they are" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (home / ".local/bin/shellhooks").exists()


def said(r: Result) -> list[str]:
    """The lines a command printed, but for the hook's own one line when it turns off
    ("shellhooks: ...; the hook is off in this shell")."""
    return [line for line in (r.output + r.after).splitlines()
            if line.strip() and not line.startswith("shellhooks: ")]


@pytest.mark.parametrize("shell", SHELLS)
def test_hook_works_without_the_command_on_path_and_claude_runs_after_uninstall(
    tmp_path: Path, wheelhouse: Path, shell: str
) -> None:
    """~/.local/bin is not on PATH: a new shell with the rc block exports the id all the
    same. Then --uninstall while that shell is open: `claude` runs the real claude, with
    its arguments and status, and no raw "No such file or directory"."""
    require_shell(shell)
    home = make_home(tmp_path)
    env = env_for(home, local_bin_on_path=False)
    install(home, "--yes", "--shell", shell, wheelhouse=wheelhouse, env=env)
    project = home / "proj"
    project.mkdir()
    subprocess.run(["git", "init", "-q", str(project)], check=True, timeout=60)
    ClaudeHome(home / ".claude").make_list("proj", ["pending"])
    fake = tmp_path / "fakebin"
    fake.mkdir()
    (fake / "claude").write_text("#!/bin/sh\necho \"real claude: $*\"\nexit 7\n",
                                 encoding="utf-8")
    (fake / "claude").chmod(0o755)
    env["PATH"] = f"{fake}:{env['PATH']}"
    env["ZDOTDIR"] = str(home)
    with ShellDriver(shell, rc=True, env=env, term="xterm", cwd=home) as sh:
        assert sh.run("command -v shellhooks").status != 0  # not on PATH
        r = sh.cd(project)
        assert r.status == 0, r
        assert sh.child_env().get("CLAUDE_CODE_TASK_LIST_ID") == "proj", sh.transcript[-3:]
        # Its Python gone (a system upgrade removed the one the venv links to): the hook
        # turns off with one line, and claude runs.
        python = home / ".local/share/shellhooks/venv/bin/python"
        python.rename(python.with_name("python.moved"))
        r = sh.run("claude -p 'hi there'")
        assert r.status == 7, r
        assert said(r) == ["real claude: -p hi there"], r
        python.with_name("python.moved").rename(python)
        install(home, "--uninstall", env=env_for(home))
        r = sh.run("claude -p 'hi there'")
        assert r.status == 7, r
        assert said(r) == ["real claude: -p hi there"], r
        assert "Traceback" not in r.output + r.after, r


def test_uninstall_without_the_package_says_what_to_remove_by_hand(tmp_path: Path) -> None:
    """The environment already gone (removed by hand): settings.json that still runs
    shellhooks is left as it is, with one line saying what to take out."""
    home, settings, _ = settings_home(tmp_path)
    settings.write_text('{"statusLine": {"type": "command", "command": "shellhooks statusline"}}',
                        encoding="utf-8")
    before = settings.read_bytes()
    r = install(home, "--uninstall")
    assert settings.read_bytes() == before
    assert r.stderr == ("install.sh: cannot check ~/.claude/settings.json: the installed "
                        "shellhooks is gone; remove its statusLine and the hooks that run "
                        "'shellhooks' from that file by hand\n"), r.stderr


def test_uninstall_entry_point_plans_then_edits_once(tmp_path: Path) -> None:
    """What install.sh runs, without an install: `--dry-run` only prints; the edit is one
    write with one backup; a bad call is a usage error, not a traceback."""
    import os
    import sys

    claude = tmp_path / "claude"
    claude.mkdir()
    settings = claude / "settings.json"
    theirs = json.dumps({"statusLine": {"type": "command", "command": "their.sh"}}, indent=2)
    settings.write_text(theirs, encoding="utf-8")
    env = dict(os.environ, HOME=str(tmp_path), CLAUDE_CONFIG_DIR=str(claude),
               XDG_DATA_HOME=str(tmp_path / "data"))

    def entry(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-I", "-m", "shellhooks.commands.setup", *args],
                              env=env, capture_output=True, text=True, timeout=60, cwd="/")

    for argv in (["setup", "claude-statusline", "--chain"], ["setup", "claude-hooks"]):
        subprocess.run([sys.executable, "-m", "shellhooks", *argv], env=env, check=True,
                       capture_output=True, timeout=60)
    for b in claude.glob("settings.json.bak*"):
        b.unlink()
    with_ours = settings.read_bytes()
    dry = entry("--uninstall", "--dry-run")
    assert dry.returncode == 0 and settings.read_bytes() == with_ours
    shown = "~/" + str(settings.relative_to(tmp_path))
    assert dry.stdout.splitlines()[0] == f"Claude Code's settings, {shown} (would change):"
    assert not list(claude.glob("settings.json.bak*"))
    done = entry("--uninstall")
    assert done.returncode == 0, done
    assert settings.read_text(encoding="utf-8") == theirs
    assert [b.read_bytes() for b in claude.glob("settings.json.bak*")] == [with_ours]
    assert entry("--uninstall").stdout == ""  # nothing of ours left: silent
    bad = entry("--bogus")
    assert bad.returncode == 2 and "usage:" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("shell", SHELLS)
def test_claude_runs_when_the_shellhooks_on_path_lost_its_python(tmp_path: Path,
                                                                 shell: str) -> None:
    """No interpreter from the hook, and the `shellhooks` on PATH is a script whose Python
    was removed (an upgrade): `claude` runs the real claude, with no raw "bad interpreter"."""
    require_shell(shell)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "shellhooks").write_text(f"#!{tmp_path}/gone/python3.11\nimport sys\n",
                                     encoding="utf-8")
    (fake / "claude").write_text("#!/bin/sh\necho \"real claude: $*\"\nexit 7\n",
                                 encoding="utf-8")
    for f in fake.iterdir():
        f.chmod(0o755)
    wrapper = Path(__file__).resolve().parent.parent / f"shellhooks/shells/claude.{shell}"
    env = {"PATH": f"{fake}:/usr/bin:/bin", "HOME": str(tmp_path)}
    with ShellDriver(shell, env=env, cwd=tmp_path) as sh:
        assert sh.run(("source " if shell == "fish" else ". ") + quote(shell, wrapper)).status == 0
        r = sh.run("claude -p 'hi there'")
        assert r.status == 7, r
        assert said(r) == ["real claude: -p hi there"], r
