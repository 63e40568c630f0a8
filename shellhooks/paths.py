"""Where things live: Claude Code's folders and shellhooks' own (XDG)."""

from __future__ import annotations

import os
from pathlib import Path


def _home() -> Path:
    return Path(os.environ.get("HOME") or os.path.expanduser("~"))


def claude_root() -> Path:
    """Claude Code's configuration root: `$CLAUDE_CONFIG_DIR`, else `~/.claude`."""
    value = os.environ.get("CLAUDE_CONFIG_DIR")
    return Path(value) if value else _home() / ".claude"


def tasks_root() -> Path:
    """The folder that holds one sub-folder per task list."""
    return claude_root() / "tasks"


def user_settings_path() -> Path:
    """Claude Code's user-level settings file."""
    return claude_root() / "settings.json"


def _xdg(var: str, default: str) -> Path:
    value = os.environ.get(var)
    # The XDG spec says relative values are invalid and must be ignored.
    base = Path(value) if value and os.path.isabs(value) else _home() / default
    return base / "shellhooks"


def config_dir() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config")


def config_file() -> Path:
    return config_dir() / "config.toml"


def data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share")


def cache_dir() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache")
