"""bash: `PROMPT_COMMAND` (string or array), `$'..'` quoting, PS1 escaping."""

from __future__ import annotations

from shellhooks.shells import sgr_parts
from shellhooks.shells._posix import PosixLike


class Bash(PosixLike):
    name = "bash"
    ext = "bash"

    def prompt_escape(self, segment: str) -> str:
        """For `${SHELLHOOKS_SEGMENT}` in PS1: readline's invisible markers (\\001 \\002, what
        `\\[ \\]` become) around colour codes. The value of a parameter expansion is not
        expanded again, so `$(...)`, backticks and backslashes in it stay text."""
        return "".join("\x01" + p + "\x02" if colour else p for p, colour in sgr_parts(segment))
