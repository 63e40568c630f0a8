"""The near-miss rule: a table of typed/existing ids, then suggestions read from real folders."""

from __future__ import annotations

import os
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shellhooks import nearmiss, store
from tests.taskfixtures import ClaudeHome

# (typed, existing, expected distance, expected reason): typos that must be caught.
CAUGHT = [
    # the examples of the rule
    ("webap-auth", "webapp-auth", 1, "edit"),
    ("WebApp_Auth", "webapp-auth", 0, "normalized"),
    ("sprint-2024-1-15", "sprint-2024-01-15", 0, "normalized"),
    ("2024-1-15", "2024-01-15", 0, "normalized"),
    ("web-iu", "web-ui", 1, "edit"),  # a swap inside a short token still counts
    # case and separators
    ("WEBAPP-AUTH", "webapp-auth", 0, "normalized"),
    ("Webapp Auth", "webapp-auth", 0, "normalized"),
    ("webapp__auth", "webapp-auth", 0, "normalized"),
    ("webapp-auth.", "webapp-auth", 0, "normalized"),  # (a trailing space is trimmed: same list)
    ("-webapp-auth", "webapp-auth", 0, "normalized"),
    ("Billing.Service", "billing-service", 0, "normalized"),
    ("my_project", "my-project", 0, "normalized"),
    ("api-v2", "API_V2", 0, "normalized"),
    ("release-v02", "release-v2", 0, "normalized"),  # numbers compared as numbers
    # one edit, ids of 8 characters or fewer
    ("paymnets", "payments", 1, "edit"),  # swapped letters: one edit
    ("paymens", "payments", 1, "edit"),
    ("paymentz", "payments", 1, "edit"),
    ("backnd", "backend", 1, "edit"),
    ("fronted", "frontend", 1, "edit"),
    ("infar", "infra", 1, "edit"),
    ("docs-sit", "docs-site", 1, "edit"),
    # up to two edits for longer ids
    ("webapp-atuh", "webapp-auth", 1, "edit"),
    ("webappauth", "webapp-auth", 1, "edit"),  # a separator left out
    ("webapp-authh", "webapp-auth", 1, "edit"),
    ("wbapp-atuh", "webapp-auth", 2, "edit"),
    ("checkout-flwo", "checkout-flow", 1, "edit"),
    ("chekout-flw", "checkout-flow", 2, "edit"),
    ("data-pipline", "data-pipeline", 1, "edit"),
    ("mobile-onboardign", "mobile-onboarding", 1, "edit"),
    ("search-indexer", "search-indexre", 1, "edit"),
    ("q3-roadmap-planing", "q3-roadmap-planning", 1, "edit"),
    ("sprint-2024-01-15-reveiw", "sprint-2024-01-15-review", 1, "edit"),
    ("v2-migraton", "v2-migration", 1, "edit"),
    ("web-iu-rewrite", "web-ui-rewrite", 1, "edit"),
    # a letter left out of a token, leaving it short: a typo, not a different token
    ("ios-ap", "ios-app", 1, "edit"),
    ("api-db-migratoin", "api-dbs-migration", 2, "edit"),
]

# (typed, existing, why): pairs that must NOT be near misses.
DISTINCT = [
    # the examples of the rule
    ("webapp.auth", "webapp-auth", "the same folder: the same list, not a typo"),
    ("webapp auth", "webapp-auth", "the same folder: the same list, not a typo"),
    ("sprint-2024-01-15", "sprint-2024-01-16", "numbers differ"),
    ("release-v2", "release-v3", "numbers differ"),
    ("feature-1", "feature-10", "numbers differ"),
    ("team-a", "team-b", "short token replaced"),
    ("auth", "auth-feature", "prefix at a token boundary"),
    ("abc", "abd", "typed id shorter than 4"),
    ("Api", "api", "typed id shorter than 4"),
    # more numbers
    ("sprint-12", "sprint-13", "numbers differ"),
    ("sprint-2024-1-15", "sprint-2024-01-16", "numbers differ"),
    ("build-7", "build", "numbers differ"),
    ("ticket-1234", "ticket-1243", "numbers differ"),
    ("python311", "python312", "numbers differ"),
    # short tokens
    ("deploy-us", "deploy-uk", "short token replaced"),
    ("team-a", "team-ab", "short token changed into another short token"),
    ("team-a", "team-abc", "short token changed by more than one letter"),
    ("a-team", "b-team", "short token replaced"),
    ("env-qa", "env-pr", "short token replaced"),
    ("app-ui-v", "app-ux-v", "short token replaced"),
    # whole tokens added or removed
    ("webapp-auth", "webapp-auth-v", "token added"),
    ("my-long-service", "my-long-service-x", "token added at the end"),
    ("x-backend-service", "backend-service", "token added at the front"),
    ("frontend-a", "frontend", "token removed"),
    # simply different
    ("backend", "frontend", "too far"),
    ("webapp-auth", "webapp-authorization", "too far"),
    ("payments", "paym", "too far"),
    ("billing", "biling-v2", "numbers differ"),
    ("abcd", "abcdef", "too far for a short id"),
    ("mobile", "mobiel-app", "too far"),
    ("webapp-atuh", "wbapp-atuh-x", "token added"),
    # random session lists never match
    ("3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e", "uuid"),
]


