"""Near-miss task list ids: the typo in `CLAUDE_CODE_TASK_LIST_ID` that would start an empty list.

The rule is deliberately simple and explainable, not a fuzzy score:

- a typed id whose folder exists is not a typo (ids that Claude Code's
  sanitizer maps to one folder, `webapp.auth` and `webapp-auth`, are one list);
- otherwise an existing list is a near miss when both ids are equal after
  normalizing (case folded, runs of `_ . - space` treated as one separator,
  leading zeros of numbers dropped), or when the optimal-string-alignment
  distance of the normalized forms (a swapped pair of letters is one edit) is
  at most 1 for ids of 8 characters or fewer, at most 2 for longer ones;
- never a near miss, because such ids name different things: the numbers in
  them differ (compared as numbers), a short token (2 characters or fewer)
  replaced (`team-a`, `team-b`; a swap, or one letter left out of a longer
  token, `ios-ap` for `ios-app`, is still a typo), whole tokens added or
  removed (`auth`, `auth-feature`), a typed id shorter than 4 characters, and
  Claude Code's session lists (store.is_session_id: UUIDs, `session-<8 hex>`).

The prompt hook calls this on `cd`, so only the standard library is imported and
list folders are read only for the few names that match.
"""

from __future__ import annotations

import os

from shellhooks import paths, store

# The hook's one process imports this module on a `cd` into a project whose list does
# not exist yet: `re`, `pathlib` and `collections.abc` stay off that path.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

MAX_SUGGESTIONS = 3
MIN_TYPED_LENGTH = 4
REASON_NORMALIZED = "normalized"  # equal apart from case, separators or leading zeros
REASON_EDIT = "edit"  # a small edit distance

# Ids that say nothing about the work: every project that uses one shares one list.
GENERIC_IDS = frozenset(
    {
        "task", "tasks", "todo", "todos", "work", "test", "tests", "list", "default",
        "temp", "tmp", "misc", "stuff", "main", "new", "foo", "bar",
    }
)

_DIGITS = "0123456789"


def _drop_leading_zeros(text: str) -> str:
    """Each number in `text` without its leading zeros (`v007` -> `v7`, `a000b` -> `a0b`),
    a number being a run of ASCII digits."""
    out = []
    pos = 0
    i = text.find("0")
    while i >= 0:
        j = i + 1
        while j < len(text) and text[j] == "0":
            j += 1
        if i == 0 or text[i - 1] not in _DIGITS:  # zeros that start a number
            cut = j if j < len(text) and text[j] in _DIGITS else j - 1
            out.append(text[pos:i])
            pos = cut
        i = text.find("0", j)
    out.append(text[pos:])
    return "".join(out)


def _has_leading_zero(text: str) -> bool:
    """A number in `text` that starts with a zero and has more digits after it."""
    i = text.find("0")
    while i >= 0:
        if (i == 0 or text[i - 1] not in _DIGITS) and i + 1 < len(text) \
                and text[i + 1] in _DIGITS:
            return True
        i = text.find("0", i + 1)
    return False


def _digit_runs(text: str) -> list[str]:
    """The runs of ASCII digits in `text`, in order."""
    runs = []
    i = 0
    n = len(text)
    while i < n:
        if text[i] in _DIGITS:
            j = i + 1
            while j < n and text[j] in _DIGITS:
                j += 1
            runs.append(text[i:j])
            i = j
        else:
            i += 1
    return runs


class Suggestion:
    """An existing list that the typed id probably meant. (A plain class: the hook's one
    process imports this module on `cd`, and `dataclasses` is slow to import.)"""

    _fields = ("id", "distance", "reason", "total", "open", "updated", "state")
    __slots__ = _fields

    def __init__(self, id: str, distance: int, reason: str, total: int, open: int,
                 updated: float | None, state: str = "active") -> None:
        self.id = id
        self.distance = distance
        self.reason = reason  # REASON_NORMALIZED or REASON_EDIT
        self.total = total  # tasks in the list (for a cleared list: how many were wiped)
        self.open = open  # pending + in progress
        self.updated = updated  # newest mtime in the folder
        self.state = state  # TaskList.state: active, cleared or empty

    def __eq__(self, other: object) -> bool:
        return type(other) is Suggestion and all(
            getattr(self, n) == getattr(other, n) for n in self._fields)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self._fields))

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
        return f"Suggestion({args})"


