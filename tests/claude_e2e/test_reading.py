"""Point 1: what real Claude Code writes shows correctly in store, `list`, `show`, `prompt`.

The mock holds Claude Code at three known points of a scripted session (gated
turns); at each, the task files Claude Code wrote are compared with what the
script asked for and with what shellhooks reports.
"""

from __future__ import annotations

from typing import Any

from shellhooks import store
from tests.claude_e2e import scenarios as sc

LIST_ID = "webapp-auth"
FMT = "{id} {done}/{total} a{active} b{blocked} o{open} p{pending} [{current}]"

SCENARIO = {"turns": [
    sc.turn(sc.create("Design schema", "Tables for users and sessions",
                      activeForm="Designing schema")),
    sc.turn(sc.create("Write migration")),
    sc.turn(sc.create("Add retry to login", "Three tries, then give up")),
    sc.turn(sc.create("Obsolete idea")),
    # Gate A: four pending tasks.
    sc.turn(sc.update(1, status="in_progress", owner="alice"),
            sc.update(2, addBlockedBy=["1"]),
            sc.update(4, status="deleted"), gate=True),
    # Gate B: 1 in progress (alice), 2 blocked by 1, 3 pending, 4 gone.
    sc.turn(sc.update(1, status="completed"),
            sc.update(3, status="in_progress", activeForm="Adding retry"), gate=True),
    # Gate C: 1 completed, so 2 is no longer blocked; 3 in progress.
    sc.turn(sc.task_list(), gate=True),
    sc.final("Schema done, retry under way."),
]}


def expected(stage: str) -> dict[str, dict[str, Any]]:
    """What `show --json` must say at each gate (the scripted truth)."""
    t1 = {"id": "1", "subject": "Design schema", "description": "Tables for users and sessions",
          "active_form": "Designing schema", "status": "pending", "owner": None,
          "blocks": [], "blocked_by": []}
    t2 = {"id": "2", "subject": "Write migration", "description": "Write migration",
          "active_form": None, "status": "pending", "owner": None, "blocks": [],
          "blocked_by": []}
    t3 = {"id": "3", "subject": "Add retry to login", "description": "Three tries, then give up",
          "active_form": None, "status": "pending", "owner": None, "blocks": [],
          "blocked_by": []}
    t4 = {"id": "4", "subject": "Obsolete idea", "description": "Obsolete idea",
          "active_form": None, "status": "pending", "owner": None, "blocks": [],
          "blocked_by": []}
    if stage == "A":
        return {"1": t1, "2": t2, "3": t3, "4": t4}
    t1 = {**t1, "status": "in_progress", "owner": "alice", "blocks": ["2"]}
    t2 = {**t2, "blocked_by": ["1"]}
    if stage == "B":
        return {"1": t1, "2": t2, "3": t3}
    t1 = {**t1, "status": "completed"}
    t3 = {**t3, "status": "in_progress", "active_form": "Adding retry"}
    return {"1": t1, "2": t2, "3": t3}


def raw_as_show(raw: dict[str, Any]) -> dict[str, Any]:
    """A task file's JSON in `show --json`'s key names."""
    return {"id": raw["id"], "subject": raw["subject"], "description": raw["description"],
            "active_form": raw.get("activeForm"), "status": raw["status"],
            "owner": raw.get("owner"), "blocks": raw["blocks"], "blocked_by": raw["blockedBy"]}


