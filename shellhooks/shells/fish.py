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
        tests = ["-e $_s"]
        for p in e.present:
            tests.append(f"-e {q(p)} -a ! {q(p)} -nt $_s")
        for p in e.watched:
            tests.append(f"! {q(p)} -nt $_s")
        # Task files are `<digits>.json`: no quoting needed.
        tests.extend(f"! $_d/{n} -nt $_s" for n in e.task_files)
        return (f"function __shellhooks_fresh; set -l _s {q(e.stamp)}; "
                f"set -l _d {q(e.task_folder)}; test {' -a '.join(tests)}; end")
