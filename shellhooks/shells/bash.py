"""bash: `PROMPT_COMMAND` (string or array), `$'..'` quoting, PS1 escaping."""

from __future__ import annotations

from shellhooks.shells import Entry, sgr_parts
from shellhooks.shells._posix import PosixLike


class Bash(PosixLike):
    name = "bash"
    ext = "bash"

    def prompt_escape(self, segment: str) -> str:
        """For `${SHELLHOOKS_SEGMENT}` in PS1: readline's invisible markers (\\001 \\002, what
        `\\[ \\]` become) around colour codes. The value of a parameter expansion is not
        expanded again, so `$(...)`, backticks and backslashes in it stay text."""
        return "".join("\x01" + p + "\x02" if colour else p for p, colour in sgr_parts(segment))

    def fresh_function(self, e: Entry) -> str:
        """`__shellhooks_fresh` as `-nt` tests against the stamp (bash has no builtin that
        reads an mtime). The stamp and list folder are locals `$_s`/`$_d`: bash expands a
        short variable faster than it parses a long literal path. Task files are
        `<digits>.json`, needing no quoting."""
        q = self.quote
        tests = ["-e $_s"]
        tests.extend(f"-e {q(p)} && ! {q(p)} -nt $_s" for p in e.present)
        tests.extend(f"! {q(p)} -nt $_s" for p in e.watched)
        tests.extend(f"! $_d/{n} -nt $_s" for n in e.task_files)
        return (f"__shellhooks_fresh() {{ local _s={q(e.stamp)} _d={q(e.task_folder)}; "
                f"[[ {' && '.join(tests)} ]]; }}")
