"""Completion files for bash, zsh and fish, generated from the argparse definition.

    python -m shellhooks.completion            # rewrite completions/ from the current parser
    python -m shellhooks.completion --check    # exit 1 if completions/ is out of date

The files complete sub-commands and flags (from argparse, through shtab) and list ids
(the folder names under `${CLAUDE_CONFIG_DIR:-$HOME/.claude}/tasks`). List ids are found
with a glob in the shell itself, so a TAB starts no Python.

Which arguments complete what: an action that already has a shtab `complete` attribute keeps
it; otherwise an argument whose dest or metavar names a list id (`id`, `list_id`, `list`...)
completes list ids, one that names a folder (`dir`, `directory`) completes folders, and one
that names a file (`file`, `path`) completes files, and the command `exec` runs completes
command names. Arguments with `choices` complete those.
shtab is needed only to generate the files (it is in the `test` extra), never at run time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from shellhooks.errors import ShellhooksError

SHELLS = ("bash", "zsh", "fish")
# File name in completions/ for each shell (zsh's must be `_<command>` to be autoloaded).
FILE_NAMES = {"bash": "shellhooks.bash", "zsh": "_shellhooks", "fish": "shellhooks.fish"}
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "completions"

LIST_ID_NAMES = frozenset({"id", "ids", "list_id", "list_ids", "list", "lists", "list-id"})
DIR_NAMES = frozenset({"dir", "dirs", "directory", "directories", "folder"})
FILE_NAMES_ARG = frozenset({"file", "files", "path", "paths"})

# shtab's `complete` value for a list id: a function defined in each file's preamble that
# globs the task folders in the shell itself.
LIST_ID: dict[str, object] = {
    "bash": "_shellhooks_list_ids",
    "zsh": "_shellhooks_list_ids",
    "fish": "(__shellhooks_list_ids)",
    "preamble": {
        "bash": """\
# List ids: the folder names in ${CLAUDE_CONFIG_DIR:-$HOME/.claude}/tasks (no process).
_shellhooks_list_ids() {
  local d
  for d in "${CLAUDE_CONFIG_DIR:-$HOME/.claude}/tasks/$1"*/; do
    [[ -d $d ]] || continue
    d=${d%/}
    printf '%s\\n' "${d##*/}"
  done
}
""",
        "zsh": """\
# List ids: the folder names in ${CLAUDE_CONFIG_DIR:-$HOME/.claude}/tasks (no process).
_shellhooks_list_ids() {
  local -a ids
  ids=( "${CLAUDE_CONFIG_DIR:-$HOME/.claude}"/tasks/*(N/:t) )
  compadd -a ids
}
""",
        "fish": """\
# List ids: the folder names in ${CLAUDE_CONFIG_DIR:-$HOME/.claude}/tasks (no process).
function __shellhooks_list_ids
  set -l root $HOME/.claude
  if test -n "$CLAUDE_CONFIG_DIR"
    set root $CLAUDE_CONFIG_DIR
  end
  for d in $root/tasks/*/
    string replace -r -- '^.*/([^/]+)/$' '$1' $d
  end
end
""",
    },
}

# shtab's `complete` value for the command `shellhooks exec` runs: the shell's own
# completion of command names.
COMMAND_NAME: dict[str, object] = {
    "bash": "_shellhooks_command_names",
    "zsh": "_command_names -e",
    "fish": "(__fish_complete_command)",
    "preamble": {
        "bash": """\
# Command names, for `shellhooks exec -- COMMAND`.
_shellhooks_command_names() {
  compgen -c -- "$1"
}
""",
    },
}


def _names(action: argparse.Action) -> set[str]:
    names = {action.dest.lower()}
    metavar = action.metavar
    if isinstance(metavar, str):
        names.add(metavar.lower().replace("-", "_"))
        names.add(metavar.lower())
    return names


def mark_actions(parser: argparse.ArgumentParser) -> None:
    """Set shtab's `complete` attribute on the arguments of `parser` and its sub-commands
    that take list ids, folders or files (see the module docstring). Changes `parser`: it is
    meant for a parser built only to generate completions."""
    import shtab

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                # shtab shows a sub-command's description, else its help; the one-line help
                # reads better next to a completion candidate.
                sub.description = None
                mark_actions(sub)
            continue
        if hasattr(action, "complete") or action.choices or action.nargs == 0:
            continue
        names = _names(action)
        if action.nargs == argparse.REMAINDER:
            action.complete = COMMAND_NAME  # type: ignore[attr-defined]
        elif names & LIST_ID_NAMES:
            action.complete = LIST_ID  # type: ignore[attr-defined]
        elif names & DIR_NAMES:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
        elif names & FILE_NAMES_ARG:
            action.complete = shtab.FILE  # type: ignore[attr-defined]


def generate(shell: str, parser: argparse.ArgumentParser | None = None) -> str:
    """The completion script for `shell` ("bash", "zsh" or "fish") as text."""
    if shell not in SHELLS:
        raise ShellhooksError(f"no completion for {shell!r}; one of: {', '.join(SHELLS)}")
    try:
        import shtab
    except ImportError:
        raise ShellhooksError(
            "generating completions needs shtab: pip install -e '.[test]'"
        ) from None
    if parser is None:
        from shellhooks.cli import build_parser

        parser = build_parser()
    mark_actions(parser)
    text: str = shtab.complete(parser, shell=shell)
    return text if text.endswith("\n") else text + "\n"


def write_all(directory: Path = DEFAULT_DIR) -> list[Path]:
    """Write the three files into `directory`; returns the paths that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for shell in SHELLS:
        path = directory / FILE_NAMES[shell]
        text = generate(shell)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale(directory: Path = DEFAULT_DIR) -> list[Path]:
    """The files in `directory` that differ from what the current parser generates."""
    out = []
    for shell in SHELLS:
        path = directory / FILE_NAMES[shell]
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != generate(shell):
            out.append(path)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m shellhooks.completion [--check] [DIR]`."""
    ap = argparse.ArgumentParser(
        prog="python -m shellhooks.completion",
        description="Generate completions/ (bash, zsh, fish) from shellhooks' parser.",
    )
    ap.add_argument("--check", action="store_true", help="exit 1 if the files are out of date")
    ap.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR, help="output folder")
    args = ap.parse_args(argv)
    try:
        if args.check:
            bad = stale(args.dir)
            for path in bad:
                print(f"out of date: {path}", file=sys.stderr)
            if bad:
                print("run: python -m shellhooks.completion", file=sys.stderr)
            return 1 if bad else 0
        for path in write_all(args.dir):
            print(f"wrote {path}")
    except ShellhooksError as e:
        print(f"shellhooks: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
