"""Point 2: in a real interactive shell with the hook loaded, a plain `claude -p` writes
into exactly the folder `shellhooks status` names.

`claude` on PATH is the real CLI (offline, see realclaude.write_launcher); the
shell's `claude` is the launch wrapper the hook loads. No `--model`: Claude
Code's default (opus 5.5) keeps a task list only because the hook exports
CLAUDE_CODE_ENABLE_TODO_TOOLS=1 with the id, so every case also proves the opt-in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shellhooks import store
from tests.claude_e2e import realclaude as rc
from tests.claude_e2e import scenarios as sc
from tests.shelldriver import SHELLS, ShellDriver, quote

VAR = "CLAUDE_CODE_TASK_LIST_ID"
SCENARIO = {"turns": [sc.turn(sc.create("Written through the hook")), sc.final()]}


def make_project(root: Path, kind: str) -> tuple[Path, str | None]:
    """A project whose id comes from `kind`; returns (folder, expected id or None=auto)."""
    proj = root / "Shop Front"
    proj.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(proj)], check=True)
    if kind == "git":
        return proj, None
    if kind == "dotenv":
        (proj / ".env").write_text(f"# settings\n{VAR}=shop-env-list\n", encoding="utf-8")
        return proj, "shop-env-list"
    (proj / ".claude").mkdir()
    (proj / ".claude" / "settings.local.json").write_text(
        json.dumps({"env": {VAR: "shop-local-list"}}), encoding="utf-8")
    return proj, "shop-local-list"


def shell_json(sh: ShellDriver, command: str, out: Path) -> object:
    """Run `command > out` in the shell; parse the file."""
    sh.check(f"{command} > {quote(sh.shell, out)}")
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["git", "dotenv", "local-settings"])
@pytest.mark.parametrize("shell", SHELLS)
def test_plain_claude_writes_where_status_says(realclaude, tmp_path, shell, kind):
    proj, want_id = make_project(tmp_path / "work", kind)
    if kind != "git":
        sc.shellhooks("allow", str(proj))
    mock = realclaude.mock(SCENARIO)
    bindir = tmp_path / "bin"
    rc.write_launcher(bindir, realclaude.binary, mock, realclaude.sandbox)
    venv_bin = str(Path(sys.executable).parent)  # `shellhooks` of this checkout
    env = {"PATH": os.pathsep.join([str(bindir), venv_bin, os.environ["PATH"]])}
    try:
        with ShellDriver(shell, env=env, unset=(VAR, rc.OPT_IN_VAR)) as sh:
            assert sh.source_hook().status == 0
            sh.cd(proj)
            status = shell_json(sh, "shellhooks status --json", tmp_path / "status.json")
            assert isinstance(status, dict)
            if want_id is not None:
                assert status["id"] == want_id
            source = {"git": "git", "dotenv": "dotenv", "local-settings": "claude-settings"}
            assert status["source"] == source[kind]
            assert sh.child_env()[rc.OPT_IN_VAR] == "1"  # the hook's opt-in
            r = sh.run("claude -p 'Plan the shop front'", timeout=150)
            assert r.status == 0, r
            assert "All done." in r.output
    finally:
        rc.stop_launched(bindir)
    assert "TaskCreate" in mock.tool_names()
    made = [p for p in realclaude.tasks_root.iterdir()]
    assert [p.name for p in made] == [Path(status["list_dir"]).name]
    assert str(made[0]) == status["list_dir"]
    assert str(made[0]) == store.list_path(status["id"])
    assert [t.subject for t in store.read_list(status["id"]).tasks] == [
        "Written through the hook"]


def test_opt_in_switched_off_in_config_leaves_the_list_unused(realclaude, tmp_path):
    """`[claude] enable_task_tools = false`: the default model keeps no list, and the
    launch wrapper says so before Claude Code starts."""
    cfg = Path(os.environ["XDG_CONFIG_HOME"]) / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("[claude]\nenable_task_tools = false\n", encoding="utf-8")
    proj, _ = make_project(tmp_path / "work", "git")
    mock = realclaude.mock(SCENARIO)
    bindir = tmp_path / "bin"
    rc.write_launcher(bindir, realclaude.binary, mock, realclaude.sandbox)
    venv_bin = str(Path(sys.executable).parent)
    env = {"PATH": os.pathsep.join([str(bindir), venv_bin, os.environ["PATH"]])}
    try:
        with ShellDriver("bash", env=env, unset=(VAR, rc.OPT_IN_VAR)) as sh:
            assert sh.source_hook().status == 0
            sh.cd(proj)
            list_id = sh.var(VAR)
            assert list_id and sh.var(rc.OPT_IN_VAR) is None
            status = sh.check("shellhooks status")
            assert "task tools: OFF (claude-opus-5-5" in status
            r = sh.run("claude -p 'Plan the shop front'", timeout=150)
            assert r.status == 0, r
            notes = [ln for ln in r.output.splitlines() if "will stay unused" in ln]
            assert len(notes) == 1, r
    finally:
        rc.stop_launched(bindir)
    assert "TaskCreate" not in mock.tool_names()
    assert store.read_list(list_id).tasks == []
