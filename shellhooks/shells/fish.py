"""fish: the `fish_prompt` and PWD events, fish's quoting, a right prompt printed as is."""

from __future__ import annotations

from shellhooks.shells import Entry, Shell
from shellhooks.shells._posix import stat_snapshot


def fish_quote(value: str) -> str:
    """`value` as one fish word: inside '..' only `\\\\` and `\\'` are escapes."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Fish(Shell):
    name = "fish"
    ext = "fish"
    test_and = " -a "
    fresh_template = "function __shellhooks_fresh; test {tests}; end"
    use_locals = False

    def quote(self, value: str) -> str:
        return fish_quote(value)

    def fresh_function(self, e: Entry) -> str:
        """`__shellhooks_fresh` as one `path mtime` of every file (a missing one is skipped,
        so the values differ), read whole and compared with the mtimes recorded after the
        read: ~105 us for 20 task files where one `test` of `-nt` clauses costs ~170 (fish
        spends ~8 us on each clause). (`path` is in fish >= 3.5, which the hook needs.)"""
        snap = stat_snapshot(e)
        if snap is None:
            return "function __shellhooks_fresh; return 1; end"
        files, secs, recent, absent = snap
        q = self.quote
        s = q(e.stamp)
        tests = [f'"$m" = {q("".join(v + chr(10) for v in secs))}']
        tests.extend(f"-e {q(p)} -a ! {q(p)} -nt {s}" for p in recent)
        tests.extend(f"! -e {q(p)}" for p in absent)
        return (f"function __shellhooks_fresh; path mtime -- {' '.join(map(q, files))} "
                f"| read -lz m; and test {' -a '.join(tests)}; end")

    def prompt_escape(self, segment: str) -> str:
        return segment  # fish prints prompt output as it is; nothing is expanded

    def assign(self, name: str, value: str) -> str:
        return f"set -g {name} {self.quote(value)}"

    def append(self, name: str, value: str) -> str:
        return f'set -g {name} "${name}"{self.quote(value)}'
