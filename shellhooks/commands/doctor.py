"""`shellhooks doctor`: one line per check, ok/warn/fail with the fix; exit 1 on any fail.

Each check is a small function `check_x(ctx) -> Finding` listed in `CHECKS`; to add a
check, write one and append it there. A check never raises for a broken setup: it
reports it (an unexpected exception becomes a `fail` line naming the check).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shellhooks import paths
from shellhooks.textsafe import clean, shown_id, shown_path, use_color

HELP = "check the installation and this shell's setup, with the fix for each problem"
DESCRIPTION = (
    "Check, one line each: the hook loaded in this shell and the rc files that load it; "
    "`claude` on PATH; the tasks folder; config.toml; the trust store; the id in effect "
    "here and its source; another tool managing CLAUDE_CODE_TASK_LIST_ID (direnv, a "
    "settings `env`); Claude Code's statusLine; a command that would start `python -m "
    "shellhooks` in a project's folder; whether the model in effect gets the Task "
    "tools (without them a list id stays unused). Exit status 1 if any check fails."
)

OK, WARN, FAIL = "ok", "warn", "fail"
VAR = "CLAUDE_CODE_TASK_LIST_ID"
SHELL_PID = "__SHELLHOOKS_SHELL_PID"  # exported by the hook: the shell that loaded it
BEGIN_MARK = "# >>> shellhooks >>>"  # the block install.sh writes


@dataclass
class Finding:
    """The result of one check."""

    status: str  # ok | warn | fail
    name: str
    message: str
    fix: str | None = None
    # For `doctor --fix`: applies `fix` (only fixes that are safe to apply unattended:
    # they edit Claude Code's settings through settings_edit, with its backup). Never
    # trust decisions, project files or rc files: those stay the user's to make.
    apply: Callable[[], object] | None = field(default=None, repr=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "name": self.name, "message": self.message,
                "fix": self.fix, "fixable": self.apply is not None}


@dataclass
class Context:
    """What the checks look at; built once (checks may cache things in `cache`)."""

    env: dict[str, str]
    cwd: str
    cache: dict[str, Any] = field(default_factory=dict)

    def resolution(self) -> Any:
        """The Resolution for the working folder (computed once), or None when it cannot be
        worked out (an invalid config.toml); the reason is in `cache["resolution_error"]`."""
        if "resolution" not in self.cache:
            from shellhooks.errors import ShellhooksError
            from shellhooks.resolve import resolve_list_id

            try:
                self.cache["resolution"] = resolve_list_id(self.cwd, self.env)
            except ShellhooksError as e:
                self.cache["resolution"] = None
                self.cache["resolution_error"] = str(e)
        return self.cache["resolution"]


tilde = shown_path  # the one rule for printed paths (textsafe)


# ----- where each shell's start-up files are (data, used by the rc-file checks) ---------------


def rc_files() -> dict[str, list[Path]]:
    """The start-up files that could load the hook, per shell."""
    home = Path(os.environ.get("HOME") or os.path.expanduser("~"))
    zdot = Path(os.environ.get("ZDOTDIR") or home)
    fish = Path(paths.config_dir_str()).parent / "fish"
    return {
        "bash": [home / ".bashrc", home / ".bash_profile"],
        "zsh": [zdot / ".zshrc"],
        "fish": [fish / "conf.d" / "shellhooks.fish", fish / "config.fish"],
    }


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _loads_hook(text: str, shell: str) -> bool:
    """Does an rc file's text load the shellhooks hook (our block, or a line by hand)?"""
    return (BEGIN_MARK in text or f"shellhooks init {shell}" in text
            or f"hook.{shell}" in text and "shellhooks" in text)


def rc_status() -> dict[str, list[Path]]:
    """Per shell, the start-up files that load the hook."""
    found: dict[str, list[Path]] = {}
    for shell, files in rc_files().items():
        for f in files:
            text = _read_text(f)
            if text is not None and _loads_hook(text, shell):
                found.setdefault(shell, []).append(f)
    return found


