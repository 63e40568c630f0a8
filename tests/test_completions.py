"""Completion files: generated from the parser, up to date, and completing in real shells."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

import pytest

from shellhooks import completion
from tests.shelldriver import SHELLS, ShellDriver, quote
from tests.taskfixtures import ClaudeHome

REPO = Path(__file__).resolve().parent.parent
COMPLETIONS = REPO / "completions"


def test_committed_files_are_up_to_date() -> None:
    stale = completion.stale(COMPLETIONS)
    assert not stale, (
        f"{[p.name for p in stale]} out of date: run `python -m shellhooks.completion`"
    )


def test_check_reports_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert completion.main([str(tmp_path)]) == 0
    assert completion.main(["--check", str(tmp_path)]) == 0
    (tmp_path / "_shellhooks").write_text("#compdef shellhooks\n", encoding="utf-8")
    assert completion.main(["--check", str(tmp_path)]) == 1
    assert "_shellhooks" in capsys.readouterr().err


def test_arguments_are_marked_by_name() -> None:
    parser = argparse.ArgumentParser(prog="shellhooks")
    sub = parser.add_subparsers()
    p = sub.add_parser("show")
    ident = p.add_argument("id", nargs="?")
    folder = p.add_argument("dir", nargs="?")
    fmt = p.add_argument("--format", choices=["a", "b"])
    flag = p.add_argument("--json", action="store_true")
    named = p.add_argument("--list", metavar="LIST_ID")
    completion.mark_actions(parser)
    assert ident.complete is completion.LIST_ID  # type: ignore[attr-defined]
    assert named.complete is completion.LIST_ID  # type: ignore[attr-defined]
    assert folder.complete["zsh"] == "_files -/"  # type: ignore[attr-defined]
    assert not hasattr(fmt, "complete") and not hasattr(flag, "complete")


def test_generate_rejects_an_unknown_shell() -> None:
    from shellhooks.errors import ShellhooksError

    with pytest.raises(ShellhooksError):
        completion.generate("tcsh")


def load_completion(sh: ShellDriver, directory: Path = COMPLETIONS) -> None:
    """Load the completion file of `sh`'s shell the way the installed files are found."""
    if sh.shell == "bash":
        sh.check(". " + quote("bash", directory / "shellhooks.bash"))
    elif sh.shell == "zsh":
        sh.check(f"fpath=({quote('zsh', directory)} $fpath); autoload -Uz compinit; compinit -u -D")
    else:
        sh.check("source " + quote("fish", directory / "shellhooks.fish"))


def tab(sh: ShellDriver, typed: str, want: str) -> None:
    """Type `typed` with TABs and check the completed command line is `shellhooks want`."""
    import time

    for part in re.split(r"(\t)", typed):
        sh.send(part)
        if part == "\t":
            time.sleep(0.8)  # completion runs in the shell; let it finish before the next key
    sh.send("\x01")  # Ctrl-A: start of line
    sh.send("printf 'R<%s>\\n' ")
    sh.send("\r")
    out = sh.expect(r"@@SHDP-?\d+@@ ")
    # The printed words, not the echo of the typed `printf 'R<%s>\n'` line.
    words = re.findall(r"R<([^%>]*)>", out)
    assert words[:1] == ["shellhooks"], f"{sh.shell}: no completed line in {out!r}"
    assert " ".join(words[1:]).strip() == want, f"{sh.shell}: {out!r}"


@pytest.mark.parametrize("shell", SHELLS)
def test_tab_completes_commands_and_list_ids_without_a_process(
    shell: str, claude: ClaudeHome
) -> None:
    claude.make_list("webapp-auth", ["pending"])
    claude.make_list("api", ["completed"])
    # Without it fish's first start parses every man page in the background (slow).
    (claude.root.parent / ".local/share/fish/generated_completions").mkdir(parents=True)
    with ShellDriver(shell, term="xterm", unset=("VISUAL", "EDITOR")) as sh:
        load_completion(sh)
        tab(sh, "shellhooks sho\t", "show")
        counted = sh.count_processes(lambda: tab(sh, "shellhooks show web\t", "show webapp-auth"))
        assert counted.execs == 0, counted.trace
        # CLAUDE_CONFIG_DIR is followed at TAB time, not when the file was loaded.
        other = ClaudeHome(Path(os.environ["HOME"]) / "other claude")
        other.make_list("zeta-list", [])
        sh.check(("set -gx CLAUDE_CONFIG_DIR " if shell == "fish" else "export CLAUDE_CONFIG_DIR=")
                 + quote(shell, other.root))
        tab(sh, "shellhooks show ze\t", "show zeta-list")


def test_pin_file_is_offered_in_every_shell() -> None:
    """`pin --file` (.env or .envrc: which file to write when another one outranks .env)."""
    bash = (COMPLETIONS / "shellhooks.bash").read_text(encoding="utf-8")
    assert "_shtab_shellhooks_pin_option_strings=(-h --help --file)" in bash
    assert "_shtab_shellhooks_pin___file_choices=(.env .envrc)" in bash
    assert ":file:(.env .envrc)" in (COMPLETIONS / "_shellhooks").read_text(encoding="utf-8")
    fish = (COMPLETIONS / "shellhooks.fish").read_text(encoding="utf-8")
    assert "'_shtab_shellhooks_using pin' -l file -xka \".env .envrc\"" in fish


@pytest.mark.parametrize("shell", SHELLS)
def test_exec_completes_list_ids_and_command_names(shell: str, claude: ClaudeHome,
                                                   tmp_path: Path) -> None:
    claude.make_list("webapp-auth", ["pending"])
    (claude.root.parent / ".local/share/fish/generated_completions").mkdir(parents=True)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "zqxcommand").write_text("#!/bin/sh\n", encoding="utf-8")
    (bindir / "zqxcommand").chmod(0o755)
    path = f"{bindir}{os.pathsep}{os.environ['PATH']}"
    with ShellDriver(shell, term="xterm", env={"PATH": path},
                     unset=("VISUAL", "EDITOR")) as sh:
        load_completion(sh)
        tab(sh, "shellhooks exe\t", "exec")
        tab(sh, "shellhooks exec --id web\t", "exec --id webapp-auth")
        tab(sh, "shellhooks exec --id x -- zqxc\t", "exec --id x -- zqxcommand")
