"""The one colour palette: SGR codes by meaning, for every command and the prompt.

Standard library only and import-free: the prompt hook's process paints with it.
"""

from __future__ import annotations

SGR = {
    # The prompt segment and the statusLine: calm colours, seen at every prompt.
    "id": "36",  # cyan: the list id
    "count_active": "33",  # yellow: the number of tasks in progress
    "count_done": "32",  # green: a list Claude Code cleared after finishing it
    "blocked": "31",  # red: blocked tasks
    "unreadable": "31",  # red: the `?` of a list that cannot be read
    # Listings (`show`, `watch`, `list`): a finished task recedes, the one in progress
    # stands out.
    "done": "2",  # dim
    "active": "1;33",  # bold yellow
    "dim": "2",
    "bold": "1",
    "warn": "33",
    "error": "1;31",
}


def paint(text: str, style: str, color: bool) -> str:
    """`text` wrapped in the SGR colour for `style` when `color` is true."""
    if not color or not text:
        return text
    return f"\x1b[{SGR[style]}m{text}\x1b[0m"
