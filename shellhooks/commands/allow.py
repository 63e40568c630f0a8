"""`shellhooks allow [DIR]`: trust the project files that set the list id in DIR."""

from __future__ import annotations

import argparse
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


def run(args: argparse.Namespace) -> int:
    from shellhooks import trust
    from shellhooks.resolve import claim, project_folder

    found = trust.setting_files(args.dir)
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
