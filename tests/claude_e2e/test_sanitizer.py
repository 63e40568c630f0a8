"""Point 4: for odd list ids, real Claude Code creates exactly the folder shellhooks predicts."""

from __future__ import annotations

import pytest

from shellhooks import store
from tests.claude_e2e import scenarios as sc

ODD_IDS = [
    "plain-id_09",
    "a.b",
    "a/b",
    "a b",
    "../x",
    "..",
    "café",
    "e\u0301clair",  # combining accent: two code units
    "日本語",
    "ship🚀it",  # outside the BMP: two UTF-16 code units
    " lead:trail\\ ",  # Claude Code trims surrounding whitespace first
    "tab\there",
    "\u00a0nbsp\u3000",  # JavaScript's trim() knows these spaces...
    "\u200bzero-width",  # ... but not this one
]

SCENARIO = {"turns": [sc.turn(sc.create("Probe task")), sc.final()]}


@pytest.mark.parametrize("list_id", ODD_IDS, ids=[repr(i) for i in ODD_IDS])
def test_folder_matches_list_dirname(realclaude, monkeypatch, list_id):
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", list_id)
    mock = realclaude.mock(SCENARIO)
    realclaude.run(sc.claude_args(), mock)
    root = realclaude.tasks_root
    made = sorted(p.name for p in root.iterdir())
    assert made == [store.list_dirname(list_id)]
    assert store.list_path(list_id) == str(root / made[0])
    # `../x` and `..` cannot escape the tasks folder.
    assert not (root.parent / "x").exists()
    tl = store.read_list(list_id)
    assert [(t.id, t.subject) for t in tl.tasks] == [("1", "Probe task")]
    shown = sc.shellhooks_json("show", list_id)
    assert shown["path"] == str(root / made[0])
    assert [t["subject"] for t in shown["tasks"]] == ["Probe task"]


def test_whitespace_only_id_counts_as_unset(realclaude, monkeypatch):
    """An id of blanks gives a session-named (UUID) list, as an unset id does."""
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", " \t ")
    realclaude.run(sc.claude_args(), realclaude.mock(SCENARIO))
    made = [p.name for p in realclaude.tasks_root.iterdir()]
    assert len(made) == 1 and store.is_session_id(made[0]), made
    assert store.list_dirname(" \t ") == ""


def test_ids_that_differ_only_in_punctuation_share_one_list(realclaude, monkeypatch):
    """`a.b` and `a/b` are one list for Claude Code; shellhooks must say the same."""
    assert store.list_dirname("team.alpha") == store.list_dirname("team/alpha")
    for list_id in ("team.alpha", "team/alpha"):
        monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", list_id)
        realclaude.run(sc.claude_args(), realclaude.mock(SCENARIO))
    assert sorted(p.name for p in realclaude.tasks_root.iterdir()) == ["team-alpha"]
    assert [t.id for t in store.read_list("team/alpha").tasks] == ["1", "2"]
