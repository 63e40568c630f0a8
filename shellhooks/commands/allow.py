"""`shellhooks allow [DIR]`: trust the project files that set the list id in DIR."""

from __future__ import annotations

import argparse
import os
import sys

from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import clean, shown_id, shown_path, unusable_id

HELP = "trust the file that sets the task list id in DIR (like direnv allow)"
DESCRIPTION = (
    "Trust, by path and content hash, the files of DIR's project (.claude/settings.local.json, "
    ".claude/settings.json, .envrc, .env) that set CLAUDE_CODE_TASK_LIST_ID. Editing a file "
    "blocks it again. The next prompt uses it."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR",
                        help="the project folder or any folder inside it (default: here)")


def setting_files(directory: str) -> list[tuple[str, str, bytes]]:
    """(path, id, content) of the files that set the id in the nearest folder (from
    `directory` up) that has any; raises ShellhooksError when there is none."""
    from shellhooks import paths
    from shellhooks.resolve import PROJECT_FILES, read_project_file, unread_note

    start = os.path.abspath(directory)
    if not os.path.isdir(start):
        raise ShellhooksError(f"{directory}: not a folder")
    user_settings = os.path.abspath(paths.user_settings_path())
    d = start
    unread = ""  # an `.envrc` line that sets the id in a way shellhooks does not read
    while True:
        found = []
        for rel, source in PROJECT_FILES:
            path = os.path.join(d, rel)
            if path == user_settings:
                continue
            fv = read_project_file(path, source)
            if fv.id is not None and fv.data is not None:
                found.append((path, fv.id, fv.data))
            elif fv.why and not unread:
                unread = unread_note(path, fv.line, fv.why)
        if found:
            return found
        parent = os.path.dirname(d)
        if parent == d and unread:
            raise ShellhooksError(f"nothing to allow: {unread}")
        if parent == d:
            raise ShellhooksError(
                f"no file in {start} or above sets CLAUDE_CODE_TASK_LIST_ID "
                "(.claude/settings.local.json, .claude/settings.json, .envrc or .env)"
            )
        d = parent


def run(args: argparse.Namespace) -> int:
    from shellhooks import trust
    from shellhooks.resolve import claim, project_folder

    found = setting_files(args.dir)
    for path, list_id, _data in found:
        bad = unusable_id(list_id)
        if bad:  # nothing is allowed: what the user sees must be what gets exported
            raise ShellhooksError(f"{clean(path)} sets CLAUDE_CODE_TASK_LIST_ID="
                                  f"'{shown_id(list_id)}', which cannot reach Claude Code "
                                  f"unchanged: {bad}; not allowed")
    for path, list_id, data in found:
        trust.allow(path, data)
        print(f"shellhooks: allowed {shown_path(path)} (CLAUDE_CODE_TASK_LIST_ID="
              f"'{shown_id(list_id)}')", file=sys.stderr)
    # The first file is the one in effect: no automatic id elsewhere may join its list.
    claim(project_folder(found[0][0]), found[0][1])
    return 0
