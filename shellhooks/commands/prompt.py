"""`shellhooks prompt [--format FMT] [--id ID]`: print the prompt segment (starship, tmux)."""

from __future__ import annotations

import argparse
import os
import sys

from shellhooks import segment
from shellhooks.textsafe import use_color

HELP = "print the prompt segment of a task list (for starship, tmux, scripts)"
DESCRIPTION = (
    "Print where a task list stands, e.g. `webapp-auth 3/5 ▸1`. ID defaults to the id in "
    "effect here; with no id the output is empty (exit 0). FMT (default: [prompt] format of "
    "config.toml, else '" + segment.DEFAULT_FORMAT + "') takes the placeholders "
    + " ".join("{" + p + "}" for p in segment.PLACEHOLDERS) + "."
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the `prompt` options."""
    parser.add_argument("--format", metavar="FMT", help="format string (see above)")
    parser.add_argument("--id", metavar="ID", help="the list id (default: the id in effect)")
    parser.add_argument("--dir", metavar="DIR",
                        help="the id shellhooks would set in DIR, ignoring this process's "
                             "$CLAUDE_CODE_TASK_LIST_ID (for tmux, which runs outside your "
                             "shell)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the segment (default: auto, on a terminal without "
                             "NO_COLOR)")
    parser.add_argument("--ascii", action="store_true", default=None,
                        help="ASCII symbols only (default: [prompt] ascii of config.toml)")


def list_id_in_effect(directory: str | None = None) -> str | None:
    """The id a `claude` started here would use: the resolver's answer when available,
    else `$CLAUDE_CODE_TASK_LIST_ID` (an empty value counts as unset).

    With `directory`: the id the shell hook would set there, as for a fresh shell
    (the variable of this process is ignored: tmux's is not the pane's)."""
    try:
        from shellhooks import resolve
    except ImportError:
        return None if directory else (os.environ.get("CLAUDE_CODE_TASK_LIST_ID") or None)
    if directory is None:
        return resolve.id_in_effect()
    if not os.path.isdir(directory):
        return None
    env = {k: v for k, v in os.environ.items() if k not in (resolve.VAR, resolve.OURS)}
    return resolve.resolve_list_id(directory, env).id


def run(args: argparse.Namespace) -> int:
    """Print the segment (one line), or nothing when there is no id."""
    fmt, max_width, ascii, problems = segment.load_prompt_config()
    if args.format is not None:
        segment.validate_format(args.format)  # an error (exit 1) names the placeholder
        fmt = args.format
    for problem in problems:
        print(f"shellhooks: {problem}", file=sys.stderr)
    if args.ascii:
        ascii = True
    list_id = args.id if args.id is not None else list_id_in_effect(args.dir)
    if not list_id:
        return 0
    color = args.color == "always" or (args.color == "auto" and use_color(sys.stdout))
    text = segment.render(None, list_id, fmt, color=color, ascii=ascii, max_width=max_width)
    if text:
        print(text)
    return 0
