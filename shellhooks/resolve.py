"""Which task list id applies in a directory, and why (the rules of `shellhooks status`).

Walk up from the directory; the nearest directory that has one of these decides,
in this order within a directory:
1. `.claude/settings.local.json`, then `.claude/settings.json`: `env.CLAUDE_CODE_TASK_LIST_ID`
2. `.envrc`, then `.env`: a `CLAUDE_CODE_TASK_LIST_ID=...` line (python-dotenv's rules,
   no interpolation, never executed)
3. a `[[rule]]` of config.toml whose `path` glob matches the directory
4. the git work tree's top folder (automatic id), unless `auto = "off"`
Files of rules 1 and 2 count only when trusted (see trust.py). A value the user set
by hand (the variable set, and not to the value shellhooks exported) wins over all of
these: that is the value the shell passes to `claude`.

Inside Claude Code, the `env` of its settings files is applied over that value (see
`claude_layer` and docs/ids.md): a Resolution is the id Claude Code will use, and
`hidden` holds the shell's value when a settings file overrides it.

This module is on the hook's hot path: standard library only. What a file says is read
by envfiles.py, imported only for a file that mentions the variable (python-dotenv only
for a `.env`/`.envrc` its small parser cannot read).
"""

from __future__ import annotations

import os
import stat

from shellhooks import paths
from shellhooks.config import Config, Rule, load_config
from shellhooks.jsonlite import dumps_str_map, loads
from shellhooks.textsafe import shown_id, shown_path, unusable_id

# `re`, `json`, `pathlib` and `collections.abc` are kept off the hook's path (several
# milliseconds of imports together).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from shellhooks import envmanagers

VAR = "CLAUDE_CODE_TASK_LIST_ID"
OURS = "__SHELLHOOKS_ID"  # the value shellhooks exported (see the hook protocol)
MAX_FILE_BYTES = 64 * 1024
MAX_SETTINGS_BYTES = 1 << 20  # a Claude Code settings file: beyond this, said ignored

# (file relative to a directory, source name), in priority order within a directory.
PROJECT_FILES = (
    (".claude/settings.local.json", "claude-settings"),
    (".claude/settings.json", "claude-settings"),
    (".envrc", "envrc"),
    (".env", "dotenv"),
)
# What the shell side looks for when it walks up (any of these makes a cache key).
MARKERS = (".git", ".env", ".envrc", ".claude")

_AUTO_OK = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


class Resolution:
    """The id in effect in a directory and where it came from. (A plain class: the
    hook's one process imports this module, and `dataclasses` is slow to import.)"""

    __slots__ = ("id", "source", "source_path", "line", "trusted", "notes", "watch",
                 "blocked", "direnv", "auto", "hidden", "session", "unread")

    def __init__(self, id: str | None, source: str, source_path: str | None = None,
                 line: int | None = None, trusted: bool | None = None,
                 notes: list[str] | None = None, watch: list[str] | None = None,
                 blocked: list[tuple[str, str]] | None = None, direnv: bool = False) -> None:
        self.id = id
        self.source = source  # manual|direnv|mise|claude-settings|envrc|dotenv|rule|git|none
        self.source_path = source_path
        self.line = line
        self.trusted = trusted
        self.notes = notes if notes is not None else []
        # For the hook: files whose change may change the answer, and blocked files
        # (path, id) to warn about.
        self.watch = watch if watch is not None else []
        self.blocked = blocked if blocked is not None else []
        self.direnv = direnv
        self.auto: AutoId | None = None  # for an automatic id: how it was chosen
        # The shell's answer (the value it passes to `claude`) when a Claude Code settings
        # file overrides it; this Resolution is then that file's.
        self.hidden: Resolution | None = None
        self.session = False  # a settings file sets the id blank: a new list each launch
        # `.envrc` files whose line for the variable shellhooks cannot read: (path, line,
        # why), for the hook's once-per-folder warning.
        self.unread: list[tuple[str, int, str]] = []

    @property
    def shell(self) -> Resolution:
        """The answer for the shell: what the hook exports, or the hand-set value."""
        return self.hidden if self.hidden is not None else self

    def __repr__(self) -> str:
        return (f"Resolution(id={self.id!r}, source={self.source!r}, "
                f"source_path={self.source_path!r}, line={self.line!r}, "
                f"trusted={self.trusted!r})")


