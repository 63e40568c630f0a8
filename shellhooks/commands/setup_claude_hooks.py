"""`shellhooks setup claude-hooks [--remove]`: the Claude Code hooks that feed the history.

Adds to Claude Code's user settings (`$CLAUDE_CONFIG_DIR/settings.json` or
`~/.claude/settings.json`), for SessionStart, SessionEnd, TaskCreated and
TaskCompleted, one entry running `shellhooks claude-hook EVENT`. The file itself
is edited by `settings_edit` (every other key kept, a backup, atomic write,
invalid JSON refused). Running it twice changes nothing; entries of an older
install (another path to shellhooks) are replaced, and the user's own hooks for
the same events are left alone.
"""

from __future__ import annotations

import argparse

HELP = "add (or --remove) the Claude Code hooks that record task history"
DESCRIPTION = (
    "Merges SessionStart, SessionEnd, TaskCreated and TaskCompleted hooks running "
    "`shellhooks claude-hook EVENT` into Claude Code's settings.json: every other key is "
    "kept, a backup is made, the file is written atomically, and a file that is not valid "
    "JSON is refused and left untouched. Safe to run again; --remove takes them out."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--remove", action="store_true", help="remove the hooks instead")


def run(args: argparse.Namespace) -> int:
    from shellhooks import claude_hooks_setting

    return claude_hooks_setting.remove() if args.remove else claude_hooks_setting.install()
