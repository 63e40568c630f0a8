"""config.toml: defaults, rules, auto modes, the task-tools switch and the JSON cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shellhooks import paths
from shellhooks.config import Config, load_config
from shellhooks.errors import ShellhooksError


def write(text: str) -> Path:
    f = Path(paths.config_file_str())
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(text, encoding="utf-8")
    return f


def test_missing_file_gives_defaults() -> None:
    cfg = load_config()
    assert (cfg.auto, cfg.rules, cfg.enable_task_tools, cfg.path) == ("git", [], True, None)


def test_rules_auto_and_claude_section(isolated_home: Path) -> None:
    write('auto = "git-branch"\n[[rule]]\npath = "~/work/*"\nid = "work"\n'
          '[[rule]]\npath = "/srv/x/"\nid = "x"\n[claude]\nenable_task_tools = false\n'
          '[prompt]\nformat = "{id}"\n')
    cfg = load_config()
    assert cfg.auto == "git-branch"
    assert [(r.path, r.id) for r in cfg.rules] == [(f"{isolated_home}/work/*", "work"),
                                                   ("/srv/x", "x")]
    assert cfg.enable_task_tools is False
    assert cfg.section("prompt") == {"format": "{id}"}
    assert cfg.problems == []


def test_bad_values_are_noted_not_fatal() -> None:
    write('auto = "sometimes"\n[[rule]]\npath = ""\nid = "x"\n[claude]\nenable_task_tools = 1\n')
    cfg = load_config()
    assert cfg.auto == "git" and cfg.rules == [] and cfg.enable_task_tools is True
    assert len(cfg.problems) == 3


def test_invalid_toml_is_a_user_error() -> None:
    write("auto = \n")
    with pytest.raises(ShellhooksError, match="invalid TOML"):
        load_config()


def test_cache_follows_file_changes() -> None:
    f = write('auto = "off"\n')
    assert load_config().auto == "off"
    assert (Path(paths.cache_dir_str()) / "config.json").exists()
    assert load_config().auto == "off"  # from the cache
    f.write_text('auto = "git-branch"\n', encoding="utf-8")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    assert load_config().auto == "git-branch"


def test_section_of_non_table_is_empty() -> None:
    assert Config(data={"prompt": 3}).section("prompt") == {}
