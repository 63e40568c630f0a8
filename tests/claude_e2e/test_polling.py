"""Point 1, while it writes: reading a list as real Claude Code creates, updates and deletes.

Readers poll the folder the whole time (the store in a thread, `show --json`
and `list --json` as processes). Every reading must be possible at that moment
of the run: never a crash, never a task missing while it is being updated
(updates are renames), counts moving only the way the script moves them.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from shellhooks import store
from tests.claude_e2e import realclaude as rc
from tests.claude_e2e import scenarios as sc

LIST_ID = "busy-list"
N = 40
STEP = 0.4  # seconds between the model's turns while updating and deleting: slow readers
# (new processes on a busy machine) then see every phase
RANK = {"pending": 0, "in_progress": 1, "completed": 2}


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


ALL = list(range(1, N + 1))
TURNS = (
    # Phase "create": 4 turns of 10 parallel TaskCreate.
    [sc.turn(*[sc.create(f"Item {i}", f"Details of item {i}") for i in chunk])
     for chunk in _chunks(ALL, 10)]
    # Phase "update" (gated start): every task to in_progress, then to completed.
    + [sc.turn(*[sc.update(i, status="in_progress", activeForm=f"Working on {i}")
                 for i in chunk], gate=(n == 0), delay=STEP)
       for n, chunk in enumerate(_chunks(ALL, 10))]
    + [sc.turn(*[sc.update(i, status="completed") for i in chunk], delay=STEP)
       for chunk in _chunks(ALL, 10)]
    # Phase "delete" (gated start): the second half goes.
    + [sc.turn(*[sc.update(i, status="deleted") for i in chunk], gate=(n == 0), delay=STEP)
       for n, chunk in enumerate(_chunks(ALL[N // 2:], 10))]
    + [sc.final("Done", gate=True)]
)
GATE_UPDATE, GATE_DELETE, GATE_END = 4, 12, 14
assert [n for n, t in enumerate(TURNS) if t.get("gate")] == [GATE_UPDATE, GATE_DELETE, GATE_END]


@dataclass
class Seen:
    """What one reader saw, in order: (phase, {id: status}) per reading."""

    readings: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def check_readings(seen: Seen, who: str) -> None:
    assert not seen.errors, f"{who}: {seen.errors[:3]}"
    prev: dict[str, str] | None = None
    prev_phase = ""
    for phase, tasks in seen.readings:
        assert set(tasks) <= {str(i) for i in ALL}, (who, phase, tasks)
        n = len(tasks)
        if phase == "create":
            assert all(s == "pending" for s in tasks.values()), (who, tasks)
        elif phase == "update":
            assert n == N, f"{who}: {n} tasks while updating (a renamed task went missing)"
        elif phase == "delete":
            assert N // 2 <= n <= N and all(s == "completed" for s in tasks.values()), (who, n)
            assert all(str(i) in tasks for i in ALL[: N // 2]), (who, "kept task missing")
        if prev is not None and phase == prev_phase:
            if phase == "create":
                assert set(prev) <= set(tasks), f"{who}: a created task vanished"
            if phase == "update":
                for k, s in tasks.items():
                    assert RANK[s] >= RANK[prev[k]], f"{who}: task {k} went back {prev[k]}->{s}"
            if phase == "delete":
                assert set(tasks) <= set(prev), f"{who}: a deleted task came back"
        prev, prev_phase = tasks, phase


class Poller:
    """Readers running in threads until stopped; `phase` is set by the test."""

    def __init__(self) -> None:
        self.phase = "create"
        self.stop = threading.Event()
        self.store_seen, self.show_seen, self.list_seen = Seen(), Seen(), Seen()
        self.threads = [threading.Thread(target=self._store, daemon=True),
                        threading.Thread(target=self._show, daemon=True),
                        threading.Thread(target=self._list, daemon=True)]

    def __enter__(self) -> Poller:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)

    def wait_seen(self, phase: str, timeout: float = 90.0) -> None:
        """Wait until every reader has one whole reading in `phase` (a busy machine can
        make a new process slower than a phase; the gates hold Claude Code meanwhile)."""
        deadline = time.monotonic() + timeout
        for seen in (self.store_seen, self.show_seen, self.list_seen):
            while not any(p == phase for p, _ in list(seen.readings)):
                assert time.monotonic() < deadline, f"a reader saw nothing in phase {phase}"
                time.sleep(0.05)

    def _add(self, seen: Seen, phase: str, tasks: dict[str, str]) -> None:
        # A reading that spans a phase change (the test moved on while a slow reader
        # was still at work) belongs to neither phase: keep only the others.
        if self.phase == phase:
            seen.readings.append((phase, tasks))

    def _store(self) -> None:
        while not self.stop.is_set():
            phase = self.phase
            try:
                tl = store.read_list(LIST_ID)
                if tl.problems:
                    self.store_seen.errors.append(f"{phase}: {tl.problems}")
                self._add(self.store_seen, phase, {t.id: t.status for t in tl.tasks})
                for t in tl.tasks:
                    if t.subject != f"Item {t.id}":
                        self.store_seen.errors.append(f"task {t.id}: {t.subject!r}")
            except Exception as e:  # noqa: BLE001 - any exception is the failure we look for
                self.store_seen.errors.append(f"{phase}: {e!r}")
            time.sleep(0.001)

    def _show(self) -> None:
        while not self.stop.is_set():
            phase = self.phase
            r = sc.shellhooks("show", LIST_ID, "--json", check=False)
            if r.returncode == 1 and "no task list" in r.stderr:
                continue  # before Claude Code made the folder
            if r.returncode != 0:
                self.show_seen.errors.append(f"{phase}: exit {r.returncode}: {r.stderr}")
                continue
            import json

            obj = json.loads(r.stdout)
            self._add(self.show_seen, phase, {t["id"]: t["status"] for t in obj["tasks"]})

    def _list(self) -> None:
        while not self.stop.is_set():
            phase = self.phase
            r = sc.shellhooks("list", "--json", check=False)
            if r.returncode != 0:
                self.list_seen.errors.append(f"{phase}: exit {r.returncode}: {r.stderr}")
                continue
            import json

            rows = [x for x in json.loads(r.stdout) if x["id"] == LIST_ID]
            if rows:
                row = rows[0]
                # Stand-in statuses from the counts: enough for the count checks.
                fake = {}
                i = 0
                for status in ("completed", "in_progress", "pending"):
                    for _ in range(row[status]):
                        i += 1
                        fake[str(i)] = status
                if sum(row[s] for s in RANK) != row["total"]:
                    self.list_seen.errors.append(f"{phase}: counts do not add up: {row}")
                self._add(self.list_seen, phase, fake)


def test_reading_while_real_claude_writes(realclaude, monkeypatch):
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", LIST_ID)
    mock = realclaude.mock({"turns": TURNS})
    with Poller() as poll:
        proc = realclaude.start(sc.claude_args(), mock)
        mock.wait_reached(GATE_UPDATE, proc)
        assert {t.id: t.status for t in store.read_list(LIST_ID).tasks} == {
            str(i): "pending" for i in ALL}
        poll.phase = "update"
        mock.release(GATE_UPDATE)
        mock.wait_reached(GATE_DELETE, proc)
        poll.wait_seen("update")
        assert {t.id: t.status for t in store.read_list(LIST_ID).tasks} == {
            str(i): "completed" for i in ALL}
        poll.phase = "delete"
        mock.release(GATE_DELETE)
        mock.wait_reached(GATE_END, proc)
        poll.wait_seen("delete")
        poll.phase = "end"
        mock.release(GATE_END)
        run = rc.finish(proc)
    assert run.returncode == 0, run.stderr
    final = {t.id: t.status for t in store.read_list(LIST_ID).tasks}
    assert final == {str(i): "completed" for i in ALL[: N // 2]}
    # Each reader really watched the run, in every phase.
    for who, seen in (("store", poll.store_seen), ("show", poll.show_seen),
                      ("list", poll.list_seen)):
        check_readings(seen, who)
        phases = {p for p, _ in seen.readings}
        assert {"update", "delete"} <= phases, (who, phases)
    assert len(poll.store_seen.readings) > 50
    print("readings:", {who: len(seen.readings) for who, seen in (
        ("store", poll.store_seen), ("show", poll.show_seen), ("list", poll.list_seen))})
