"""`shellhooks prompt [--format FMT] [--id ID]`: print the prompt segment (starship, tmux)."""

from __future__ import annotations

import os
import sys

from shellhooks import segment
from shellhooks.textsafe import use_color

# Starship and tmux run this at every prompt: `typing` and argparse cost milliseconds.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

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
    return show(args.format, args.id, args.dir, args.ascii, args.color)


def show(fmt_option: str | None, id_option: str | None, dir_option: str | None,
         ascii_option: bool | None, color_option: str) -> int:
    """The command itself, shared by run() and fast_main()."""
    fmt: str | None = None
    max_width, ascii = segment.DEFAULT_MAX_WIDTH, False
    problems: list[str] = []
    if os.path.exists(_config_file()):  # no config file: no need to import the config reader
        fmt, max_width, ascii, problems = segment.load_prompt_config()
    if fmt_option is not None:
        segment.validate_format(fmt_option)  # an error (exit 1) names the placeholder
        fmt = fmt_option
        problems = [p for p in problems if not p.startswith("[prompt] format")]
    else:
        # A bad format in config.toml is an error here too (the hook, which must not
        # fail, falls back to the default with one warning instead).
        for p in problems:
            if p.startswith("[prompt] format"):
                from shellhooks.errors import ShellhooksError

                raise ShellhooksError(f"config.toml: {p.split('; using the default')[0]}")
    for problem in problems:
        print(f"shellhooks: {problem}", file=sys.stderr)
    if ascii_option or not _can_encode("▸⋯✓"):
        ascii = True  # a terminal whose encoding has no such symbols (e.g. a Latin-1 locale)
    list_id = id_option if id_option is not None else list_id_in_effect(dir_option)
    if not list_id:
        return 0
    color = color_option == "always" or (color_option == "auto" and use_color(sys.stdout))
    # The task cache: when no task changed since the last run, no task file is opened;
    # after a change, only the changed files are parsed.
    from shellhooks.taskcache import cached

    project_phase = ""
    if fmt is not None and "{phase" in fmt:
        from shellhooks import phase

        try:
            project_phase = phase.for_directory(dir_option or os.getcwd())
        except OSError:
            pass
    text = cached("prompt", list_id, repr((fmt, color, ascii, max_width, project_phase)),
                  lambda tl, _listing: segment.render(tl, list_id, fmt, color=color,
                                                      ascii=ascii, max_width=max_width,
                                                      phase=project_phase))
    if text:
        try:
            sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
        print(text)
    return 0


def _config_file() -> str:
    from shellhooks import paths

    return paths.config_file_str()


def _can_encode(text: str) -> bool:
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (UnicodeError, LookupError):
        return False
    return True


_VALUE_OPTIONS = ("--format", "--id", "--dir", "--color")


def fast_main(argv: list[str]) -> int | None:
    """`shellhooks prompt ...` without argparse and the other command modules (starship and
    tmux run it at every prompt). Returns None for anything it does not handle itself
    (help, unknown or malformed options), which then goes through argparse."""
    values: dict[str, str] = {}
    ascii = None
    i = 0
    while i < len(argv):
        a = argv[i]
        name, eq, value = a.partition("=")
        if a == "--ascii":
            ascii = True
        elif name in _VALUE_OPTIONS and eq:
            values[name] = value
        elif a in _VALUE_OPTIONS and i + 1 < len(argv) and not argv[i + 1].startswith("--"):
            values[a] = argv[i + 1]
            i += 1
        else:
            return None
        i += 1
    color = values.get("--color", "auto")
    if color not in ("auto", "always", "never"):
        return None
    from shellhooks import shortlived
    from shellhooks.errors import ShellhooksError

    shortlived.start()  # no garbage collection, as statusline
    try:
        return show(values.get("--format"), values.get("--id"), values.get("--dir"), ascii,
                    color)
    except ShellhooksError as e:
        print(f"shellhooks: {e}", file=sys.stderr)
        return e.exit_code
    finally:
        shortlived.end()
