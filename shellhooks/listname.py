"""Claude Code's list naming: the folder an id maps to, and the list a session uses.

Imports nothing but `os` and `paths`: the statusLine's cache hit and Claude Code's
hooks use these rules without loading the task reader (`store`).
"""

from __future__ import annotations

import os

from shellhooks import paths

TYPE_CHECKING = False  # `typing` is not loaded on the statusLine's cache hit
if TYPE_CHECKING:
    from collections.abc import Mapping

# What JavaScript's String.prototype.trim() removes (not U+0085, U+180E or U+200B).
JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" \
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# The characters Claude Code keeps in a list's folder name.
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
# With agent teams on, a session's own list is `session-` and the first 8 characters
# of its UUID.
TEAM_SESSION_PREFIX = "session-"


def list_dirname(list_id: str) -> str:
    """The folder name Claude Code uses for `list_id`.

    Claude Code replaces every character outside `[A-Za-z0-9_-]` with `-`,
    counting in UTF-16 code units, so a character outside the Basic
    Multilingual Plane (an emoji) becomes `--`. Nothing is lower-cased, but the
    value is first trimmed of whitespace as JavaScript's `trim()` defines it
    (seen with the real 2.1.330: `" x\\n"` is list `x`; an id that is only
    whitespace counts as unset, and gives "" here).
    """
    name = list_id.strip(JS_WHITESPACE)
    if _NAME_CHARS.issuperset(name):
        return name  # nearly every id: nothing to replace (a set test, not a loop)
    out = []
    for ch in name:
        if ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("0" <= ch <= "9") or ch in "_-":
            out.append(ch)
        else:
            out.append("--" if ord(ch) > 0xFFFF else "-")
    return "".join(out)


def team_session_list_id(session_id: str) -> str:
    """The list id Claude Code gives session `session_id` when agent teams are on."""
    return TEAM_SESSION_PREFIX + session_id[:8]


def session_list_id(session_id: str) -> str:
    """The list of session `session_id`: named after the session id, or, with agent teams
    on, `session-` and its first 8 characters. Whether teams were on is not known to a
    hook or the statusLine: the team-named folder counts when only it exists."""
    root = paths.tasks_root_str()
    if os.path.isdir(os.path.join(root, list_dirname(session_id))):
        return session_id
    team = team_session_list_id(session_id)
    return team if os.path.isdir(os.path.join(root, list_dirname(team))) else session_id


def env_list_id(environ: Mapping[str, str]) -> str | None:
    """The list id in Claude Code's own environment, which its statusLine and hooks
    inherit (settings files' `env` already applied): None when unset, empty or blank
    (Claude Code then uses the session's own list)."""
    value = environ.get("CLAUDE_CODE_TASK_LIST_ID")
    if not value:
        return None
    return value if value.strip(JS_WHITESPACE) else None