def test_table_is_big_enough() -> None:
    assert len(CAUGHT) + len(DISTINCT) >= 40


@pytest.mark.parametrize(("typed", "existing", "distance", "reason"), CAUGHT)
def test_typos_are_caught(typed: str, existing: str, distance: int, reason: str) -> None:
    assert nearmiss.compare(typed, existing) == (distance, reason)


@pytest.mark.parametrize(("typed", "existing", "why"), DISTINCT)
def test_distinct_ids_are_not_near_misses(typed: str, existing: str, why: str) -> None:
    assert nearmiss.compare(typed, existing) is None, why
    assert nearmiss.compare(existing, typed) is None, why  # the rule is symmetric


def test_caught_pairs_are_found_through_the_folder_scan(claude: ClaudeHome) -> None:
    """The cheap prefilters of the folder scan drop none of the table's typos."""
    for _, existing, _, _ in CAUGHT:
        claude.list_dir(store.list_dirname(existing))
    for typed, existing, distance, _ in CAUGHT:
        found = {s.id: s.distance for s in nearmiss.near_misses(typed, existing=_all(claude))}
        scanned = {s.id: s.distance for s in nearmiss.near_misses(typed)}
        assert found == scanned, typed
        assert scanned.get(store.list_dirname(existing)) == distance, (typed, scanned)


def _all(claude: ClaudeHome) -> list[store.TaskList]:
    return list(store.iter_lists(claude.tasks))


def test_osa_distance() -> None:
    assert nearmiss.osa_distance("ab", "ba") == 1
    assert nearmiss.osa_distance("ca", "abc") == 3  # OSA, not full Damerau
    assert nearmiss.osa_distance("kitten", "sitting") == 3
    assert nearmiss.osa_distance("kitten", "sitting", limit=1) == 2
    assert nearmiss.osa_distance("", "abc") == 3
    assert nearmiss.osa_distance("same", "same") == 0


def test_normalize() -> None:
    assert nearmiss.normalize("  Web.App__Auth--v007 ") == "web-app-auth-v7"
    assert nearmiss.normalize("x/../y") == "x-y"
    assert nearmiss.normalize("100") == "100"
    assert nearmiss.normalize("0") == "0"


def test_typed_list_that_exists_has_no_suggestions(claude: ClaudeHome) -> None:
    claude.make_list("webapp-auth", ["pending"])
    claude.make_list("webapp-autho", ["pending"])
    assert nearmiss.near_misses("webapp-auth") == []
    assert nearmiss.near_misses("webapp.auth") == []  # same folder
    assert nearmiss.near_misses("webapp-auth", existing=_all(claude)) == []


def test_cleared_and_empty_lists_count_as_existing(claude: ClaudeHome) -> None:
    claude.clear_list("release-notes", 7)
    claude.list_dir("onboarding")  # only .lock: a list with no tasks
    assert nearmiss.near_misses("release-notes") == []
    assert nearmiss.near_misses("onboarding") == []
    [s] = nearmiss.near_misses("release-ntoes")
    assert (s.id, s.state, s.total, s.open) == ("release-notes", "cleared", 7, 0)
    [s] = nearmiss.near_misses("onbaording")
    assert (s.id, s.state, s.total) == ("onboarding", "empty", 0)


