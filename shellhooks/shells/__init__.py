"""One small class per shell behind one interface; the shell code itself is in real files.

`hook.<shell>` is the hook (sourced from an rc file, or printed by `shellhooks init`),
`claude.<shell>` the `claude` launch wrapper that the hook includes. Each class owns
quoting for its language and the code `hook-env` prints for the hook to evaluate.
Nothing outside this package branches on a shell's name.
"""

from __future__ import annotations

import os
import sys

from shellhooks.errors import ShellhooksError

# `hook-env` imports this module: `re`, `pathlib` and `collections.abc` stay off its path.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


def shells_dir() -> Path:
    """The folder of the shell files (hook.<shell>, claude.<shell>, hook.common.sh)."""
    from pathlib import Path

    return Path(__file__).resolve().parent

NAMES = ("bash", "zsh", "fish")

# The functions the bash and zsh hooks share, and the line that sources them.
COMMON_FILE = "hook.common.sh"
COMMON_SOURCE = f'\\builtin source "$__shellhooks_lib/shellhooks/shells/{COMMON_FILE}"\n'

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


class Entry:
    """What the hook caches for one project key: evaluated by the shell on `cd`.
    (A plain class, not a dataclass: this is on the hook's hot path.)"""

    def __init__(self, manual: str, export_id: str, todo: bool, segment: str, stamp: str,
                 present: list[str] | None = None, watched: list[str] | None = None,
                 ctx: str = "", task_folder: str = "",
                 task_files: list[str] | None = None) -> None:
        self.ctx = ctx  # the hook's environment summary this was computed for
        self.task_folder = task_folder  # the list folder whose task files are watched
        self.task_files = task_files or []  # their names (`<digits>.json`), watched too
        self.manual = manual  # the hand-set value this was computed for ("" when none)
        self.export_id = export_id  # the id to export ("" for none, or when manual)
        self.todo = todo  # export CLAUDE_CODE_ENABLE_TODO_TOOLS=1 with it
        self.segment = segment  # prompt text, plain text plus SGR codes
        self.stamp = stamp  # file whose mtime is the time before anything was read
        self.present = present or []  # must exist and not be newer than the stamp
        self.watched = watched or []  # must not appear or be newer than the stamp


def stat_snapshot(e: Entry) -> tuple[list[str], list[str], list[str], list[str]] | None:
    """The entry's files as a test by equality of mtimes, taken after hook-env read them:
    (files that must exist: the stamp first, then `present`, the existing `watched` files
    and the task files; their mtimes in whole seconds; `recent`: those changed in the
    stamp's own second, where an equal second proves nothing, so the shell also tests them
    with `-nt` against the stamp; `absent`: watched files that must not appear). None when
    the entry can never be fresh: the stamp or a file is missing, or a file is not older
    than the stamp (written while it was read: the next prompt asks again, as the stamp's
    margin intends). A write after the read gets an mtime after the stamp's, so a second
    that is older than the stamp's changes with it; equality also catches a file replaced
    by an older one."""
    try:
        t0 = os.stat(e.stamp).st_mtime_ns
    except OSError:
        return None
    s0 = t0 // 1_000_000_000
    files, secs, recent, absent = [e.stamp], [str(s0)], [], []
    folder = e.task_folder
    candidates = [(p, False) for p in e.present]
    candidates.extend((p, True) for p in e.watched)
    candidates.extend((f"{folder}/{n}", False) for n in e.task_files)
    for path, optional in candidates:
        try:
            m = os.stat(path).st_mtime_ns
        except OSError:
            if optional:
                absent.append(path)
                continue
            return None
        if m >= t0:
            return None
        sec = m // 1_000_000_000
        files.append(path)
        secs.append(str(sec))
        if sec >= s0:
            recent.append(path)
    return files, secs, recent, absent


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

    def fresh_function(self, e: Entry) -> str:
        """Code defining `__shellhooks_fresh`: true while no file the entry depends on
        changed (see `stat_snapshot`)."""
        raise NotImplementedError

    def entry_code(self, e: Entry) -> str:
        """Shell code that sets the entry's values and defines `__shellhooks_fresh`."""
        return "\n".join(
            [
                self.assign("__shellhooks_e_ctx", e.ctx),
                self.assign("__shellhooks_e_m", e.manual),
                self.assign("__shellhooks_e_id", e.export_id),
                self.assign("__shellhooks_e_todo", "1" if e.todo else ""),
                self.assign("__shellhooks_e_seg", self.prompt_escape(e.segment)),
                self.fresh_function(e),
            ]
        )

    def assign(self, name: str, value: str) -> str:
        """Code that sets global shell variable `name` to `value`."""
        raise NotImplementedError

    def append(self, name: str, value: str) -> str:
        """Code that appends `value` to global string variable `name`."""
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
            parts.append(claude.read_text(encoding="utf-8"))
        return "\n".join(parts)

    def result_code(self, ckey: str, entry: str, warned: Sequence[str],
                    messages: Sequence[str] = ()) -> str:
        """What `hook-env` prints: the cache key and entry, what was warned about (so it is
        not repeated in this shell), and code printing the warnings to stderr."""
        out = [self.assign("__shellhooks_ckey", ckey), self.assign("__shellhooks_entry", entry)]
        if warned:
            out.append(self.append("__shellhooks_warned", "".join(w + "\n" for w in warned)))
        # `printf` and `>&2` are spelled the same in bash, zsh and fish.
        out.extend(f"printf '%s\\n' {self.quote(m)} >&2" for m in messages)
        return "\n".join(out) + "\n"


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
