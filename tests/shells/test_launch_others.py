"""The `claude` wrapper in real bash, zsh and fish says who else is on the list: one line
from the launch check that runs anyway (no process more), nothing when alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.commands.test_launch_others import other_session  # noqa: F401
from tests.shelldriver import SHELLS, ShellDriver
from tests.shells.test_launch import Fake, one_off, source
from tests.taskfixtures import ClaudeHome

LINE = "shellhooks: {n} on the list webapp-auth (since {ago}) in ~/src/{where}; 1 of 2 tasks done"


@pytest.mark.parametrize("shell", SHELLS)
def test_wrapper_names_the_other_sessions(shell: str, tmp_path: Path, claude: ClaudeHome,
                                          isolated_home: Path,
                                          other_session: Any) -> None:  # noqa: F811
    claude.make_list("webapp-auth", ["completed", "pending"])
    fake = Fake(tmp_path)
    with ShellDriver(shell, env=fake.env(), cwd=isolated_home) as sh:
        source(sh)
        alone = sh.count_processes(lambda: sh.run(one_off(shell, "webapp-auth", "-p x")))
        r = sh.run(one_off(shell, "webapp-auth", "-p x"))
        assert r.status == 0 and "shellhooks:" not in r.output, str(r)

        other_session("webapp-auth", isolated_home / "src" / "webapp", minutes_ago=5)
        r = sh.run(one_off(shell, "webapp-auth", "-p x"))
        assert LINE.format(n="1 other session", ago="5m ago", where="webapp") in r.output, str(r)

        other_session("webapp-auth", isolated_home / "src" / "api", minutes_ago=2)
        counted = sh.count_processes(lambda: sh.run(one_off(shell, "webapp-auth", "-p x")))
        r = sh.run(one_off(shell, "webapp-auth", "-p x"))
        assert LINE.format(n="2 other sessions", ago="5m ago", where="webapp, ~/src/api") \
            in r.output, str(r)
        assert r.status == 0
        # The same programs as when alone: the check and claude.
        assert counted.execs == alone.execs, counted.trace
    assert [c["id"] for c in fake.calls()] == ["webapp-auth"] * 5

