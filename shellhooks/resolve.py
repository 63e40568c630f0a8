"""Which task list id applies in a directory, and why (the rules of `shellhooks status`).

Walk up from the directory; the nearest directory that has one of these decides,
in this order within a directory:
1. `.claude/settings.local.json`, then `.claude/settings.json`: `env.CLAUDE_CODE_TASK_LIST_ID`
2. `.envrc`, then `.env`: a `CLAUDE_CODE_TASK_LIST_ID=...` line (python-dotenv's rules,
   no interpolation, never executed)
3. a `[[rule]]` of config.toml whose `path` glob matches the directory
4. the git work tree's top folder (automatic id), unless `auto = "off"`
Files of rules 1 and 2 count only when trusted (see trust.py). A value the user set
by hand (the variable set, and not to the value shellhooks exported) wins over all.

This module is on the hook's hot path: standard library only; python-dotenv is
imported only for a `.env`/`.envrc` that mentions the variable.
"""

from __future__ import annotations

import os
import stat

from shellhooks import paths, trust
from shellhooks.config import Config, Rule, load_config
from shellhooks.jsonlite import dumps_str_map, loads
from shellhooks.textsafe import shown_id, unusable_id

# `re`, `json`, `pathlib` and `collections.abc` are kept off the hook's path (several
# milliseconds of imports together).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from shellhooks import envmanagers

VAR = "CLAUDE_CODE_TASK_LIST_ID"
OURS = "__SHELLHOOKS_ID"  # the value shellhooks exported (see the hook protocol)
MAX_FILE_BYTES = 64 * 1024

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
                 "blocked", "direnv", "auto")

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

    def __repr__(self) -> str:
        return (f"Resolution(id={self.id!r}, source={self.source!r}, "
                f"source_path={self.source_path!r}, line={self.line!r}, "
                f"trusted={self.trusted!r})")


class FileValue:
    """What one project file says about the variable (a plain class: hot path)."""

    __slots__ = ("path", "source", "exists", "id", "line", "data", "note")

    def __init__(self, path: str, source: str, exists: bool, data: bytes | None = None,
                 note: str | None = None) -> None:
        self.path = path
        self.source = source
        self.exists = exists
        self.id: str | None = None
        self.line: int | None = None
        self.data = data
        self.note = note