def _parent_shell() -> tuple[str | None, float | None]:
    """The shell that started this command (name, start time), if the parent is one."""
    from shellhooks.shells import NAMES

    try:
        import psutil

        parent = psutil.Process(os.getppid())
        name = os.path.basename(parent.name()).lstrip("-")
        if name in NAMES:
            return name, parent.create_time()
    except Exception:  # psutil missing, or the parent is gone or not ours: cannot tell
        pass
    return None, None


# ----- the checks ----------------------------------------------------------------------------


def _forked_from(pid: int, shell_pid: int) -> bool:
    """Is process `pid` a subshell of `shell_pid`, i.e. a fork of it (`( ...; ... )`) that
    never started a new program? Such a copy has the hook too. A shell started anew from
    it (`bash --norc`) has not: it got the marker in its starting environment, which a
    fork does not have (/proc/PID/environ is the environment the process was started with)."""
    try:
        import psutil

        shell = psutil.Process(shell_pid)
        p = psutil.Process(pid)
        for _ in range(8):
            if p.pid == shell_pid:
                return True
            if p.exe() != shell.exe() or p.environ().get(SHELL_PID) == str(shell_pid):
                return False
            parent = p.parent()
            if parent is None:
                return False
            p = parent
    except Exception:  # psutil missing, a process gone or not ours: not shown to be one
        pass
    return False


def _interactive(pid: int) -> bool:
    """Was shell `pid` started as an interactive shell (no `-c`, no script), the only kind
    that loads the hook? True when it cannot be told."""
    try:
        import psutil

        args = psutil.Process(pid).cmdline()[1:]
    except Exception:  # psutil missing, the process gone or not ours
        return True
    for a in args:
        if a == "--":
            break
        if a in ("-i", "--interactive"):
            return True
        if a in ("-c", "--command") or a.startswith("--command="):
            return False
        if a.startswith("-") and not a.startswith("--"):
            if "i" in a[1:]:
                return True
            if "c" in a[1:]:
                return False
        elif not a.startswith(("-", "+")):
            return False  # a script
    return True


def _ancestor(pid: int, of: int) -> bool:
    """Is process `pid` among the ancestors of process `of`?"""
    try:
        import psutil

        return any(p.pid == pid for p in psutil.Process(of).parents())
    except Exception:
        return False


def _not_loaded_fix(shell: str, started: float | None) -> str:
    """The fix when this shell did not load the hook, from what its start-up files say."""
    files = rc_status().get(shell, [])
    if not files:
        return "run ./install.sh, then open a new terminal"
    newest = max((f.stat().st_mtime for f in files if f.exists()), default=0.0)
    if started is not None and newest > started:
        return f"open a new terminal ({tilde(files[0])} was changed after this {shell} started)"
    return (f"{tilde(files[0])} loads it, but this {shell} did not run it (started with "
            "--norc, -f or --no-config, or as a child of another program?): open a new "
            "terminal")