class FileValue:
    """What one project file says about the variable (a plain class: hot path)."""

    __slots__ = ("path", "source", "exists", "id", "line", "data", "note", "why")

    def __init__(self, path: str, source: str, exists: bool, data: bytes | None = None,
                 note: str | None = None) -> None:
        self.path = path
        self.source = source
        self.exists = exists
        self.id: str | None = None
        self.line: int | None = None
        self.data = data
        self.note = note
        self.why: str | None = None  # an `.envrc` line shellhooks cannot read: why


def _read_small(path: str, limit: int = MAX_FILE_BYTES, binary: bool = False
                ) -> tuple[bool, bytes | None, str | None]:
    """(exists, content, note): regular files up to `limit` bytes only (holding no NUL
    unless `binary`); FIFOs are never opened."""
    try:
        st = os.stat(path)
    except OSError:
        return False, None, None
    name = os.path.basename(path)
    if not stat.S_ISREG(st.st_mode):
        return True, None, f"{name} is not a regular file; ignored"
    too_large = f"{name} is larger than {limit >> 10} KiB; ignored"
    if st.st_size > limit:
        return True, None, too_large
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            data = os.read(fd, limit + 1)
        finally:
            os.close(fd)
    except OSError as e:
        return True, None, f"{name} cannot be read ({e.strerror}); ignored"
    if len(data) > limit:
        return True, None, too_large
    if b"\0" in data and not binary:
        return True, None, f"{name} is a binary file; ignored"
    return True, data, None


FIX_PLAIN = (f"write a plain value ({VAR}=my-list) or run 'shellhooks pin ID' "
             "(it writes .env)")


def read_project_file(path: str, source: str) -> FileValue:
    """Read one candidate file; cheap when it does not mention the variable."""
    settings = source == "claude-settings"
    # Claude Code reads a settings file of any size, in UTF-16 too, and a key may be
    # spelled with JSON escapes (`\u0043LAUDE_...`): a project must not hide its id
    # from shellhooks that way (see envfiles.parse_settings).
    exists, data, note = _read_small(path, MAX_SETTINGS_BYTES, binary=True) if settings \
        else _read_small(path)
    fv = FileValue(path=path, source=source, exists=exists, data=data, note=note)
    if data is None or (VAR.encode() not in data and not (
            settings and (b"\\u" in data or data[:2] == b"\xff\xfe"))):
        return fv
    from shellhooks import envfiles  # (only now: most files never mention the variable)

    if source == "envrc":
        fv.id, fv.line, why = envfiles.envrc_id(data)
        if why:
            fv.why = why
            fv.note = unread_note(path, fv.line, why)
        return fv
    parse = envfiles.parse_env_file if source == "dotenv" else envfiles.parse_settings
    fv.id, fv.line, bad = parse(data)
    if bad:
        fv.note = f"{os.path.basename(path)} {bad}"
    return fv


def unread_note(path: str, line: int | None, why: str) -> str:
    """The one sentence for an `.envrc` line shellhooks does not read (status, doctor and
    the hook's warning)."""
    return (f"{shown_path(path)}:{line}: {VAR} is not read from it: {why}; shellhooks does "
            f"not use it. Fix: {FIX_PLAIN}")


def envrc_unreadable(path: str) -> str | None:
    """Why the `.envrc` at `path` sets the variable in a way shellhooks does not read
    (the line and reason, for a message), or None: its value is plain, or it sets none.
    (For a tool that manages the folder: that tool's value is then the one in effect.)"""
    fv = read_project_file(path, "envrc")
    return f"line {fv.line}: {fv.why}" if fv.why else None


def glob_components(pattern: str) -> list[str]:
    return [c for c in pattern.split("/") if c]


def _component_matches(name: str, pattern: str) -> bool:
    """fnmatchcase(name, pattern). Literal components and a lone `*` (most rules, e.g.
    `~/work/acme/*`) are decided without fnmatch, which imports `re`: milliseconds of
    the hook's one process."""
    if pattern == "*":
        return True
    if "*" not in pattern and "?" not in pattern and "[" not in pattern:
        return name == pattern
    from fnmatch import fnmatchcase

    return fnmatchcase(name, pattern)


