"""`shellhooks deny [DIR]`: block the project files that set the list id in DIR, for good."""

from __future__ import annotations

import argparse
import sys

from shellhooks.textsafe import shown_path

HELP = "block the file that sets the task list id in DIR, for good"
DESCRIPTION = (
    "Block the files of DIR's project that set CLAUDE_CODE_TASK_LIST_ID, whatever their "
    "content, until `shellhooks allow`. The next prompt reflects it."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR",
                        help="the project folder or any folder inside it (default: here)")


def run(args: argparse.Namespace) -> int:
    from shellhooks import trust

    for path, _list_id, _data in trust.setting_files(args.dir):
        trust.deny(path)
        print(f"shellhooks: denied {shown_path(path)}", file=sys.stderr)
    return 0
