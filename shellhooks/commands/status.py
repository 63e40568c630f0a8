"""`shellhooks status [DIR] [--json]`: the task list id in effect and why."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import clean, shown_id, shown_path

HELP = "show which task list id applies here, and why"
DESCRIPTION = (
    "Show the task list id a `claude` started in DIR (default: here) will use, and why: "
    "its source (manual, direnv, mise, claude-settings, envrc, dotenv, rule, git, none), "
    "the file and line, whether that file is trusted, the folder Claude Code will use, "
    "whether it "
    "exists, and its counts. When a Claude Code settings file overrides the shell's value, "
    "the shell's value is shown too (`shell:`)."
)

SOURCE_TEXT = {
    "manual": "set by hand in this shell",
    "direnv": "set by direnv from its .envrc; shellhooks leaves it to direnv",
    "mise": "set by mise from its [env]; shellhooks leaves it to mise",
    "claude-settings": "Claude Code settings",
    "envrc": ".envrc",
    "dotenv": ".env",
    "rule": "a rule in config.toml",
    "git": "automatic, from the git work tree",
    "none": "nothing applies",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR",
                        help="the folder to look at (default: here)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def status_data(directory: str) -> tuple[dict[str, Any], Any]:
    """The `--json` object for `directory`, and the Resolution behind it."""
    from shellhooks import store
    from shellhooks.config import load_config
    from shellhooks.resolve import resolve_list_id

    if not os.path.isdir(directory):
        raise ShellhooksError(f"{directory}: not a folder")
    res = resolve_list_id(directory, os.environ, load_config())
    data: dict[str, Any] = {
        "id": res.id,
        "source": res.source,
        "source_path": res.source_path,
        "line": res.line,
        "trusted": res.trusted,
        "list_dir": None,
        "exists": False,
        "counts": None,
        "state": None,
        "notes": list(res.notes),
        # For an automatic id: the folder's name as an id, who has that name if this one
        # was made distinct, and the tasks of a list that existed when it was joined.
        "auto": res.shell.auto.as_json() if res.shell.auto is not None else None,
        # A settings file sets the id blank: a new session list at each launch.
        "session": res.session,
        # The shell's own answer (what it passes to claude) when a settings file
        # overrides it inside Claude Code.
        "shell": None if res.hidden is None else {
            "id": res.hidden.id, "source": res.hidden.source,
            "source_path": res.hidden.source_path, "line": res.hidden.line},
    }
    from shellhooks import phase

    # The project's phase (COORDINATION.md's "Current Phase"), "" when there is none.
    data["phase"] = phase.for_directory(directory)
    if res.id:
        tl = store.read_list(res.id)
        data["list_dir"] = str(tl.path)
        data["exists"] = tl.state != "missing"
        data["state"] = tl.state
        data["counts"] = tl.counts() if tl.exists and tl.readable else None
        if tl.state == "cleared":
            data["notes"].append(f"the list was cleared by Claude Code after {tl.cleared_count} "
                                 "tasks were completed")
        elif tl.state == "missing":
            data["notes"].extend(_near_miss_lines(res))
    return data, res


def _near_miss_lines(res: Any) -> list[str]:
    try:
        from shellhooks import nearmiss
    except ImportError:
        return []
    suggestions = nearmiss.near_misses(res.id)
    fix = nearmiss.fix_hint(suggestions[0].id, res.source, res.source_path, res.line) \
        if suggestions else None
    # Notes are plain sentences, in the text as in --json: no `shellhooks: ` prefix.
    line = nearmiss.warning_line(res.id, suggestions, fix=fix) if suggestions else None
    return [line.removeprefix("shellhooks: ")] if line else []


def _task_tools(directory: str) -> tuple[dict[str, Any] | None, str | None]:
    """The Task tools verdict for a launch here: its `--json` object and its text line."""
    try:
        from shellhooks import models
    except ImportError:
        return None, None
    try:
        c = models.check_task_tools(directory, os.environ)
        line = models.status_line(directory, os.environ)
    except (OSError, ValueError):
        return None, None
    return ({"enabled": c.enabled, "reason": c.reason, "model": c.model,
             "model_source": c.source, "fix": c.fix() or None}, line)


def run(args: argparse.Namespace) -> int:
    from shellhooks import render

    data, _res = status_data(args.dir)
    data["task_tools"], tools = _task_tools(args.dir) if data["id"] else (None, None)
    if args.json:
        sys.stdout.write(render.dumps_json(data) + "\n")
        return 0
    out = []
    if data["id"] is None and data["session"]:
        out.append("id:      (none) - a settings file sets it blank: claude starts a new list "
                   "at each launch")
    elif data["id"] is None:
        out.append("id:      (none) - claude will start a new list named after its session")
    else:
        out.append(f"id:      {shown_id(data['id'])}")
    where = SOURCE_TEXT.get(data["source"], data["source"])
    out.append(f"source:  {data['source']} ({where})")
    if data["source_path"]:
        line = f":{data['line']}" if data["line"] else ""
        out.append(f"file:    {shown_path(data['source_path'])}{line}")
    if data["trusted"] is not None:
        out.append("trusted: yes" if data["trusted"] else
                   "trusted: no (not allowed; Claude Code applies it all the same)")
    hidden = data["shell"]
    if hidden is not None and hidden["id"]:
        at = f", {shown_path(hidden['source_path'])}" if hidden["source_path"] else ""
        line = f":{hidden['line']}" if hidden["source_path"] and hidden["line"] else ""
        out.append(f"shell:   {shown_id(hidden['id'])} ({hidden['source']}{at}{line}) - "
                   "hidden by the settings file above inside Claude Code")
    if data["list_dir"]:
        state = data["state"]
        shown = {"missing": "does not exist yet (new)", "active": "exists",
                 "cleared": "exists (cleared)", "empty": "exists (no tasks)",
                 "unreadable": "exists but cannot be read"}.get(state, state)
        out.append(f"folder:  {shown_path(data['list_dir'])} - {shown}")
        c = data["counts"]
        if c:
            out.append(f"tasks:   {c['total']} ({c['completed']} done, {c['in_progress']} in "
                       f"progress, {c['pending']} pending, {c['blocked']} blocked)")
    if data["phase"]:
        out.append(f"phase:   {data['phase']}")
    if tools:
        out.append(clean(tools))
    for note in data["notes"]:
        out.append(f"note:    {clean(note)}")
    print("\n".join(out))
    return 0
