"""The project's phase: the "Current Phase" heading of the project root's COORDINATION.md.

A COORDINATION.md is a common companion to a shared task list: agents and people
write the plan there, under headings such as `## Current Phase: Build` or

    ## Current Phase
    Phase 2 - integration

`{phase}` in the prompt and statusLine formats, `status` and the SessionStart summary
show that text. The file belongs to the project, so it is untrusted: it is opened
without following a link and only when it is a regular file (no FIFO, no device), only
its first MAX_BYTES are read, and the text is cleaned of control characters and cut to
MAX_WIDTH cells (the shells escape it for their prompt like the rest of the segment).
It is read only when a format asks for `{phase}`. Standard library only, no `re`: the
hook's process imports this.
"""

from __future__ import annotations

import os

FILE = "COORDINATION.md"
MAX_BYTES = 64 * 1024
MAX_WIDTH = 40
_HEADING = "current phase"


def project_root(directory: str) -> str | None:
    """The nearest folder from `directory` up that holds a project marker (the hook's KEY),
    or None."""
    from shellhooks.resolve import MARKERS

    d = os.path.abspath(directory)
    while True:
        if any(os.path.lexists(os.path.join(d, m)) for m in MARKERS):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def file_path(root: str) -> str:
    """Where the phase of the project at `root` is read from."""
    return os.path.join(root, FILE)


def read(root: str | None) -> str:
    """The phase of the project at `root` ("" for none, or a file that is not one)."""
    if not root:
        return ""
    from shellhooks import safefile

    data = safefile.read_regular(file_path(root), MAX_BYTES, nofollow=True)
    return "" if data is None else parse(data.decode("utf-8", "replace"))


def parse(text: str) -> str:
    """The phase in a COORDINATION.md's text: the rest of a `# Current Phase` heading
    (after `:` or a dash), else the first line of text under it."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        s = line.strip()
        if not s.startswith("#"):
            continue
        title = s.lstrip("#").strip()
        if title[:len(_HEADING)].lower() != _HEADING or title[len(_HEADING):][:1].isalnum():
            continue
        rest = title[len(_HEADING):].strip().rstrip("#").strip()
        if rest[:1] in (":", "-", "\u2013", "\u2014"):
            rest = rest[1:].strip()
        if rest:
            return _shown(rest)
        for following in lines[i + 1:]:
            t = following.strip()
            if not t:
                continue
            if t.startswith("#"):
                return ""  # an empty section
            return _shown(t.lstrip("-*+>").strip().strip("*_`").strip())
        return ""
    return ""


def _shown(text: str) -> str:
    from shellhooks.textsafe import clean, truncate

    return truncate(clean(text).strip(), MAX_WIDTH, "...")


def for_directory(directory: str) -> str:
    """The phase of the project `directory` is in ("" for none)."""
    return read(project_root(directory))
