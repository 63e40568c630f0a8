"""fish: the `fish_prompt` and PWD events, fish's quoting, a right prompt printed as is."""

from __future__ import annotations

from shellhooks.shells import Entry, Shell, stat_snapshot


def fish_quote(value: str) -> str:
    """`value` as one fish word: inside '..' only `\\\\` and `\\'` are escapes."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Fish(Shell):
    name = "fish"
    ext = "fish"
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
        tests.extend(f"! -e {q(p)}" for p in absent)
        code = (f"set -g __shellhooks_e_ok ''\nfunction __shellhooks_fresh; path mtime -- "
                f"{' '.join(map(q, files))} | read -lz m; and test {' -a '.join(tests)}")
        if recent:
            # `-nt` for `recent` files until the stamp's second is over (stat_snapshot).
            nt = " -a ".join(f"! {q(p)} -nt {s}" for p in recent)
            code += ("; or return 1; test -n \"$__shellhooks_e_ok\"; and return 0; "
                     f"test {nt}; or return 1; "
                     f"path mtime -R -- {s} | read -l age; and test \"$age\" -ge 2; "
                     "and set -g __shellhooks_e_ok 1; return 0")
        return code + "; end"

    def prompt_escape(self, segment: str) -> str:
        return segment  # fish prints prompt output as it is; nothing is expanded

    def assign(self, name: str, value: str) -> str:
        return f"set -g {name} {self.quote(value)}"

    def append(self, name: str, value: str) -> str:
        return f'set -g {name} "${name}"{self.quote(value)}'
