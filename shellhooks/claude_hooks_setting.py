"""shellhooks' hooks in Claude Code's user settings (the task history's feed).

For SessionStart, SessionEnd, TaskCreated and TaskCompleted, one entry running
`shellhooks claude-hook EVENT`. Adding twice changes nothing; entries of an older
install (another path to shellhooks) are replaced, and the user's own hooks for the
same events are left alone. `shellhooks setup claude-hooks`, `doctor` and the
uninstaller call these; the file itself is edited by `settings_edit`.
"""
from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Any

from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import shown_path

EVENTS = ("SessionStart", "SessionEnd", "TaskCreated", "TaskCompleted")
SUBCOMMAND = "claude-hook"


def hook_command(executable: str, event: str) -> str:
    """The command line Claude Code runs for `event` (quoted for `sh -c`)."""
    return f"{shlex.quote(executable)} {SUBCOMMAND} {event}"


def is_ours(command: object) -> bool:
    """True for a hook command that this setup wrote (with any path to shellhooks)."""
    if not isinstance(command, str):
        return False
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    if len(words) < 3 or words[-2] != SUBCOMMAND or words[-1] not in EVENTS:
        return False
    program = words[-3]
    if program == "shellhooks" or program.endswith("/shellhooks"):
        return True
    # `python -m shellhooks claude-hook EVENT`
    return len(words) >= 4 and words[-3] == "shellhooks" and words[-4] == "-m"


def _hooks_table(settings: dict[str, Any], create: bool) -> dict[str, Any] | None:
    table = settings.get("hooks")
    if table is None and create:
        table = settings["hooks"] = {}
    if table is not None and not isinstance(table, dict):
        raise ShellhooksError("settings.json: `hooks` is not an object; fix it by hand first")
    return table


def _strip_ours(groups: list[Any]) -> list[Any]:
    """`groups` without our hook entries; a group left empty by that goes too."""
    kept = []
    for group in groups:
        if not isinstance(group, dict) or not isinstance(group.get("hooks"), list):
            kept.append(group)
            continue
        hooks = [
            h for h in group["hooks"] if not (isinstance(h, dict) and is_ours(h.get("command")))
        ]
        if len(hooks) == len(group["hooks"]):
            kept.append(group)
        elif hooks:
            kept.append({**group, "hooks": hooks})
    return kept


def add_hooks(settings: dict[str, Any], executable: str) -> dict[str, Any]:
    """`settings` with our hooks for every event (a new dict; the input is not changed)."""
    import copy

    out = copy.deepcopy(settings)
    table = _hooks_table(out, create=True)
    assert table is not None
    for event in EVENTS:
        groups = table.get(event, [])
        if not isinstance(groups, list):
            raise ShellhooksError(f"settings.json: `hooks.{event}` is not a list; fix it by hand")
        ours = {"type": "command", "command": hook_command(executable, event)}
        table[event] = _strip_ours(groups) + [{"matcher": "", "hooks": [ours]}]
    return out


def remove_hooks(settings: dict[str, Any]) -> dict[str, Any]:
    """`settings` without our hooks; events and a `hooks` object left empty are dropped."""
    import copy

    out = copy.deepcopy(settings)
    table = _hooks_table(out, create=False)
    if table is None:
        return out
    for event in EVENTS:
        groups = table.get(event)
        if not isinstance(groups, list):
            continue
        kept = _strip_ours(groups)
        if kept:
            table[event] = kept
        else:
            del table[event]
    if not table:
        del out["hooks"]
    return out


def apply(doc: Any, new: dict[str, Any]) -> None:
    # Only the `hooks` member is rewritten, and only when its value really changes,
    # so the user's formatting of the rest (and of unchanged hooks) stays byte for byte.
    if new.get("hooks") == doc.get("hooks") and ("hooks" in new) == ("hooks" in doc):
        return
    if "hooks" in new:
        doc.set("hooks", new["hooks"])
    else:
        doc.remove("hooks")


def planned_removal(doc: Any) -> tuple[str, Callable[[Any], None]] | None:
    """What taking our hooks out of the settings `doc` (a settings_edit.Document) means:
    (a description, the edit), or None when it holds none of them."""
    table = doc.get("hooks")
    if remove_hooks(doc.data) == doc.data or not isinstance(table, dict):
        return None
    events = [e for e in EVENTS if isinstance(table.get(e), list)
              and _strip_ours(table[e]) != table[e]]
    return (f"hooks running `shellhooks {SUBCOMMAND}` removed ({', '.join(events)})",
            lambda d: apply(d, remove_hooks(d.data)))


def install() -> int:
    """Add our hooks to Claude Code's user settings; returns the exit code."""
    from shellhooks import paths, settings_edit
    from shellhooks.statusline_setting import our_program

    path = paths.user_settings_str()
    program = our_program()
    result = settings_edit.update(path, lambda doc: apply(doc, add_hooks(doc.data, program)))
    print(f"Added hooks for {', '.join(EVENTS)} to {shown_path(path)}" if result.changed
          else f"The shellhooks hooks are already set up in {path}")
    _report_backup(result)
    return 0


def remove() -> int:
    """Take our hooks out of Claude Code's user settings; returns the exit code."""
    from shellhooks import paths, settings_edit

    path = paths.user_settings_str()
    result = settings_edit.update(path, lambda doc: apply(doc, remove_hooks(doc.data)))
    print(f"Removed the shellhooks hooks from {shown_path(path)}" if result.changed
          else f"No shellhooks hooks in {path}; nothing to do")
    _report_backup(result)
    return 0


def _report_backup(result: Any) -> None:
    if result.backup is not None:
        print(f"Backup of the previous file: {shown_path(result.backup)}")
