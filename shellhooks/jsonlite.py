"""JSON for the hook's one process, without importing `json`.

`import json` imports `re` (for two regular expressions the C scanner never uses),
which costs the hook's process several milliseconds, a good part of a `cd` into a
project. This drives the same C scanner (`_json.make_scanner`) the standard decoder
uses, with the standard decoder's settings, so it accepts and returns exactly what
`json.loads` does for a `str`. Errors are `json.JSONDecodeError` (a `ValueError` with
`pos`), made only when there is one. Writing: only the one shape the hook writes (a
map of strings), in `json.dumps(..., indent=1, sort_keys=True)`'s exact format;
anything else is written with `json`.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

try:
    import _json
except ImportError:  # a Python without the C accelerator
    _json = None  # type: ignore[assignment]

_WS = " \t\n\r"  # JSON's whitespace, exactly


class _Settings:
    """The attributes the C scanner reads from its context: `json.JSONDecoder()`'s
    defaults (NaN, Infinity and -Infinity are accepted as floats)."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float


_scan: Callable[[str, int], tuple[Any, int]] | None = (
    _json.make_scanner(_Settings()) if _json is not None else None)  # type: ignore[arg-type]
_quote: Callable[[str], str] | None = _json.encode_basestring_ascii if _json is not None else None


def _error(msg: str, doc: str, pos: int) -> ValueError:
    from json import JSONDecodeError

    return JSONDecodeError(msg, doc, pos)


def loads(text: str) -> Any:
    """Parse JSON text like `json.loads(text)`; raises `json.JSONDecodeError`."""
    return _loads(text, _scan, float)


def _loads(text: str, scan: Callable[[str, int], tuple[Any, int]] | None,
           parse_constant: Callable[[str], Any]) -> Any:
    if scan is None:
        import json

        return json.loads(text, parse_constant=parse_constant)
    if text.startswith("\ufeff"):
        raise _error("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    start = len(text) - len(text.lstrip(_WS))
    try:
        obj, end = scan(text, start)
    except StopIteration as e:
        raise _error("Expecting value", text, e.value) from None
    except SystemError:
        # Python 3.11's scanner builds most decode errors from `json.decoder`, and fails
        # with SystemError when that module was never imported (as in the hook's process):
        # the standard decoder then says what is wrong. Only bad documents pay for it.
        import json

        return json.loads(text, parse_constant=parse_constant)
    rest = len(text) - len(text[end:].lstrip(_WS))
    if rest != len(text):
        raise _error("Extra data", text, rest)
    return obj


def dumps_str_map(data: dict[str, str]) -> str:
    """`json.dumps(data, indent=1, sort_keys=True)` for a map of strings to strings."""
    if _quote is None:
        import json

        return json.dumps(data, indent=1, sort_keys=True)
    if not data:
        return "{}"
    items = ",\n".join(f" {_quote(k)}: {_quote(v)}" for k, v in sorted(data.items()))
    return "{\n" + items + "\n}"


# ---------------------------------------------------------------- as Claude Code reads

_DEEP = 200  # containers nested deeper than this are read as null (see loads_js)
_js_scan: Callable[[str, int], tuple[Any, int]] | None = None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class _JSSettings(_Settings):
    """JSON.parse's grammar: no NaN, Infinity or -Infinity."""

    parse_constant = staticmethod(_no_constant)  # type: ignore[assignment]


def claude_text(data: bytes) -> str:
    """The text of a settings file as Claude Code decodes it: UTF-16LE after an FF FE
    mark, else UTF-8 with each invalid sequence as U+FFFD (Node's decoder), and a
    leading U+FEFF dropped (both seen with the real CLI)."""
    if data[:2] == b"\xff\xfe":
        text = data[:len(data) & ~1].decode("utf-16-le", "surrogatepass")
    else:
        text = data.decode("utf-8", "replace")
    return text[1:] if text.startswith("\ufeff") else text


def loads_js(text: str) -> Any:
    """`JSON.parse(text)` for a settings file: ValueError where JavaScript throws (NaN,
    Infinity). JavaScript reads any depth; Python's parser stops near 1000 levels, so a
    deeper document is read with its containers below _DEEP levels as null (an `env`
    map is at level 1): a project cannot hide its settings behind deep nesting."""
    global _js_scan
    if _js_scan is None and _json is not None:
        _js_scan = _json.make_scanner(_JSSettings())  # type: ignore[arg-type]
    try:
        return _loads(text, _js_scan, _no_constant)
    except RecursionError:
        return _loads(shallow(text, _DEEP), _js_scan, _no_constant)


def shallow(text: str, limit: int) -> str:
    """`text` with each container nested deeper than `limit` replaced by `null` (strings
    skipped whole; a bracket closed by the wrong kind raises ValueError, as the parser
    would)."""
    out: list[str] = []
    stack: list[str] = []
    start = 0
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            stack.append("]" if ch == "[" else "}")
            if len(stack) == limit + 1:
                out.append(text[start:i])
                out.append("null")
        elif ch in "]}":
            if not stack or stack.pop() != ch:
                raise ValueError(f"unexpected {ch!r} at {i}")
            if len(stack) == limit:
                start = i + 1
    if len(stack) <= limit:
        out.append(text[start:])
    return "".join(out)
