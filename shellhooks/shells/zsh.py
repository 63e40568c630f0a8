"""zsh: `precmd`/`chpwd`, `$'..'` quoting, prompt `%` escaping."""

from __future__ import annotations

from shellhooks.shells import sgr_parts
from shellhooks.shells._posix import PosixLike


class Zsh(PosixLike):
    name = "zsh"
    ext = "zsh"

    def prompt_escape(self, segment: str) -> str:
        """For PROMPT/RPROMPT: `%` doubled, colour codes inside `%{ %}` (the only `%{` and the
        only ESC in the value). A user's prompt shows it as `${SHELLHOOKS_SEGMENT}` under
        PROMPT_SUBST, whose value is not expanded again. The hook's own placement
        (`__shellhooks_place_now` in hook.zsh) puts it in the prompt with each `$`,
        backtick, backslash and `!` replaced by a psvar reference (`%61v`...), which no
        prompt option set later can expand, so `$(...)` and backticks stay text."""
        return "".join("%{" + p + "%}" if colour else p.replace("%", "%%")
                       for p, colour in sgr_parts(segment))
