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
    if _scan is None:
        import json

        return json.loads(text)
    if text.startswith("\ufeff"):
        raise _error("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    start = len(text) - len(text.lstrip(_WS))
    try:
        obj, end = _scan(text, start)
    except StopIteration as e:
        raise _error("Expecting value", text, e.value) from None
    except SystemError:
        # Python 3.11's scanner builds most decode errors from `json.decoder`, and fails
        # with SystemError when that module was never imported (as in the hook's process):
        # the standard decoder then says what is wrong. Only bad documents pay for it.
        import json

        return json.loads(text)
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