def _match(pc: list[str], kc: list[str]) -> bool:
    if not pc:
        return not kc
    if pc[0] == "**":
        return any(_match(pc[1:], kc[i:]) for i in range(len(kc) + 1))
    return bool(kc) and _component_matches(kc[0], pc[0]) and _match(pc[1:], kc[1:])


def rule_matches(rule: Rule, directory: str) -> bool:
    """True if `directory` matches the rule's glob (`*` within a folder, `**` across)."""
    return _match(glob_components(rule.path), glob_components(directory))


def rule_may_match_below(rule: Rule, directory: str) -> bool:
    """Could the rule match some folder strictly inside `directory`? (Conservative: the
    hook then caches results per folder instead of per project.)"""
    pc, kc = glob_components(rule.path), glob_components(directory)
    if "**" in pc:
        return True
    if len(pc) <= len(kc):
        return False
    return all(_component_matches(k, p) for k, p in zip(kc, pc, strict=False))


def auto_name(name: str) -> str:
    """A folder or branch name as an automatic id: lower-cased, every run of characters
    outside [a-z0-9_-] made one `-` (`My Repo` -> `my-repo`)."""
    out: list[str] = []
    in_run = False  # inside a run of replaced characters
    for ch in name.lower():
        if ch in _AUTO_OK:
            out.append(ch)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    return "".join(out)


def git_dir(top: str) -> str | None:
    """The git directory of a work tree top (`.git` folder, or where a `.git` file points)."""
    dotgit = os.path.join(top, ".git")
    if os.path.isdir(dotgit):
        return dotgit
    try:
        with open(dotgit, encoding="utf-8", errors="replace") as f:
            first = f.readline().strip()
    except OSError:
        return None
    if first.startswith("gitdir:"):
        return os.path.normpath(os.path.join(top, first[7:].strip()))
    return None


def git_branch(top: str) -> tuple[str | None, str | None]:
    """(branch or short commit, HEAD file path) of the work tree at `top`."""
    gd = git_dir(top)
    if gd is None:
        return None, None
    head = os.path.join(gd, "HEAD")
    try:
        with open(head, encoding="utf-8", errors="replace") as f:
            text = f.read(4096).strip()
    except OSError:
        return None, head
    if text.startswith("ref:"):
        ref = text[4:].strip()
        return (ref[11:] if ref.startswith("refs/heads/") else ref), head
    return (text[:7] or None), head


def _auto_ids_path() -> str:
    return os.path.join(paths.data_dir_str(), "auto-ids.json")


def _owners_path() -> str:
    return os.path.join(paths.data_dir_str(), "list-owners.json")


def _read_map(path: str) -> dict[str, str]:
    """A registry file: a JSON map of strings ({} when missing, damaged or not ours)."""
    from shellhooks import safefile

    try:
        data = loads(safefile.read_text(path))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    if {str}.issuperset(map(type, data.values())):
        return data  # as written (a registry holds hundreds of entries: no Python loop)
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _write_map(path: str, data: dict[str, str]) -> None:
    """Replace a registry file atomically; a failure only means it is not remembered."""
    try:
        from shellhooks import safefile

        safefile.write_text(path, dumps_str_map(data))
    except OSError:
        pass


def read_auto_ids() -> dict[str, str]:
    """The automatic ids handed out: {id: repository top folder}."""
    return _read_map(_auto_ids_path())


def write_auto_ids(ids: dict[str, str]) -> None:
    _write_map(_auto_ids_path(), ids)


# The list owners registry (`list-owners.json`, a map of strings):
#   "<absolute folder>": "<id>"  - the explicit id (allowed file, pin, rule) exported there
#   "joined:<id>": "<n>"         - automatic id <id> joined a list that existed with n tasks
#                                  and that no folder was known for
JOINED = "joined:"


def read_owners() -> dict[str, str]:
    return _read_map(_owners_path())


def write_owners(owners: dict[str, str]) -> None:
    _write_map(_owners_path(), owners)


def claim(folder: str, list_id: str) -> None:
    """Remember that `list_id` was exported for `folder` (an allowed file, pin or rule), so
    that no automatic id elsewhere joins its list. Writes only when that is new; folders
    that are gone are dropped then."""
    owners = read_owners()
    if owners.get(folder) == list_id:
        return
    owners = {k: v for k, v in owners.items() if not k.startswith("/") or os.path.isdir(k)}
    owners[folder] = list_id
    write_owners(owners)


