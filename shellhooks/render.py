"""Shared output: task lines, tables and terminal-safe JSON.

Every string that came from a task file, a folder name or a process goes
through `textsafe.clean` here, so commands built on these helpers cannot print
an escape sequence by mistake. tabulate is imported only inside `table`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from shellhooks import store
from shellhooks.palette import paint
from shellhooks.textsafe import clean

MARKS = {"completed": "[x]", "in_progress": "[>]", "pending": "[ ]"}

def task_line(tl: store.TaskList, task: store.Task, *, color: bool = False) -> str:
    """One task as `[x] #1 subject`, `[>] #3 subject (activeForm)`, `[ ] #4 subject  blocked by #3`.

    The owner, when set, follows as `  owner: NAME`.
    """
    mark = MARKS.get(task.status, "[?]")
    text = f"{mark} #{clean(task.id)} {clean(task.subject)}"
    # Claude Code often sets activeForm to the subject itself: say it once.
    if task.status == "in_progress" and task.active_form and task.active_form != task.subject:
        text += f" ({clean(task.active_form)})"
    blockers = tl.open_blockers(task) if task.status != "completed" else []
    tail = ""
    if blockers:
        tail += "  " + paint("blocked by " + ", ".join(f"#{clean(b)}" for b in blockers),
                             "blocked", color)
    if task.owner:
        tail += f"  owner: {clean(task.owner)}"
    style = {"completed": "done", "in_progress": "active"}.get(task.status)
    return (paint(text, style, color) if style else text) + tail


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str],
          align: Sequence[str] | None = None) -> str:
    """A plain text table (tabulate's `simple` format). Cells are cleaned, never parsed
    as numbers (a list named `1e3` stays `1e3`)."""
    from tabulate import tabulate  # a heavy import: only when a table is printed

    safe_rows = [[c if isinstance(c, int | float) else clean(c) for c in row] for row in rows]
    return tabulate(
        safe_rows,
        headers=[clean(h) for h in headers],
        tablefmt="simple",
        disable_numparse=True,
        colalign=list(align) if align else None,
    )


# Characters that could act on a terminal or confuse a reader if a JSON document
# is printed to one: DEL, C1 controls, bidi and other format characters, line and
# paragraph separators, and lone surrogates (from undecodable names). json.dumps
# already escapes C0 controls, and JSON is ASCII outside strings, so escaping
# these as \uXXXX is lossless.
_JSON_UNSAFE_RE = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200c\u200e-\u200f"
                             "\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")


def _escape_unsafe(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps_json(obj: Any) -> str:
    """`obj` as indented JSON that is safe to print to a terminal, non-ASCII text kept."""
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE_RE.sub(_escape_unsafe, text)
