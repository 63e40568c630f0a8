"""Which lists Claude Code's start-up clean-up is about to delete.

At start-up Claude Code deletes every task folder whose mtime is older than
`cleanupPeriodDays` (default 30; read from its settings files, the last layer that
sets it winning: user, then the project's `.claude/settings.json`, then
`.claude/settings.local.json`), named lists included. A list that nobody wrote to for
a month is gone the next time `claude` starts. These functions find the named lists
that the sweep will delete within WARN_DAYS, so `list` and `doctor` can say so while
there is time: any write to the folder (its mtime) keeps it, `export` saves a copy.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from shellhooks import models, paths, store

DEFAULT_DAYS = 30.0
WARN_DAYS = 3.0
DAY = 86400.0


def cleanup_period_days(directory: str | Path) -> float:
    """`cleanupPeriodDays` as a `claude` started in `directory` reads it (a non-negative
    number; anything else in a file is ignored, as Claude Code's settings schema does)."""
    days = DEFAULT_DAYS
    for path in models.settings_files(directory):
        data = models._read_json(path)
        value = data.get("cleanupPeriodDays") if data else None
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            days = float(value)
    return days


def deleted_from(folder: Path, days: float) -> float | None:
    """The time from which a start of claude deletes `folder` (its mtime plus the
    period); None when it cannot be stat-ed."""
    try:
        return os.stat(folder, follow_symlinks=False).st_mtime + days * DAY
    except OSError:
        return None


def due(folder: Path, days: float, now: float) -> float | None:
    """Seconds until the sweep deletes `folder` (0: at the next start-up), when that is
    within WARN_DAYS; else None."""
    at = deleted_from(folder, days)
    if at is None:
        return None
    left = at - now
    return max(left, 0.0) if left <= WARN_DAYS * DAY else None


def lists_due(directory: str | Path, now: float | None = None) -> list[tuple[str, float]]:
    """(folder name, seconds left) of every named (not session) list the start-up sweep
    deletes within WARN_DAYS, soonest first."""
    now = time.time() if now is None else now
    days = cleanup_period_days(directory)
    out = []
    for folder in store.list_folders():
        if store.is_session_id(folder.name):
            continue  # a session's own list: Claude Code cleans those up by design
        left = due(folder, days, now)
        if left is not None:
            out.append((folder.name, left))
    out.sort(key=lambda x: x[1])
    return out


def when(left: float) -> str:
    """`at the next start of claude`, `within a day`, `in 2 days`."""
    if left <= 0:
        return "at the next start of claude"
    if left < DAY:
        return "within a day"
    n = int(left // DAY)
    return f"in {n} day{'s' if n != 1 else ''}"


def keep_advice() -> str:
    """How to keep a list the sweep is about to delete."""
    from shellhooks.textsafe import shown_path

    return (f"any write to its folder keeps it (touch {shown_path(paths.tasks_root_str())}/NAME), "
            "or save a copy with 'shellhooks export NAME > NAME.md'; cleanupPeriodDays in "
            f"{shown_path(paths.user_settings_str())} sets the period")