def project_folder(path: str) -> str:
    """The project folder a setting file belongs to (`.claude/x.json` -> its parent's)."""
    folder = os.path.dirname(path)
    return os.path.dirname(folder) if os.path.basename(folder) == ".claude" else folder


def _explicit_owner(owners: dict[str, str], candidate: str, top: str) -> str | None:
    """Another folder that `candidate`'s list was exported for explicitly, if any (a folder
    inside `top` is this repository's own). Compared without case: on a case-insensitive
    disk (macOS's default) `tasks/WebApp-Auth` is the folder of `webapp-auth` too."""
    from shellhooks.store import list_dirname

    candidate = candidate.lower()
    for folder, list_id in owners.items():
        if not folder.startswith("/") or folder == top or folder.startswith(top + "/"):
            continue
        if list_dirname(list_id).lower() == candidate and os.path.isdir(folder) \
                and not _inside_real(folder, top):
            return folder
    return None


def _folder_key(path: str) -> tuple[int, int] | None:
    """What makes a folder the same one however it is spelled (`/home/me` may be a link
    to `/data/me`): its device and inode, or None when it is gone. One stat, where
    resolving the spelling costs one per path component."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _inside_real(folder: str, top: str) -> bool:
    """Is `folder` `top` or inside it once links are resolved? (One repository is often
    reached by two spellings: `/home/me` may be a link to `/data/me`.) Called only on a
    name match: realpath costs a system call per path component."""
    real = os.path.realpath(top)
    found = os.path.realpath(folder)
    return found == real or found.startswith(real.rstrip("/") + "/")


def _distinct(base: str, top: str) -> Iterator[str]:
    """`base`, then with `top`'s parent folders appended one by one (`api-acme`,
    `api-acme-work`), then numbered (`api-2`): the names tried for a repository whose
    name is taken."""
    yield base
    suffix = base
    for parent in reversed([p for p in top.split("/") if p][:-1]):
        suffix = f"{suffix}-{auto_name(parent)}"
        yield suffix
    n = 2
    while True:
        yield f"{base}-{n}"
        n += 1


def _task_count(list_id: str) -> int | None:
    """How many task files the list has, or None when its folder does not exist."""
    try:
        with os.scandir(os.path.join(paths.tasks_root_str(), list_id)) as it:
            return sum(1 for e in it if e.name.endswith(".json") and e.name[:-5].isdigit()
                       and e.is_file(follow_symlinks=False))
    except OSError:
        return None


class AutoId:
    """An automatic id and why it is what it is (a plain class: hot path)."""

    __slots__ = ("id", "name", "taken_by", "explicit", "joined", "joining")

    def __init__(self, id: str, name: str, taken_by: str | None = None, explicit: bool = False,
                 joined: int | None = None, joining: bool = False) -> None:
        self.id = id
        self.name = name  # the folder's name as an id; `id` differs when that was taken
        self.taken_by = taken_by  # the folder whose list `name` is, if known
        self.explicit = explicit  # ... set there explicitly (file, pin or rule)
        self.joined = joined  # tasks the existing list had when this repository joined it
        self.joining = joining  # joined just now (say so once)

    def note(self) -> str | None:
        if self.id != self.name:
            by = self.taken_by or "another folder"
            how = " (set there explicitly)" if self.explicit else ""
            return (f"automatic id '{self.name}' is used by {by}{how}; this repository is "
                    f"'{self.id}'")
        if self.joined is not None:
            return (f"joined the existing list {self.id}, which no folder was known for "
                    f"({self.joined} tasks then)")
        return None

    def as_json(self) -> dict[str, object]:
        """`status --json`'s "auto" object."""
        return {"name": self.name, "taken_by": self.taken_by,
                "taken_explicitly": self.explicit if self.taken_by else None,
                "joined_tasks": self.joined}