def test_session_lists_never_match(claude: ClaudeHome) -> None:
    uuid = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
    claude.make_list(uuid, ["pending"])
    assert nearmiss.near_misses(uuid[:-1] + "e") == []
    assert nearmiss.near_misses(uuid.upper()[:-1] + "E") == []
    claude.make_list("session-3f2b1c4d", ["pending"])  # agent teams' session list
    assert nearmiss.near_misses("session-3f2b1c4e") == []
    assert nearmiss.compare("session-3f2b1c4e", "session-3f2b1c4d") is None


def test_folders_claude_code_cannot_have_made_are_ignored(claude: ClaudeHome) -> None:
    (claude.tasks / "webapp.auth").mkdir()
    (claude.tasks / "webapp-autho").write_text("a file, not a list")
    assert nearmiss.near_misses("webapp-aut") == []


def test_ranking_distance_then_recency_then_size(claude: ClaudeHome) -> None:
    now = time.time()
    claude.make_list("billing-api", ["pending"] * 2)
    claude.make_list("billing-apx", ["pending"] * 9)
    claude.make_list("Billing_Apj", ["pending"])
    claude.make_list("billing-ap", ["pending"] * 3)
    claude.make_list("bullimg-apj", ["completed"] * 5)
    claude.set_mtime("billing-api", now - 3600)
    claude.set_mtime("billing-apx", now - 60)
    claude.set_mtime("billing-ap", now - 7200)
    claude.set_mtime("bullimg-apj", now - 10)
    claude.set_mtime("Billing_Apj", now - 86400)
    got = nearmiss.near_misses("billing-apj")
    # normalized match first, then distance 1 by recency; at most 3 (bullimg-apj is 2 away)
    assert [s.id for s in got] == ["Billing_Apj", "billing-apx", "billing-api"]
    assert [s.distance for s in got] == [0, 1, 1]
    assert [s.reason for s in got] == ["normalized", "edit", "edit"]
    assert got[1].total == 9 and got[1].open == 9


def test_ranking_same_recency_prefers_bigger_list(claude: ClaudeHome) -> None:
    t = time.time() - 500
    claude.make_list("docs-site", ["pending"])
    claude.make_list("docs-sitf", ["pending", "completed", "pending"])
    claude.set_mtime("docs-site", t)
    claude.set_mtime("docs-sitf", t)
    assert [s.id for s in nearmiss.near_misses("docs-sitx")] == ["docs-sitf", "docs-site"]


def test_only_matching_lists_are_read(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(50):
        claude.make_list(f"unrelated-list-{i}", ["pending"])
    claude.make_list("webapp-auth", ["pending", "completed"])
    read: list[str] = []
    real = store.read_list_dir

    def spy(path: os.PathLike[str], list_id: str | None = None) -> store.TaskList:
        read.append(os.path.basename(path))
        return real(path, list_id)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "read_list_dir", spy)
    [s] = nearmiss.near_misses("webap-auth")
    assert read == ["webapp-auth"]
    assert (s.total, s.open) == (2, 1)


def test_warning_line_exact(claude: ClaudeHome) -> None:
    claude.make_list("webapp-auth", ["pending"] * 3 + ["in_progress"] + ["completed"] * 8)
    claude.set_mtime("webapp-auth", time.time() - 2 * 3600 - 30)
    sugg = nearmiss.near_misses("webap-auth")
    assert nearmiss.warning_line("webap-auth", sugg) == (
        "shellhooks: no task list 'webap-auth'; did you mean 'webapp-auth' "
        "(12 tasks, 4 open, updated 2h ago)?"
    )


def test_warning_line_several_and_special_states() -> None:
    now = 1_000_000.0
    sugg = [
        nearmiss.Suggestion("a-list", 1, "edit", 1, 1, now - 90),
        nearmiss.Suggestion("b-list", 1, "edit", 4, 0, now - 90000, state="cleared"),
        nearmiss.Suggestion("c-list", 1, "edit", 0, 0, None, state="empty"),
    ]
    assert nearmiss.warning_line("x-list", sugg, now=now) == (
        "shellhooks: no task list 'x-list'; did you mean 'a-list' (1 task, 1 open, updated "
        "1m ago), 'b-list' (4 tasks, all done and cleared, updated 1d ago) or 'c-list' "
        "(no tasks)?"
    )


