"""`shellhooks pin ID [DIR]`: one line changed, symlinks followed, the result trusted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shellhooks import cli
from shellhooks.resolve import VAR, parse_env_file, resolve_list_id


def test_creates_env_and_trusts_it(tmp_path: Path) -> None:
    assert cli.main(["pin", "team-list", str(tmp_path)]) == 0
    assert (tmp_path / ".env").read_text() == f"{VAR}=team-list\n"
    res = resolve_list_id(tmp_path, {})
    assert (res.id, res.source, res.trusted) == ("team-list", "dotenv", True)


def test_only_that_line_changes(tmp_path: Path) -> None:
    before = f"# keep me\r\nA=1\n  export {VAR}=old # c\nB='x'\nno newline at end"
    (tmp_path / ".env").write_bytes(before.encode())
    assert cli.main(["pin", "new", str(tmp_path)]) == 0
    after = (tmp_path / ".env").read_bytes().decode()
    assert after == before.replace(f"export {VAR}=old # c", f"export {VAR}=new")


def test_appends_after_missing_newline(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1", encoding="utf-8")
    assert cli.main(["pin", "x", str(tmp_path)]) == 0
    assert (tmp_path / ".env").read_text() == f"A=1\n{VAR}=x\n"


def test_symlink_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "shared.env"
    target.write_text("A=1\n", encoding="utf-8")
    (tmp_path / "p").mkdir()
    os.symlink(target, tmp_path / "p" / ".env")
    assert cli.main(["pin", "x", str(tmp_path / "p")]) == 0
    assert (tmp_path / "p" / ".env").is_symlink()
    assert target.read_text() == f"A=1\n{VAR}=x\n"
    assert resolve_list_id(tmp_path / "p", {}).id == "x"


@pytest.mark.parametrize(
    "odd",
    ["has space", "quote'd", 'dq"x', "back\\slash", "$(touch x)", "`x`", "nl\nx", "-n", "ünï 日本"],
)
def test_odd_ids_round_trip(odd: str, tmp_path: Path) -> None:
    assert cli.main(["pin", "--", odd, str(tmp_path)]) == 0
    assert parse_env_file((tmp_path / ".env").read_bytes())[0] == odd
    assert not (tmp_path / "x").exists()


def test_envrc_gets_an_export_line(tmp_path: Path) -> None:
    assert cli.main(["pin", "my list", str(tmp_path), "--file", ".envrc"]) == 0
    assert (tmp_path / ".envrc").read_text() == f"export {VAR}='my list'\n"
    assert resolve_list_id(tmp_path, {}).source == "envrc"
    assert cli.main(["pin", "it's", str(tmp_path), "--file", ".envrc"]) == 1


def test_invalid_id(tmp_path: Path) -> None:
    assert cli.main(["pin", "  ", str(tmp_path)]) == 2
    assert not (tmp_path / ".env").exists()
