"""shellhooks' statusLine in Claude Code's user settings: set it, recognise it, take it out.

`shellhooks setup claude-statusline` and `shellhooks doctor` call these. Setting it
keeps a different statusLine unless the user agrees (on a terminal), forces (replace)
or chains it (show ours, then the output of theirs:
`shellhooks statusline --chain '<their command>'`). Removing it puts back what was
there before: the chained command, or a replaced statusLine (remembered in
shellhooks' data folder), else removes the key. The file is edited by
`settings_edit` (backup, atomic write, other keys kept).

`refreshInterval` makes Claude Code re-run the statusLine every N seconds, so tasks
another terminal completes show while this session is idle. A new statusLine gets
DEFAULT_REFRESH; a chained one keeps its own value; running setup again keeps whatever
is there (none included) unless `--refresh N` says otherwise (0 takes the key out).
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from collections.abc import Callable
from typing import Any

from shellhooks import paths, safefile, settings_edit
from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import clean, shown_path

KEY = "statusLine"
REFRESH = "refreshInterval"
DEFAULT_REFRESH = 5  # seconds (what one cached refresh costs: benchmarks/results.md)
MAX_REFRESH = 86400


def _saved_path():
    return os.path.join(paths.data_dir_str(), "claude-statusline-replaced.json")


def our_program() -> str:
    """How settings.json should name the shellhooks program: an absolute path when the
    one running is on PATH elsewhere or not at all, so Claude Code finds this install."""
    found = shutil.which("shellhooks")
    me = sys.argv[0] if sys.argv and os.path.basename(sys.argv[0]) == "shellhooks" else None
    if me is None:
        return "shellhooks"  # run as `python -m shellhooks` or from tests: trust PATH
    mine = os.path.abspath(me)
    if found and os.path.realpath(found) == os.path.realpath(mine):
        return "shellhooks"
    return mine


def our_command(chain: str | None = None) -> str:
    """The statusLine command: `shellhooks statusline [--chain CMD]`."""
    cmd = f"{shlex.quote(our_program())} statusline"
    return cmd + (f" --chain {shlex.quote(chain)}" if chain else "")


def parse_ours(entry: Any) -> tuple[bool, str | None]:
    """(is it our statusLine, the chained command if any)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("command"), str):
        return False, None
    try:
        words = shlex.split(entry["command"])
    except ValueError:
        return False, None
    if len(words) < 2 or os.path.basename(words[0]) != "shellhooks" or words[1] != "statusline":
        return False, None
    rest = words[2:]
    chain = None
    for i, w in enumerate(rest):
        if w == "--chain" and i + 1 < len(rest):
            chain = rest[i + 1]
        elif w.startswith("--chain="):
            chain = w[len("--chain="):]
    return True, chain


def _describe(entry: Any) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("command"), str):
        return clean(entry["command"])
    return clean(json.dumps(entry, ensure_ascii=False))[:200]


def _ask(existing: Any, can_chain: bool) -> str:
    """On a terminal: 'chain', 'replace' or 'keep'."""
    print(f"Claude Code already has a statusLine: {_describe(existing)}")
    choices = "[c]hain (ours, then its output), [r]eplace, [k]eep" if can_chain \
        else "[r]eplace, [k]eep"
    while True:
        try:
            answer = input(f"{choices}? [k] ").strip().lower()
        except EOFError:
            return "keep"
        if answer in ("", "k", "keep", "n", "no"):
            return "keep"
        if answer in ("r", "replace"):
            return "replace"
        if can_chain and answer in ("c", "chain"):
            return "chain"


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def with_refresh(entry: dict[str, Any], refresh: int | None) -> dict[str, Any]:
    """`entry` with its refreshInterval as `refresh` says: None keeps what is there, 0
    takes it out."""
    out = dict(entry)
    if refresh == 0:
        out.pop(REFRESH, None)
    elif refresh is not None:
        out[REFRESH] = refresh
    return out