def check_hook(ctx: Context) -> Finding:
    """Is the hook loaded in the shell doctor runs from?

    The hook exports __SHELLHOOKS_SHELL_PID, the process id of the shell that loaded it:
    equal to our parent's, it is this shell. Exported variables reach child shells too,
    so a different value, or the id variables without it, mean a shell that did not
    load the hook itself (unless it is a fork of the one that did)."""
    name = "hook"
    if ctx.env.get("SHELLHOOKS_DISABLE") == "1":
        return Finding(WARN, name, "turned off by SHELLHOOKS_DISABLE=1",
                       "unset SHELLHOOKS_DISABLE")
    marker, ppid = ctx.env.get(SHELL_PID, ""), os.getppid()
    if marker.isdigit() and (int(marker) == ppid or _forked_from(ppid, int(marker))):
        res = ctx.resolution()
        if res is not None and res.source in ("direnv", "mise"):
            return Finding(OK, name, f"loaded in this shell ({res.source} sets {VAR}="
                           f"{shown_id(res.id or '')} here; shellhooks leaves it to {res.source})")
        if ctx.env.get("__SHELLHOOKS_ID"):
            value = shown_id(ctx.env.get(VAR, ""))
            return Finding(OK, name, f"loaded in this shell (it set {VAR}={value})")
        return Finding(OK, name, "loaded in this shell (no id applies in this folder, so "
                       "nothing is exported here)")
    res = ctx.resolution()
    applies = (f", though '{shown_id(res.id)}' applies here"
               if res and res.id and res.source not in ("manual", "none") else "")
    shell, started = _parent_shell()
    if shell is not None and _interactive(ppid):
        where = (f"; only the shell it was started from (pid {int(marker)}) has it"
                 if marker.isdigit() else "")
        return Finding(FAIL, name, f"not loaded in this {shell} (pid {ppid}){applies}{where}",
                       _not_loaded_fix(shell, started))
    # Not run from an interactive shell (`bash -c`, a script, an editor, Claude Code's Bash
    # tool: none of them loads the hook): the interactive shell it came from counts.
    if marker.isdigit() and _ancestor(int(marker), ppid):
        return Finding(OK, name, f"loaded in the interactive shell (pid {int(marker)}) this "
                       "was started from")
    if ctx.env.get("__SHELLHOOKS_ID"):
        value = shown_id(ctx.env.get(VAR, ""))
        return Finding(OK, name, f"loaded in the shell this was started from (it set "
                       f"{VAR}={value})")
    if applies and not ctx.env.get(VAR):
        return Finding(
            FAIL, name, f"not loaded: {VAR} is not set here{applies}",
            "open a new terminal; if that does not help, run ./install.sh (or add "
            "`eval \"$(shellhooks init bash)\"` to ~/.bashrc, likewise for zsh and fish)",
        )
    return Finding(WARN, name, "cannot tell from here (not run from an interactive bash, zsh "
                   "or fish)", "run 'shellhooks doctor' at your shell's prompt")


def check_rc_files(ctx: Context) -> Finding:
    """Which start-up files load the hook, and does the file they source exist?"""
    name = "rc files"
    found = rc_status()
    if not found:
        return Finding(WARN, name, "no bash, zsh or fish start-up file loads the hook",
                       "run ./install.sh")
    missing = []
    for shell, files in found.items():
        hook = Path(paths.data_dir_str()) / "lib" / "shellhooks" / "shells" / f"hook.{shell}"
        for f in files:
            text = _read_text(f) or ""
            if BEGIN_MARK in text and "lib/shellhooks/shells/hook." in text and not hook.exists():
                missing.append(f)
    listed = ", ".join(tilde(f) for files in found.values() for f in files)
    if missing:
        lib = os.path.join(paths.data_dir_str(), "lib", "shellhooks")
        return Finding(FAIL, name, f"{', '.join(tilde(f) for f in missing)} source "
                       f"{tilde(lib)}, which is missing",
                       "run ./install.sh again (or ./install.sh --uninstall)")
    return Finding(OK, name, f"the hook is loaded by {listed}")


def check_command(ctx: Context) -> Finding:
    """Can the hook find the `shellhooks` command?"""
    found = shutil.which("shellhooks", path=ctx.env.get("PATH"))
    if found:
        return Finding(OK, "shellhooks", f"on PATH: {tilde(found)}")
    local_bin = Path(ctx.env.get("HOME") or os.path.expanduser("~")) / ".local" / "bin"
    if (local_bin / "shellhooks").is_file():
        # Installed, and the hook knows where: only typing `shellhooks` needs the PATH.
        shell = os.path.basename(ctx.env.get("SHELL") or "")
        line = {"fish": "fish_add_path ~/.local/bin (once, in fish)",
                "zsh": "add to ~/.zshrc: export PATH=\"$HOME/.local/bin:$PATH\""}.get(
            shell, "add to ~/.bashrc (or ~/.profile): export PATH=\"$HOME/.local/bin:$PATH\"")
        return Finding(WARN, "shellhooks", f"{tilde(local_bin)} is not on PATH, so the "
                       "shellhooks command is not found by name", line)
    return Finding(FAIL, "shellhooks", "the shellhooks command is not on PATH (the hook runs it)",
                   "add ~/.local/bin to PATH, e.g. in ~/.profile: "
                   'export PATH="$HOME/.local/bin:$PATH"')


def check_claude(ctx: Context) -> Finding:
    """Is Claude Code's `claude` on PATH?"""
    found = shutil.which("claude", path=ctx.env.get("PATH"))
    if found:
        return Finding(OK, "claude", f"on PATH: {tilde(found)}")
    return Finding(WARN, "claude", "`claude` is not on PATH",
                   "install Claude Code: npm install -g @anthropic-ai/claude-code")


