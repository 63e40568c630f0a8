"""The user's `config.toml` (`$XDG_CONFIG_HOME/shellhooks/config.toml`) as a `Config`.

The hook reads the config on its hot path, so the parsed file is cached as JSON in
the cache folder, keyed by the config file's path, size and mtime: `tomllib` is
only imported when the file changed.

```toml
auto = "git"                 # "git" (default), "git-branch" or "off"

[[rule]]
path = "~/work/acme/*"       # a glob; `~` allowed; `*` stays inside one folder, `**` crosses
id = "acme"

[claude]
enable_task_tools = true     # export CLAUDE_CODE_ENABLE_TODO_TOOLS=1 with the list id
session_titles = true        # the SessionStart hook titles sessions `webapp-auth · 3/5`

[prompt]                      # read by the prompt segment
format = "{id} {done}/{total}"
```
"""

from __future__ import annotations

import os

from shellhooks import paths, safefile
from shellhooks.errors import ShellhooksError

# typing, pathlib and json (with re) cost milliseconds to import: this module is on
# the hook's hot path, so those are imported only where a cold path needs them.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

AUTO_MODES = ("git", "git-branch", "off")


# Plain classes, not dataclasses: this module is on the hook's hot path, and each
# @dataclass costs about half a millisecond of start-up.
class Rule:
    """A `[[rule]]` table: directories matching `path` (a glob) get list `id`."""

    __slots__ = ("path", "id")

    def __init__(self, path: str, id: str) -> None:
        self.path = path  # as written, `~` expanded
        self.id = id

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and (self.path, self.id) == (other.path, other.id)

    def __hash__(self) -> int:
        return hash((self.path, self.id))

    def __repr__(self) -> str:
        return f"Rule(path={self.path!r}, id={self.id!r})"


class Config:
    """What config.toml says, with defaults for everything it leaves out."""

    def __init__(
        self,
        auto: str = "git",
        rules: list[Rule] | None = None,
        enable_task_tools: bool = True,
        data: dict[str, Any] | None = None,
        path: str | None = None,
        problems: list[str] | None = None,
    ) -> None:
        self.auto = auto
        self.rules = rules if rules is not None else []
        self.enable_task_tools = enable_task_tools
        self.data = data if data is not None else {}  # the whole file, for other sections
        self.path = path  # the file read, None when there is none
        self.problems = problems if problems is not None else []

    def __repr__(self) -> str:
        return (f"Config(auto={self.auto!r}, rules={self.rules!r}, "
                f"enable_task_tools={self.enable_task_tools!r}, path={self.path!r})")

    def section(self, name: str) -> dict[str, Any]:
        """A table of the file (e.g. "prompt"), empty when absent or not a table."""
        value = self.data.get(name)
        return value if isinstance(value, dict) else {}


def _expand(path: str) -> str:
    if path == "~" or path.startswith("~/"):
        home = os.environ.get("HOME") or os.path.expanduser("~")
        path = home + path[1:]
    return path.rstrip("/") or "/"


def from_data(data: dict[str, Any], path: str | None = None) -> Config:
    """Build a Config from parsed TOML, noting (not raising on) wrongly typed values."""
    cfg = Config(data=data, path=path)
    auto = data.get("auto", "git")
    if auto in AUTO_MODES:
        cfg.auto = auto
    else:
        cfg.problems.append(f"auto = {auto!r} is not one of {', '.join(AUTO_MODES)}; using 'git'")
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        cfg.problems.append("[[rule]] must be an array of tables")
        rules = []
    for i, r in enumerate(rules, start=1):
        if (
            not isinstance(r, dict)
            or not isinstance(r.get("path"), str)
            or not isinstance(r.get("id"), str)
            or not r["path"].strip()
            or not r["id"].strip()
        ):
            cfg.problems.append(f"rule {i} needs a non-empty string `path` and `id`; ignored")
            continue
        cfg.rules.append(Rule(path=_expand(r["path"]), id=r["id"]))
    claude = data.get("claude", {})
    if isinstance(claude, dict) and "enable_task_tools" in claude:
        value = claude["enable_task_tools"]
        if isinstance(value, bool):
            cfg.enable_task_tools = value
        else:
            cfg.problems.append("[claude] enable_task_tools must be true or false")
    return cfg


def _parse(path: str | Path) -> dict[str, Any]:
    import tomllib

    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ShellhooksError(f"{path}: invalid TOML: {e}") from None
    except UnicodeDecodeError:
        raise ShellhooksError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise ShellhooksError(f"{path}: cannot read: {e.strerror}") from None


def _config_dir_ok() -> bool:
    """May the config folder's rules be used? Only if it is this user's and no one else
    can write to it (rules choose which list `claude` joins). Unlike the cache and data
    folders it may be a link (dotfile managers link it): its target is checked."""
    folder = paths.config_dir_str()
    try:
        st = os.stat(folder)
    except OSError:
        return not paths.is_nowhere(folder)  # missing: defaults, nothing to refuse
    why = safefile.why_not_private(st)
    if why:
        safefile.warn(f"shellhooks: not using {folder}: {why}")
    return why is None


def load_config(path: str | Path | None = None, *, use_cache: bool = True) -> Config:
    """Read config.toml (default location unless `path`); a missing file gives defaults.

    Raises ShellhooksError for a file that is not valid TOML.
    """
    if path is None and not _config_dir_ok():
        return Config()
    path = os.fspath(path or paths.config_file_str())
    try:
        st = os.stat(path)
    except OSError:
        return Config()
    key = [path, st.st_size, st.st_mtime_ns]
    cache_dir = paths.cache_dir_str()
    cache = os.path.join(cache_dir, "config.json")
    if use_cache:
        from shellhooks.jsonlite import loads

        try:
            cached = loads(safefile.read_text(cache))
            if cached.get("key") == key:
                return from_data(cached["data"], path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            pass
    data = _parse(path)
    if use_cache:
        import json

        try:
            # TOML dates are not JSON; they are not used by shellhooks, so str() them.
            safefile.write_text(cache, json.dumps({"key": key, "data": data}, default=str))
        except OSError:
            pass  # a read-only cache folder only costs speed
    return from_data(data, str(path))
