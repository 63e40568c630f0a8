"""`shellhooks check [ID]`: is this task list id a typo of an existing list?"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from shellhooks.errors import ShellhooksError

if TYPE_CHECKING:  # argparse and json are imported where used: `--launch` needs neither
    import argparse
    from collections.abc import Mapping
    from typing import Any

    from shellhooks.nearmiss import Suggestion

HELP = "check a task list id for typos of existing lists"
DESCRIPTION = (
    "Check a task list id (default: the id in effect here) against the existing lists. "
    "Exit 0: the list exists, or it is new and nothing is near; 1: near misses; "
    "2: an invalid id (empty or only whitespace)."
)

EXIT_OK, EXIT_NEAR_MISS, EXIT_INVALID = 0, 1, 2
# `check --launch` (used by the `claude` shell function) tells the function what to do:
LAUNCH_AS_IS = 0  # start claude unchanged (also for any exit code not listed here)
LAUNCH_WITH = 10  # start claude with the id printed on stdout
LAUNCH_REFUSED = 3  # do not start claude: SHELLHOOKS_STRICT=1 without a terminal, or a
# project's settings file (not allowed) would put the session on another folder's list
LAUNCH_QUIT = 130  # the user answered q: start nothing

GENERIC_HINTS_FILE = "generic-hinted"


def configure(parser: argparse.ArgumentParser) -> None:
    import argparse

    parser.add_argument("id", nargs="?", metavar="ID",
                        help="the id to check (default: the id `claude` would use here)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="print nothing; the exit status tells")
    # Used by the `claude` function of the hooks: the claude arguments follow, each
    # prefixed with "+" so that none of them can look like an option of this command.
    parser.add_argument("--launch", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)


def main(argv: list[str]) -> int:
    """`shellhooks check ...` without building the whole command line's parser (the
    CLI's fast path): the same options, messages and exit codes."""
    if argv[:1] == ["--launch"]:
        # No argparse at all: whatever the claude arguments are, they cannot be misread.
        try:
            return launch(argv[1:])
        except KeyboardInterrupt:
            print(file=sys.stderr)
            return LAUNCH_QUIT
    import argparse

    from shellhooks.cli import parse_args

    parser = argparse.ArgumentParser(prog="shellhooks check", description=DESCRIPTION)
    configure(parser)
    try:
        return run(parse_args(parser, argv))
    except ShellhooksError as e:
        from shellhooks.cli import report_error

        return report_error(e, "--json" in argv)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except SystemExit as e:  # argparse usage errors
        return e.code if isinstance(e.code, int) else EXIT_INVALID


def id_in_effect(env: Mapping[str, str] | None = None) -> str | None:
    """The task list id `claude` started here would use (None: a new session list)."""
    env = os.environ if env is None else env
    try:
        from shellhooks.resolve import id_in_effect as resolved_id
    except ModuleNotFoundError as e:
        if e.name != "shellhooks.resolve":
            raise
        # Without the resolver: Claude Code takes the variable; empty counts as unset.
        return env.get("CLAUDE_CODE_TASK_LIST_ID") or None
    return resolved_id(env)


def inspect(list_id: str) -> tuple[dict[str, Any], list[Suggestion]]:
    """The facts `check` reports for `list_id`: the JSON object it prints, and the
    suggestions themselves."""
    from shellhooks import nearmiss, store, timefmt

    path = store.list_path(list_id)
    folder = store.list_dirname(list_id)
    exists = os.path.isdir(path)  # (an over-long name is "no such list", not an error)
    suggestions = [] if exists else nearmiss.near_misses(list_id)
    result = {
        "id": list_id,
        "exists": exists,
        "list_dir": str(path),
        "same_dir_as": folder if exists and folder != list_id else None,
        "suggestions": [
            {
                "id": s.id,
                "distance": s.distance,
                "reason": s.reason,
                "total": s.total,
                "open": s.open,
                "updated": timefmt.iso(s.updated),
            }
            for s in suggestions
        ],
        "generic": nearmiss.is_generic(list_id),
    }
    return result, suggestions