def check_tasks_folder(ctx: Context) -> Finding:
    """Is Claude Code's tasks folder there and readable?"""
    root = Path(paths.tasks_root_str())
    name = "tasks folder"
    if not root.exists():
        return Finding(WARN, name, f"{tilde(root)} does not exist yet",
                       "start claude once (it creates the folder with the first task list)")
    if not root.is_dir():
        return Finding(FAIL, name, f"{tilde(root)} is not a folder",
                       f"move {tilde(root)} away; Claude Code keeps its task lists there")
    try:
        count = sum(1 for e in os.scandir(root) if e.is_dir())
    except OSError as e:
        return Finding(FAIL, name, f"cannot read {tilde(root)}: {e.strerror}",
                       f"chmod u+rx {tilde(root)}")
    return Finding(OK, name, f"{tilde(root)} readable, {count} task list(s)")


def _prompt_problems(section: dict[str, Any]) -> list[str]:
    """What is wrong with config.toml's `[prompt]` table (the hook would warn once and
    use the default; `shellhooks prompt` refuses it)."""
    from shellhooks import segment
    from shellhooks.errors import ShellhooksError

    out = []
    if "format" in section:
        try:
            segment.validate_format(section["format"])
        except ShellhooksError as e:
            out.append(f"[prompt] format: {e}")
    others = {k: v for k, v in section.items() if k != "format"}
    out += segment.prompt_settings(others)[3]
    return out


def check_config(ctx: Context) -> Finding:
    """Is config.toml valid?"""
    from shellhooks.config import load_config
    from shellhooks.errors import ShellhooksError

    path = Path(paths.config_file_str())
    if not path.exists():
        return Finding(OK, "config", f"{tilde(path)} not present (defaults)")
    try:
        cfg = load_config(path, use_cache=False)
    except ShellhooksError as e:
        return Finding(FAIL, "config", clean(str(e)), f"fix or remove {tilde(path)}")
    problems = list(getattr(cfg, "problems", []) or [])
    prompt = cfg.data.get("prompt", {})
    if isinstance(prompt, dict):
        problems += _prompt_problems(prompt)
    else:
        problems.append("[prompt] must be a table")
    if problems:
        return Finding(FAIL, "config", f"{tilde(path)}: " + "; ".join(clean(p) for p in problems),
                       f"fix {tilde(path)}")
    return Finding(OK, "config", f"{tilde(path)} valid, {len(cfg.rules)} rule(s), "
                   f"auto = {clean(cfg.auto)}")


def check_trust_store(ctx: Context) -> Finding:
    """Is the allow/deny store readable?"""
    from shellhooks import safefile, trust

    path = trust.store_path()
    if not os.path.exists(path):
        return Finding(OK, "trust store", f"{tilde(path)} not present (nothing allowed yet)")
    try:
        data = json.loads(safefile.read_bytes(os.fspath(path)))  # as the hook reads it
    except safefile.UnsafeFolder as e:
        return Finding(FAIL, "trust store", f"not used: {tilde(e.filename)}: {e.strerror}",
                       f"chmod 700 {tilde(e.filename)}")
    except OSError as e:
        return Finding(FAIL, "trust store", f"cannot read {tilde(path)}: {e.strerror}",
                       f"chmod u+rw {tilde(path)}")
    except ValueError:
        return Finding(FAIL, "trust store", f"{tilde(path)} is not valid JSON",
                       f"remove {tilde(path)} and run 'shellhooks allow' again where needed")
    if not isinstance(data, dict):
        return Finding(FAIL, "trust store", f"{tilde(path)} is not a JSON object",
                       f"remove {tilde(path)} and run 'shellhooks allow' again where needed")
    allowed, denied = data.get("allow"), data.get("deny")
    n_allowed = len(allowed) if isinstance(allowed, dict) else 0
    n_denied = len(denied) if isinstance(denied, list) else 0
    return Finding(OK, "trust store", f"{tilde(path)}: {n_allowed} file(s) allowed, "
                   f"{n_denied} denied")