def auto_id(top: str) -> AutoId:
    """The automatic id of the repository at `top`, distinct from other repositories' and
    from every list exported explicitly for another folder (see `claim`).

    The first repository to claim a name keeps it; a later one with the same folder name
    (or one whose name is another folder's explicit list) gets its parent folder
    appended (`api-acme`), and the choice is remembered in the data folder so it never
    changes under the user. Joining a list that exists but that no folder is known for
    (made by hand, or by a project not seen since this was installed) is remembered and
    said once.
    """
    base = auto_name(os.path.basename(top.rstrip("/")) or "root")
    ids = read_auto_ids()
    owners = read_owners()
    top_key = _folder_key(top)
    owners_of: dict[str, tuple[str | None, bool]] = {}

    def owner_of(candidate: str) -> tuple[str | None, bool]:
        """Who else has `candidate` (a folder that sets it explicitly, or a repository
        still there), and whether explicitly."""
        if candidate not in owners_of:
            owners_of[candidate] = _owner_of(candidate)
        return owners_of[candidate]

    def _owner_of(candidate: str) -> tuple[str | None, bool]:
        explicit = _explicit_owner(owners, candidate, top)
        if explicit is not None:
            return explicit, True
        who = ids.get(candidate)
        if who is None or who == top or not os.path.exists(os.path.join(who, ".git")) \
                or _folder_key(who) == top_key:
            return None, False
        return who, False

    mine = [k for k, where in ids.items() if where == top] if top in ids.values() else []
    if not mine:  # new, or this repository under another spelling (a link on the way)
        # Only folders of the same name are compared (a stat each): this runs for every
        # new repository against every one remembered. (Its folders are written as
        # os.path.abspath spells them, so the name is what follows the last `/`.)
        suffix = "/" + os.path.basename(top)
        mine = [k for k, where in ids.items()
                if where.endswith(suffix) and top_key is not None and _folder_key(where) == top_key]
    if mine:  # remembered: never changed under the user (a folder pinned to this list
        # later shares it on purpose)
        known = base if base in mine else mine[0]
        joined = owners.get(JOINED + known)
        found = AutoId(known, base, joined=int(joined) if joined and joined.isdigit() else None)
        if known != base:
            found.taken_by, found.explicit = owner_of(base)
            found.taken_by = found.taken_by or ids.get(base)
        return found
    taken_by, explicit = owner_of(base)
    chosen = next(c for c in _distinct(base, top) if owner_of(c)[0] is None)
    ids[chosen] = top
    write_auto_ids(ids)
    found = AutoId(chosen, base, taken_by, explicit)
    count = _task_count(chosen)
    if count is not None:  # an existing list that no folder is known for
        found.joined, found.joining = count, True
        owners[JOINED + chosen] = str(count)
        write_owners(owners)
    return found


def branch_id(auto: str, branch: str, top: str) -> tuple[str, str | None]:
    """(id, note) of git-branch mode: `<automatic id>-<branch>`, unless that is a list
    exported explicitly for another folder (a clone named `webapp` whose author made its
    branch `auth`, and your pinned `webapp-auth`): then the repository's parent folders go
    in between, as for a taken automatic id (`webapp-evil-auth`)."""
    owners = read_owners()
    first = f"{auto}-{branch}"
    taken_by = _explicit_owner(owners, first, top)
    if taken_by is None:
        return first, None
    chosen = next(f"{c}-{branch}" for c in _distinct(auto, top)
                  if _explicit_owner(owners, f"{c}-{branch}", top) is None)
    return chosen, (f"automatic id '{first}' is used by {taken_by} (set there explicitly); "
                    f"this repository is '{chosen}' on this branch")


def direnv_manages(env: Mapping[str, str]) -> bool:
    """True if direnv's current diff sets or restores the variable."""
    if not env.get("DIRENV_DIFF"):
        return False
    from shellhooks import envmanagers

    before, now = envmanagers.direnv_diff(env)
    return VAR in before or VAR in now


def managed_value(env: Mapping[str, str]) -> envmanagers.Applied | None:
    """direnv or mise, when it applies the variable's current value in this shell (its
    diff sets it; or, for a value it found already there, mise's session env or the
    `.envrc` direnv loaded sets that value). Such a value is neither the user's nor ours:
    the tool puts back what it found when the shell leaves its folder."""
    if not (env.get("DIRENV_DIFF") or env.get("__MISE_DIFF") or env.get("__MISE_SESSION")):
        return None  # (the common case: no decoder imported)
    from shellhooks import envmanagers

    found = envmanagers.applied(env)
    path = env.get("DIRENV_FILE")
    if found is None and path and os.path.isabs(path):
        fv = read_project_file(path, "envrc")
        if fv.id is not None and fv.id == env.get(VAR):
            found = envmanagers.Applied("direnv", fv.id, path)
    return found


