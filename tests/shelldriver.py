"""Drive REAL interactive bash, zsh and fish in a pseudo-terminal, for shell tests.

Usage in a test::

    from tests.shelldriver import ShellDriver, SHELLS, require_shell

    @pytest.mark.parametrize("shell", SHELLS)
    def test_something(shell, tmp_path):
        with ShellDriver(shell) as sh:          # skips (or fails under CI=true) if missing
            sh.source_hook()                    # eval "$(shellhooks init bash)" etc.
            r = sh.cd(tmp_path / "proj")         # `cd` typed at the prompt; hooks run
            assert r.status == 0
            assert "blocked" in r.after          # what the prompt hook printed
            assert sh.child_env()["CLAUDE_CODE_TASK_LIST_ID"] == "proj"
            assert sh.var("SHELLHOOKS_SEGMENT") == "proj 0/0"

How it works, and why it is reliable:
- The shell starts with the test's environment (`os.environ`, which the autouse
  fixture already points at a temporary HOME/XDG/CLAUDE_CONFIG_DIR) and the
  virtualenv's `bin` first on PATH, in a wide pty with `TERM=dumb` unless told
  otherwise. `rc=False` (default) starts it without any rc file
  (`bash --noprofile --norc -i`, `zsh -f -i`, `fish --no-config -i`);
  `rc=True` lets it read the rc files of the temporary HOME (`~/.bashrc`,
  `$ZDOTDIR/.zshrc` with ZDOTDIR=HOME, `$XDG_CONFIG_HOME/fish/config.fish`).
- Every command is written to a file and the shell is sent one short line,
  `. /tmp/.../cN` (fish: `source ...`). That file prints a begin marker,
  sources the command's own file (so a syntax error in the command cannot
  swallow the markers), prints an end marker with `$?`, and returns that status,
  so the prompt and the prompt hooks see the command's real `$?`. Markers are
  printed with a split printf format, so the echo of the typed line can never
  be mistaken for them.
- The prompt is set to a marker that includes the status the prompt sees
  (`$?` in PS1, `%?` in zsh, `$status` in fish_prompt), so `Result.prompt_status`
  tells whether prompt hooks preserved `$?`. A hook may add text to the prompt;
  that text arrives after the marker (see `last_prompt_raw`).

Results: `Result.output` is what the command printed (CRLF turned into LF),
`Result.status` its exit status, `Result.after` what was printed between the
command's end and the next prompt (prompt hooks' messages; escape sequences and
line-editor noise removed), `Result.prompt_status` the `$?` the prompt saw.

For exact values (newlines, control characters) do not parse terminal output:
use `var(name)` (a shell variable, written to a file by `printf`) or
`child_env()` (the environment a child process such as `claude` would get).

Timeouts are generous (default 30 s per step) because the machine may have 2
busy cores. A shell that is not installed skips the test, or fails it under
CI=true (see `require_shell`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pexpect
import pytest

SHELLS = ("bash", "zsh", "fish")
DEFAULT_TIMEOUT = 30.0

_B = re.compile(r"@@SHDB(\d+)@@\r?\n")
_E = re.compile(r"\r?\n@@SHDE(\d+)@@ (-?\d+)\r?\n")
_P = re.compile(r"@@SHDP(-?\d+)@@ ")
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>]"
)

PACKAGE_SHELLS_DIR = Path(__file__).resolve().parent.parent / "shellhooks" / "shells"


def require_shell(name: str) -> str:
    """Path of shell `name`; skip the test if it is missing, fail under CI=true."""
    path = shutil.which(name)
    if path is None:
        msg = f"{name} is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(msg + " (required under CI=true)")
        pytest.skip(msg)
    return path


def require_tool(name: str) -> str:
    """Like require_shell, for other tools the test needs (strace, direnv, shellcheck...)."""
    return require_shell(name)


def framework_archive(name: str) -> Path:
    """The source snapshot `NAME.tar.gz` of a prompt framework published only as a git
    repository: in $SHELLHOOKS_FRAMEWORKS, else the workspace's `shared/frameworks` beside
    this checkout (or beside /work/main, where a clean clone made elsewhere finds it).
    Skips the test when missing, fails under CI=true."""
    here = Path(__file__).resolve().parent.parent
    places = [Path(os.environ["SHELLHOOKS_FRAMEWORKS"])] \
        if os.environ.get("SHELLHOOKS_FRAMEWORKS") else []
    places += [here.parent / "shared" / "frameworks", Path("/work/shared/frameworks")]
    for place in places:
        if (place / f"{name}.tar.gz").is_file():
            return place / f"{name}.tar.gz"
    msg = f"{name}.tar.gz is missing (looked in {', '.join(map(str, places))})"
    if os.environ.get("CI") == "true":
        pytest.fail(msg + " (required under CI=true)")
    pytest.skip(msg)


def quote(shell: str, value: str | os.PathLike[str]) -> str:
    """`value` as one single-quoted word of `shell` (test-side quoting, independent of the
    package's own escaping so that tests check it rather than reuse it)."""
    s = os.fspath(value)
    if shell == "fish":
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "'" + s.replace("'", "'\\''") + "'"


@dataclass
class Result:
    """What one command typed at the prompt did."""

    output: str
    status: int
    after: str
    prompt_status: int | None

    def __str__(self) -> str:  # shown by pytest on assertion failure
        return (
            f"status={self.status} prompt_status={self.prompt_status}\n"
            f"--- output ---\n{self.output}\n--- after ---\n{self.after}"
        )


@dataclass
class ProcessCount:
    """Processes started while an action ran, as seen by `strace -f -p <shell pid>`."""

    forks: int  # clone/fork/vfork calls (each a new process, e.g. $(...) in bash)
    execs: int  # execve calls (programs started)
    trace: str  # the raw strace log, for assertion messages

    @property
    def processes(self) -> int:
        return max(self.forks, self.execs)


def strip_ansi(text: str) -> str:
    """`text` without terminal escape sequences (colours, cursor movement, titles)."""
    return _ANSI.sub("", text)


def _clean_noise(text: str) -> str:
    """Terminal output without escape sequences, carriage returns and zsh/fish
    'missing newline' marks: what a human would read as printed lines."""
    text = _ANSI.sub("", text)
    lines = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        # A line-editor redraw: keep what follows the last carriage return.
        line = raw.rsplit("\r", 1)[-1] if "\r" in raw.rstrip("\r") else raw.rstrip("\r")
        line = line.replace("\u23ce", "")  # fish's missing-newline mark
        if line.strip() in ("", "#", "%"):
            continue  # zsh PROMPT_SP / fish reflow padding
        lines.append(line.rstrip())
    return "\n".join(lines)


class ShellDriver:
    """One real interactive shell in a pty. Use as a context manager, or call close()."""

    def __init__(
        self,
        shell: str,
        *,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        rc: bool = False,
        term: str = "dumb",
        timeout: float = DEFAULT_TIMEOUT,
        unset: tuple[str, ...] = (),
        args: tuple[str, ...] = (),
    ) -> None:
        """Start `shell` ("bash", "zsh" or "fish").

        env: variables added to (a copy of) os.environ; a value of None is not
        allowed, use `unset` to remove variables. args: extra shell arguments.
        """
        self.shell = shell
        self.path = require_shell(shell)
        self.timeout = timeout
        self.dir = Path(tempfile.mkdtemp(prefix=f"shd-{shell}-"))
        self._n = 0
        self.last_prompt_raw = ""
        self.transcript: list[str] = []
        e = dict(os.environ)
        venv_bin = str(Path(sys.executable).parent)
        e["PATH"] = venv_bin + os.pathsep + e.get("PATH", "/usr/bin:/bin")
        e["TERM"] = term
        e["HISTFILE"] = str(self.dir / "history")
        # State that would leak from the shell running pytest into the test shell.
        for var in ("PROMPT_COMMAND", "PS1", "PROMPT", "RPROMPT", "BASH_ENV", "ENV", "ZDOTDIR",
                    "fish_greeting", "SHLVL", "PYTHONSTARTUP", *unset):
            e.pop(var, None)
        if rc and shell == "zsh":
            e["ZDOTDIR"] = e.get("HOME", str(self.dir))
        if env:
            e.update(env)
        self.env = e
        argv = {
            "bash": ["--noprofile"] + ([] if rc else ["--norc"]) + ["-i"],
            "zsh": ([] if rc else ["-f"]) + ["-i"],
            "fish": ([] if rc else ["--no-config"]) + ["-i"],
        }[shell] + list(args)
        self.child = pexpect.spawn(
            self.path, argv, env=e, cwd=os.fspath(cwd) if cwd else None,
            encoding="utf-8", codec_errors="replace", timeout=timeout, dimensions=(50, 400),
        )
        # pexpect sleeps 50 ms before every send by default; nothing here needs it.
        self.child.delaybeforesend = None
        self.pid = self.child.pid
        self._setup()

    # ----- set-up -------------------------------------------------------------------------

    def _setup(self) -> None:
        if self.shell == "fish":
            setup = (
                "function fish_prompt; printf '%s%s@@ ' '@@SHD' P$status; end\n"
                "function __shd_ret; return $argv[1]; end\n"
                "set -g fish_greeting ''\n"
            )
        elif self.shell == "zsh":
            setup = (
                "PROMPT='@@SHD''P%?@@ '\nRPROMPT=''\nPROMPT_EOL_MARK=''\n"
                "__shd_ret() { return \"$1\"; }\n"
            )
        else:
            setup = "PS1='@@SHD''P$?@@ '\nPS2=''\n__shd_ret() { return \"$1\"; }\n"
        f = self.dir / "setup"
        f.write_text(setup, encoding="utf-8")
        self.child.sendline(self._source_line(f))
        self._expect(_P)
        self._after_prompt()

    def _source_line(self, f: Path) -> str:
        return ("source " if self.shell == "fish" else ". ") + quote(self.shell, f)

    def _expect(self, pattern: re.Pattern[str], timeout: float | None = None) -> re.Match[str]:
        try:
            self.child.expect(pattern, timeout=timeout or self.timeout)
        except pexpect.TIMEOUT:
            raise AssertionError(
                f"{self.shell}: timed out waiting for {pattern.pattern!r}; recent output:\n"
                + repr(str(self.child.before)[-3000:])
            ) from None
        except pexpect.EOF:
            raise AssertionError(
                f"{self.shell} exited (status {self._exit_status()}); last output:\n"
                + repr(str(self.child.before)[-3000:])
            ) from None
        self.transcript.append(str(self.child.before) + str(self.child.after))
        m = self.child.match
        assert isinstance(m, re.Match)
        return m

    def _exit_status(self) -> int | None:
        try:
            self.child.close(force=False)
        except Exception:
            pass
        return self.child.exitstatus

    def _after_prompt(self) -> int:
        m = self.child.match
        return int(m.group(1)) if isinstance(m, re.Match) else 0

    # ----- running commands ---------------------------------------------------------------

    def start(self, command: str) -> int:
        """Type `command` at the prompt without waiting for it to finish (for commands that
        ask questions: follow with expect()/send() and then finish()). Returns its number."""
        self._n += 1
        n = self._n
        cmd_file = self.dir / f"c{n}.cmd"
        cmd_file.write_text(command + "\n", encoding="utf-8")
        wrap = self.dir / f"c{n}"
        if self.shell == "fish":
            body = (
                f"printf '%s%s\\n' '@@SHD' 'B{n}@@'\n"
                f"source {quote('fish', cmd_file)}\n"
                "set -g __shd_rc $status\n"
                f"printf '\\n%s%s %d\\n' '@@SHD' 'E{n}@@' $__shd_rc\n"
                "__shd_ret $__shd_rc\n"
            )
        else:
            body = (
                f"printf '%s%s\\n' '@@SHD' 'B{n}@@'\n"
                f". {quote(self.shell, cmd_file)}\n"
                "__shd_rc=$?\n"
                f"printf '\\n%s%s %d\\n' '@@SHD' 'E{n}@@' \"$__shd_rc\"\n"
                "__shd_ret \"$__shd_rc\"\n"
            )
        wrap.write_text(body, encoding="utf-8")
        self.child.sendline(self._source_line(wrap))
        m = self._expect(_B)
        self.last_prompt_raw += str(self.child.before)
        if int(m.group(1)) != n:
            raise AssertionError(f"{self.shell}: out of step (expected command {n}, got {m[1]})")
        return n

    def finish(self, timeout: float | None = None) -> Result:
        """Wait for the command started by start() and the next prompt."""
        m = self._expect(_E, timeout)
        output = str(self.child.before).replace("\r\n", "\n")
        status = int(m.group(2))
        pm = self._expect(_P, timeout)
        after = _clean_noise(str(self.child.before))
        self.last_prompt_raw = ""
        return Result(output=output, status=status, after=after, prompt_status=int(pm.group(1)))

    def run(self, command: str, timeout: float | None = None) -> Result:
        """Type `command` at the prompt (as if the user did) and wait for the next prompt."""
        self.start(command)
        return self.finish(timeout)

    def check(self, command: str, timeout: float | None = None) -> str:
        """run() that asserts exit status 0 and returns the output."""
        r = self.run(command, timeout)
        assert r.status == 0, f"{self.shell}: {command!r} failed:\n{r}"
        return r.output

    def expect(self, pattern: str, timeout: float | None = None) -> str:
        """Wait for a regex in the output of a command started with start(); returns the
        text before it."""
        self._expect(re.compile(pattern), timeout)
        return str(self.child.before)

    def send(self, text: str) -> None:
        """Send raw keystrokes (e.g. an answer to a question: send("y\\n"))."""
        self.child.send(text)

    def enter(self, timeout: float | None = None) -> Result:
        """Press Enter on an empty line: only the prompt hooks run. `output` is empty and
        `status` is the prompt's `$?`."""
        self.child.sendline("")
        pm = self._expect(_P, timeout)
        # Before the newline: the rest of the previous prompt (text a hook added to it)
        # and the echo of the empty line.
        before = str(self.child.before)
        after = _clean_noise(before[before.find("\n") + 1 :])
        return Result(output="", status=int(pm.group(1)), after=after,
                      prompt_status=int(pm.group(1)))

    def cd(self, path: str | os.PathLike[str]) -> Result:
        """`cd` into `path` (any characters), typed at the prompt."""
        return self.run("cd " + quote(self.shell, path))

    # ----- hooks --------------------------------------------------------------------------

    def source_hook(self, how: str = "init", init_args: str = "") -> Result:
        """Load the shellhooks hook: how="init" runs the documented rc line
        (`eval "$(shellhooks init bash)"`, `shellhooks init fish | source`);
        how="file" sources shellhooks/shells/hook.<shell> directly."""
        if how == "file":
            return self.run(("source " if self.shell == "fish" else ". ")
                            + quote(self.shell, PACKAGE_SHELLS_DIR / f"hook.{self.shell}"))
        extra = (" " + init_args) if init_args else ""
        if self.shell == "fish":
            return self.run(f"shellhooks init fish{extra} | source")
        return self.run(f'eval "$(shellhooks init {self.shell}{extra})"')

    # ----- inspecting state ---------------------------------------------------------------

    def var(self, name: str) -> str | None:
        """Exact value of shell variable `name` (None if unset). Fish lists are joined by
        a space."""
        out = self.dir / f"var{self._n + 1}"
        q = quote(self.shell, out)
        if self.shell == "fish":
            cmd = f'if set -q {name}; printf "%s" "${name}" > {q}; else; rm -f {q}; end'
        else:
            cmd = f'if [ -n "${{{name}+x}}" ]; then printf "%s" "${name}" > {q}; ' \
                  f"else rm -f {q}; fi"
        self.check(cmd)
        return out.read_text(encoding="utf-8", errors="surrogateescape") if out.exists() else None

    def child_env(self) -> dict[str, str]:
        """The environment a program started from this shell would receive."""
        out = self.dir / f"env{self._n + 1}.json"
        prog = "import json,os,sys; json.dump(dict(os.environ), open(sys.argv[1], 'w'))"
        self.check(f"{quote(self.shell, sys.executable)} -c {quote(self.shell, prog)} "
                   f"{quote(self.shell, out)}")
        data: dict[str, str] = json.loads(out.read_text(encoding="utf-8"))
        return data

    def pwd(self) -> str:
        """The shell's $PWD."""
        value = self.var("PWD")
        assert value is not None
        return value

    def prompt_parts(self) -> tuple[str, str]:
        """The (left, right) prompt exactly as the shell would draw it now, without running
        the prompt hooks again. Escape sequences are kept; the driver's prompt marker
        (`@@SHDP0@@ `) is part of the left prompt unless a test set its own prompt.

        bash: `${PS1@P}` minus the \\001/\\002 markers readline removes before drawing
        (`\\[ \\]`); the right side is empty. zsh: `print -rP` of PROMPT and RPROMPT (`-r`:
        prompt expansion never treats a backslash as an escape, plain `print` would).
        fish: the output of `fish_prompt` and `fish_right_prompt`, whatever status they
        return (fish draws the text either way)."""
        n = self._n + 1
        left, right = self.dir / f"prompt{n}.l", self.dir / f"prompt{n}.r"
        ql, qr = quote(self.shell, left), quote(self.shell, right)
        if self.shell == "bash":
            cmd = f'printf "%s" "${{PS1@P}}" > {ql}; : > {qr}'
        elif self.shell == "zsh":
            cmd = f'print -rPn -- "$PROMPT" > {ql}; print -rPn -- "${{RPROMPT-}}" > {qr}'
        else:
            cmd = (f"true; fish_prompt > {ql}; true; printf '' > {qr}; "
                   f"if functions -q fish_right_prompt; fish_right_prompt > {qr}; end; true")
        self.check(cmd)
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in (left, right)]
        if self.shell == "bash":
            texts = [t.replace("\x01", "").replace("\x02", "") for t in texts]
        return texts[0], texts[1]

    def prompt_text(self) -> str:
        """Left and right prompt (see prompt_parts) joined by one space."""
        left, right = self.prompt_parts()
        return left + " " + right

    def count_processes(self, action: Callable[[], Any]) -> ProcessCount:
        """Run `action` (e.g. `lambda: sh.enter()`) with strace attached to the shell and
        count the processes it started (fork/clone and execve, children included)."""
        require_tool("strace")
        log = self.dir / f"strace{self._n + 1}.log"
        proc = subprocess.Popen(
            ["strace", "-f", "-e", "trace=execve,fork,vfork,clone,clone3", "-o", str(log),
             "-p", str(self.pid)],
            stderr=subprocess.PIPE, text=True,
        )
        assert proc.stderr is not None
        # Wait until strace says it is attached, or the first command could be missed.
        deadline = time.monotonic() + self.timeout
        line = ""
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if "attached" in line or not line:
                break
        if "attached" not in line:
            proc.kill()
            raise AssertionError(f"strace did not attach: {line!r}")
        try:
            action()
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        forks = execs = 0
        for ln in text.splitlines():
            m = re.match(r"^\d+\s+(\w+)\(", ln)
            if not m:
                continue
            if m[1] == "execve":
                execs += 1
            elif m[1] in ("fork", "vfork", "clone", "clone3"):
                if "CLONE_THREAD" not in ln:
                    forks += 1
        return ProcessCount(forks=forks, execs=execs, trace=text)

    # ----- ending -------------------------------------------------------------------------

    def alive(self) -> bool:
        return bool(self.child.isalive())

    def close(self) -> None:
        """End the shell (by its pid) and remove the driver's temporary files."""
        if self.child.isalive():
            try:
                self.child.sendline("exit")
                self.child.expect(pexpect.EOF, timeout=5)
            except Exception:
                pass
        self.child.close(force=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> ShellDriver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