def _hint_once(list_id: str) -> bool:
    """True the first time the generic-id hint is due for `list_id` (then remembered)."""
    from shellhooks import paths, safefile, store

    key = store.list_dirname(list_id)
    path = os.path.join(paths.data_dir_str(), GENERIC_HINTS_FILE)
    try:
        seen = safefile.read_text(path).splitlines()
    except (OSError, ValueError):
        seen = []
    if key in seen:
        return False
    try:
        fd = safefile.open_own(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, (key + "\n").encode("utf-8", "surrogateescape"))
        finally:
            os.close(fd)
    except OSError:
        pass  # a read-only data dir costs a repeated hint, nothing worse
    return True


def _validate(list_id: str) -> None:
    if list_id.strip() == "":
        shown = "empty" if list_id == "" else "only whitespace"
        raise ShellhooksError(f"invalid task list id {list_id!r}: {shown}", EXIT_INVALID)
    from shellhooks.textsafe import shown_id, unusable_id

    bad = unusable_id(list_id)
    if bad:
        raise ShellhooksError(f"invalid task list id '{shown_id(list_id)}': {bad}", EXIT_INVALID)


def _list_summary(list_id: str) -> str:
    from shellhooks import nearmiss, store

    tl = store.read_list(list_id)
    counts = tl.counts()
    s = nearmiss.Suggestion(
        id=tl.id, distance=0, reason="", state=tl.state, open=counts["open"],
        total=(tl.highwatermark or 0) if tl.state == "cleared" else counts["total"],
        updated=tl.updated,
    )
    return nearmiss.describe(s)


def run(args: argparse.Namespace) -> int:
    """Check one id; see DESCRIPTION for the exit codes."""
    if args.launch is not None:
        return launch(args.launch)
    from shellhooks import nearmiss, render, textsafe

    list_id = args.id
    if list_id is None:
        list_id = id_in_effect()
        if list_id is None:
            if args.json:
                print(render.dumps_json({"id": None, "exists": False, "list_dir": None,
                                         "same_dir_as": None, "suggestions": [],
                                         "generic": False}))
            elif not args.quiet:
                print("shellhooks: no task list id in effect here; claude would start a new "
                      "list named after its session")
            return EXIT_OK
    _validate(list_id)
    result, suggestions = inspect(list_id)
    status = EXIT_NEAR_MISS if suggestions else EXIT_OK
    if args.json:
        print(render.dumps_json(result))
        return status
    if args.quiet:
        return status
    shown = textsafe.shown_id(list_id)
    if result["exists"]:
        if result["same_dir_as"] is not None:
            print(nearmiss.same_list_line(list_id))
        name = textsafe.shown_id(result["same_dir_as"] or list_id)
        print(f"shellhooks: task list '{name}' exists ({_list_summary(list_id)})")
    elif suggestions:
        # The id in effect here came from somewhere that can be fixed; a typed one did not.
        fix = nearmiss.fix_hint_here(suggestions[0].id) if args.id is None else None
        print(nearmiss.warning_line(list_id, suggestions, fix=fix))
    else:
        print(f"shellhooks: no task list '{shown}' yet, and none with a similar name; "
              "claude will start it")
    if result["generic"] and _hint_once(list_id):
        print(nearmiss.generic_hint(list_id))
    return status


