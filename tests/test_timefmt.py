"""Relative times, ISO 8601 and durations."""

from __future__ import annotations

import pytest

from shellhooks import timefmt
from shellhooks.errors import ShellhooksError


@pytest.mark.parametrize(
    ("age", "text"),
    [(0, "just now"), (59, "just now"), (60, "1m ago"), (3599, "59m ago"), (3600, "1h ago"),
     (86399, "23h ago"), (86400, "1d ago"), (40 * 86400, "40d ago"), (-30, "just now")],
)
def test_ago(age: int, text: str) -> None:
    assert timefmt.ago(1_000_000_000 - age, now=1_000_000_000) == text


def test_ago_none() -> None:
    assert timefmt.ago(None) == "-"


def test_iso() -> None:
    assert timefmt.iso(0) == "1970-01-01T00:00:00+00:00"
    assert timefmt.iso(1_700_000_000.7) == "2023-11-14T22:13:20+00:00"
    assert timefmt.iso(None) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("30s", 30), ("15m", 900), ("2h", 7200), ("7d", 604800), ("1w", 604800),
     ("1h30m", 5400), (" 2H ", 7200), ("1.5h", 5400)],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert timefmt.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "5x", "-3m", "m", "1h 3q"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ShellhooksError):
        timefmt.parse_duration(text)


def test_iso_is_datetimes_text() -> None:
    """The journal's `time` and the `--json` times are exactly what datetime would print
    (rounding to microseconds, half to even, then cutting), without importing it."""
    import random
    from datetime import UTC, datetime

    rng = random.Random(4)
    cases = [0.0, 0.0005, 0.9995, 0.9999995, 0.9999994, 1.0000005, 1700000000.9995,
             1700000000.9999996, 1700000000.9999994, 1767225599.9999999, 4102444800.0]
    cases += [rng.uniform(0, 4e9) for _ in range(20000)]
    cases += [rng.randrange(4 * 10**9) + rng.randrange(10**6) / 1e6 + rng.choice((0, 5e-7, 4.9e-7))
              for _ in range(20000)]
    for ts in cases:
        expected = datetime.fromtimestamp(ts, UTC)
        assert timefmt.iso(ts, millis=True) == expected.isoformat(timespec="milliseconds"), ts
        assert timefmt.iso(ts) == expected.isoformat(timespec="seconds"), ts