def check_id(ctx: Context) -> Finding:
    """The id in effect here and where it comes from."""
    res = ctx.resolution()
    if res is None:
        return Finding(FAIL, "id", "cannot work out the id here: "
                       + clean(ctx.cache.get("resolution_error", "")),
                       f"fix {tilde(Path(paths.config_file_str()))}")
    blocked = [n for n in res.notes if "shellhooks allow" in n]
    files = [p for p, _ in getattr(res, "blocked", [])]
    allow = (f"if you trust {tilde(files[0])}: shellhooks allow "
             f"{_shell_arg(os.path.dirname(files[0]))}" if files
             else "run 'shellhooks allow' if you trust the file")
    if res.id is None:
        for path, line, why in res.unread[:1]:
            from shellhooks.resolve import FIX_PLAIN

            return Finding(WARN, "id", f"none here; {tilde(path)}:{line}: {VAR} is not read "
                           f"from it: {clean(why)}", FIX_PLAIN)
        if blocked:
            return Finding(WARN, "id", "none here; " + clean(blocked[0]), allow)
        return Finding(OK, "id", "no task list id applies in this folder (sessions get their "
                       "own list)")
    where = f" ({tilde(res.source_path)})" if res.source_path else ""
    msg = f"'{shown_id(res.id)}' from {res.source}{where}"
    for path, line, why in res.unread[:1]:
        from shellhooks.resolve import FIX_PLAIN

        return Finding(WARN, "id", f"{msg}; {tilde(path)}:{line}: {VAR} is not read from it: "
                       f"{clean(why)}", FIX_PLAIN)
    if blocked:
        return Finding(WARN, "id", msg + "; " + clean(blocked[0]), allow)
    from shellhooks import nearmiss, store

    if not os.path.isdir(store.list_path(res.id)):
        suggestions = nearmiss.near_misses(res.id)
        if suggestions:
            line = nearmiss.warning_line(res.id, suggestions).removeprefix("shellhooks: ")
            return Finding(WARN, "id", f"{msg}: {line}", nearmiss.fix_hint(
                suggestions[0].id, res.source, res.source_path, res.line))
    return Finding(OK, "id", msg)


def _shell_arg(path: str) -> str:
    """`path` to paste into a shell: `~/p` when that needs no quotes, else quoted whole."""
    shown = tilde(path)
    return shown if re.fullmatch(r"[~\w./@%+=:,-]+", shown) else shlex.quote(clean(path))


def check_other_managers(ctx: Context) -> Finding:
    """Is another tool managing the variable (direnv, mise, the user settings' env)?"""
    from shellhooks.resolve import managed_value

    name = "other tools"
    managed = managed_value(ctx.env)
    if managed is not None:
        where = f" ({tilde(managed.path)})" if managed.path else ""
        return Finding(OK, name, f"{managed.tool} sets {VAR}='{shown_id(managed.value)}' in "
                       f"this folder{where}; shellhooks leaves it to {managed.tool}")
    settings = Path(paths.user_settings_str())
    env = _user_settings(ctx).get("env") if isinstance(_user_settings(ctx), dict) else None
    if isinstance(env, dict) and VAR in env:
        return Finding(WARN, name, f"{tilde(settings)} sets {VAR}='{shown_id(str(env[VAR]))}' "
                       "in its env: inside Claude Code it overrides every project's id",
                       f"remove env.{VAR} from {tilde(settings)}")
    return Finding(OK, name, f"nothing else sets {VAR} (direnv, mise, {tilde(settings)} env)")


def _user_settings(ctx: Context) -> Any:
    """Claude Code's user settings as JSON (None if missing, "invalid" if unreadable)."""
    if "settings" not in ctx.cache:
        path = Path(paths.user_settings_str())
        try:
            ctx.cache["settings"] = json.loads(path.read_bytes())
        except FileNotFoundError:
            ctx.cache["settings"] = None
        except (OSError, ValueError):
            ctx.cache["settings"] = "invalid"
    return ctx.cache["settings"]