def normalize(list_id: str) -> str:
    """The form ids are compared in: the sanitized folder name, lower-case, numbers
    without leading zeros, each run of separators one `-`, none at either end."""
    return _normalize_folder_names([store.list_dirname(list_id)])[0]


def _normalize_folder_names(names: list[str]) -> list[str]:
    # One pass over all names joined, with str methods where they do (C speed): 10,000
    # folder names cost a few milliseconds. Folder names are sanitized (no newline).
    text = "\n".join(names).lower().replace("_", "-")
    while "--" in text:
        text = text.replace("--", "-")
    if "0" in text:
        text = _drop_leading_zeros(text)
    text = text.replace("\n-", "\n").replace("-\n", "\n").strip("-")
    return text.split("\n")


def _may_shrink(name: str) -> bool:
    """False when normalizing cannot make folder name `name` shorter (or it is a session
    UUID, which never matches anyway)."""
    if "--" in name or "__" in name or "-_" in name or "_-" in name \
            or name[:1] in ("-", "_") or name[-1:] in ("-", "_"):
        return True
    return "0" in name and _has_leading_zero(name) \
        and not store.is_session_id(name)


def max_distance(a: str, b: str) -> int:
    """Edits allowed between normalized ids `a` and `b`: 1 up to 8 characters, else 2."""
    return 1 if min(len(a), len(b)) <= 8 else 2


def osa_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and
    swaps of two adjacent characters each count 1. With `limit`, any result above
    it is returned as `limit + 1` (stops early)."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    cap = (limit + 1) if limit is not None else la + lb
    if abs(la - lb) >= cap:
        return cap
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ai = a[i - 1]
        for j in range(1, lb + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) >= cap:
            return cap
        prev2, prev = prev, cur
    return min(prev[lb], cap)


def _is_swap(x: str, y: str) -> bool:
    """True when `y` is `x` with two adjacent characters swapped."""
    if len(x) != len(y) or x == y:
        return False
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] \
        and x[diff[1]] == y[diff[0]]


def _names_different_things(a: str, b: str) -> bool:
    """The token rules: True when normalized ids `a` and `b` name different things
    even though their spelling is close."""
    if _digit_runs(a) != _digit_runs(b):
        return True  # sprint-2024-01-15 / -16, release-v2 / -v3, feature-1 / -10
    ta, tb = a.split("-"), b.split("-")
    i = 0
    while i < min(len(ta), len(tb)) and ta[i] == tb[i]:
        i += 1
    j = 0
    while j < min(len(ta), len(tb)) - i and ta[-1 - j] == tb[-1 - j]:
        j += 1
    ma, mb = ta[i : len(ta) - j], tb[i : len(tb) - j]
    if not ma or not mb:
        return True  # whole tokens added or removed: auth / auth-feature
    if "".join(ma) == "".join(mb):
        return False  # only the separators moved: webappauth / webapp-auth
    if len(ma) == len(mb):
        return any(_short_token_replaced(x, y) for x, y in zip(ma, mb, strict=True))
    return any(len(t) <= 2 for t in ma + mb)


def _short_token_replaced(x: str, y: str) -> bool:
    """True when tokens `x` and `y` differ and one is short (2 characters or fewer), so
    they name different things (team-a / team-b, deploy-us / deploy-uk, team-a /
    team-ab). Still a typo: two letters swapped (web-ui / web-iu), and one letter left
    out of, or added to, a longer token (ios-ap / ios-app)."""
    if x == y or min(len(x), len(y)) > 2 or _is_swap(x, y):
        return False
    short, long_ = sorted((x, y), key=len)
    return not (len(long_) >= 3 and len(long_) == len(short) + 1 and _is_subsequence(short, long_))


def _is_subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def compare(typed: str, existing: str) -> tuple[int, str] | None:
    """(distance, reason) when the existing list `existing` is a near miss of `typed`,
    else None. Ids in the same folder are not near misses: they are the same list."""
    if store.list_dirname(typed) == store.list_dirname(existing) or store.is_session_id(existing):
        return None
    a, b = normalize(typed), normalize(existing)
    return _compare_normalized(a, b)


