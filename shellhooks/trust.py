"""Which project files may set the list id: the allow/deny store, like direnv's.

A file inside a project (`.claude/settings*.json`, `.envrc`, `.env`) can point every
`claude` started there at any task list, and tasks are instructions Claude acts on.
So such a file is used only after `shellhooks allow`, which records its absolute
path and the SHA-256 of its content: editing the file blocks it again.
`shellhooks deny` blocks a path for good (until it is allowed again).

The store is one small JSON file, `$XDG_DATA_HOME/shellhooks/trust.json`; the hook
watches it, so a change shows at the very next prompt.
"""

from __future__ import annotations

import os

from shellhooks import paths

ALLOWED, BLOCKED, DENIED = "allowed", "blocked", "denied"


def store_path() -> str:
    """The trust store file (a string: the hook's process avoids pathlib)."""
    return paths.trust_store_str()


def content_hash(data: bytes) -> str:
    """The hash a file's content is allowed under."""
    import hashlib  # only when a project file is actually checked

    return hashlib.sha256(data).hexdigest()


def _load() -> dict[str, object]:
    from shellhooks import safefile
    from shellhooks.jsonlite import loads

    # Only our own file in our own private folder: a store someone else could write (or
    # none at all, without a home folder) trusts nothing.
    try:
        data = loads(safefile.read_text(store_path()))
    except (OSError, ValueError, RecursionError):
        return {"allow": {}, "deny": []}
    if not isinstance(data, dict):
        return {"allow": {}, "deny": []}
    if not isinstance(data.get("allow"), dict):
        data["allow"] = {}
    if not isinstance(data.get("deny"), list):
        data["deny"] = []
    return data


def _save(data: dict[str, object]) -> None:
    """Write the store atomically (the hook never reads half a store); ShellhooksError,
    the old store untouched, when it cannot be written (disk full, no home...)."""
    import json

    from shellhooks import safefile
    from shellhooks.errors import ShellhooksError

    path = store_path()
    try:
        safefile.write_text(path, json.dumps(data, indent=1, sort_keys=True), sync=True)
    except OSError as e:
        raise ShellhooksError(f"cannot save the decision in {path}: "
                              f"{e.strerror or e}; nothing was changed") from None


def _key(path: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.fspath(path))


def check(path: str | os.PathLike[str], data: bytes) -> str:
    """ALLOWED, BLOCKED (never allowed, or edited since) or DENIED for this content."""
    store = _load()
    key = _key(path)
    deny = store["deny"]
    assert isinstance(deny, list)
    if key in deny:
        return DENIED
    allow = store["allow"]
    assert isinstance(allow, dict)
    if allow.get(key) == content_hash(data):
        return ALLOWED
    return BLOCKED


def allow(path: str | os.PathLike[str], data: bytes) -> None:
    """Trust `path` with exactly this content (and lift a deny)."""
    store = _load()
    key = _key(path)
    allow_map = store["allow"]
    deny = store["deny"]
    assert isinstance(allow_map, dict) and isinstance(deny, list)
    allow_map[key] = content_hash(data)
    store["deny"] = [p for p in deny if p != key]
    _save(store)


def deny(path: str | os.PathLike[str]) -> None:
    """Block `path` for good, whatever its content."""
    store = _load()
    key = _key(path)
    allow_map = store["allow"]
    deny_list = store["deny"]
    assert isinstance(allow_map, dict) and isinstance(deny_list, list)
    allow_map.pop(key, None)
    if key not in deny_list:
        deny_list.append(key)
    _save(store)


def setting_files(directory: str) -> list[tuple[str, str, bytes]]:
    """(path, id, content) of the files that set the id in the nearest folder (from
    `directory` up) that has any; raises ShellhooksError when there is none."""
    from shellhooks.errors import ShellhooksError
    from shellhooks.resolve import PROJECT_FILES, read_project_file, unread_note

    start = os.path.abspath(directory)
    if not os.path.isdir(start):
        raise ShellhooksError(f"{directory}: not a folder")
    user_settings = os.path.abspath(paths.user_settings_str())
    d = start
    unread = ""  # an `.envrc` line that sets the id in a way shellhooks does not read
    while True:
        found = []
        for rel, source in PROJECT_FILES:
            path = os.path.join(d, rel)
            if path == user_settings:
                continue
            fv = read_project_file(path, source)
            if fv.id is not None and fv.data is not None:
                found.append((path, fv.id, fv.data))
            elif fv.why and not unread:
                unread = unread_note(path, fv.line, fv.why)
        if found:
            return found
        parent = os.path.dirname(d)
        if parent == d and unread:
            raise ShellhooksError(f"nothing to allow: {unread}")
        if parent == d:
            raise ShellhooksError(
                f"no file in {start} or above sets CLAUDE_CODE_TASK_LIST_ID "
                "(.claude/settings.local.json, .claude/settings.json, .envrc or .env)"
            )
        d = parent
