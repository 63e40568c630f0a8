"""Shared fixtures: every test runs with HOME, XDG_* and CLAUDE_CONFIG_DIR in a temp folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.taskfixtures import ClaudeHome


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every path shellhooks or Claude Code could touch into `tmp_path`."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(home / ".claude"))
    for var in ("CLAUDE_CODE_TASK_LIST_ID", "NO_COLOR", "SHELLHOOKS_DISABLE", "ZDOTDIR"):
        monkeypatch.delenv(var, raising=False)
    for var in list(os.environ):
        # (The cache of real tools, tests/npmfetch.py, is the tests' own setting: kept.)
        if var.startswith(("__SHELLHOOKS", "SHELLHOOKS_", "DIRENV_")) \
                and var != "SHELLHOOKS_CLAUDE_CACHE":
            monkeypatch.delenv(var, raising=False)
    # Warnings about state folders are said once per process: once per test here.
    monkeypatch.setattr("shellhooks.safefile.problems", [])
    return home


@pytest.fixture
def claude(isolated_home: Path) -> ClaudeHome:
    """A Claude Code config root that tests fill with task lists, written as Claude Code does."""
    return ClaudeHome(isolated_home / ".claude")