def check_statusline(ctx: Context) -> Finding:
    """Is Claude Code's statusLine set up to show the task list?"""
    from shellhooks.statusline_setting import parse_ours

    path = Path(paths.user_settings_str())
    settings = _user_settings(ctx)
    fix = "shellhooks setup claude-statusline"
    if settings == "invalid":
        return Finding(FAIL, "statusLine", f"{tilde(path)} is not readable JSON",
                       f"fix {tilde(path)} (Claude Code cannot read it either)")
    entry = settings.get("statusLine") if isinstance(settings, dict) else None
    if entry is None:
        return Finding(WARN, "statusLine", "Claude Code's statusLine is not set up", fix,
                       apply=_set_up_statusline)
    ours, chain = parse_ours(entry)
    if ours and not _runnable(shlex.split(entry["command"])[0], ctx):
        return Finding(WARN, "statusLine", f"runs {clean(entry['command'])}, which is not "
                       "there any more (moved or uninstalled)",
                       "shellhooks setup claude-statusline --force (keeps a chained command)",
                       apply=lambda: _renew_statusline(chain))
    if ours:
        extra = f", then {clean(chain)}" if chain else ""
        return Finding(OK, "statusLine", f"shows the task list{extra}")
    return Finding(WARN, "statusLine", "Claude Code's statusLine runs another command",
                   fix + " --chain (keeps yours after ours)")


def _runnable(program: str, ctx: Context) -> bool:
    """Would Claude Code find `program` (a path, or a name looked up on PATH)?"""
    if "/" in program:
        return os.access(os.path.expanduser(program), os.X_OK)
    return shutil.which(program, path=ctx.env.get("PATH")) is not None


def _set_up_statusline() -> object:
    from shellhooks.statusline_setting import install

    return install()


def _renew_statusline(chain: str | None) -> object:
    """The statusLine's command pointed at this install again, its other keys kept."""
    from shellhooks import settings_edit
    from shellhooks.statusline_setting import our_command

    path = Path(paths.user_settings_str())

    def edit(doc: Any) -> None:
        entry = doc.get("statusLine")
        doc.set("statusLine", {**(entry if isinstance(entry, dict) else {}),
                               "command": our_command(chain)})

    result = settings_edit.update(path, edit)
    print(f"statusLine set to: {our_command(chain)}")
    if result.backup is not None:
        print(f"Backup of the previous file: {tilde(result.backup)}")
    return 0


def check_claude_hooks(ctx: Context) -> Finding:
    """Are the Claude Code hooks (task history) there, and do they run an existing command?"""
    from shellhooks import claude_hooks_setting

    name = "claude hooks"
    settings = _user_settings(ctx)
    fix = "shellhooks setup claude-hooks"
    if settings == "invalid":
        return Finding(OK, name, "not checked (the settings file is not readable JSON)")
    ours = {where.removeprefix("hooks."): command
            for where, command in _settings_commands(settings)
            if where.startswith("hooks.") and claude_hooks_setting.is_ours(command)}
    missing = [e for e in claude_hooks_setting.EVENTS if e not in ours]
    stale = sorted({shlex.split(c)[0] for c in ours.values()
                    if not _runnable(shlex.split(c)[0], ctx)})
    if stale:
        return Finding(WARN, name, f"they run {clean(', '.join(stale))}, which is not there "
                       "any more (moved or uninstalled)", fix, apply=_set_up_hooks)
    if missing:
        return Finding(WARN, name, "Claude Code does not tell shellhooks about task changes "
                       f"(no hook for {', '.join(missing)}), so the task history is partial: "
                       "a task completed while no statusLine, watch or wait looks is missing "
                       "once Claude Code clears the list", fix, apply=_set_up_hooks)
    events = ", ".join(claude_hooks_setting.EVENTS)
    return Finding(OK, name, f"task changes are recorded ({events})")


def _set_up_hooks() -> object:
    from shellhooks import claude_hooks_setting

    return claude_hooks_setting.install()


# `python -m shellhooks` (likewise `-c`) searches the folder it starts in first, and Claude
# Code runs its hooks and statusLine in the project, a terminal may open in one: without -I
# (or -P) a project's `shellhooks/` or `json.py` would run. Options that take a value are
# not followed, so such a line is not reported (never wrongly blamed).
_PYTHON_M = re.compile(r"\bpython[\w.]*((?:\s+-[A-Za-z]+)*)\s+-m\s*shellhooks\b")