# Claude Code's settings files that carry an `env` map, highest first: the local and
# project settings of the folder `claude` starts in (not of the folders above it), then
# the user's (in Claude Code's configuration root).
CLAUDE_PROJECT_LAYERS = (".claude/settings.local.json", ".claude/settings.json")


def claude_layer_paths(directory: str) -> list[str]:
    """The settings files Claude Code started in `directory` reads, highest first."""
    return [os.path.join(directory, rel) for rel in CLAUDE_PROJECT_LAYERS] + \
        [os.path.join(paths.claude_root_str(), "settings.json")]


def claude_flags(claude_args: Sequence[str]) -> tuple[str | None, frozenset[str] | None]:
    """(the value of `--settings`, the layers `--setting-sources` names) of a `claude`
    command line: the real CLI takes the id from `--settings` (a file or inline JSON)
    over every settings file, and reads only the named layers (`user`, `project`,
    `local`), both seen with 2.1.330."""
    settings: str | None = None
    sources: frozenset[str] | None = None
    for i, arg in enumerate(claude_args):
        if arg == "--":
            break
        for name in ("--settings", "--setting-sources"):
            value = None
            if arg == name and i + 1 < len(claude_args):
                value = claude_args[i + 1]
            elif arg.startswith(name + "="):
                value = arg[len(name) + 1:]
            if value is None:
                continue
            if name == "--settings":
                settings = value
            else:
                sources = frozenset(v.strip() for v in value.split(","))
    return settings, sources


def _flag_layer(value: str, directory: str) -> FileValue:
    """The `--settings` layer: inline JSON, or the file it names (from `directory`)."""
    if value.lstrip().startswith("{"):
        fv = FileValue(path="--settings", source="claude-settings", exists=True,
                       data=value.encode("utf-8", "surrogateescape"))
        from shellhooks.envfiles import parse_settings

        fv.id, fv.line, _ = parse_settings(fv.data or b"")
        return fv
    return read_project_file(os.path.join(directory, value), "claude-settings")


def claude_layer(directory: str, project_only: bool = False,
                 claude_args: Sequence[str] = ()) -> FileValue | None:
    """The settings file whose `env` decides the id of a `claude` started in `directory`:
    the first of claude_layer_paths that sets the variable, whatever its value (a
    non-string is coerced, see envfiles.parse_settings; blank means a new session list each
    launch, hiding the layers below and the shell's value), or None: then the process
    environment decides. Claude Code reads these files whether or not shellhooks
    trusts them. `claude_args`: its command line (see claude_flags)."""
    flag, sources = claude_flags(claude_args)
    layers = list(zip(claude_layer_paths(directory), ("local", "project", "user"),
                      strict=True))
    found = [_flag_layer(flag, directory)] if flag is not None else []
    found += (read_project_file(path, "claude-settings")
              for path, name in (layers[:2] if project_only else layers)
              if sources is None or name in sources)
    for fv in found:
        # A value holding NUL cannot be put in an environment: Claude Code goes on as if
        # the layer did not set it (seen with the real CLI).
        if fv.id is not None and fv.data is not None and "\0" not in fv.id:
            # A lone surrogate reaches the environment as U+FFFD (seen likewise).
            fv.id = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in fv.id) \
                if not fv.id.isascii() else fv.id
            return fv
    return None


def _blank(value: str) -> bool:
    from shellhooks.store import JS_WHITESPACE

    return not value.strip(JS_WHITESPACE)


def resolve_list_id(
    directory: str | os.PathLike[str],
    env: Mapping[str, str] | None = None,
    config: Config | None = None,
) -> Resolution:
    """The id a `claude` started in `directory` from a shell with environment `env` will
    use, and why; `.shell` is the shell's own answer (what the hook exports)."""
    env = os.environ if env is None else env
    directory = os.path.abspath(os.fspath(directory))
    value = env.get(VAR)
    managed = managed_value(env) if value and value.strip() else None
    if managed is not None:  # direnv or mise applies it: theirs, not the user's by hand
        res = Resolution(value, managed.tool, managed.path, direnv=True)
        res.notes.append(f"{managed.tool} sets {VAR} here; shellhooks leaves it to "
                         f"{managed.tool}")
    elif value and value.strip() and value != env.get(OURS):  # blanks count as unset
        res = Resolution(id=value, source="manual")
    else:
        cfg = config if config is not None else load_config()
        res = _walk(directory, cfg, [])
    return claude_overlay(directory, res)


