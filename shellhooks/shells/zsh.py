"""zsh: `precmd`/`chpwd`, `$'..'` quoting, prompt `%` escaping."""

from __future__ import annotations

from shellhooks.shells import SGR
from shellhooks.shells._posix import PosixLike


class Zsh(PosixLike):
    name = "zsh"
    ext = "zsh"

    def prompt_escape(self, segment: str) -> str:
        """For PROMPT/RPROMPT: `%` doubled, colour codes inside `%{ %}`. The hook inserts it
        literally, or as `${SHELLHOOKS_SEGMENT}` under PROMPT_SUBST, whose value is not
        expanded again, so `$(...)` and backticks stay text either way."""
        parts = []
        pos = 0
        for m in SGR.finditer(segment):
            parts.append(segment[pos : m.start()].replace("%", "%%"))
            parts.append("%{" + m.group(0) + "%}")
            pos = m.end()
        parts.append(segment[pos:].replace("%", "%%"))
        return "".join(parts)