def runs_from_here(command: str) -> bool:
    """Does shell code `command` start shellhooks with `python -m` without isolation?"""
    return any("I" not in m[1] and "P" not in m[1] for m in _PYTHON_M.finditer(command))


def _settings_commands(settings: Any) -> list[tuple[str, str]]:
    """(where, command) of the statusLine and every hook in Claude Code's settings."""
    out: list[tuple[str, str]] = []
    if not isinstance(settings, dict):
        return out
    entry = settings.get("statusLine")
    if isinstance(entry, dict) and isinstance(entry.get("command"), str):
        out.append(("statusLine", entry["command"]))
    hooks = settings.get("hooks")
    for event, groups in (hooks.items() if isinstance(hooks, dict) else ()):
        for group in groups if isinstance(groups, list) else ():
            inner = group.get("hooks") if isinstance(group, dict) else None
            for h in inner if isinstance(inner, list) else ():
                if isinstance(h, dict) and isinstance(h.get("command"), str):
                    out.append((f"hooks.{event}", h["command"]))
    return out


def check_isolation(ctx: Context) -> Finding:
    """Does a command that starts shellhooks run `python -m` in whatever folder it is in?"""
    name = "isolation"
    settings = tilde(paths.user_settings_str())
    found = [f"{settings} ({where})" for where, command in _settings_commands(_user_settings(ctx))
             if runs_from_here(command)]
    found += [tilde(f) for files in rc_status().values() for f in files
              if runs_from_here(_read_text(f) or "")]
    if found:
        return Finding(FAIL, name, f"{clean(', '.join(found))}: `python -m shellhooks` runs "
                       "in the folder it is started in, which Python searches first: a "
                       "project's files would be run",
                       "name the shellhooks command instead ('shellhooks setup claude-hooks', "
                       "'shellhooks setup claude-statusline --force'; in an rc file "
                       "eval \"$(shellhooks init <shell>)\"), or add -I after python")
    return Finding(OK, name, "nothing starts shellhooks with `python -m` from the current folder")


def check_retention(ctx: Context) -> Finding:
    """Named lists Claude Code's start-up clean-up (cleanupPeriodDays) deletes soon."""
    from shellhooks import retention

    name = "clean-up"
    due = retention.lists_due(ctx.cwd)
    days = retention.cleanup_period_days(ctx.cwd)
    if not due:
        return Finding(OK, name, f"no named list is due for Claude Code's start-up clean-up "
                       f"within {retention.WARN_DAYS:g} days (cleanupPeriodDays {days:g})")
    shown = ", ".join(f"{shown_id(n)} ({retention.when(left)})" for n, left in due[:5])
    more = f" and {len(due) - 5} more" if len(due) > 5 else ""
    return Finding(WARN, name, f"Claude Code's start-up clean-up (cleanupPeriodDays {days:g}) "
                   f"will delete {shown}{more}", retention.keep_advice())


def check_task_tools(ctx: Context) -> Finding:
    """Will the model in effect here use the Task tools (and so the list id) at all?"""
    from shellhooks import models

    name = "task tools"
    c = models.check_task_tools(ctx.cwd, ctx.env)
    res = ctx.resolution()
    if c.enabled:
        return Finding(OK, name, f"on: {clean(c.reason)}")
    if res is None or res.id is None:
        return Finding(OK, name, f"off, and no list id here: {clean(c.reason)}")
    return Finding(WARN, name, f"off: {clean(c.reason)}; the list id '{shown_id(res.id)}' will "
                   "stay unused", c.fix())


def check_prompt_frameworks(ctx: Context) -> Finding:
    """Prompt frameworks in the start-up files: is the segment wired into each?"""
    from shellhooks.frameworks import prompt_frameworks

    name = "prompt frameworks"
    files = rc_files()
    config = ctx.env.get("STARSHIP_CONFIG") or \
        os.path.join(os.path.dirname(paths.config_dir_str()), "starship.toml")
    found = prompt_frameworks(bashrc=files["bash"][0], zshrc=files["zsh"][0],
                              fish_dir=files["fish"][1].parent, starship_config=Path(config),
                              shown=tilde)
    if not found:
        return Finding(OK, name, "none found in the start-up files (starship, powerlevel10k, "
                       "liquidprompt, powerline, spaceship, oh-my-zsh, tide): the hook "
                       "places the segment itself")
    missing = [w for w in found if not w.wired]
    if not missing:
        return Finding(OK, name, ", ".join(w.name for w in found) + ": the segment is wired in")
    return Finding(WARN, name, ", ".join(w.name for w in missing) + ": the segment is not "
                   "wired in, so it is not shown (or shown by a process per prompt)",
                   "; ".join(f"{w.name}: {w.fix}" for w in missing))


