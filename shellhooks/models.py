"""Whether Claude Code gives the model its Task tools, and so keeps a task list at all.

Claude Code 2.1.330 offers TaskCreate/TaskGet/TaskList/TaskUpdate only to older
model families (claude-3.x, opus 4.0-4.7, sonnet 4.0-4.6, haiku 4.5). Every
other model, including unknown names and the ones the `opus`, `sonnet`, `haiku`
and `default` aliases select (opus 5.5, sonnet 5.5, haiku 5.5), keeps no task
list unless `CLAUDE_CODE_ENABLE_TODO_TOOLS` is true (`1`, `true`, `yes`, `on`)
or `--allowedTools`/`--tools` names a Task tool. `CLAUDE_CODE_ENABLE_TASKS=0`
replaces them with the in-memory TodoWrite for every model. Every rule here was
checked against the real CLI (tests/claude_e2e/test_models.py).

The model in effect: `--model`, else `ANTHROPIC_MODEL`, else `model` of the
settings files (project `.claude/settings.local.json`, then `.claude/settings.json`,
then the user's `settings.json`), else the default (`opus`). The `env` maps of
those files apply to Claude Code's own environment, over the shell's values.
The project folder is the git work tree's top, else the current directory.

Only the standard library: the launch wrapper's check imports this.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from shellhooks import paths

CLAUDE_CODE_VERSION = "2.1.330"  # the release these rules were checked against
TASK_TOOLS = ("TaskCreate", "TaskGet", "TaskList", "TaskUpdate")
OPT_IN = "CLAUDE_CODE_ENABLE_TODO_TOOLS"

# Canonical names that get the Task tools without any opt-in (Claude Code's own list).
OLD_FAMILIES = frozenset({
    "claude-3-opus", "claude-3-sonnet", "claude-3-haiku", "claude-3-5-sonnet",
    "claude-3-5-haiku", "claude-3-7-sonnet", "claude-opus-4-0", "claude-opus-4-1",
    "claude-opus-4-5", "claude-opus-4-6", "claude-opus-4-7", "claude-sonnet-4-0",
    "claude-sonnet-4-5", "claude-sonnet-4-6", "claude-haiku-4-5",
})
# Retired models Claude Code silently replaces by the latest opus, unless
# CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP is true.
LEGACY_REMAP = {"claude-opus-4-0": "claude-opus-5-5", "claude-opus-4-1": "claude-opus-5-5"}
# What the aliases select, first party and per cloud provider.
ALIASES: dict[str, dict[str, str]] = {
    "opus": {"default": "claude-opus-5-5", "bedrock": "claude-opus-5-5",
             "vertex": "claude-opus-5-5", "foundry": "claude-opus-4-6"},
    "sonnet": {"default": "claude-sonnet-5-5", "bedrock": "claude-sonnet-4-5",
               "vertex": "claude-sonnet-4-5", "foundry": "claude-sonnet-4-5"},
    "haiku": {"default": "claude-haiku-5-5", "bedrock": "claude-haiku-4-5",
              "vertex": "claude-haiku-4-5", "foundry": "claude-haiku-4-5"},
}
# Aliases that stand for another alias (`opusplan` plans with opus, works with sonnet:
# `-p` sessions run on sonnet).
ALIAS_OF = {"default": "opus", "best": "opus", "opusplan": "sonnet"}
PROVIDERS = (("CLAUDE_CODE_USE_BEDROCK", "bedrock"), ("CLAUDE_CODE_USE_VERTEX", "vertex"),
             ("CLAUDE_CODE_USE_FOUNDRY", "foundry"))

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_FAMILY_RE = re.compile(
    r"claude-(?:(?P<fam>opus|sonnet|haiku|fable|mythos)-(?P<major>\d+)(?:-(?P<minor>\d{1,2}))?"
    r"|(?P<old>3(?:-[57])?)-(?P<oldfam>opus|sonnet|haiku))(?![0-9])"
)
MAX_SETTINGS_BYTES = 1 << 20


def env_true(value: str | None) -> bool:
    """Claude Code's reading of a boolean variable: 1/true/yes/on, any case."""
    return value is not None and value.strip().lower() in _TRUE


def env_false(value: str | None) -> bool:
    """The values Claude Code reads as an explicit false: 0/false/no/off, any case."""
    return value is not None and value.strip().lower() in _FALSE


