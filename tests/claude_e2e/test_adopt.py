"""`shellhooks adopt` against the real CLI: a session's own list, moved into the project's
list, is read back by Claude Code's own TaskList and carried on by its TaskCreate/TaskUpdate."""

from __future__ import annotations

from shellhooks import store
from tests.claude_e2e import scenarios as sc

PROJECT = "webapp-auth"


def test_an_adopted_list_is_read_by_claude_codes_own_tools(realclaude):
    # Session 1 has no list id: its tasks land in a session-named list.
    stranded = realclaude.mock({"turns": [
        sc.turn(sc.create("Design schema"), sc.create("Write migration")),
        sc.turn(sc.update(2, addBlockedBy=["1"]), sc.update(1, status="in_progress")),
        sc.final(),
    ]})
    realclaude.run(sc.claude_args(), stranded, CLAUDE_CODE_TASK_LIST_ID=None)
    sessions = [p for p in realclaude.tasks_root.iterdir() if store.is_session_id(p.name)]
    assert len(sessions) == 1
    source = sessions[0]

    # Session 2 works in the project's list.
    first = realclaude.mock({"turns": [sc.turn(sc.create("Set up CI")), sc.final()]})
    realclaude.run(sc.claude_args(), first, CLAUDE_CODE_TASK_LIST_ID=PROJECT)

    r = sc.shellhooks("adopt", source.name, "--into", PROJECT)
    assert "(#2-#3)" in r.stdout and "Removed them" in r.stdout, r.stdout
    assert not list(source.glob("*.json"))

    # Session 3 lists, finishes the adopted blocker, and creates a task.
    third = realclaude.mock({"turns": [
        sc.turn(sc.task_list()),
        sc.turn(sc.update(2, status="completed")),
        sc.turn(sc.create("Deploy")),
        sc.turn(sc.task_list()),
        sc.final(),
    ]})
    realclaude.run(sc.claude_args(), third, CLAUDE_CODE_TASK_LIST_ID=PROJECT)
    results = third.tool_results()
    listed = results[0]
    for line in ("#1", "Set up CI", "#2", "Design schema", "#3", "Write migration"):
        assert line in listed, listed
    assert "blocked by #2" in listed, listed  # the blocker, remapped, as Claude Code reads it
    assert results[2].startswith("Task #4 created successfully: Deploy"), results
    assert "blocked by" not in results[3].split("Write migration")[1].split("\n")[0], results
    raw = sc.raw_tasks(realclaude.tasks_root / PROJECT)
    assert [(k, v["subject"], v["status"]) for k, v in raw.items()] == [
        ("1", "Set up CI", "pending"), ("2", "Design schema", "completed"),
        ("3", "Write migration", "pending"), ("4", "Deploy", "pending")]
    assert raw["3"]["blockedBy"] == ["2"] and raw["2"]["blocks"] == ["3"]