def check_stage(stage: str, folder) -> None:
    want = expected(stage)
    # 1. Claude Code wrote what the script asked (the premise of everything below).
    raw = sc.raw_tasks(folder)
    assert {k: raw_as_show(v) for k, v in raw.items()} == want, f"stage {stage}: files"
    # 2. The store reads exactly that.
    tl = store.read_list(LIST_ID)
    assert tl.state == "active" and not tl.problems
    assert [t.id for t in tl.tasks] == list(want)
    for t in tl.tasks:
        w = want[t.id]
        assert (t.subject, t.description, t.status, t.owner, t.active_form,
                list(t.blocks), list(t.blocked_by)) == (
            w["subject"], w["description"], w["status"], w["owner"], w["active_form"],
            w["blocks"], w["blocked_by"]), f"stage {stage}: task {t.id}"
    # 3. `show --json`, key by key.
    shown = sc.shellhooks_json("show", LIST_ID)
    assert shown["id"] == LIST_ID and shown["state"] == "active"
    assert shown["path"] == str(folder)
    assert {t["id"]: t for t in shown["tasks"]} == want
    assert [t["id"] for t in shown["tasks"]] == list(want)  # numeric order
    # 4. `list --json` counts.
    statuses = [w["status"] for w in want.values()]
    row = next(r for r in sc.shellhooks_json("list") if r["id"] == LIST_ID)
    assert (row["total"], row["pending"], row["in_progress"], row["completed"], row["state"]) == (
        len(want), statuses.count("pending"), statuses.count("in_progress"),
        statuses.count("completed"), "active")
    # 5. `prompt`: done/total, in progress, blocked (a blocker counts while not completed).
    done = statuses.count("completed")
    blocked = sum(1 for w in want.values() if w["status"] != "completed"
                  and any(want.get(b, {}).get("status") != "completed" for b in w["blocked_by"]))
    current = next((w["subject"] for w in want.values() if w["status"] == "in_progress"), "")
    line = sc.shellhooks("prompt", "--id", LIST_ID, "--format", FMT, "--color", "never").stdout
    assert line.strip() == (
        f"{LIST_ID} {done}/{len(want)} a{statuses.count('in_progress')} b{blocked} "
        f"o{len(want) - done} p{statuses.count('pending')} [{current}]")
    # 6. `status` (the id is set by hand here): the list and its counts.
    st = sc.shellhooks_json("status", str(folder.parent.parent.parent))
    assert (st["id"], st["source"], st["list_dir"], st["state"]) == (
        LIST_ID, "manual", str(folder), "active")
    assert st["counts"] == {"pending": statuses.count("pending"),
                            "in_progress": statuses.count("in_progress"),
                            "completed": done, "total": len(want), "open": len(want) - done,
                            "blocked": blocked}
    # 7. `show` text: marks and blockers as the issue describes them.
    text = sc.shellhooks("show", LIST_ID, env=None).stdout
    for w in want.values():
        mark = {"completed": "[x]", "in_progress": "[>]", "pending": "[ ]"}[w["status"]]
        assert f"{mark} #{w['id']} {w['subject']}" in text, text


def test_tasks_written_by_real_claude_read_back_exactly(realclaude, monkeypatch):
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", LIST_ID)
    mock = realclaude.mock(SCENARIO)
    proc = realclaude.start(sc.claude_args(), mock)
    folder = realclaude.tasks_root / LIST_ID
    assert store.list_path(LIST_ID) == str(folder)
    for turn_no, stage in ((4, "A"), (5, "B"), (6, "C")):
        mock.wait_reached(turn_no, proc)
        check_stage(stage, folder)
        mock.release(turn_no)
    from tests.claude_e2e import realclaude as rc

    run = rc.finish(proc)
    assert run.returncode == 0, run.stderr
    assert "Schema done" in run.stdout
    # `claude -p` leaves a finished session's list alone: the final state is stage C.
    check_stage("C", folder)
    # What Claude Code told the model matches the files (the mock saw the tool results).
    results = mock.tool_results()
    assert results[0].startswith("Task #1 created successfully: Design schema")
    assert any(r.startswith("Task #4 created successfully: Obsolete idea") for r in results)
    listing = results[-1]
    assert "#1" in listing and "#3" in listing and "#4" not in listing
    # A deleted task is gone for good: the next id would be 5.
    hwm = folder / ".highwatermark"
    assert hwm.read_text() == "4"
    # Only this list was created: Claude Code used exactly the folder shellhooks predicts.
    assert sorted(p.name for p in realclaude.tasks_root.iterdir()) == [LIST_ID]
