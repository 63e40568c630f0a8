"""fish: the `fish_prompt` and PWD events, fish's quoting, a right prompt printed as is."""

from __future__ import annotations

from shellhooks.shells import Entry, Shell


def fish_quote(value: str) -> str:
    """`value` as one fish word: inside '..' only `\\\\` and `\\'` are escapes."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Fish(Shell):
    name = "fish"
    ext = "fish"

    def quote(self, value: str) -> str:
        return fish_quote(value)

    def prompt_escape(self, segment: str) -> str:
        return segment  # fish prints prompt output as it is; nothing is expanded

    def assign(self, name: str, value: str) -> str:
        return f"set -g {name} {self.quote(value)}"

    def append(self, name: str, value: str) -> str:
        return f'set -g {name} "${name}"{self.quote(value)}'

    def fresh_function(self, e: Entry) -> str:
        q = self.quote
        tests = [f"-e {q(e.stamp)}"]
        for p in e.present:
            tests.append(f"-e {q(p)} -a ! {q(p)} -nt {q(e.stamp)}")
        for p in e.watched:
            tests.append(f"! {q(p)} -nt {q(e.stamp)}")
        return "function __shellhooks_fresh; test " + " -a ".join(tests) + "; end"
