"""`shellhooks exec -- claude -p ...` in front of the real CLI: the run writes into the list
of the folder (or of --id), and --require-done reports what it left open.

No `--model`: Claude Code's default (opus 5.5) keeps a task list only with
CLAUDE_CODE_ENABLE_TODO_TOOLS=1, which exec exports with the id as the hook does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.claude_e2e import realclaude as rc
from tests.claude_e2e import scenarios as sc

PROMPT = "Plan the release"


def exec_claude(realclaude, tmp_path: Path, scenario: dict, *exec_args: str,
                cwd: Path) -> tuple[subprocess.CompletedProcess[str], rc.MockServer]:
    """`shellhooks exec EXEC_ARGS -- claude -p PROMPT` with `claude` the real CLI."""
    mock = realclaude.mock(scenario)
    bindir = tmp_path / "bin"
    rc.write_launcher(bindir, realclaude.binary, mock, realclaude.sandbox)
    venv_bin = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    env["PATH"] = os.pathsep.join([str(bindir), venv_bin, os.environ["PATH"]])
    try:
        r = subprocess.run([sys.executable, "-m", "shellhooks", "exec", *exec_args, "--",
                            "claude", "-p", PROMPT], cwd=cwd, env=env, capture_output=True,
                           text=True, timeout=180, stdin=subprocess.DEVNULL)
    finally:
        rc.stop_launched(bindir)
    assert "Traceback" not in r.stderr, r.stderr
    return r, mock


def statuses(folder: Path) -> dict[str, tuple[str, str]]:
    return {i: (t["subject"], t["status"]) for i, t in sc.raw_tasks(folder).items()}


def test_exec_claude_writes_into_the_folders_list(realclaude, tmp_path):
    proj = tmp_path / "Release Train"
    proj.mkdir()
    subprocess.run(["git", "init", "-q", str(proj)], check=True)
    want = sc.shellhooks_json("status", cwd=proj)["id"]
    assert want == "release-train"
    scenario = {"turns": [sc.turn(sc.create("Tag the build"), sc.create("Publish notes")),
                          sc.turn(sc.update(1, status="completed")), sc.final()]}
    r, mock = exec_claude(realclaude, tmp_path, scenario, "--require-done", cwd=proj)
    assert r.returncode == 1, r.stderr
    assert r.stdout.strip() == "All done."  # claude's own output, untouched
    assert r.stderr.splitlines() == [
        "shellhooks: 1 task still open in the list release-train:",
        "  #2 [pending] Publish notes"]
    assert statuses(realclaude.tasks_root / want) == {
        "1": ("Tag the build", "completed"), "2": ("Publish notes", "pending")}
    assert "TaskCreate" in mock.tool_names()  # offered only through the opt-in exec exported
    assert sorted(p.name for p in realclaude.tasks_root.iterdir()) == [want]


def test_exec_claude_with_an_id_and_a_finished_list(realclaude, tmp_path):
    plain = tmp_path / "anywhere"
    plain.mkdir()
    scenario = {"turns": [sc.turn(sc.create("Review PR")),
                          sc.turn(sc.update(1, status="completed")), sc.final()]}
    r, _ = exec_claude(realclaude, tmp_path, scenario, "--id", "pr-42", "--require-done",
                       cwd=plain)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    assert statuses(realclaude.tasks_root / "pr-42") == {"1": ("Review PR", "completed")}
