"""Where things live: Claude Code's folders and shellhooks' own (XDG).

Every place is a plain string built with `os.path` (hence the `_str` names): the hook's
one process (`hook-env`) uses these, and importing `pathlib` (it pulls in `re`,
`fnmatch` and `urllib`) would cost it more than its own work. Code that wants a `Path`
wraps the string.
"""

from __future__ import annotations

import os

# Where state goes when there is no home folder (HOME unset or relative, and no passwd
# entry for this uid, as in some containers): under a character device, so that every
# open, stat and mkdir below it fails (ENOTDIR), even for root. Never a relative path:
# that would be the current folder, and a project could ship its own trust store.
NOWHERE = "/dev/null"


def _home() -> str:
    home = os.environ.get("HOME") or os.path.expanduser("~")  # "~" when uid is unknown
    return home if os.path.isabs(home) else NOWHERE


def is_nowhere(path: str) -> bool:
    """True for a path under NOWHERE: no home folder, so no state."""
    return path == NOWHERE or path.startswith(NOWHERE + "/")


def claude_root_str() -> str:
    """Claude Code's configuration root: `$CLAUDE_CONFIG_DIR`, else `~/.claude`."""
    return os.environ.get("CLAUDE_CONFIG_DIR") or os.path.join(_home(), ".claude")


def tasks_root_str() -> str:
    """The folder that holds one sub-folder per task list."""
    return os.path.join(claude_root_str(), "tasks")


def session_file_pids(root: str | None = None) -> list[int]:
    """The pids named by Claude Code's `<root>/sessions/<pid>.json` files (stale ones
    included): the one rule for those names. Cheap (no process scan): the `claude`
    wrapper's launch check looks here first."""
    base = os.path.join(root if root is not None else claude_root_str(), "sessions")
    try:
        names = os.listdir(base)
    except OSError:
        return []
    out = []
    for name in names:
        stem, _, ext = name.partition(".")
        if ext == "json" and stem.isdigit() and stem.isascii():
            out.append(int(stem))
    return out


def user_settings_str() -> str:
    """Claude Code's user-level settings file."""
    return os.path.join(claude_root_str(), "settings.json")


def _xdg(var: str, default: str) -> str:
    value = os.environ.get(var)
    # The XDG spec says relative values are invalid and must be ignored.
    base = value if value and os.path.isabs(value) else os.path.join(_home(), default)
    return os.path.join(base, "shellhooks")


def config_dir_str() -> str:
    return _xdg("XDG_CONFIG_HOME", ".config")


def config_file_str() -> str:
    return os.path.join(config_dir_str(), "config.toml")


def data_dir_str() -> str:
    return _xdg("XDG_DATA_HOME", ".local/share")


def cache_dir_str() -> str:
    return _xdg("XDG_CACHE_HOME", ".cache")


def trust_store_str() -> str:
    """The trust store (trust.py): here, so that the hook's process names the file it
    watches without importing trust.py for a project that sets no id."""
    return os.path.join(data_dir_str(), "trust.json")


def ensure_dir(path: str) -> None:
    """Create shellhooks folder `path` 0700 if missing and check it is private; OSError
    if it cannot be used (see `safefile.private_dir`)."""
    from shellhooks import safefile

    safefile.private_dir(path)

