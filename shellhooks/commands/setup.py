"""`shellhooks setup TARGET ...`: wire shellhooks into other programs' settings.

Each target is its own module under `shellhooks/commands/` that defines, like a
command module, `HELP`, optional `DESCRIPTION`, `configure(parser)` and
`run(args) -> int`. To add a target, add one line to `TARGETS` below, e.g.
`("claude-hooks", "setup_claude_hooks")` for `shellhooks setup claude-hooks` in
`shellhooks/commands/setup_claude_hooks.py`. Targets that edit Claude Code's
settings.json use `shellhooks.settings_edit` (backup, atomic write, other keys kept).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any

HELP = "set up shellhooks in other programs (Claude Code's statusLine and hooks)"
DESCRIPTION = "Set up shellhooks in another program's settings. Targets:"

# (target, module name under shellhooks.commands): the order here is the order in `--help`.
TARGETS: list[tuple[str, str]] = [
    ("claude-statusline", "setup_statusline"),
    ("claude-hooks", "setup_claude_hooks"),
]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add one sub-parser per target."""
    sub = parser.add_subparsers(dest="target", metavar="TARGET")
    for name, module_name in TARGETS:
        module = importlib.import_module(f"shellhooks.commands.{module_name}")
        p = sub.add_parser(name, help=module.HELP,
                           description=getattr(module, "DESCRIPTION", module.HELP))
        module.configure(p)
        p.set_defaults(_setup_run=module.run)
    parser.set_defaults(_setup_parser=parser)


def run(args: argparse.Namespace) -> int:
    """Run the chosen target; without one, show the targets (usage error, exit 2)."""
    target_run = getattr(args, "_setup_run", None)
    if target_run is None:
        args._setup_parser.print_help(sys.stderr)
        return 2
    return int(target_run(args) or 0)


def uninstall(dry_run: bool = False) -> int:
    """What `install.sh --uninstall` runs: shellhooks' statusLine and hooks out of Claude
    Code's user settings in ONE edit (one backup), the user's previous statusLine back, so
    that Claude Code never calls the removed command. With `dry_run`, only the plan.
    Returns the exit code; a file that cannot be edited is left untouched with one line."""
    from shellhooks import claude_hooks_setting, paths, settings_edit, statusline_setting
    from shellhooks.errors import ShellhooksError
    from shellhooks.textsafe import shown_path

    path = paths.user_settings_str()

    def plans(doc: settings_edit.Document) -> list[tuple[str, Any]]:
        return [p for p in (statusline_setting.planned_removal(doc),
                            claude_hooks_setting.planned_removal(doc)) if p is not None]

    def change(doc: settings_edit.Document) -> None:
        for _, edit in plans(doc):
            edit(doc)

    try:
        doc = settings_edit.load(path)
        ours, _ = statusline_setting.parse_ours(doc.get(statusline_setting.KEY))
        planned = plans(doc)
        if not planned:
            return 0
        print(f"Claude Code's settings, {shown_path(path)}{' (would change)' if dry_run else ''}:")
        for what, _ in planned:
            print(f"  {what}")
        if dry_run:
            return 0
        result = settings_edit.update(path, change)
    except ShellhooksError as e:
        print(f"shellhooks: {e}", file=sys.stderr)
        return 1
    if result.backup is not None:
        print(f"  backup of the previous file: {shown_path(result.backup)}")
    if ours:  # the replaced or chained statusLine is back: forget it
        statusline_setting.forget_replaced()
    return 0


if __name__ == "__main__":
    # `python -I -m shellhooks.commands.setup --uninstall [--dry-run]`: for install.sh only
    # (no sub-command, so no completion or `--help` entry for it).
    if sys.argv[1:2] != ["--uninstall"] or sys.argv[2:] not in ([], ["--dry-run"]):
        print("usage: python -m shellhooks.commands.setup --uninstall [--dry-run]",
              file=sys.stderr)
        sys.exit(2)
    sys.exit(uninstall(dry_run=sys.argv[2:] == ["--dry-run"]))
