"""The prompt segment: `webapp-auth 3/5 ▸1`, the state of a task list in a few cells.

Used by the shell hook (through `hook-env`, on the prompt's hot path), by
`shellhooks prompt` and by `shellhooks statusline`, so only the standard
library is imported, and `tomllib` only when the config file must be parsed.

Format strings use the placeholders in `PLACEHOLDERS` (`{id} {done}/{total}`);
`{{` and `}}` are literal braces and a format spec is allowed (`{done:>2}`).
The default format (no format given) also shows how many tasks are in progress
(` ▸1`, ASCII ` >1`) when there are any; a format the user wrote is exact.
Special states ignore the format: a list that does not exist yet is `ID (new)`, a
list Claude Code wiped after finishing is
`ID ✓ cleared (N)` (N: how many tasks it had), an unreadable one is `ID ?`.

The result is plain text, passed through `textsafe.clean`, plus SGR colour
codes when `color` is true; escaping it for a prompt language (bash `\\[ \\]`,
`$`, backticks; zsh `%`) is the shell side's job.
"""

from __future__ import annotations

from shellhooks.errors import ShellhooksError
from shellhooks.palette import paint as _paint
from shellhooks.textsafe import cell_width, clean, truncate

TYPE_CHECKING = False  # importing typing costs milliseconds on the hook's hot path

if TYPE_CHECKING:  # store imports pathlib; only needed when render() reads
    from collections.abc import Callable, Mapping
    from typing import Any

    from shellhooks.store import TaskList

PLACEHOLDERS = ("id", "done", "total", "open", "pending", "active", "blocked", "current",
                "sessions", "phase")
DEFAULT_FORMAT = "{id} {done}/{total}"
DEFAULT_MAX_WIDTH = 40
# An id is the user's own name, but a list can be named anything: keep the prompt usable.
MAX_ID_WIDTH = 64
MAX_SPEC_NUMBER = 200

# Symbols: each is one terminal cell wide (East Asian width "N"), so a CJK
# terminal does not draw them double width and break the line's layout.
_SYMBOLS = {
    False: {"active": "▸", "cleared": "✓ cleared", "ellipsis": "⋯"},
    True: {"active": ">", "cleared": "cleared", "ellipsis": "..."},
}
def _too_wide(spec: str) -> bool:
    # `{done:999999999}` would build a gigabyte string in the prompt's hot path.
    number = ""
    for ch in spec + " ":
        if "0" <= ch <= "9":
            number += ch
            continue
        if number and (len(number) > 6 or int(number) > MAX_SPEC_NUMBER):
            return True
        number = ""
    return False


def _parse(fmt: str) -> list[tuple[str, str | None, str]]:
    """Split `fmt` into (literal text, placeholder or None, format spec) triples.

    Raises ShellhooksError for an unknown placeholder or unbalanced braces.
    """
    import _string  # the C tokenizer behind str.format; cheaper than importing `string`

    if not isinstance(fmt, str):
        raise ShellhooksError(f"prompt format must be a string, not {type(fmt).__name__}")
    out: list[tuple[str, str | None, str]] = []
    try:
        parts = list(_string.formatter_parser(fmt))
    except ValueError as e:
        raise ShellhooksError(f"invalid prompt format {fmt!r}: {e} (write {{{{ or }}}} for "
                              "a literal brace)") from None
    known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    for literal, name, spec, conversion in parts:
        if name is None:
            out.append((literal, None, ""))
            continue
        if name not in PLACEHOLDERS:
            shown = "{" + name + "}" if name else "{}"
            raise ShellhooksError(
                f"unknown placeholder {shown} in prompt format {fmt!r} (known: {known})"
            )
        if conversion:
            raise ShellhooksError(f"placeholder {{{name}!{conversion}}}: conversions like "
                                  f"!{conversion} are not supported in prompt formats")
        if spec and "{" in spec:
            raise ShellhooksError(f"placeholder {{{name}:{spec}}}: nested fields are not "
                                  "supported in prompt formats")
        if spec and _too_wide(spec):
            raise ShellhooksError(f"placeholder {{{name}:{spec}}}: widths over "
                                  f"{MAX_SPEC_NUMBER} are not supported in prompt formats")
        out.append((literal, name, spec or ""))
    return out


def validate_format(fmt: str) -> None:
    """Raise ShellhooksError, naming the problem, when `fmt` is not a usable format."""
    parsed = _parse(fmt)
    # A bad spec (`{done:q}`) only shows when applied: try it with sample values.
    sample: dict[str, Any] = {p: 0 for p in PLACEHOLDERS}
    sample["id"] = sample["current"] = "x"
    for _, name, spec in parsed:
        if name is not None and spec:
            try:
                format(sample[name], spec)
            except (ValueError, TypeError) as e:
                raise ShellhooksError(f"placeholder {{{name}:{spec}}} in prompt format "
                                      f"{fmt!r}: {e}") from None


