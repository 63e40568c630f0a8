"""The real Claude Code CLI, pinned, fetched into a cache outside the repository, run offline.

Fetch it (CI does this in `.ci/run`; locally the e2e tests skip until it is there)::

    python3 tests/claude_e2e/realclaude.py --fetch     # prints the binary's path

To test a newer release, change VERSION (the one constant) and re-run the
fetch and `tests/run tests/claude_e2e`.

Where it goes: `$SHELLHOOKS_CLAUDE_CACHE/claude-<VERSION>/claude`, default
`/var/tmp/shellhooks-test/claude-<VERSION>/claude` (tests/npmfetch.py does the
fetch and says why the cache is there).

Running it (`Sandbox`, `MockServer`, `run_claude`): every run gets a temporary
HOME, CLAUDE_CONFIG_DIR, TMPDIR, CLAUDE_CODE_TMPDIR and XDG_RUNTIME_DIR, the
variables that switch off every network call except the model API, the mock's
URL as ANTHROPIC_BASE_URL, a bounded timeout, and is stopped by pid. As root,
the mock and Claude Code run inside a network namespace holding only loopback:
the mock starts under `unshare -n`, and Claude Code joins that namespace with
`nsenter --net=/proc/<mock pid>/ns/net`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python3 tests/claude_e2e/realclaude.py --fetch
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests import npmfetch  # noqa: E402

VERSION = "2.1.330"
PACKAGE = "@anthropic-ai/claude-code-linux-x64"
MOCK = Path(__file__).resolve().with_name("mockapi.py")

# Everything Claude Code could reach besides the model API, switched off.
TRAFFIC_OFF = {
    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    "DISABLE_TELEMETRY": "1",
    "DISABLE_AUTOUPDATER": "1",
    "DISABLE_ERROR_REPORTING": "1",
    "DISABLE_BUG_COMMAND": "1",
    # Else the Task tools hide behind a ToolSearch call the scenarios would have to script.
    "ENABLE_TOOL_SEARCH": "false",
}
# Variables of the developer's own environment that would change what Claude Code does.
SCRUB_PREFIXES = ("ANTHROPIC_", "CLAUDE_CODE_", "CLAUDECODE", "AWS_", "GOOGLE_", "VERTEX_")
SCRUB_EXTRA = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "NO_PROXY",
               "DISABLE_PROMPT_CACHING", "MAX_THINKING_TOKENS")
OPT_IN_VAR = "CLAUDE_CODE_ENABLE_TODO_TOOLS"
OLD_MODEL = "claude-opus-4-7"  # a family that gets the Task tools without any opt-in


CLAUDE = npmfetch.Pinned(
    name="claude", package=PACKAGE, version=VERSION, what="Claude Code",
    fetch_command="python3 tests/claude_e2e/realclaude.py --fetch",
    needed=("claude",), executables=("claude",), entry="claude")


def binary_path(version: str = VERSION) -> Path:
    """Where the CLI binary of `version` lives once fetched."""
    return CLAUDE.at(version).path()


def installed(version: str = VERSION) -> Path | None:
    """The binary's path if it is fetched and runnable, else None."""
    return CLAUDE.at(version).installed()


def fetch(version: str = VERSION, *, quiet: bool = False) -> Path:
    """Download the pinned CLI with `npm pack` (once; later calls reuse it) and return its path."""
    return CLAUDE.at(version).fetch(quiet=quiet)


# --- network namespace --------------------------------------------------------------


def use_netns() -> bool:
    """Whether real runs go into a loopback-only network namespace (as root; opt out with 0)."""
    if os.environ.get("SHELLHOOKS_E2E_NETNS", "") == "0":
        return False
    return os.geteuid() == 0