def canonical(model: str) -> str | None:
    """The model family-and-version name Claude Code matches on, or None if unrecognised.

    `claude-opus-4-7[1m]`, `anthropic.claude-opus-4-7-v1:0` and
    `claude-sonnet-4-20250514` become `claude-opus-4-7`, `claude-opus-4-7` and
    `claude-sonnet-4-0`.
    """
    name = model.strip().lower()
    name = re.sub(r"\[1m\]$", "", name)
    m = _FAMILY_RE.search(name)
    if m is None:
        return None
    if m.group("old"):
        return f"claude-{m.group('old')}-{m.group('oldfam')}"
    fam, major, minor = m.group("fam"), m.group("major"), m.group("minor")
    if minor is None and major == "4":
        minor = "0"  # claude-opus-4-20250514 is opus 4.0
    return f"claude-{fam}-{major}" + (f"-{minor}" if minor is not None else "")


def _provider(env: Mapping[str, str]) -> str:
    for var, name in PROVIDERS:
        if env_true(env.get(var)):
            return name
    return "default"


def resolve_alias(model: str, env: Mapping[str, str]) -> str:
    """The model name an alias (`opus`, `sonnet[1m]`, `default`, ...) selects; others as given."""
    name = re.sub(r"\[1m\]$", "", model.strip().lower())
    name = ALIAS_OF.get(name, name)
    if name not in ALIASES:
        return model.strip()
    override = env.get(f"ANTHROPIC_DEFAULT_{name.upper()}_MODEL", "").strip()
    if override:
        return override
    return ALIASES[name][_provider(env)]


def served_model(model: str | None, env: Mapping[str, str]) -> str:
    """The model Claude Code actually asks for: aliases resolved, retired models remapped."""
    # "[1m]" asks for the long context window; it is not part of the name sent.
    name = re.sub(r"\[1m\]$", "", resolve_alias(model or "default", env), flags=re.I)
    canon = canonical(name)
    if canon in LEGACY_REMAP and not env_true(env.get("CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP")):
        return LEGACY_REMAP[canon]
    return name


def names_task_tool(tools: Iterable[str]) -> bool:
    """True when an --allowedTools/--tools list names a Task tool (e.g. `TaskCreate`)."""
    for item in tools:
        for part in re.split(r"[,\s]+", item):
            if part.split("(", 1)[0].strip() in TASK_TOOLS:
                return True
    return False


def task_tools_enabled(model: str | None, env: Mapping[str, str] | None = None, *,
                       tools: Iterable[str] = ()) -> tuple[bool, str]:
    """Whether a Claude Code session on `model` gets the Task tools, and why (one phrase).

    `model` is what the user set (None: the default); `env` is Claude Code's
    environment (settings `env` maps already applied, see `claude_environment`);
    `tools` the values of --allowedTools/--tools.
    """
    env = os.environ if env is None else env
    if env_false(env.get("CLAUDE_CODE_ENABLE_TASKS")):
        return False, "CLAUDE_CODE_ENABLE_TASKS is off: Claude Code uses TodoWrite, no task list"
    served = served_model(model, env)
    canon = canonical(served)
    label = served if canon is None or canon == served else f"{served} ({canon})"
    if canon in OLD_FAMILIES:
        return True, f"{label} gets the Task tools"
    if env_true(env.get(OPT_IN)):
        return True, f"{label} gets the Task tools because {OPT_IN} is on"
    if names_task_tool(tools):
        return True, f"{label} gets the Task tools because --allowedTools/--tools names one"
    what = "an unrecognised model" if canon is None else "a newer model"
    return False, f"{label} is {what}: no Task tools without {OPT_IN}=1"


# --- what a `claude` started here would run with -------------------------------------


def project_dir(directory: str | Path) -> Path:
    """The folder whose `.claude/` settings Claude Code reads: git work tree top, else cwd."""
    d = Path(directory).absolute()
    for p in (d, *d.parents):
        if (p / ".git").exists():
            return p
    return d


def _read_json(path: Path) -> dict[str, object] | None:
    """A regular file's JSON object, else None. The file is a project's: opened without
    blocking and read only when regular (a FIFO, or a link to one or to /dev/tty, would
    make the `claude` launch wait forever)."""
    from shellhooks import safefile

    data = safefile.read_regular(path, MAX_SETTINGS_BYTES + 1)
    if data is None or len(data) > MAX_SETTINGS_BYTES:
        return None
    from shellhooks.jsonlite import claude_text, loads_js

    try:
        obj = loads_js(claude_text(data))  # as Claude Code reads its settings
    except (ValueError, RecursionError):
        return None
    return obj if isinstance(obj, dict) else None


def settings_files(directory: str | Path) -> list[Path]:
    """Settings files Claude Code reads, lowest priority first (user, project, local)."""
    proj = project_dir(directory)
    return [Path(paths.user_settings_str()), proj / ".claude" / "settings.json",
            proj / ".claude" / "settings.local.json"]