CHECKS: list[Callable[[Context], Finding]] = [
    check_hook,
    check_rc_files,
    check_command,
    check_claude,
    check_tasks_folder,
    check_config,
    check_trust_store,
    check_id,
    check_other_managers,
    check_prompt_frameworks,
    check_statusline,
    check_claude_hooks,
    check_isolation,
    check_task_tools,
    check_retention,
]


def run_checks(ctx: Context) -> list[Finding]:
    """Run every check in CHECKS; an exception is reported as a failed check."""
    out = []
    for check in CHECKS:
        try:
            out.append(check(ctx))
        except Exception as e:  # a bug in a check must not hide the other checks
            out.append(Finding(FAIL, check.__name__.removeprefix("check_"),
                               f"the check itself failed: {clean(repr(e))}",
                               "report this line as a bug"))
    return out


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help="print a JSON array of {status, name, message, fix, fixable}")
    parser.add_argument("--fix", action="store_true",
                        help="apply the fixes that are safe to apply (asks first on a terminal)")
    parser.add_argument("--yes", "-y", action="store_true",
                        help="with --fix: apply without asking (needed without a terminal)")


COLORS = {OK: "\x1b[32m", WARN: "\x1b[33m", FAIL: "\x1b[31m"}


def format_line(f: Finding, color: bool) -> str:
    """`ok    name: message` (+ `; fix: ...`)."""
    status = f"{f.status:<4}"
    if color:
        status = f"{COLORS[f.status]}{status}\x1b[0m"
    line = f"{status}  {f.name + ':':<13} {f.message}"
    return line + (f"; fix: {f.fix}" if f.fix and f.status != OK else "")


def run(args: argparse.Namespace) -> int:
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = os.environ.get("PWD") or "/"
    findings = run_checks(Context(env=dict(os.environ), cwd=cwd))
    if args.fix and not args.json:
        return apply_fixes(findings, args.yes, cwd)
    if args.json:
        from shellhooks import render

        sys.stdout.write(render.dumps_json([f.as_json() for f in findings]) + "\n")
    else:
        color = use_color(sys.stdout)
        for f in findings:
            print(format_line(f, color))
    return 1 if any(f.status == FAIL for f in findings) else 0


def _confirm(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def apply_fixes(findings: list[Finding], yes: bool, cwd: str) -> int:
    """`doctor --fix`: list the fixes it can apply, apply them (each asked on a terminal;
    all with --yes; none without a terminal and --yes), then check again."""
    fixable = [f for f in findings if f.status != OK and f.apply is not None]
    by_hand = [f for f in findings if f.status != OK and f.apply is None and f.fix]
    if not fixable:
        print("doctor --fix: nothing it can fix by itself")
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if fixable and not yes and not interactive:
        print("doctor --fix would apply:")
        for f in fixable:
            print(f"  {f.name}: {f.fix}")
        print("not a terminal, so nothing was changed: run 'shellhooks doctor --fix --yes' "
              "to apply them")
        return 1
    failed = False
    for f in fixable:
        if not yes and not _confirm(f"{f.name}: {f.message}\n  fix: {f.fix}? [y/N] "):
            continue
        assert f.apply is not None
        try:
            failed |= bool(f.apply())
        except Exception as e:  # noqa: BLE001 - one fix failing must not stop the others
            print(f"shellhooks: {f.name}: the fix failed: {clean(str(e))}", file=sys.stderr)
            failed = True
    if by_hand:
        print("to fix by hand:")
        for f in by_hand:
            print(f"  {f.name}: {f.fix}")
    after = run_checks(Context(env=dict(os.environ), cwd=cwd))
    return 1 if failed or any(f.status == FAIL for f in after) else 0