def _compare_normalized(a: str, b: str) -> tuple[int, str] | None:
    if len(a) < MIN_TYPED_LENGTH:
        return None
    if a == b:
        return 0, REASON_NORMALIZED
    limit = max_distance(a, b)
    d = osa_distance(a, b, limit)
    if d > limit or _names_different_things(a, b):
        return None
    return d, REASON_EDIT


def _candidates(typed: str, names: list[str]) -> list[tuple[str, int, str]]:
    """(name, distance, reason) for every folder name in `names` that is a near miss."""
    a = normalize(typed)
    if len(a) < MIN_TYPED_LENGTH:
        return []
    typed_dir = store.list_dirname(typed)
    # Cheap filters first, so that 10,000 names cost little: a length window (each edit
    # changes the length by at most 1) and the character sets (each edit adds or removes
    # at most 2 distinct characters). Only survivors get the O(n*m) distance.
    slack = 1 if len(a) <= 8 else 2
    la = len(a)
    chars = frozenset(a)
    out: list[tuple[str, int, str]] = []
    # Normalizing never makes a name longer, and a name that has nothing to drop keeps
    # its length: most names are out of the window before they are even normalized.
    lo, hi = la - slack, la + slack
    names = [n for n in names if lo <= len(n) and (len(n) <= hi or _may_shrink(n))]
    if not names:
        return out
    for name, b in zip(names, _normalize_folder_names(names), strict=True):
        if abs(len(b) - la) > slack or len(chars.symmetric_difference(b)) > 2 * slack:
            continue
        if name == typed_dir or name != store.list_dirname(name) or store.is_session_id(name):
            continue  # the typed list itself; folders Claude Code cannot have made; UUIDs
        hit = _compare_normalized(a, b)
        if hit is not None:
            out.append((name, hit[0], hit[1]))
    return out


def _folder_names(root: str) -> list[str]:
    # Names only: whether a matching name is a folder is checked for the few matches.
    try:
        return os.listdir(root)
    except OSError:
        return []


def near_misses(typed: str, existing: Iterable[store.TaskList] | None = None) -> list[Suggestion]:
    """Existing lists that `typed` probably meant, best first (at most 3).

    `existing` defaults to every list under the tasks root; then only the names are
    listed and just the matching folders are read. Empty when the typed id's own
    folder exists (cleared and empty lists count as existing) or nothing is near.
    """
    typed_dir = store.list_dirname(typed)
    read: Callable[[str], store.TaskList | None]
    if existing is None:
        root = paths.tasks_root_str()
        if os.path.isdir(os.path.join(root, typed_dir)):
            return []
        names = _folder_names(root)

        def read(name: str) -> store.TaskList | None:
            path = os.path.join(root, name)
            return store.read_list_dir(path) if os.path.isdir(path) else None
    else:
        lists = {tl.id: tl for tl in existing if tl.exists}
        if typed_dir in lists:
            return []
        names = list(lists)
        read = lists.get
    found = []
    for name, distance, reason in _candidates(typed, names):
        tl = read(name)
        if tl is None:
            continue  # a file, not a list folder
        counts = tl.counts()
        state = tl.state
        total = (tl.highwatermark or 0) if state == "cleared" else counts["total"]
        found.append(
            Suggestion(
                id=store.display_name(name),
                distance=distance,
                reason=reason,
                total=total,
                open=counts["open"],
                updated=tl.updated,
                state=state,
            )
        )
    # Closest first; among equals the list used most recently, then the biggest.
    found.sort(key=lambda s: (s.distance, -(s.updated or 0.0), -s.total, s.id))
    return found[:MAX_SUGGESTIONS]


def is_generic(list_id: str) -> bool:
    """True for ids that say nothing about the work (`tasks`, `todo`, `work`, `123`)."""
    n = normalize(list_id)
    return n in GENERIC_IDS or (n != "" and n.replace("-", "").isdigit())


