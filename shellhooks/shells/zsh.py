"""zsh: `precmd`/`chpwd`, `$'..'` quoting, prompt `%` escaping."""

from __future__ import annotations

from shellhooks.shells import sgr_parts
from shellhooks.shells._posix import PosixLike


class Zsh(PosixLike):
    name = "zsh"
    ext = "zsh"

    def prompt_escape(self, segment: str) -> str:
        """For PROMPT/RPROMPT: `%` doubled, colour codes inside `%{ %}`. The hook inserts it
        literally, or as `${SHELLHOOKS_SEGMENT}` under PROMPT_SUBST, whose value is not
        expanded again, so `$(...)` and backticks stay text either way."""
        return "".join("%{" + p + "%}" if colour else p.replace("%", "%%")
                       for p, colour in sgr_parts(segment))
