"""`shellhooks allow` and `deny`: trust the file that sets the id, or block it for good."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shellhooks import cli, trust
from shellhooks.resolve import VAR, resolve_list_id


def test_allow_then_edit_then_deny(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = tmp_path / ".env"
    env.write_text(f"{VAR}=proj\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert resolve_list_id(tmp_path, {}).id is None
    assert cli.main(["allow", str(tmp_path / "sub")]) == 0  # from a folder inside
    assert "allowed" in capsys.readouterr().err
    assert resolve_list_id(tmp_path, {}).id == "proj"
    env.write_text(f"{VAR}=other\n", encoding="utf-8")
    assert resolve_list_id(tmp_path, {}).id is None
    assert cli.main(["deny", str(tmp_path)]) == 0
    assert trust.check(env, env.read_bytes()) == trust.DENIED


def test_allow_trusts_every_file_of_the_nearest_project(tmp_path: Path) -> None:
    (tmp_path / ".claude").mkdir()
    s = tmp_path / ".claude" / "settings.json"
    s.write_text(json.dumps({"env": {VAR: "a"}}), encoding="utf-8")
    (tmp_path / ".envrc").write_text(f"export {VAR}=b\n", encoding="utf-8")
    assert cli.main(["allow", str(tmp_path)]) == 0
    assert trust.check(s, s.read_bytes()) == trust.ALLOWED
    assert trust.check(tmp_path / ".envrc", (tmp_path / ".envrc").read_bytes()) == trust.ALLOWED


def test_nothing_to_allow_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["allow", str(tmp_path)]) == 1
    assert "no file" in capsys.readouterr().err
    assert cli.main(["deny", str(tmp_path / "missing")]) == 1
