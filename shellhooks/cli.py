"""The `shellhooks` command: argument parsing and the one place errors become exit codes."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from shellhooks import __version__

# A ShellhooksError carries its own code (1 unless it says otherwise).
EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130


def build_parser():  # -> argparse.ArgumentParser (argparse imported lazily)
    import argparse
    import importlib

    from shellhooks.commands import COMMANDS

    parser = argparse.ArgumentParser(
        prog="shellhooks",
        description="Give every project its own shared Claude Code task list, from the shell.",
    )
    parser.add_argument("--version", action="version", version=f"shellhooks {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS:
        module = importlib.import_module(f"shellhooks.commands.{module_name}")
        description = getattr(module, "DESCRIPTION", module.HELP)
        p = sub.add_parser(name, help=module.HELP, description=description)
        module.configure(p)
        p.set_defaults(_run=module.run)
    helper = sub.add_parser("help", help="show the help of COMMAND (as `COMMAND --help`)",
                            description="Show the help of COMMAND, the same as `shellhooks "
                                        "COMMAND --help`; without COMMAND, the list of commands.")
    helper.add_argument("topic", nargs="*", metavar="COMMAND",
                        help="a command, and a sub-command of it (`help setup claude-hooks`)")
    helper.set_defaults(_run=lambda args: _help(parser, args.topic))
    return parser


def _help(parser, topic: list[str]) -> int:  # parser: argparse.ArgumentParser
    """`shellhooks help [COMMAND ...]`: the help `COMMAND ... --help` prints."""
    if not topic:
        parser.print_help()
        return EXIT_OK
    commands = _sub_parsers(parser)
    if topic[0] not in commands or topic[0] == "help":
        if topic[0] == "help":
            commands["help"].print_help()
            return EXIT_OK
        print(unknown_command_line(topic[0], list(commands)), file=sys.stderr)
        return EXIT_USAGE
    return main([*topic, "--help"])


def _sub_parsers(parser):  # -> dict[str, argparse.ArgumentParser]
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def unknown_command_line(word: str, commands: Sequence[str]) -> str:
    """The one line for `shellhooks stauts`: the command it probably meant, like git."""
    from shellhooks import nearmiss
    from shellhooks.textsafe import clean

    guess = nearmiss.closest_word(word, commands)
    hint = f"did you mean '{guess}'?" if guess else "'shellhooks --help' lists the commands"
    return f"shellhooks: unknown command '{clean(word)}'; {hint}"


def parse_args(parser, argv: Sequence[str]):  # -> argparse.Namespace
    """`parser.parse_args(argv)`, but an unknown flag is reported by the sub-command's
    own parser (its usage, not the top-level one) with the flag it probably meant."""
    from shellhooks import nearmiss
    from shellhooks.textsafe import clean

    args, extras = parser.parse_known_args(argv)
    if not extras:
        return args
    target = _sub_parsers(parser).get(getattr(args, "command", None) or "", parser)
    flags = [f for f in target._option_string_actions if f.startswith("--")]
    word = extras[0]
    guess = nearmiss.closest_word(word.split("=", 1)[0], flags) if word.startswith("-") else None
    hint = f"; did you mean {guess}?" if guess else ""
    target.error(f"unrecognized arguments: {clean(' '.join(extras))}{hint}")
    raise AssertionError("unreachable: error() exits")


def report_error(e, as_json: bool) -> int:  # e: ShellhooksError
    """The one place a user error is shown: one `shellhooks: ...` line on stderr and,
    for a `--json` command, `{"error": "..."}` on stdout in the same JSON style, so a
    script reading stdout gets a document either way. Returns the exit code."""
    print(f"shellhooks: {e}", file=sys.stderr)
    if as_json:
        from shellhooks import render

        sys.stdout.write(render.dumps_json({"error": str(e)}) + "\n")
    return int(e.exit_code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:
        # Fast path: no argparse, no command modules (checked by a test and a benchmark).
        print(f"shellhooks {__version__}")
        return EXIT_OK
    if args_list[:1] == ["check"] and not {"-h", "--help"} & set(args_list):
        # Run by the `claude` shell function before every launch (`check --launch`): no
        # other command modules, so they cost nothing and a problem in one of them cannot
        # get in claude's way.
        from shellhooks.commands.check import main as check

        return check(args_list[1:])
    if args_list[:1] == ["prompt"]:
        # Run by starship and tmux at every prompt: no argparse, no other command modules.
        from shellhooks.commands.prompt import fast_main

        code = fast_main(args_list[1:])
        if code is not None:
            return code
    if args_list[:1] == ["statusline"] and not {"-h", "--help"} & set(args_list):
        # Run by Claude Code after every message: no argparse, never an error exit.
        from shellhooks.commands.statusline import main as statusline

        return statusline(args_list[1:])
    if args_list[:1] == ["hook-env"]:
        # Run by the shell hook when something changed: no argparse, no command modules.
        from shellhooks.hookenv import main as hook_env

        return hook_env(args_list[1:])
    if args_list[:1] == ["claude-hook"]:
        # Run by Claude Code on every task change: no argparse, whose usage error
        # (exit 2) would make Claude Code refuse the change. Always exits 0.
        from shellhooks.claudehook import main as claude_hook

        return claude_hook(args_list[1:])
    from shellhooks.errors import ShellhooksError

    args = None
    try:
        parser = build_parser()
        commands = _sub_parsers(parser)
        if args_list and not args_list[0].startswith("-") and args_list[0] not in commands:
            print(unknown_command_line(args_list[0], list(commands)), file=sys.stderr)
            return EXIT_USAGE
        args = parse_args(parser, args_list)
        if not getattr(args, "_run", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return int(args._run(args) or 0)
    except ShellhooksError as e:
        return report_error(e, bool(getattr(args, "json", False)))
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `shellhooks list | head`: the reader went away; that is not an error.
        import os

        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_OK
    except SystemExit as e:  # argparse usage errors (2) and --help (0)
        return e.code if isinstance(e.code, int) else EXIT_USAGE
    except OSError as e:
        # A disk that is full or read-only, a folder that vanished...: one line, no
        # traceback (the writers have already removed their temporary files).
        where = f"{e.filename}: " if e.filename else ""
        print(f"shellhooks: {where}{e.strerror or e}", file=sys.stderr)
        return 1
