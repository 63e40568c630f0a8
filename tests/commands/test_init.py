"""`shellhooks init SHELL`: the hook code for eval, with the launch wrapper inlined."""

from __future__ import annotations

import sys

import pytest

from shellhooks import cli
from shellhooks.shells import (
    CLAUDE_COMMON_FILE,
    CLAUDE_COMMON_SOURCES,
    CLAUDE_HOOK_FALLBACKS,
    COMMON_FILE,
    COMMON_SOURCE,
    shells_dir,
)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_init_prints_hook_and_wrapper(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["init", shell]) == 0
    out = capsys.readouterr().out
    hook = (shells_dir() / f"hook.{shell}").read_text()
    if shell != "fish":  # the part bash and zsh share is inlined where the hook sources it
        common = (shells_dir() / COMMON_FILE).read_text()
        assert COMMON_SOURCE in hook and COMMON_SOURCE not in out
        assert common in out
        hook = hook.replace(COMMON_SOURCE, common)
    assert hook in out
    wrapper = (shells_dir() / f"claude.{shell}").read_text()
    if shell != "fish":  # likewise the part the bash and zsh wrappers share
        source = next(line for line in CLAUDE_COMMON_SOURCES if line in wrapper)
        assert source not in out
        wrapper = wrapper.replace(source, (shells_dir() / CLAUDE_COMMON_FILE).read_text())
        # (and the line a wrapper loaded on its own reads the hook's functions with is dropped)
        fallback = next(line for line in CLAUDE_HOOK_FALLBACKS if line in wrapper)
        wrapper = wrapper.replace(fallback, "")
    assert wrapper in out
    assert sys.executable in out  # the interpreter is baked in: no lookup at run time
    assert "__shellhooks_noprompt 1" not in out and "__shellhooks_noprompt=1" not in out


def test_init_no_prompt_and_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["init", "zsh", "--no-prompt"]) == 0
    assert "\n__shellhooks_noprompt=1\n" in capsys.readouterr().out
    assert cli.main(["init", "fish", "--path"]) == 0
    assert capsys.readouterr().out == f"{shells_dir() / 'hook.fish'}\n"


def test_init_unknown_shell_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["init", "tcsh"]) == 2