def values(tl: TaskList, list_id: str, *, ascii: bool = False,
           max_width: int = DEFAULT_MAX_WIDTH, phase: str = "") -> dict[str, Any]:
    """The placeholder values for list `tl` (strings already cleaned and truncated);
    `phase`: the project's phase (see phase.py), already cleaned."""
    c = tl.counts()
    ellipsis = _SYMBOLS[ascii]["ellipsis"]
    running = tl.in_progress()
    current = ""
    if running:
        current = truncate(clean(running[0].subject).strip(), max(max_width, 0), ellipsis)
    return {
        "id": _show_id(list_id, ascii),
        "done": c["completed"],
        "total": c["total"],
        "open": c["open"],
        "pending": c["pending"],
        "active": c["in_progress"],
        "blocked": c["blocked"],
        "current": current,
        "sessions": 0,  # counted by render() only when the format names it
        "phase": truncate(clean(phase), max(max_width, 0), ellipsis),
    }


def _show_id(list_id: str, ascii: bool) -> str:
    return truncate(clean(list_id).strip(), MAX_ID_WIDTH, _SYMBOLS[ascii]["ellipsis"])


def _style_for(name: str, value: Any) -> str | None:
    if name == "id":
        return "id"
    if name == "active" and value:
        return "count_active"
    if name == "blocked" and value:
        return "blocked"
    return None


def render(tl: TaskList | None, list_id: str | None, fmt: str | None = None, *, color: bool,
           ascii: bool = False, max_width: int = DEFAULT_MAX_WIDTH,
           sessions: Callable[[], int] | None = None, phase: str = "") -> str:
    """The segment for list `list_id` (`tl`: the list as read; None reads it now).

    `{sessions}` is the number of live Claude Code sessions on the list, from
    `sessions()` (default: all of them, counted for `list_id`), asked only when the
    format names it.

    Returns "" when there is no id. `fmt` None means DEFAULT_FORMAT plus the
    in-progress count; a bad `fmt` raises ShellhooksError (callers that must not
    fail, like the hook, validate first and fall back to the default).
    """
    if not list_id:
        return ""
    sym = _SYMBOLS[ascii]
    if tl is None:
        from shellhooks.store import read_list

        tl = read_list(list_id)
    state = tl.state
    shown_id = _show_id(list_id, ascii)
    if state == "missing":
        return _paint(shown_id, "id", color) + " " + _paint("(new)", "dim", color)
    if state == "unreadable":
        return _paint(shown_id, "id", color) + " " + _paint("?", "unreadable", color)
    if state == "cleared":
        text = f"{sym['cleared']} ({tl.cleared_count})"
        return _paint(shown_id, "id", color) + " " + _paint(text, "count_done", color)
    # Only the default gets the in-progress marker: a format the user wrote (for tmux or
    # starship), even one spelled like the default, is printed exactly as written.
    use_default = fmt is None
    parsed = _parse(DEFAULT_FORMAT if fmt is None else fmt)
    vals = values(tl, list_id, ascii=ascii, max_width=max_width, phase=phase)
    if any(name == "sessions" for _, name, _ in parsed):
        if sessions is None:
            from shellhooks.livesessions import count_on_list

            vals["sessions"] = count_on_list(list_id)
        else:
            vals["sessions"] = sessions()
    out = []
    for literal, name, spec in parsed:
        out.append(clean(literal))
        if name is None:
            continue
        value = vals[name]
        try:
            text = format(value, spec) if spec else str(value)
        except (ValueError, TypeError) as e:
            raise ShellhooksError(f"placeholder {{{name}:{spec}}}: {e}") from None
        # A spec can pad or cut (`{current:.10}`): measure the text that is shown.
        if name == "current":
            text = truncate(text, max(max_width, 0), sym["ellipsis"])
        style = _style_for(name, value)
        out.append(_paint(text, style, color) if style else text)
    if use_default and vals["active"]:
        out.append(" " + _paint(f"{sym['active']}{vals['active']}", "count_active", color))
    return "".join(out)


def prompt_settings(section: Mapping[str, Any] | None) -> tuple[str | None, int, bool,
                                                                  list[str]]:
    """(format, max_width, ascii, problems) from config.toml's `[prompt]` table.

    Wrong values are reported in `problems` and replaced by defaults, never raised:
    the hook must keep working with a broken config (it warns once).
    """
    fmt: str | None = None
    max_width = DEFAULT_MAX_WIDTH
    ascii = False
    problems: list[str] = []
    section = section if isinstance(section, dict) else {}  # (tables parse to dicts)
    if "format" in section:
        try:
            validate_format(section["format"])
            fmt = section["format"]
        except ShellhooksError as e:
            problems.append(f"[prompt] format: {e}; using the default {DEFAULT_FORMAT!r}")
    if "max_width" in section:
        value = section["max_width"]
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            max_width = value
        else:
            problems.append(f"[prompt] max_width must be a whole number >= 0, not {value!r}")
    if "ascii" in section:
        value = section["ascii"]
        if isinstance(value, bool):
            ascii = value
        else:
            problems.append(f"[prompt] ascii must be true or false, not {value!r}")
    return fmt, max_width, ascii, problems


def load_prompt_config() -> tuple[str | None, int, bool, list[str]]:
    """The `[prompt]` settings of the user's config.toml (see prompt_settings).

    A config file that is not valid TOML gives the defaults and one problem.
    """
    from shellhooks.config import load_config

    try:
        cfg = load_config()
    except ShellhooksError as e:
        return None, DEFAULT_MAX_WIDTH, False, [str(e)]
    return prompt_settings(cfg.section("prompt"))


def width(segment: str) -> int:
    """Width in terminal cells of a rendered segment (SGR codes take none)."""
    return cell_width(clean(segment))
