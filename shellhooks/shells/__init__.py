"""One small class per shell behind one interface; the shell code itself is in real files.

`hook.<shell>` is the hook (sourced from an rc file, or printed by `shellhooks init`),
`claude.<shell>` the `claude` launch wrapper that the hook includes. Each class owns
quoting for its language (for `shellhooks init`) and the escaping of the prompt segment;
what `hook-env` prints is data in one format for all three (see hookenv.py).
Nothing outside this package branches on a shell's name.
"""

from __future__ import annotations

import os
import sys

from shellhooks.errors import ShellhooksError

# `hook-env` imports this module: `re`, `pathlib` and `collections.abc` stay off its path.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def shells_dir() -> Path:
    """The folder of the shell files (hook.<shell>, claude.<shell>, *.common.sh)."""
    from pathlib import Path

    return Path(__file__).resolve().parent

NAMES = ("bash", "zsh", "fish")

# The functions the bash and zsh hooks share, and the line that sources them.
COMMON_FILE = "hook.common.sh"
COMMON_SOURCE = f'\\builtin source "$__shellhooks_lib/shellhooks/shells/{COMMON_FILE}"\n'
# The same for the bash and zsh `claude` wrappers (each finds the file next to itself).
CLAUDE_COMMON_FILE = "claude.common.sh"
CLAUDE_COMMON_SOURCES = (
    f'\\builtin source "${{BASH_SOURCE[0]%claude.bash}}./{CLAUDE_COMMON_FILE}"\n',
    f'\\builtin source "${{${{(%):-%x}}:h}}/{CLAUDE_COMMON_FILE}"\n',
)

# The wrappers' line that reads the hook's shared functions when loaded on their own; not
# in `init` output (a path relative to a file that is not there).
CLAUDE_HOOK_FALLBACKS = (
    '\\builtin declare -F __shellhooks_on_path >/dev/null || '
    '\\builtin source "${BASH_SOURCE[0]%claude.bash}./hook.common.sh"\n',
    '(( ${+functions[__shellhooks_on_path]} )) || '
    '\\builtin source "${${(%):-%x}:h}/hook.common.sh"\n',
)

_SGR_PARAMS = frozenset("0123456789;")


def sgr_parts(segment: str) -> list[tuple[str, bool]]:
    """`segment` cut into text and SGR colour sequences (`ESC [ <digits and ;> m`, the only
    escapes a prompt segment may carry, see segment.py): (piece, is_colour) in order."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    i = segment.find("\x1b[")
    while i >= 0:
        j = i + 2
        while j < len(segment) and segment[j] in _SGR_PARAMS:
            j += 1
        if j < len(segment) and segment[j] == "m":
            if i > pos:
                parts.append((segment[pos:i], False))
            parts.append((segment[i : j + 1], True))
            pos = j + 1
            i = segment.find("\x1b[", pos)
        else:
            i = segment.find("\x1b[", i + 1)
    if pos < len(segment):
        parts.append((segment[pos:], False))
    return parts


class Shell:
    """The interface: a name, quoting, prompt escaping and the hook's source."""

    name = ""
    ext = ""

    def quote(self, value: str) -> str:
        """`value` as one word of this shell that evaluates to exactly `value`."""
        raise NotImplementedError

    def prompt_escape(self, segment: str) -> str:
        """`segment` (text + SGR) as the value of SHELLHOOKS_SEGMENT for this shell's prompt."""
        raise NotImplementedError

    def assign(self, name: str, value: str) -> str:
        """Code that sets global shell variable `name` to `value` (for `init`)."""
        raise NotImplementedError

    # ----- the hook file -------------------------------------------------------------------

    def hook_path(self) -> Path:
        return shells_dir() / f"hook.{self.ext}"

    def claude_path(self) -> Path:
        return shells_dir() / f"claude.{self.ext}"

    def init_code(self, prompt: bool = True) -> str:
        """What `shellhooks init <shell>` prints: the interpreter and package location baked
        in (so no lookup is needed), the hook (with the bash/zsh shared part inline), then
        the `claude` wrapper."""
        lib = str(shells_dir().parent.parent)
        lines = [
            self.assign("__shellhooks_py", sys.executable),
            self.assign("__shellhooks_lib", lib),
            self.assign("__shellhooks_wrapper_inline", "1"),
        ]
        if not prompt:
            lines.append(self.assign("__shellhooks_noprompt", "1"))
        hook = self.hook_path().read_text(encoding="utf-8")
        # bash and zsh source their shared functions from a file; inline it here.
        common = shells_dir() / COMMON_FILE
        if COMMON_SOURCE in hook:
            hook = hook.replace(COMMON_SOURCE, common.read_text(encoding="utf-8"))
        parts = ["\n".join(lines) + "\n", hook]
        claude = self.claude_path()
        if claude.is_file():
            wrapper = claude.read_text(encoding="utf-8")
            for line in CLAUDE_HOOK_FALLBACKS:
                wrapper = wrapper.replace(line, "")
            for line in CLAUDE_COMMON_SOURCES:
                if line in wrapper:
                    wrapper = wrapper.replace(
                        line, (shells_dir() / CLAUDE_COMMON_FILE).read_text(encoding="utf-8"))
            parts.append(wrapper)
        return "\n".join(parts)


def get_shell(name: str) -> Shell:
    """The Shell for `name` (bash, zsh or fish)."""
    if name == "bash":
        from shellhooks.shells.bash import Bash

        return Bash()
    if name == "zsh":
        from shellhooks.shells.zsh import Zsh

        return Zsh()
    if name == "fish":
        from shellhooks.shells.fish import Fish

        return Fish()
    raise ShellhooksError(f"unknown shell {name!r}; use one of: {', '.join(NAMES)}", 2)


def detect_shell() -> str | None:
    """The user's shell from $SHELL, if it is one we support."""
    base = os.path.basename(os.environ.get("SHELL", ""))
    return base if base in NAMES else None