def claude_overlay(directory: str, res: Resolution, claude_args: Sequence[str] = ()
                   ) -> Resolution:
    """`res` (the shell's answer) as Claude Code sees it once its settings files' `env`
    is applied over the process environment (`claude_args`: its command line)."""
    fv = claude_layer(directory, claude_args=claude_args)
    if fv is None or fv.id is None:
        return res
    if fv.path == res.source_path:  # the shell's answer is that very file (trusted)
        _lower_layer_note(directory, fv.path, res.notes)
        return res
    # The user's own layers: their settings file, and what their command line names.
    user = fv.path == claude_layer_paths(directory)[2] or fv.path not in \
        claude_layer_paths(directory)
    from shellhooks import trust  # (here: a project that sets no id never needs it)

    trusted = None if user else trust.check(fv.path, fv.data or b"") == trust.ALLOWED
    session = _blank(fv.id)
    out = Resolution(None if session else fv.id, "claude-settings", fv.path, fv.line, trusted,
                     res.notes, res.watch, res.blocked, res.direnv)
    out.hidden, out.session, out.unread = res, session, res.unread
    where = f"{shown_path(fv.path)}" + (f":{fv.line}" if fv.line else "")
    said = f"{where} sets {VAR} to a blank value" if session else \
        f"{where} sets {VAR}='{shown_id(fv.id)}'"
    inside = "Claude Code starts a new session list at each launch" if session else \
        "Claude Code uses it"
    if res.id:
        out.notes.append(f"{said}: {inside}, not the shell's '{shown_id(res.id)}' "
                         f"({_SOURCE_NAMES.get(res.source, res.source)})")
    else:
        out.notes.append(f"{said}: {inside}")
    _lower_layer_note(directory, fv.path, out.notes)
    return out


def _lower_layer_note(directory: str, winner: str, notes: list[str]) -> None:
    """Say that a lower settings layer sets the id too (it never applies here)."""
    layers = claude_layer_paths(directory)
    # (A layer of the command line, `--settings`, is above every file.)
    for path in layers[layers.index(winner) + 1 if winner in layers else 0:]:
        lower = read_project_file(path, "claude-settings")
        if lower.id is not None and path != winner:  # (in ~, ~/.claude is both)
            notes.append(f"{shown_path(path)} also sets {VAR}='{shown_id(lower.id)}'; "
                         f"{shown_path(winner)} outranks it inside Claude Code")
            return


_SOURCE_NAMES = {"manual": "set by hand", "direnv": "set by direnv", "mise": "set by mise",
                 "claude-settings": "from Claude Code settings",
                 "envrc": "from .envrc", "dotenv": "from .env", "rule": "from a config rule",
                 "git": "automatic, from git"}


def _walk(start: str, cfg: Config, notes: list[str]) -> Resolution:
    unread: list[tuple[str, int, str]] = []
    res = _walk_up(start, cfg, notes, unread)
    res.unread = unread
    return res


