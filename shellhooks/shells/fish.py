"""fish: the `fish_prompt` and PWD events, fish's quoting, a right prompt printed as is."""

from __future__ import annotations

from shellhooks.shells import Shell


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
