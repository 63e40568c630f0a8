"""Fixtures for the tests that drive the real Claude Code CLI against the scripted mock.

`realclaude` is the entry point: it gives a test the pinned binary and makes
mocks, sandboxed environments and runs, and stops every mock and Claude Code
it started (by pid) when the test ends. Without the binary the tests skip
(run `python3 tests/claude_e2e/realclaude.py --fetch`); under CI=true the first one
fetches it (about 175 MB) and they fail only if that fetch fails.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.claude_e2e import realclaude as rc

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def claude_binary() -> Path:
    """The pinned Claude Code binary (fetched under CI=true if missing)."""
    found = rc.installed()
    if found:
        return found
    if IN_CI:
        try:
            return rc.fetch()
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            pytest.fail(f"Claude Code {rc.VERSION} is required under CI=true: {e}")
    pytest.skip(f"Claude Code {rc.VERSION} not fetched ({rc.binary_path()} missing); "
                "run `python3 tests/claude_e2e/realclaude.py --fetch`")


@pytest.fixture(scope="session")
def netns() -> bool:
    """Whether runs go into a loopback-only network namespace (always as root)."""
    if not rc.use_netns():
        return False
    problem = rc.netns_problem()
    if problem:
        msg = (f"running as root, but no loopback-only network namespace: {problem} "
               "(SHELLHOOKS_E2E_NETNS=0 runs without one)")
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return True


class RealClaude:
    """One test's access to the real CLI: mocks, environments, runs; all stopped at the end."""

    def __init__(self, binary: Path, netns: bool, tmp_path: Path) -> None:
        self.binary = binary
        self.netns = netns
        self.tmp = tmp_path
        self.sandbox = rc.Sandbox.make(tmp_path / "cc")
        self.mocks: list[rc.MockServer] = []
        self.procs: list[subprocess.Popen[str]] = []
        self.project = tmp_path / "project"
        self.project.mkdir(exist_ok=True)

    @property
    def tasks_root(self) -> Path:
        return self.sandbox.config_dir / "tasks"

    def mock(self, scenario: dict[str, Any]) -> rc.MockServer:
        """Start a mock serving `scenario` (stopped when the test ends)."""
        m = rc.MockServer(scenario, self.tmp / f"mock{len(self.mocks)}", netns=self.netns)
        self.mocks.append(m)
        return m.start()

    def env(self, mock: rc.MockServer, base: Mapping[str, str] | None = None,
            **extra: str | None) -> dict[str, str]:
        """Claude Code's environment for a run against `mock`."""
        return rc.claude_env(self.sandbox, mock.url, base, **extra)

    def start(self, args: Sequence[str], mock: rc.MockServer, *,
              env: Mapping[str, str] | None = None, cwd: Path | None = None,
              **extra: str | None) -> subprocess.Popen[str]:
        """Start a run without waiting (stopped when the test ends at the latest)."""
        env = self.env(mock, **extra) if env is None else env
        p = rc.start_claude(self.binary, args, mock=mock, env=env, cwd=cwd or self.project)
        self.procs.append(p)
        return p

    def run(self, args: Sequence[str], mock: rc.MockServer, *,
            env: Mapping[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 120.0, **extra: str | None) -> rc.Run:
        """Run to the end (bounded); fail with Claude Code's stderr if it exits non-zero."""
        r = rc.finish(self.start(args, mock, env=env, cwd=cwd, **extra), timeout)
        assert r.returncode == 0, f"claude exited {r.returncode}: {r.stderr[-2000:]}"
        return r

    def close(self) -> None:
        for p in self.procs:
            rc._stop_pid(p)
        for m in self.mocks:
            m.stop()


@pytest.fixture
def realclaude(claude_binary: Path, netns: bool, tmp_path: Path,
               isolated_home: Path) -> Iterator[RealClaude]:
    """The real CLI for this test, sandboxed in the test's temporary HOME."""
    rcl = RealClaude(claude_binary, netns, tmp_path)
    try:
        yield rcl
    finally:
        rcl.close()