def _walk_up(start: str, cfg: Config, notes: list[str],
             unread: list[tuple[str, int, str]]) -> Resolution:
    watch: list[str] = []
    blocked: list[tuple[str, str]] = []
    user_settings = os.path.abspath(os.path.join(paths.claude_root_str(), "settings.json"))
    d = start
    while True:
        for rel, source in PROJECT_FILES:
            path = os.path.join(d, rel)
            if path == user_settings:
                continue  # Claude Code's user settings, not a project's (see the note)
            fv = read_project_file(path, source)
            if not fv.exists:
                continue
            watch.append(fv.path)
            if fv.note:
                notes.append(fv.note)
            if fv.why:
                unread.append((fv.path, fv.line or 0, fv.why))
            if fv.id is None or fv.data is None:
                continue
            if source == "claude-settings" and _blank(fv.id):
                continue  # nothing to export; claude_overlay says what it does in its folder
            bad = unusable_id(fv.id)
            if bad:  # never exported: Claude Code would get another id than the one shown
                notes.append(f"{fv.path} sets {VAR}='{shown_id(fv.id)}', but {bad}; ignored")
                continue
            from shellhooks import trust

            verdict = trust.check(fv.path, fv.data)
            if verdict == trust.ALLOWED:
                claim(d, fv.id)
                return Resolution(fv.id, source, fv.path, fv.line, True, notes, watch, blocked)
            if verdict == trust.BLOCKED:
                blocked.append((fv.path, fv.id))
            how = "denied" if verdict == trust.DENIED else "not allowed yet"
            notes.append(f"{fv.path} sets {VAR}='{shown_id(fv.id)}' but is {how}; "
                         "run 'shellhooks allow' to use it")
        for rule in cfg.rules:
            if rule_matches(rule, d):
                bad = unusable_id(rule.id)
                if bad:
                    notes.append(f"the rule for {rule.path} sets '{shown_id(rule.id)}', but "
                                 f"{bad}; ignored")
                    continue
                claim(d, rule.id)
                return Resolution(rule.id, "rule", cfg.path, None, None, notes, watch, blocked)
        if cfg.auto != "off" and os.path.exists(os.path.join(d, ".git")):
            auto = auto_id(d)
            list_id = auto.id
            note = auto.note()
            if note:
                notes.append(note)
            if cfg.auto == "git-branch":
                branch, head = git_branch(d)
                if head:
                    watch.append(head)
                if branch:
                    list_id, note = branch_id(list_id, auto_name(branch), d)
                    if note:
                        notes.append(note)
            res = Resolution(list_id, "git", d, None, None, notes, watch, blocked)
            res.auto = auto
            return res
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return Resolution(None, "none", None, None, None, notes, watch, blocked)


def foreign_project_setting(directory: str) -> tuple[str, str, str] | None:
    """(file, id, other folder) when the Claude Code settings file of `directory` that
    Claude Code would use sets an id you have not allowed there, whose list belongs to
    another folder (exported there explicitly, or its automatic id). Claude Code applies
    that file whatever shellhooks says (its `env` beats the shell's value): a clone's
    `.claude/settings.json` is its way onto your list, so the `claude` wrapper refuses it."""
    from shellhooks.store import list_dirname

    for rel, source in PROJECT_FILES[:2]:
        fv = read_project_file(os.path.join(directory, rel), source)
        if fv.id is None or fv.data is None:
            continue  # Claude Code takes the first file that sets it
        from shellhooks import trust

        if trust.check(fv.path, fv.data) == trust.ALLOWED:
            return None
        name = list_dirname(fv.id)
        owner = _explicit_owner(read_owners(), name, directory)
        if owner is None:
            who = read_auto_ids().get(name.lower())
            if who and os.path.exists(os.path.join(who, ".git")) \
                    and not _inside_real(who, directory):
                owner = who
        # A folder around `directory` is the same project (its own subfolder's settings).
        if owner is None or _inside_real(directory, owner):
            return None
        return fv.path, fv.id, owner
    return None


def id_in_effect(env: Mapping[str, str] | None = None, directory: str | None = None) -> str | None:
    """The id a `claude` started in `directory` (default: here) would use, None for a new
    session list: resolved exactly as `shellhooks status` does, so a script, `bash -c` or
    a command on the line of a `cd` (where the hook has not run) gets the same answer."""
    env = os.environ if env is None else env
    if directory is None:
        try:
            directory = os.getcwd()
        except OSError:  # a folder deleted under us: only the variable is left
            value = env.get(VAR) or None
            return value if value is not None and not _blank(value) else None
    return resolve_list_id(directory, env).id


def launch_id(env: Mapping[str, str] | None = None, directory: str | None = None,
              claude_args: Sequence[str] = ()) -> str | None:
    """The id a `claude` started now in `directory` (default: here) with exactly `env`
    and the command line `claude_args` will use: its settings layers over the variable
    as it is. (The launch check: the hook has just brought the variable up to date, or
    is not loaded at all, as in Claude Code's Bash tool; either way `env` is what
    `claude` gets.)"""
    env = os.environ if env is None else env
    value = env.get(VAR) or None
    if value is not None and _blank(value):
        value = None
    try:
        directory = os.path.abspath(directory if directory is not None else os.getcwd())
    except OSError:
        return value
    return claude_overlay(directory, Resolution(value, "manual" if value else "none"),
                          claude_args).id
