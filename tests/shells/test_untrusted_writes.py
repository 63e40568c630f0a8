"""`pin` and `restore` typed in the real shells never write outside the place named
(issue 13's cases 2 and 4, as a user meets them): a clone's `.env` that is a link out of
the clone, and a tampered history snapshot whose keys are paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shellhooks import journal
from tests.shelldriver import SHELLS, ShellDriver, quote
from tests.taskfixtures import ClaudeHome, task_json


@pytest.mark.parametrize("shell", SHELLS)
def test_pin_in_a_clone_whose_env_links_out_writes_nothing(shell: str, tmp_path: Path) -> None:
    victim = tmp_path / "home" / ".gitconfig"
    victim.parent.mkdir(parents=True, exist_ok=True)
    victim.write_text("[user]\n\tname = me\n", encoding="utf-8")
    clone = tmp_path / "src" / "clone"
    (clone / ".git").mkdir(parents=True)
    (clone / ".env").symlink_to(os.path.relpath(victim, clone))
    with ShellDriver(shell, cwd=clone) as sh:
        r = sh.run("shellhooks pin mine")
        assert r.status == 1, r
        lines = r.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("shellhooks: "), r
        assert ".env" in lines[0] and "nothing written" in lines[0], r
    assert victim.read_text(encoding="utf-8") == "[user]\n\tname = me\n"
    assert (clone / ".env").is_symlink()


@pytest.mark.parametrize("shell", SHELLS)
def test_restore_of_a_tampered_snapshot_writes_only_task_files(
    shell: str, claude: ClaudeHome, tmp_path: Path
) -> None:
    settings = claude.root / "settings.json"
    settings.write_text('{"keep": true}', encoding="utf-8")
    folder = journal.journal_dir("webapp-auth")
    folder.mkdir(parents=True, exist_ok=True)
    tasks = {"../../settings": task_json(9, "pwned"), str(tmp_path / "abs"): task_json(9, "x"),
             "1": task_json(1, "first")}
    snap = {"v": 1, "list": "webapp-auth", "time": 1_700_000_000.0, "tasks": tasks}
    (folder / journal.SNAPSHOT).write_text(json.dumps(snap), encoding="utf-8")
    with ShellDriver(shell, cwd=tmp_path) as sh:
        r = sh.run("shellhooks restore " + quote(shell, "webapp-auth"))
        assert r.status == 0, r
        assert r.output.count("shellhooks: skipped '") == 2, r
    assert settings.read_text(encoding="utf-8") == '{"keep": true}'
    assert sorted(p.name for p in (claude.tasks / "webapp-auth").iterdir()) == [".lock", "1.json"]
    assert not (tmp_path / "abs").exists()