class _Terminal:
    """The controlling terminal, opened twice: a text stream over /dev/tty cannot be
    both read and written (it is not seekable)."""

    def __init__(self) -> None:
        self.input = open("/dev/tty", encoding="utf-8", errors="replace")  # noqa: SIM115
        try:
            self.output = open("/dev/tty", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError:
            self.input.close()
            raise

    def write(self, text: str) -> None:
        self.output.write(text)
        self.output.flush()

    def readline(self) -> str:
        return self.input.readline()

    def __enter__(self) -> _Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.input.close()
        self.output.close()


def _open_tty() -> _Terminal | None:
    """The controlling terminal for the question, when stdin is a terminal."""
    try:
        if not sys.stdin.isatty():
            return None
        return _Terminal()
    except (OSError, ValueError, AttributeError):
        return None


def _ask(tty: _Terminal, question: str, enter: str | None = "y") -> str:
    """Ask until the answer is y, n or q (Enter: `enter`, or ask again when None); end of
    input counts as q."""
    while True:
        tty.write(question)
        line = tty.readline()
        if line == "":
            tty.write("\n")
            return "q"
        answer = line.strip().lower()
        if answer == "" and enter is not None:
            return enter
        if answer in ("y", "yes"):
            return "y"
        if answer in ("n", "no"):
            return "n"
        if answer in ("q", "quit"):
            return "q"


def task_tools_note(list_id: str, claude_args: list[str]) -> str | None:
    """One line when a list id is set but the model in effect will not use the Task tools.

    The knowledge of which models have the Task tools lives in `shellhooks.models`;
    without that module there is nothing to say.
    """
    import importlib
    import importlib.util

    if importlib.util.find_spec("shellhooks.models") is None:
        return None
    models = importlib.import_module("shellhooks.models")
    note = getattr(models, "launch_note", None)
    if note is None:
        return None
    result = note(list_id, claude_args, os.environ)
    return result if isinstance(result, str) and result else None


def launch(raw_args: list[str]) -> int:
    """The check the `claude` function runs before it starts claude (see LAUNCH_*).
    Whatever goes wrong in the check, claude still starts."""
    try:
        return _launch(raw_args)
    except KeyboardInterrupt:
        raise
    except Exception as e:  # a broken check must not stop claude
        from shellhooks import textsafe

        print(f"shellhooks: the task list id check failed ({textsafe.clean(e)}); "
              "starting claude anyway", file=sys.stderr)
        return LAUNCH_AS_IS


def _launch(raw_args: list[str]) -> int:
    from shellhooks import textsafe
    from shellhooks.resolve import foreign_project_setting

    # The function prefixes every claude argument with "+" (see configure).
    claude_args = [a[1:] if a.startswith("+") else a for a in raw_args]
    try:
        foreign = foreign_project_setting(os.getcwd())
    except OSError:
        foreign = None
    if foreign is not None:
        path, other_id, owner = foreign
        print(f"shellhooks: not starting claude: {textsafe.clean(path)} (not allowed) makes "
              f"Claude Code use '{textsafe.shown_id(other_id)}', the task list of "
              f"{textsafe.clean(owner)}; run 'shellhooks allow' if this project should "
              "share it, or use `command claude`", file=sys.stderr)
        return LAUNCH_REFUSED
    resumed = _resumed(claude_args)
    if resumed is not None:
        return resumed
    from shellhooks.resolve import launch_id

    list_id = launch_id(claude_args=claude_args)
    if list_id is None or list_id.strip() == "":
        return LAUNCH_AS_IS
    code, chosen = _check_id(list_id, claude_args)
    if code in (LAUNCH_AS_IS, LAUNCH_WITH):
        say_others(chosen)
    return code


def say_others(list_id: str) -> None:
    """The one line about other live sessions on the list claude is about to join
    (nothing when it is alone). Never in claude's way: a failed look says nothing."""
    try:
        from shellhooks import paths

        if not paths.session_file_pids():
            return  # no session runs: not even the sessions module is imported
        from shellhooks import sessions

        line = sessions.others_line(list_id, sessions.others_on_list(list_id))
    except Exception:  # noqa: BLE001 - psutil missing or broken, a vanished folder...
        return
    if line:
        print(line, file=sys.stderr)


def _check_id(list_id: str, claude_args: list[str]) -> tuple[int, str]:
    """The near-miss part of the launch check: (LAUNCH_* code, the id claude will use)."""
    from shellhooks import nearmiss, textsafe

    suggestions = [] if _folder_exists(list_id) else nearmiss.near_misses(list_id)
    if nearmiss.is_generic(list_id) and _hint_once(list_id):
        print(nearmiss.generic_hint(list_id), file=sys.stderr)
    note = task_tools_note(list_id, claude_args)
    if note:
        print(note, file=sys.stderr)
    if not suggestions:
        return LAUNCH_AS_IS, list_id
    fix = nearmiss.fix_hint_here(suggestions[0].id)
    line = nearmiss.warning_line(list_id, suggestions, fix=fix)
    # The hook has shown this very line in this shell already (`cd typo; claude` on one
    # line warns on the cd): said once, and the question alone names the id.
    said = f"i:{list_id}" in os.environ.get("__SHELLHOOKS_WARNED", "").split("\n")
    tty = _open_tty()
    if tty is None:
        if not said:
            print(line, file=sys.stderr)
        if os.environ.get("SHELLHOOKS_STRICT") == "1":
            print("shellhooks: not starting claude (SHELLHOOKS_STRICT=1); fix the id or "
                  "use `command claude`", file=sys.stderr)
            return LAUNCH_REFUSED, list_id
        return LAUNCH_AS_IS, list_id
    with tty:
        if os.environ.get("CLAUDE_CODE_TASK_LIST_ID") != list_id:
            # The id comes from a Claude Code settings file, which overrides the
            # environment: choosing another id here could not take effect.
            tty.write(line + ("\n" if fix else " (set in Claude Code's settings)\n"))
            return LAUNCH_AS_IS, list_id
        best = suggestions[0]
        # Enter may only accept a list that is the same name written another way (case,
        # separators, leading zeros); one edit apart (`sprint-jun`, `sprint-jan`) is as
        # often another list as a typo, so Enter alone never moves the user into it.
        same_name = best.reason == nearmiss.REASON_NORMALIZED
        keys = f"[{'Y' if same_name else 'y'}/n/q] "
        if said:  # the hook has just said the warning line: not twice
            question = (f"No task list '{textsafe.shown_id(list_id)}': use "
                        f"'{textsafe.shown_id(best.id)}' instead? " + keys)
        else:
            tty.write(line + "\n")
            question = f"Use '{textsafe.shown_id(best.id)}' instead? " + keys
        tty.write(choices_text(list_id, best))
        answer = _ask(tty, question, "y" if same_name else None)
    if answer == "y":
        print(best.id)
        return LAUNCH_WITH, best.id
    if answer == "q":
        return LAUNCH_QUIT, list_id
    return LAUNCH_AS_IS, list_id


def _resumed(claude_args: list[str]) -> int | None:
    """For `--resume ID`, `--continue` and `--fork-session`: start claude with the list the
    session used (recorded by the SessionStart hook), saying so when it is not this
    folder's. None when the launch resumes nothing recorded."""
    from shellhooks import sessionlists, store, textsafe

    try:
        found = sessionlists.resumed_list(claude_args, os.getcwd())
    except OSError:
        return None
    if found is None:
        return None
    session, its_list = found
    if not its_list.isprintable() or not its_list.strip():
        return None  # not a value the wrapper can hand back whole
    here = id_in_effect()
    if here is not None and store.list_dirname(here) == store.list_dirname(its_list):
        return LAUNCH_AS_IS
    shown, short = textsafe.shown_id(its_list), textsafe.shown_id(session[:8])
    if here != (os.environ.get("CLAUDE_CODE_TASK_LIST_ID") or None):
        # A Claude Code settings file sets the id here, over the environment.
        print(f"shellhooks: session {short} used the task list '{shown}', but a Claude Code "
              f"settings file here sets '{textsafe.shown_id(here or '')}', which it will use",
              file=sys.stderr)
        return LAUNCH_AS_IS
    folder = f"'{textsafe.shown_id(here)}'" if here else "none"
    print(f"shellhooks: resuming session {short} with its task list '{shown}' "
          f"(this folder's list: {folder})", file=sys.stderr)
    print(its_list)
    return LAUNCH_WITH


def choices_text(typed: str, best: Suggestion, now: float | None = None) -> str:
    """What each answer of the launch question starts claude with (ids made safe to
    print), so the choice is made knowing which list holds what."""
    from shellhooks import nearmiss, textsafe

    return (f"  y: use '{textsafe.shown_id(best.id)}' ({nearmiss.describe(best, now)})\n"
            f"  n: start the new list '{textsafe.shown_id(typed)}' (no tasks yet)\n"
            "  q: start nothing\n")


def _folder_exists(list_id: str) -> bool:
    """True when the folder Claude Code would use for `list_id` exists."""
    from shellhooks import store

    return os.path.isdir(store.list_path(list_id))