def describe(s: Suggestion, now: float | None = None) -> str:
    """`12 tasks, 4 open, updated 2h ago` for one suggestion."""
    from shellhooks import timefmt

    if s.state == "cleared":
        parts = [f"{s.total} {'task' if s.total == 1 else 'tasks'}, all done and cleared"]
    elif s.total == 0:
        parts = ["no tasks"]
    else:
        parts = [f"{s.total} {'task' if s.total == 1 else 'tasks'}", f"{s.open} open"]
    if s.updated is not None:
        parts.append(f"updated {timefmt.ago(s.updated, now)}")
    return ", ".join(parts)


def warning_line(typed: str, suggestions: list[Suggestion], now: float | None = None,
                 fix: str | None = None) -> str:
    """The one-line warning: `shellhooks: no task list 'webap-auth'; did you mean
    'webapp-auth' (12 tasks, 4 open, updated 2h ago)?`, then `fix` (see fix_hint) when
    given (ids made safe to print)."""
    from shellhooks import textsafe

    head = f"shellhooks: no task list '{textsafe.shown_id(typed)}'"
    if not suggestions:
        return head
    items = [f"'{textsafe.shown_id(s.id)}' ({describe(s, now)})" for s in suggestions]
    if len(items) == 1:
        choices = items[0]
    else:
        choices = ", ".join(items[:-1]) + " or " + items[-1]
    return f"{head}; did you mean {choices}?" + (f" Fix: {fix}." if fix else "")


def fix_hint(meant: str, source: str | None, source_path: str | None,
             line: int | None) -> str:
    """How to fix a near-miss id for good, by where it came from (a Resolution's source,
    file and line): the file and line to edit, or the `shellhooks pin` command (an
    action, without a `Fix:` or a full stop: warning_line and doctor add their own)."""
    from shellhooks import textsafe

    want = textsafe.shown_id(meant)
    arg = want if want == meant and all(c.isalnum() or c in "._-" for c in meant) \
        else "'" + want.replace("'", "'\\''") + "'"
    if source in ("envrc", "dotenv", "claude-settings") and source_path:
        where = textsafe.shown_path(source_path) + (f":{line}" if line else "")
        return f"edit {where} to say '{want}'"
    if source == "rule" and source_path:
        return f"edit the rule in {textsafe.shown_path(source_path)}"
    if source == "manual":
        return (f"export CLAUDE_CODE_TASK_LIST_ID={arg}, or unset it and run "
                f"`shellhooks pin {arg}` in the project")
    return f"`shellhooks pin {arg}` in the project (writes it to .env)"


def fix_hint_here(meant: str, directory: str | None = None) -> str | None:
    """fix_hint for the id in effect in `directory` (default: here), resolved now; None
    when it cannot be worked out. For the rare moment a near miss is shown, not for
    every prompt."""
    try:
        from shellhooks.resolve import resolve_list_id

        res = resolve_list_id(directory or os.getcwd(), os.environ)
    except Exception:  # noqa: BLE001 - a hint must never stop the warning itself
        return None
    return fix_hint(meant, res.source, res.source_path, res.line)


def same_list_line(typed: str) -> str:
    """Said when `typed` is spelled differently from the folder it maps to."""
    from shellhooks import textsafe

    folder = store.list_dirname(typed)
    return (
        f"shellhooks: '{textsafe.shown_id(typed)}' and '{textsafe.shown_id(folder)}' are the same "
        f"task list (Claude Code keeps both in tasks/{textsafe.shown_id(folder)})"
    )


def generic_hint(list_id: str) -> str:
    """The one-time hint for a generic id."""
    from shellhooks import textsafe

    return (
        f"shellhooks: '{textsafe.shown_id(list_id)}' is a generic task list id: every project "
        "that uses it shares one list; a descriptive name (project-topic) keeps them apart"
    )


def closest_word(typed: str, words: Iterable[str]) -> str | None:
    """The word in `words` that `typed` probably meant (a sub-command or a flag), by the
    same distance rule as ids (1 edit up to 8 characters, else 2; a swap is one edit),
    without the id-only token rules; the nearest wins, the first on a tie."""
    best: tuple[int, str] | None = None
    for word in words:
        limit = max_distance(typed, word)
        d = osa_distance(typed, word, limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, word)
    return best[1] if best else None