def claude_environment(directory: str | Path, env: Mapping[str, str]) -> dict[str, str]:
    """`env` with the settings files' `env` maps applied over it, as Claude Code does."""
    out = dict(env)
    for path in settings_files(directory):
        data = _read_json(path)
        block = data.get("env") if data else None
        if isinstance(block, dict):
            out.update({str(k): str(v) for k, v in block.items() if isinstance(v, (str, int))})
    return out


@dataclass
class ModelChoice:
    """The model a `claude` started here would use and where that came from."""

    model: str | None  # None: Claude Code's default
    source: str  # "--model", "ANTHROPIC_MODEL", a settings file's path, or "default"


def _arg_values(args: Sequence[str], names: tuple[str, ...], *,
                variadic: bool = False) -> list[str]:
    """Values of options `names` in a claude command line (`--x v` and `--x=v`).

    `variadic`: the option takes every following word up to the next option, as
    Claude Code's `--allowedTools Bash TaskCreate` does.
    """
    out: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            break
        for n in names:
            if a == n and i + 1 < len(args):
                out.append(args[i + 1])
                i += 1
                while variadic and i + 1 < len(args) and not args[i + 1].startswith("-"):
                    out.append(args[i + 1])
                    i += 1
                break
            if a.startswith(n + "="):
                out.append(a[len(n) + 1:])
                break
        i += 1
    return out


def model_in_effect(directory: str | Path, env: Mapping[str, str],
                    args: Sequence[str] = ()) -> ModelChoice:
    """`--model`, else ANTHROPIC_MODEL (settings `env` included), else settings `model`."""
    flag = _arg_values(args, ("--model",))
    if flag:
        return ModelChoice(flag[-1], "--model")
    cenv = claude_environment(directory, env)
    if cenv.get("ANTHROPIC_MODEL", "").strip():
        return ModelChoice(cenv["ANTHROPIC_MODEL"].strip(), "ANTHROPIC_MODEL")
    for path in reversed(settings_files(directory)):
        data = _read_json(path)
        model = data.get("model") if data else None
        if isinstance(model, str) and model.strip():
            return ModelChoice(model.strip(), str(path))
    return ModelChoice(None, "default")


@dataclass
class TaskToolsCheck:
    """The answer for `status`, `doctor` and the launch wrapper."""

    enabled: bool
    reason: str
    model: str | None
    source: str
    served: str

    def fix(self) -> str:
        """What to do when the Task tools are off (empty when they are on)."""
        if self.enabled:
            return ""
        if "CLAUDE_CODE_ENABLE_TASKS" in self.reason:
            return "unset CLAUDE_CODE_ENABLE_TASKS to get task lists back"
        return (f"export {OPT_IN}=1 (the shellhooks hook does it with the id it sets, unless "
                "[claude] enable_task_tools = false), or use an older model such as "
                "--model claude-opus-4-7")


def check_task_tools(directory: str | Path | None = None, env: Mapping[str, str] | None = None,
                     args: Sequence[str] = ()) -> TaskToolsCheck:
    """Whether a `claude args...` started in `directory` with `env` would keep a task list."""
    directory = Path.cwd() if directory is None else directory
    env = os.environ if env is None else env
    choice = model_in_effect(directory, env, args)
    cenv = claude_environment(directory, env)
    tools = _arg_values(args, ("--allowedTools", "--allowed-tools", "--tools"), variadic=True)
    enabled, reason = task_tools_enabled(choice.model, cenv, tools=tools)
    return TaskToolsCheck(enabled, reason, choice.model, choice.source,
                          served_model(choice.model, cenv))


def status_line(directory: str | Path | None = None,
                env: Mapping[str, str] | None = None) -> str:
    """One line for `status`/`doctor`: Task tools on or off for the model in effect, and why."""
    c = check_task_tools(directory, env)
    src = "" if c.source == "default" else f", model from {c.source}"
    if c.enabled:
        return f"task tools: on ({c.reason}{src})"
    return f"task tools: OFF ({c.reason}{src}); {c.fix()}"


def launch_note(list_id: str, claude_args: Sequence[str],
                env: Mapping[str, str] | None = None) -> str | None:
    """The launch wrapper's one line when a list id is set but the session will not use it."""
    if not list_id:
        return None
    try:
        c = check_task_tools(None, env, claude_args)
    except OSError:
        return None
    if c.enabled:
        return None
    from shellhooks import textsafe

    return (f"shellhooks: task list '{textsafe.clean(list_id)}' will stay unused: "
            f"{textsafe.clean(c.reason)}; {c.fix()}")
