"""`shellhooks init bash|zsh|fish`: print the hook for `eval` in an rc file."""

from __future__ import annotations

import argparse
import sys

from shellhooks.frameworks import RECIPES, recipe_path, recipe_text
from shellhooks.shells import NAMES, get_shell

HELP = "print the shell hook (eval it in your rc file)"
DESCRIPTION = (
    "Print the hook that exports CLAUDE_CODE_TASK_LIST_ID per project and shows the "
    "task list in the prompt. Use it as: eval \"$(shellhooks init bash)\" (~/.bashrc), "
    "eval \"$(shellhooks init zsh)\" (~/.zshrc), status is-interactive; and "
    "shellhooks init fish | source (~/.config/fish/config.fish, which `fish -c` reads "
    "too). To start no Python at shell start, source the file "
    "printed by --path instead. `shellhooks init starship` prints the starship.toml "
    "part that shows the task list with no process per prompt."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=(*NAMES, *RECIPES),
                        help="the shell to print the hook for, or a prompt framework's "
                             "configuration")
    parser.add_argument("--no-prompt", action="store_true",
                        help="do not add the task list to the prompt (same as SHELLHOOKS_PROMPT=0)")
    parser.add_argument("--path", action="store_true",
                        help="print the path of the hook file to source instead of the code")


def run(args: argparse.Namespace) -> int:
    if args.shell in RECIPES:
        if args.path:
            print(recipe_path(args.shell))
        else:
            sys.stdout.write(recipe_text(args.shell))
        return 0
    shell = get_shell(args.shell)
    if args.path:
        print(shell.hook_path())
        return 0
    sys.stdout.write(shell.init_code(prompt=not args.no_prompt))
    return 0
