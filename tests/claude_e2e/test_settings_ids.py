"""Issue 15, points 1-3: which list the real Claude Code writes when settings files set
the id, against what `shellhooks status` and `check` say it will use.

Every case of tests/idcases.py is run once: the settings layers are written, `claude
-p` is started in the project (or a folder below it) with the case's shell value,
and the task folder it created is compared with shellhooks' answer. The rule these
cases establish is written down in docs/ids.md.
"""

from __future__ import annotations

import os

import pytest

from shellhooks import store
from tests import idcases
from tests.claude_e2e import scenarios as sc

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
