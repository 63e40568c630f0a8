"""`shellhooks setup TARGET ...`: wire shellhooks into other programs' settings.

Each target is its own module under `shellhooks/commands/` that defines, like a
command module, `HELP`, optional `DESCRIPTION`, `configure(parser)` and
`run(args) -> int`. To add a target, add one line to `TARGETS` below, e.g.
`("claude-hooks", "setup_hooks")` for `shellhooks setup claude-hooks` in
`shellhooks/commands/setup_hooks.py`. Targets that edit Claude Code's
settings.json use `shellhooks.settings_edit` (backup, atomic write, other keys kept).
"""

from __future__ import annotations

import argparse
import importlib
import sys

HELP = "set up shellhooks in other programs (Claude Code's statusLine and hooks)"
DESCRIPTION = "Set up shellhooks in another program's settings. Targets:"

# (target, module name under shellhooks.commands): the order here is the order in `--help`.
TARGETS: list[tuple[str, str]] = [
    ("claude-statusline", "setup_statusline"),
    ("claude-hooks", "setup_hooks"),
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
