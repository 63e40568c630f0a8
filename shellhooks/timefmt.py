"""Human-friendly times: "3m ago", ISO 8601, and durations like "2h" or "30m"."""

from __future__ import annotations

import time

from shellhooks.errors import ShellhooksError

# `ago` is used by the hook's one process (in a near-miss warning): `re` and `datetime`
# are imported by the functions that need them.


def ago(timestamp: float | None, now: float | None = None) -> str:
    """A short relative time: `just now`, `3m ago`, `2h ago`, `5d ago`."""
    if timestamp is None:
        return "-"
    seconds = max(0, int((now if now is not None else time.time()) - timestamp))
    if seconds < 60:
        return "just now"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return "just now"  # pragma: no cover - unreachable


def iso(timestamp: float | None, millis: bool = False) -> str | None:
    """ISO 8601 in UTC with an explicit `+00:00`, to the second (to the millisecond with
    `millis`, the journal's `time`), or None: the text of
    `datetime.fromtimestamp(ts, UTC).isoformat(timespec=...)`, without importing
    datetime (the journal is written after every Claude Code message)."""
    if timestamp is None:
        return None
    # datetime rounds the fraction to microseconds, half to even, then the ISO text
    # cuts (does not round) to the unit asked for.
    whole = int(timestamp // 1)
    micro = round((timestamp - whole) * 1e6)
    if micro >= 1_000_000:
        whole, micro = whole + 1, micro - 1_000_000
    text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
    return text + (f".{micro // 1000:03d}+00:00" if millis else "+00:00")


_DURATION_PATTERN = r"(\d+(?:\.\d+)?)\s*([smhdw]?)"
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> float:
    """Parse `90`, `30s`, `15m`, `2h`, `7d`, `1w` or `1h30m` into seconds."""
    import re

    s = text.strip().lower()
    pos, total = 0, 0.0
    if not s:
        raise ShellhooksError(f"invalid duration {text!r}: expected e.g. 30s, 15m, 2h, 7d")
    while pos < len(s):
        m = re.compile(_DURATION_PATTERN).match(s, pos)
        if not m or m.end() == pos:
            raise ShellhooksError(f"invalid duration {text!r}: expected e.g. 30s, 15m, 2h, 7d")
        total += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    return total
