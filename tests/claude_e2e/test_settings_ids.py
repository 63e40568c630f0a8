"""Issue 15, points 1-3: which list the real Claude Code writes when settings files set
the id, against what `shellhooks status` and `check` say it will use.

Every case of tests/idcases.py is run once: the settings layers are written, `claude
-p` is started in the project (or a folder below it) with the case's shell value,
and the task folder it created is compared with shellhooks' answer. The rule these
cases establish is written down in docs/ids.md.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from shellhooks import store
from tests import idcases
from tests.claude_e2e import realclaude as rc
from tests.claude_e2e import scenarios as sc
from tests.shelldriver import SHELLS, ShellDriver

SCENARIO = {"turns": [sc.turn(sc.create("Where does this go?")), sc.final()]}


@pytest.mark.parametrize("case", idcases.CASES, ids=[c.name for c in idcases.CASES])
def test_claude_writes_where_shellhooks_says(realclaude, case: idcases.Case) -> None:
    start = idcases.lay_out(case, realclaude.project, realclaude.sandbox.config_dir)
    shell_env = dict(os.environ)
    shell_env.pop(idcases.VAR, None)
    if case.shell is not None:
        shell_env[idcases.VAR] = case.shell
    status = sc.shellhooks_json("status", str(start), env=shell_env)
    checked = sc.shellhooks("check", "--json", env=shell_env, cwd=start, check=False)

    realclaude.run(sc.claude_args(), realclaude.mock(SCENARIO), cwd=start,
                   **{idcases.VAR: case.shell})
    made = sorted(p.name for p in realclaude.tasks_root.iterdir())
    assert len(made) == 1, made
    if case.want is idcases.SESSION:
        assert store.is_session_id(made[0]), made
        assert status["id"] is None and status["session"] is True
        assert '"id": null' in checked.stdout
    else:
        assert made == [store.list_dirname(case.want)]
        assert status["id"] == case.want
        assert status["list_dir"] == str(realclaude.tasks_root / made[0])
        assert f'"id": "{case.want}"' in checked.stdout


@pytest.mark.parametrize("shell", SHELLS)
def test_prompt_names_the_list_claude_writes(realclaude, tmp_path, shell) -> None:
    """In a real shell with the hook: a project's settings (a JSON number, not allowed in
    shellhooks) beat a value typed by hand; the prompt shows it before `claude` runs, and
    the launch wrapper starts the real CLI, which writes there."""
    project = tmp_path / "work" / "shop"
    (project / ".git").mkdir(parents=True)
    (project / ".claude").mkdir()
    (project / ".claude" / "settings.json").write_text(
        json.dumps({"env": {idcases.VAR: 4711}}), encoding="utf-8")
    mock = realclaude.mock(SCENARIO)
    bindir = tmp_path / "bin"
    rc.write_launcher(bindir, realclaude.binary, mock, realclaude.sandbox)
    env = {"PATH": os.pathsep.join([str(bindir), str(Path(sys.executable).parent),
                                    os.environ["PATH"]])}
    export = f"set -gx {idcases.VAR} mine" if shell == "fish" else f"export {idcases.VAR}=mine"
    try:
        with ShellDriver(shell, env=env, unset=(idcases.VAR,)) as sh:
            assert sh.source_hook().status == 0
            sh.cd(project)
            sh.run(export)
            assert (sh.var("SHELLHOOKS_SEGMENT") or "").startswith("4711")
            r = sh.run(f"claude -p 'Plan the shop' --model {rc.OLD_MODEL}", timeout=150)
            assert r.status == 0, r
    finally:
        rc.stop_launched(bindir)
    assert sorted(p.name for p in realclaude.tasks_root.iterdir()) == ["4711"]