def test_warning_line_escapes_ids() -> None:
    evil = "web\x1b]0;pwned\x07ap\x1b[31m-auth\n"
    sugg = [nearmiss.Suggestion("webapp\u202e-auth", 1, "edit", 1, 1, None)]
    line = nearmiss.warning_line(evil, sugg)
    assert "\x1b" not in line and "\n" not in line and "\u202e" not in line
    # Shown as exported, escaped visibly: not a cleaned look-alike.
    assert line.startswith("shellhooks: no task list "
                           "'web\\x1b]0;pwned\\x07ap\\x1b[31m-auth\\x0a';")
    assert "'webapp\\u202e-auth'" in line


@pytest.mark.parametrize(
    ("list_id", "generic"),
    [("tasks", True), ("TODO", True), ("work", True), ("test", True), ("123", True),
     ("2024-01", True), ("todo-app", False), ("webapp-auth", False), ("testing", False)],
)
def test_generic_ids(list_id: str, generic: bool) -> None:
    assert nearmiss.is_generic(list_id) is generic


def test_same_list_line() -> None:
    assert nearmiss.same_list_line("webapp.auth") == (
        "shellhooks: 'webapp.auth' and 'webapp-auth' are the same task list "
        "(Claude Code keeps both in tasks/webapp-auth)"
    )


def test_no_tasks_root_at_all(isolated_home: object) -> None:
    assert nearmiss.near_misses("webapp-auth") == []


_ID_CHARS = "abcdeAB01_-. "
_ids = st.text(alphabet=_ID_CHARS, min_size=0, max_size=14)


@settings(max_examples=300, deadline=None)
@given(typed=_ids, names=st.lists(_ids, max_size=30))
def test_prefilters_drop_nothing_the_rule_accepts(typed: str, names: list[str]) -> None:
    """The folder scan's cheap filters and bulk normalization give exactly the rule."""
    folders = sorted({store.list_dirname(n) for n in names if n})
    fast = {(n, d) for n, d, _ in nearmiss._candidates(typed, folders)}
    slow = set()
    for n in folders:
        hit = nearmiss.compare(typed, n)
        if hit is not None:
            slow.add((n, hit[0]))
    assert fast == slow
    assert nearmiss._normalize_folder_names(folders or [""]) == [
        _reference_normalize(n) for n in (folders or [""])]


def _reference_normalize(list_id: str) -> str:
    """The normalization as the rule states it, written plainly."""
    s = store.list_dirname(list_id).lower()
    s = re.sub(r"[0-9]+", lambda m: m.group().lstrip("0") or "0", s)
    return re.sub(r"[-_]+", "-", s).strip("-")


@given(_ids)
def test_normalize_matches_the_stated_rule(list_id: str) -> None:
    assert nearmiss.normalize(list_id) == _reference_normalize(list_id)


@pytest.mark.parametrize("meant,source,path,line,expected", [
    ("webapp-auth", "dotenv", "/p/.env", 3, "edit /p/.env:3 to say 'webapp-auth'"),
    ("webapp-auth", "rule", "/c/config.toml", None, "edit the rule in /c/config.toml"),
    ("webapp-auth", "git", "/p", None,
     "`shellhooks pin webapp-auth` in the project (writes it to .env)"),
    ("it's x", "git", "/p", None,
     "`shellhooks pin 'it'\\''s x'` in the project (writes it to .env)"),
    ("a\x1b[2Jb", "manual", None, None,
     "export CLAUDE_CODE_TASK_LIST_ID='a\\x1b[2Jb', or unset it and run "
     "`shellhooks pin 'a\\x1b[2Jb'` in the project"),
])
def test_fix_hint_names_the_lasting_fix(meant: str, source: str, path: str | None,
                                        line: int | None, expected: str) -> None:
    assert nearmiss.fix_hint(meant, source, path, line) == expected


def test_closest_word() -> None:
    words = ["status", "list", "show", "--json", "--sort"]
    assert nearmiss.closest_word("stauts", words) == "status"
    assert nearmiss.closest_word("--jsn", words) == "--json"
    assert nearmiss.closest_word("frobnicate", words) is None
