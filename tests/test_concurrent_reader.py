"""Readers racing a writer that rewrites task files in place (truncate, then write).

The writer runs in another process, so it really interleaves with the reader.
Each whole version of a task file is self-consistent (its subject names its
status), so any count built from a torn file would show up as a mismatch.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

from shellhooks import store
from shellhooks.cli import main
from tests.taskfixtures import ClaudeHome, task_json

FILES = 6
REWRITES = 3000  # at least, over all files; it keeps going while the readers read
ROUNDS = 100  # each round: the store, `list --json`, `show --json`, `show`

WRITER = r"""
import sys, os
sys.path.insert(0, sys.argv[3])
from tests.taskfixtures import task_json
folder, rewrites = sys.argv[1], int(sys.argv[2])
stop = os.path.join(os.path.dirname(folder), "stop-writer")
statuses = ["pending", "in_progress", "completed"]
print("ready", flush=True)
n = 0
while n < rewrites or not os.path.exists(stop):
    i = n % %FILES% + 1
    st = statuses[(n // %FILES%) % 3]
    # Subjects of different lengths, so a torn read is never a whole other version.
    text = task_json(i, f"{st} " + "x" * (n % 97), status=st,
                     description="d" * (n % 500)).encode()
    with open(os.path.join(folder, f"{i}.json"), "r+b") as f:
        f.truncate(0)
        half = len(text) // 2
        f.write(text[:half])
        f.flush()
        f.write(text[half:])
    n += 1
print(n, flush=True)
""".replace("%FILES%", str(FILES))


def _check(tl: store.TaskList) -> None:
    for t in tl.tasks:
        assert t.subject.split(" ")[0] == t.status, t  # one whole version of the file
    c = tl.counts()
    assert c["pending"] + c["in_progress"] + c["completed"] == c["total"]
    assert c["total"] + len(tl.problems) == FILES


def test_readers_never_see_a_torn_file(claude: ClaudeHome) -> None:
    for i in range(1, FILES + 1):
        claude.add_task("racy", i, "pending start")
    folder = claude.tasks / "racy"
    src = str(Path(__file__).resolve().parent.parent)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(REWRITES), src],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    reads = whole = 0
    try:
        while reads < ROUNDS:
            tl = store.read_list("racy")
            _check(tl)
            reads += 1
            whole += tl.counts()["total"]

            buf = io.StringIO()
            with redirect_stdout(buf):
                assert main(["list", "--json"]) == 0
            (row,) = json.loads(buf.getvalue())
            assert row["pending"] + row["in_progress"] + row["completed"] == row["total"]
            assert row["total"] <= FILES

            buf = io.StringIO()
            with redirect_stdout(buf):
                assert main(["show", "racy", "--json"]) == 0
            for t in json.loads(buf.getvalue())["tasks"]:
                assert t["subject"].split(" ")[0] == t["status"]

            buf = io.StringIO()
            with redirect_stdout(buf):
                assert main(["show", "racy"]) == 0
            for line in buf.getvalue().split("\n")[1:]:
                if line.startswith("[x]"):
                    assert " completed " in line + " "
                elif line.startswith("[>]"):
                    assert " in_progress " in line + " "
                elif line.startswith("[ ]"):
                    assert " pending " in line + " "
            assert writer.poll() is None  # the writer is still going: a real race
    finally:
        (claude.tasks / "stop-writer").touch()
        out, _ = writer.communicate(timeout=120)
    rewrites = int(out.strip())
    print(f"{reads} reads of each kind during {rewrites} rewrites, {whole} whole tasks")
    assert rewrites >= REWRITES
    # The retries make whole files the rule, not the exception.
    assert whole >= reads * FILES // 2


def test_torn_file_is_reported_not_counted(claude: ClaudeHome) -> None:
    """What the race above guards against: a file caught between truncate and write."""
    claude.add_task("p", 1, "pending")
    path = claude.tasks / "p" / "1.json"
    text = task_json(1, "completed " + "x" * 50, status="completed").encode()
    with open(path, "r+b") as f:
        f.truncate(0)
        f.write(text[: len(text) // 2])
        f.flush()
        tl = store.read_list("p")
    assert tl.tasks == [] and [p.name for p in tl.problems] == ["1.json"]