def install(force: bool = False, chain: bool = False, refresh: int | None = None) -> int:
    """Set the statusLine; returns the exit code."""
    path = paths.user_settings_str()
    doc = settings_edit.load(path)
    existing = doc.get(KEY)
    ours, _ = parse_ours(existing)
    entry: dict[str, Any] = {"type": "command", "command": our_command(), "padding": 0,
                             REFRESH: DEFAULT_REFRESH}
    entry = with_refresh(entry, refresh)
    replaced = None
    if ours:
        updated = with_refresh(existing, refresh)
        if updated == existing:
            print(f"shellhooks statusLine already set in {shown_path(path)}")
            return 0
        result = settings_edit.update(path, lambda d: d.set(KEY, updated))
        shown = f"every {updated[REFRESH]} s" if REFRESH in updated else "off"
        _report(result, f"statusLine refresh while idle: {shown}")
        return 0
    if existing is not None:
        their = existing.get("command") if isinstance(existing, dict) else None
        can_chain = isinstance(their, str) and bool(their.strip())
        if chain and not can_chain:
            raise ShellhooksError(f"the statusLine in {path} has no command to chain; use "
                                  "--force to replace it")
        if chain:
            action = "chain"
        elif force:
            action = "replace"
        elif _interactive():
            action = _ask(existing, can_chain)
        else:
            raise ShellhooksError(
                f"{path} already has a different statusLine ({_describe(existing)}); "
                "left as it is. Use --chain to show its output after ours, or --force to "
                "replace it"
            )
        if action == "keep":
            print("statusLine left as it is")
            return 0
        if action == "chain":
            # Theirs keeps its padding, refreshInterval and the like; the original is
            # remembered so that --remove puts back exactly what was there.
            entry = dict(existing)
            entry["command"] = our_command(chain=their)
            entry = with_refresh({REFRESH: DEFAULT_REFRESH, **entry}, refresh)
        replaced = existing
    result = settings_edit.update(path, lambda d: d.set(KEY, entry))
    if replaced is not None:
        _remember(replaced)
    _report(result, "statusLine set to: " + entry["command"])
    return 0


def _remember(entry: Any) -> None:
    saved = _saved_path()
    try:
        safefile.write_text(os.fspath(saved), json.dumps({"statusLine": entry}, indent=2))
    except OSError as e:
        print(f"shellhooks: could not remember the replaced statusLine in {shown_path(saved)}: "
              f"{e.strerror or e} (the settings backup still has it)", file=sys.stderr)


def _recall() -> Any:
    try:
        # Only our own file: what it holds goes back into settings.json as a command.
        data = json.loads(safefile.read_text(os.fspath(_saved_path())))
    except (OSError, ValueError):
        return None
    return data.get("statusLine") if isinstance(data, dict) else None


def _report(result: settings_edit.EditResult, what: str) -> None:
    if not result.changed:
        print(f"{shown_path(result.path)}: nothing to change")
        return
    print(f"{shown_path(result.path)}: {what}")
    if result.backup:
        print(f"backup of the previous file: {shown_path(result.backup)}")


def planned_removal(doc: settings_edit.Document
                    ) -> tuple[str, Callable[[settings_edit.Document], None]] | None:
    """What taking our statusLine out of `doc` means: (a description, the edit), or None
    when the statusLine is not ours. The previous one comes back: the chained command,
    else the statusLine that was replaced (remembered in the data folder)."""
    existing = doc.get(KEY)
    ours, chained = parse_ours(existing)
    if not ours:
        return None
    previous = _recall()
    if chained and not (isinstance(previous, dict) and previous.get("command") == chained):
        previous = {**existing, "command": chained}  # chained before it was remembered
    if previous is None:
        return "statusLine removed", lambda d: d.remove(KEY)
    return f"statusLine restored to: {_describe(previous)}", lambda d: d.set(KEY, previous)


def forget_replaced() -> None:
    """Drop the remembered statusLine once it is back in settings.json."""
    safefile.remove_own(os.fspath(_saved_path()))


def remove() -> int:
    """Take our statusLine out, restoring the previous one; returns the exit code."""
    path = paths.user_settings_str()
    doc = settings_edit.load(path)
    existing = doc.get(KEY)
    if existing is None:
        print(f"no statusLine in {shown_path(path)}: nothing to remove")
        return 0
    plan = planned_removal(doc)
    if plan is None:
        print(f"the statusLine in {shown_path(path)} is not shellhooks' "
              f"({_describe(existing)}): left as it is")
        return 0
    result = settings_edit.update(path, plan[1])
    _report(result, plan[0])
    forget_replaced()
    return 0