def netns_problem() -> str | None:
    """Why a loopback-only namespace cannot be made here, or None when it can."""
    for tool in ("unshare", "nsenter", "ip"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed"
    try:
        r = subprocess.run(["unshare", "-n", "sh", "-c", "ip link set lo up"],
                           capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unshare -n failed: {e}"
    if r.returncode != 0:
        return f"unshare -n failed: {r.stderr.strip()}"
    return None


# --- the mock -----------------------------------------------------------------------


def _stop_pid(proc: subprocess.Popen[Any], grace: float = 5.0) -> None:
    """Stop one process we started (and its process group, if it leads one), by pid."""
    if proc.poll() is not None:
        return
    try:
        if os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            if os.getpgid(proc.pid) == proc.pid:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
        proc.wait(timeout=grace)


class MockServer:
    """mockapi.py as a subprocess (inside its own loopback-only namespace when `netns`)."""

    def __init__(self, scenario: dict[str, Any], workdir: Path, *, netns: bool) -> None:
        self.scenario = scenario
        self.dir = workdir
        self.netns = netns
        self.dir.mkdir(parents=True, exist_ok=True)
        self.log = self.dir / "requests.jsonl"
        self.control = self.dir / "control"
        self.port_file = self.dir / "port"
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    def start(self, timeout: float = 30.0) -> MockServer:
        """Start the mock and wait until it listens."""
        scen = self.dir / "scenario.json"
        scen.write_text(json.dumps(self.scenario), encoding="utf-8")
        cmd = [sys.executable, str(MOCK), "--scenario", str(scen), "--log", str(self.log),
               "--port-file", str(self.port_file), "--control", str(self.control)]
        if self.netns:
            # unshare execs sh, which execs python: the pid we hold IS the mock, and
            # /proc/<pid>/ns/net is the namespace Claude Code joins.
            cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
        self.proc = subprocess.Popen(cmd, stdout=(self.dir / "mock.out").open("wb"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self.port_file.exists():
            if self.proc.poll() is not None:
                out = (self.dir / "mock.out").read_text(errors="replace")
                raise RuntimeError(f"mock exited with {self.proc.returncode}: {out}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("mock did not start listening")
            time.sleep(0.02)
        self.port = int(self.port_file.read_text())
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wrap(self, cmd: Sequence[str]) -> list[str]:
        """`cmd` made to run in the mock's network namespace (unchanged without one)."""
        if not self.netns:
            return list(cmd)
        assert self.proc is not None
        return ["nsenter", f"--net=/proc/{self.proc.pid}/ns/net", "--", *cmd]

    def stop(self) -> None:
        """Stop the mock by its pid."""
        if self.proc is not None:
            _stop_pid(self.proc)

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- what Claude Code sent --------------------------------------------------
    def requests(self) -> list[dict[str, Any]]:
        """Every logged request, in arrival order."""
        if not self.log.exists():
            return []
        out = []
        for line in self.log.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                out.append(json.loads(line))
        return out

    def main_requests(self) -> list[dict[str, Any]]:
        """Requests of the main loop (the ones that offer tools), in arrival order."""
        return [r for r in self.requests() if r.get("main")]

    def tool_names(self) -> list[str]:
        """Names in the `tools` array of the first main-loop request."""
        reqs = self.main_requests()
        if not reqs:
            return []
        return [t.get("name", "") for t in reqs[0]["body"].get("tools", [])]

    def tool_results(self) -> list[str]:
        """Text of every tool_result Claude Code sent back, in order (deduplicated by id)."""
        seen: dict[str, str] = {}
        for r in self.main_requests():
            for m in r["body"].get("messages", []):
                content = m.get("content")
                if m.get("role") != "user" or not isinstance(content, list):
                    continue
                for block in content:
                    if isinstance(block, dict) and block.get("type") == "tool_result":
                        c = block.get("content")
                        if isinstance(c, list):
                            c = "".join(x.get("text", "") for x in c if isinstance(x, dict))
                        seen.setdefault(block.get("tool_use_id", ""), str(c))
        return list(seen.values())

    # --- gates --------------------------------------------------------------------
    def wait_reached(self, turn: int, proc: subprocess.Popen[Any] | None = None,
                     timeout: float = 90.0) -> None:
        """Block until Claude Code asks for gated `turn` (all earlier tool calls are done)."""
        flag = self.control / f"reached-{turn}"
        deadline = time.monotonic() + timeout
        while not flag.exists():
            if proc is not None and proc.poll() is not None:
                raise AssertionError(f"Claude Code exited ({proc.returncode}) before turn {turn}")
            if time.monotonic() > deadline:
                raise AssertionError(f"Claude Code never asked for turn {turn}")
            time.sleep(0.02)

    def release(self, turn: int) -> None:
        """Let the mock answer gated `turn`."""
        (self.control / f"go-{turn}").touch()


# --- Claude Code --------------------------------------------------------------------


@dataclass
class Sandbox:
    """The private folders one real run of Claude Code gets."""

    home: Path
    config_dir: Path
    tmp: Path
    runtime: Path

    @classmethod
    def make(cls, base: Path, env: Mapping[str, str] | None = None) -> Sandbox:
        """Folders under `base`; HOME and CLAUDE_CONFIG_DIR from `env` when it has them."""
        env = os.environ if env is None else env
        home = Path(env.get("HOME") or base / "home")
        config = Path(env.get("CLAUDE_CONFIG_DIR") or home / ".claude")
        sb = cls(home, config, base / "cc-tmp", base / "cc-run")
        for d in (sb.home, sb.config_dir, sb.tmp, sb.runtime):
            d.mkdir(parents=True, exist_ok=True)
        sb.runtime.chmod(0o700)
        return sb


def claude_env(sandbox: Sandbox, mock_url: str, base: Mapping[str, str] | None = None,
               **extra: str | None) -> dict[str, str]:
    """The environment of one real run: `base` scrubbed, sandboxed, offline, plus `extra`.

    An `extra` value of None removes that variable.
    """
    base = os.environ if base is None else base
    env = {k: v for k, v in base.items()
           if not k.startswith(SCRUB_PREFIXES) and k not in SCRUB_EXTRA}
    # The test's own task-list id (if any) is meant for Claude Code: keep it.
    for keep in ("CLAUDE_CODE_TASK_LIST_ID",):
        if keep in base:
            env[keep] = base[keep]
    env.update(TRAFFIC_OFF)
    env.update({
        "HOME": str(sandbox.home),
        "CLAUDE_CONFIG_DIR": str(sandbox.config_dir),
        "TMPDIR": str(sandbox.tmp),
        "CLAUDE_CODE_TMPDIR": str(sandbox.tmp),
        "XDG_RUNTIME_DIR": str(sandbox.runtime),
        "ANTHROPIC_BASE_URL": mock_url,
        "ANTHROPIC_API_KEY": "sk-ant-mock-not-a-key",
        "NO_COLOR": "1",
        "TERM": "dumb",
    })
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


@dataclass
class Run:
    """A finished real run."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def start_claude(binary: Path, args: Sequence[str], *, mock: MockServer, env: Mapping[str, str],
                 cwd: Path) -> subprocess.Popen[str]:
    """Start the real CLI (in the mock's namespace) without waiting; stdin is empty."""
    cmd = mock.wrap([str(binary), *args])
    return subprocess.Popen(cmd, env=dict(env), cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def finish(proc: subprocess.Popen[str], timeout: float = 120.0) -> Run:
    """Wait for a run to end; on timeout stop it by pid and fail."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as e:
        _stop_pid(proc)
        out, err = proc.communicate()
        raise AssertionError(
            f"Claude Code did not finish in {timeout} s; stderr: {err[-2000:]}") from e
    args = proc.args if isinstance(proc.args, list) else [str(proc.args)]
    return Run([str(a) for a in args], proc.returncode, out, err)


def run_claude(binary: Path, args: Sequence[str], *, mock: MockServer, env: Mapping[str, str],
               cwd: Path, timeout: float = 120.0) -> Run:
    """Run the real CLI to the end (bounded) and return what it did."""
    return finish(start_claude(binary, args, mock=mock, env=env, cwd=cwd), timeout)


@contextlib.contextmanager
def running(proc: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    """Make sure a started run is stopped by pid whatever the test does."""
    try:
        yield proc
    finally:
        _stop_pid(proc)


LAUNCHER = """#!/bin/sh
# `claude` for tests in real shells: the pinned CLI, offline, against the mock.
echo "$$" >> {pidfile}
for v in $(env | sed -n 's/^\\(ANTHROPIC_[A-Za-z0-9_]*\\)=.*/\\1/p'); do unset "$v"; done
{exports}
exec timeout --foreground -k 5 {timeout} {prefix}{binary} "$@"
"""


def write_launcher(bindir: Path, binary: Path, mock: MockServer, sandbox: Sandbox,
                   timeout: int = 120) -> Path:
    """A `claude` script in `bindir` that runs the real CLI offline against `mock`.

    For interactive shells: HOME, CLAUDE_CONFIG_DIR and the task-list variables
    come from the shell (so the hook's exports reach Claude Code); the rest of the
    sandbox and the traffic-off variables are set here. Each run appends its pid
    to `bindir/claude.pids` (see `stop_launched`).
    """
    import shlex

    bindir.mkdir(parents=True, exist_ok=True)
    values = {**TRAFFIC_OFF, "TMPDIR": str(sandbox.tmp), "CLAUDE_CODE_TMPDIR": str(sandbox.tmp),
              "XDG_RUNTIME_DIR": str(sandbox.runtime), "ANTHROPIC_BASE_URL": mock.url,
              "ANTHROPIC_API_KEY": "sk-ant-mock-not-a-key", "NO_COLOR": "1"}
    exports = "\n".join(f"export {k}={shlex.quote(v)}" for k, v in values.items())
    prefix = " ".join(shlex.quote(a) for a in mock.wrap([])) + " " if mock.netns else ""
    exe = bindir / "claude"
    exe.write_text(LAUNCHER.format(pidfile=shlex.quote(str(bindir / "claude.pids")),
                                   exports=exports, timeout=timeout, prefix=prefix,
                                   binary=shlex.quote(str(binary))), encoding="utf-8")
    exe.chmod(0o755)
    return exe


def stop_launched(bindir: Path) -> None:
    """Stop every run the launcher in `bindir` started that is still alive (by pid)."""
    pids = bindir / "claude.pids"
    if not pids.exists():
        return
    for line in pids.read_text().split():
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
            os.kill(int(line), signal.SIGTERM)


def main(argv: list[str] | None = None) -> int:
    """`--fetch`: make sure the pinned CLI is in the cache; `--path`: print where it is."""
    return CLAUDE.main(argv)


if __name__ == "__main__":
    sys.exit(main())