def _read_small(path: str) -> tuple[bool, bytes | None, str | None]:
    """(exists, content, note): regular files up to 64 KiB only; FIFOs are never opened."""
    try:
        st = os.stat(path)
    except OSError:
        return False, None, None
    name = os.path.basename(path)
    if not stat.S_ISREG(st.st_mode):
        return True, None, f"{name} is not a regular file; ignored"
    if st.st_size > MAX_FILE_BYTES:
        return True, None, f"{name} is larger than 64 KiB; ignored"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            data = os.read(fd, MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as e:
        return True, None, f"{name} cannot be read ({e.strerror}); ignored"
    if len(data) > MAX_FILE_BYTES:
        return True, None, f"{name} is larger than 64 KiB; ignored"
    if b"\0" in data:
        return True, None, f"{name} is a binary file; ignored"
    return True, data, None


def _line_of(text: str, needle: str) -> int | None:
    idx = text.find(needle)
    return None if idx < 0 else text.count("\n", 0, idx) + 1


def parse_settings(data: bytes) -> tuple[str | None, int | None, str | None]:
    """(id, line, note) from a Claude Code settings file's `env` map."""
    try:
        text = data.decode("utf-8-sig")
        obj = loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, None, "is not valid JSON; ignored"
    env = obj.get("env") if isinstance(obj, dict) else None
    value = env.get(VAR) if isinstance(env, dict) else None
    if not isinstance(value, str) or value == "":
        return None, None, None
    return value, _line_of(text, f'"{VAR}"'), None


def parse_env_file(data: bytes) -> tuple[str | None, int | None, str | None]:
    """(id, line, note) from a `.env`/`.envrc`: python-dotenv's parser, no interpolation.

    The last assignment wins, as in python-dotenv. Lines it cannot parse are
    ignored silently (its own warnings are never shown). A file without quotes,
    backslashes or carriage returns (nearly every `.envrc`) is read by a small
    parser of the same rules (checked against python-dotenv's in the tests), since
    importing python-dotenv costs the hook's one process about 25 ms.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, None, "is not UTF-8 text; ignored"
    simple = simple_env_value(text)
    found = simple if simple is not None else _dotenv_value(text)
    if found[0] == "":
        return None, None, None  # an empty value counts as unset, as in Claude Code
    return found[0], found[1], None


def _dotenv_value(text: str) -> tuple[str | None, int | None]:
    """(value, line) of the last assignment of the variable, by python-dotenv."""
    import io

    try:
        # The parser module alone does not log; dotenv.main would warn about bad lines.
        from dotenv.parser import parse_stream
    except ImportError:
        # The hook starts Python with -S (faster): add site-packages only when needed.
        import site

        site.main()
        from dotenv.parser import parse_stream

    found: tuple[str | None, int | None] = (None, None)
    for binding in parse_stream(io.StringIO(text)):
        if binding.key == VAR and binding.value is not None:
            # The binding starts with the blank lines before it; report the key's line.
            chunk = binding.original.string
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            line = binding.original.line + lead.count("\n") + lead.count("\r") \
                - lead.count("\r\n")
            found = (binding.value, line)
    return found


def simple_env_value(text: str) -> tuple[str | None, int | None] | None:
    """(value, line) of the last `[export] VAR=value` in `text` by python-dotenv's rules,
    or None when the text has a quote, a backslash or a carriage return (then only
    python-dotenv's own parser will do). Without those, every binding is one line:
    a comment, `KEY`, or `KEY=value` where the value ends at whitespace + `#`."""
    if "'" in text or '"' in text or "\\" in text or "\r" in text:
        return None
    found: tuple[str | None, int | None] = (None, None)
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.lstrip()
        if line.startswith("export") and len(line) > 6 and line[6].isspace():
            line = line[6:].lstrip()
        end = 0
        while end < len(line) and line[end] not in "=#" and not line[end].isspace():
            end += 1
        if end == 0 or line[:end] != VAR:
            continue  # a comment, an error, or another key: it ends with its line
        rest = line[end:].lstrip()
        if not rest.startswith("="):
            continue  # `KEY` alone has no value
        after = rest[1:]
        value = after.lstrip()
        if value.startswith("#") and len(value) < len(after):
            value = ""  # `KEY= # comment`
        else:
            value = _cut_comment(value).rstrip()
        found = (value, number)
    return found


def _cut_comment(value: str) -> str:
    """`value` up to the first run of whitespace that is followed by `#`."""
    i = 0
    n = len(value)
    while i < n:
        if value[i].isspace():
            j = i
            while j < n and value[j].isspace():
                j += 1
            if j < n and value[j] == "#":
                return value[:i]
            i = j
        else:
            i += 1
    return value


def read_project_file(path: str, source: str) -> FileValue:
    """Read one candidate file; cheap when it does not mention the variable."""
    exists, data, note = _read_small(path)
    fv = FileValue(path=path, source=source, exists=exists, data=data, note=note)
    if data is None or VAR.encode() not in data:
        return fv
    parse = parse_settings if source == "claude-settings" else parse_env_file
    fv.id, fv.line, bad = parse(data)
    if bad:
        fv.note = f"{os.path.basename(path)} {bad}"
    return fv


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


def _same_real(folder: str, top: str) -> bool:
    return os.path.realpath(folder) == os.path.realpath(top)


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

    def owner_of(candidate: str) -> tuple[str | None, bool]:
        """Who else has `candidate` (a folder that sets it explicitly, or a repository
        still there), and whether explicitly."""
        explicit = _explicit_owner(owners, candidate, top)
        if explicit is not None:
            return explicit, True
        who = ids.get(candidate)
        if who is None or who == top or not os.path.exists(os.path.join(who, ".git")) \
                or _same_real(who, top):
            return None, False
        return who, False

    mine = [k for k, where in ids.items() if where == top]
    if not mine:  # new, or this repository under another spelling (a link on the way)
        # Only folders of the same name are resolved: realpath costs system calls, and
        # this runs for every new repository against every one remembered.
        real = os.path.realpath(top)
        name = os.path.basename(top.rstrip("/"))
        mine = [k for k, where in ids.items()
                if os.path.basename(where.rstrip("/")) == name and os.path.realpath(where) == real]
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


def _user_settings_note() -> str | None:
    path = os.path.join(paths.claude_root_str(), "settings.json")
    _, data, _ = _read_small(path)
    if data is None or VAR.encode() not in data:
        return None
    value, _, _ = parse_settings(data)
    if value is None:
        return None
    return (f"{path} sets {VAR}='{shown_id(value)}' in its env: inside Claude Code that value "
            "overrides everything shown here")


def resolve_list_id(
    directory: str | os.PathLike[str],
    env: Mapping[str, str] | None = None,
    config: Config | None = None,
) -> Resolution:
    """The id that applies in `directory` for a shell with environment `env`."""
    env = os.environ if env is None else env
    notes: list[str] = []
    user_note = _user_settings_note()
    value = env.get(VAR)
    managed = managed_value(env) if value and value.strip() else None
    if managed is not None:
        res = Resolution(value, managed.tool, managed.path, notes=notes, direnv=True)
        notes.append(f"{managed.tool} sets {VAR} here; shellhooks leaves it to {managed.tool}")
        if user_note:
            notes.append(user_note)
        return res
    if value and value.strip() and value != env.get(OURS):  # blanks count as unset
        res = Resolution(id=value, source="manual", notes=notes)
        if user_note:
            notes.append(user_note)
        return res
    cfg = config if config is not None else load_config()
    res = _walk(os.path.abspath(os.fspath(directory)), cfg, notes)
    if user_note:
        res.notes.append(user_note)
    return res


def _walk(start: str, cfg: Config, notes: list[str]) -> Resolution:
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
            if fv.id is None or fv.data is None:
                continue
            bad = unusable_id(fv.id)
            if bad:  # never exported: Claude Code would get another id than the one shown
                notes.append(f"{fv.path} sets {VAR}='{shown_id(fv.id)}', but {bad}; ignored")
                continue
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


def id_in_effect(env: Mapping[str, str] | None = None) -> str | None:
    """The id a `claude` started here would use (cheap): a trusted project settings file
    overrides the shell's value, as Claude Code applies it; else the variable."""
    env = os.environ if env is None else env
    value = env.get(VAR) or None
    if value is not None and not value.strip():
        value = None  # blanks count as unset, as in Claude Code
    try:
        cwd = os.getcwd()
    except OSError:
        return value
    d = cwd
    while True:
        for rel, source in PROJECT_FILES[:2]:
            fv = read_project_file(os.path.join(d, rel), source)
            if fv.id and fv.data is not None and not unusable_id(fv.id) \
                    and trust.check(fv.path, fv.data) == trust.ALLOWED:
                return fv.id
        if any(os.path.exists(os.path.join(d, m)) for m in MARKERS):
            break  # the nearest project decides
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return value
