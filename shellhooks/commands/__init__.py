"""One module per sub-command. Each defines `HELP`, `configure(parser)` and `run(args) -> int`.

Modules import only the standard library at top level; psutil, tabulate and
python-dotenv are imported inside `run` so that start-up stays fast.
"""

from __future__ import annotations

# (sub-command, module name): the order here is the order in `--help`.
# Each command's owner adds its own line.
COMMANDS: list[tuple[str, str]] = [
    ("init", "init"),
    ("status", "status"),
    ("allow", "allow"),
    ("deny", "deny"),
    ("pin", "pin"),
    ("list", "list_"),
    ("show", "show"),
    ("ps", "ps"),
    ("clean", "clean"),
    ("check", "check"),
    ("history", "history"),
    ("restore", "restore"),
    ("export", "export"),
    ("import", "import_"),
    ("adopt", "adopt"),
    ("watch", "watch"),
    ("wait", "wait"),
    ("exec", "exec_"),
    ("claude-hook", "claude_hook"),
    ("prompt", "prompt"),
    ("statusline", "statusline"),
    ("setup", "setup"),
    ("doctor", "doctor"),
    ("demo", "demo"),
]
