"""`shellhooks setup claude-statusline [--remove] [--force] [--chain] [--refresh N]`.

Writes Claude Code's `statusLine` setting (user settings.json) to run
`shellhooks statusline`. A different statusLine already there is kept unless the
user agrees (on a terminal) or passes `--force` (replace) or `--chain` (show
ours, then the output of theirs: `shellhooks statusline --chain '<their command>'`).
`--remove` puts back what was there before: the chained command, or a replaced
statusLine (remembered in shellhooks' data folder), else removes the key.
`--refresh N` sets Claude Code's `refreshInterval` (see statusline_setting.py).
"""

from __future__ import annotations

import argparse

from shellhooks.statusline_setting import DEFAULT_REFRESH, MAX_REFRESH

HELP = "show the task list in Claude Code's status line"
DESCRIPTION = (
    "Set Claude Code's statusLine (in $CLAUDE_CONFIG_DIR/settings.json, else "
    "~/.claude/settings.json) to `shellhooks statusline`. Every other setting is kept, a "
    "backup is made, the file is written atomically; running it again changes nothing. "
    "A different statusLine is only changed with your answer on a terminal, --force "
    "(replace it) or --chain (keep showing its output after ours)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the `setup claude-statusline` options."""
    parser.add_argument("--remove", action="store_true",
                        help="take shellhooks out of the statusLine (restoring the previous one)")
    parser.add_argument("--force", action="store_true",
                        help="replace a different statusLine without asking")
    parser.add_argument("--chain", action="store_true",
                        help="keep a different statusLine, showing its output after ours")
    parser.add_argument("--refresh", type=refresh_seconds, metavar="N",
                        help="re-run the statusLine every N seconds while Claude Code is idle "
                             f"(default for a new one: {DEFAULT_REFRESH}; 0: off)")


def refresh_seconds(text: str) -> int:
    """`--refresh`'s value: whole seconds, 0 (off) to a day."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds: {text!r}") from None
    if not 0 <= value <= MAX_REFRESH:
        raise argparse.ArgumentTypeError(f"must be from 0 (off) to {MAX_REFRESH} seconds")
    return value


def run(args: argparse.Namespace) -> int:
    """Set up, or with --remove take out, the statusLine."""
    from shellhooks import statusline_setting

    if args.remove:
        return statusline_setting.remove()
    return statusline_setting.install(force=args.force, chain=args.chain,
                                      refresh=args.refresh)
