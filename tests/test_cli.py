"""The `shellhooks` command itself: entry points, --version fast path, errors and exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shellhooks import __version__, store
from shellhooks.cli import main
from tests.taskfixtures import ClaudeHome

HEAVY = ("argparse", "psutil", "tabulate", "dotenv")


def console_script() -> str:
    """The installed `shellhooks` next to this Python (the venv's), else the one on PATH."""
    exe = shutil.which("shellhooks", path=os.path.dirname(sys.executable)) or shutil.which(
        "shellhooks")
    assert exe, "the shellhooks console script is not installed"
    return exe


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"shellhooks {__version__}\n"


def test_help_lists_my_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ("list", "show", "ps", "clean"):
        assert f"    {name}" in out


@pytest.mark.parametrize("command", ["list", "show", "ps", "clean"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert f"usage: shellhooks {command}" in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["list", "--bogus"], ["show", "a", "b"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "Traceback" not in err


def test_unknown_command_suggests_the_near_one(capsys: pytest.CaptureFixture[str]) -> None:
    # One line, like git: not the usage with every command listed.
    assert main(["stauts"]) == 2
    assert capsys.readouterr().err == (
        "shellhooks: unknown command 'stauts'; did you mean 'status'?\n")
    assert main(["frobnicate"]) == 2
    assert capsys.readouterr().err == (
        "shellhooks: unknown command 'frobnicate'; 'shellhooks --help' lists the commands\n")


@pytest.mark.parametrize("argv", [["list", "--jsn"], ["list", "--jsn=1"], ["check", "--jsn"]])
def test_bad_flag_prints_the_sub_commands_usage_and_the_near_flag(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"usage: shellhooks {argv[0]} ")
    assert lines[-1] == (f"shellhooks {argv[0]}: error: unrecognized arguments: {argv[1]}; "
                         "did you mean --json?")


def test_unknown_words_are_shown_safely(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["st\x1b]0;pwned\x07"]) == 2
    assert main(["list", "--x\x1b[2J"]) == 2
    assert "\x1b" not in capsys.readouterr().err


def test_user_error_is_one_line_exit_1(claude: ClaudeHome,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "missing"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("shellhooks: ") and err.count("\n") == 1


def test_ctrl_c_exits_130(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(root: Path | None = None) -> list[Path]:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "list_folders", interrupted)
    assert main(["list"]) == 130
    assert "Traceback" not in capsys.readouterr().err


def _run(argv: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, env=os.environ,
                          **kw)  # type: ignore[call-overload]


def test_console_script_and_module(claude: ClaudeHome) -> None:
    claude.make_list("cli-list", ["pending", "completed"])
    r = _run([console_script(), "--version"])
    assert (r.returncode, r.stdout) == (0, f"shellhooks {__version__}\n")
    r = _run([sys.executable, "-m", "shellhooks", "--version"])
    assert (r.returncode, r.stdout) == (0, f"shellhooks {__version__}\n")
    r = _run([console_script(), "list"])
    assert r.returncode == 0 and "cli-list" in r.stdout and r.stderr == ""
    r = _run([console_script(), "show", "cli-list", "--json"])
    assert r.returncode == 0 and '"id": "cli-list"' in r.stdout
    r = _run([console_script(), "show", "nope"])
    assert r.returncode == 1 and r.stderr.startswith("shellhooks: ") and "Traceback" not in r.stderr
    r = _run([console_script(), "clean", "--empty"], stdin=subprocess.DEVNULL)
    assert r.returncode == 0  # nothing to clean


def test_broken_pipe_is_not_an_error(claude: ClaudeHome) -> None:
    for i in range(300):
        claude.list_dir(f"list-{i:03d}")
    r = subprocess.run(f"'{console_script()}' list | head -n 1", shell=True, capture_output=True,
                       text=True, timeout=60, env=os.environ)
    assert r.stdout.startswith("id") and "Traceback" not in r.stderr


def _imported(argv: list[str]) -> set[str]:
    """Top-level modules imported by a process (from `-X importtime`)."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    r = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    mods = set()
    for line in r.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            mods.add(name.split(".")[0])
    assert "shellhooks" in mods  # the profile really covers our imports
    return mods


@pytest.mark.parametrize("how", ["console-script", "module"])
def test_version_fast_path_imports_nothing_heavy(how: str) -> None:
    argv = ([console_script(), "--version"] if how == "console-script"
            else [sys.executable, "-m", "shellhooks", "--version"])
    mods = _imported(argv)
    assert not mods & set(HEAVY), mods & set(HEAVY)


def test_the_check_can_fail() -> None:
    """The import profile does see heavy modules when a command uses them."""
    mods = _imported([console_script(), "ps", "--json"])
    assert {"argparse", "psutil"} <= mods


def test_list_and_show_do_not_import_psutil_or_dotenv(claude: ClaudeHome) -> None:
    claude.make_list("p", ["pending"])
    for argv in (["list"], ["show", "p"], ["list", "--json"]):
        mods = _imported([console_script(), *argv])
        assert "psutil" not in mods and "dotenv" not in mods, argv


def test_docs_show_the_bad_flag_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--jsn"]) == 2
    doc = (Path(__file__).resolve().parent.parent / "docs" / "commands.md").read_text("utf-8")
    assert f"$ shellhooks list --jsn\n{capsys.readouterr().err}```" in doc


@pytest.mark.parametrize("argv", [["list"], ["setup", "claude-hooks"], ["prompt"],
                                  ["statusline"], ["check"], ["help"]])
def test_help_command_is_command_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """`shellhooks help COMMAND` prints exactly what `shellhooks COMMAND --help` prints."""
    assert main([*argv, "--help"]) == 0
    expected = capsys.readouterr()
    assert main(["help", *argv]) == 0
    assert capsys.readouterr() == expected


def test_help_alone_and_help_of_a_typo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["help"]) == 0
    assert capsys.readouterr().out.startswith("usage: shellhooks [-h] [--version] COMMAND")
    assert main(["help", "stauts"]) == 2
    err = capsys.readouterr().err
    assert err == "shellhooks: unknown command 'stauts'; did you mean 'status'?\n"
