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


# ----- what you see is what you allow ----------------------------------------------------

LONG = "x" * 61440  # fits a 64 KiB .env; printed whole, it floods the terminal


def _write_id(folder: Path, kind: str, raw: bytes) -> Path:
    """A project file of `kind` setting the id to `raw` (its encoded form in that file)."""
    if kind == "settings":
        path = folder / ".claude" / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b'{"env": {"' + VAR.encode() + b'": "' + raw + b'"}}')
    else:
        path = folder / kind
        prefix = b"export " if kind == ".envrc" else b""
        path.write_bytes(prefix + VAR.encode() + b"=" + raw + b"\n")
    return path


SHOWABLE = [  # (file kind, bytes in the file, the id exported, how it must be shown)
    (".env", b"a\x1b[2Jb", "a\x1b[2Jb", "a\\x1b[2Jb"),
    (".envrc", "\u202eevil".encode(), "\u202eevil", "\\u202eevil"),
    (".env", b'"x\\\\y"', "x\\y", "x\\\\y"),
    ("settings", b"\\u001b]0;title\\u0007ok", "\x1b]0;title\x07ok", "\\x1b]0;title\\x07ok"),
    ("settings", b"\\u202egnp.exe", "\u202egnp.exe", "\\u202egnp.exe"),
    (".env", LONG.encode(), LONG, "… (61440 characters)"),
]


@pytest.mark.parametrize(("kind", "raw", "value", "shown"), SHOWABLE)
def test_allow_shows_exactly_what_is_exported(
    kind: str, raw: bytes, value: str, shown: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _write_id(tmp_path, kind, raw)
    res = resolve_list_id(tmp_path, {})
    assert res.shell.id is None  # nothing exported (Claude Code reads its settings anyway)
    assert res.id == (value if kind == "settings" else None)
    note = next(n for n in res.notes if "not allowed yet" in n)
    assert shown in note and "\x1b" not in note and "\u202e" not in note
    assert cli.main(["allow", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert shown in err and err.count("\n") == 1 and len(err) < 400, err
    assert "\x1b" not in err and "\u202e" not in err
    assert resolve_list_id(tmp_path, {}).id == value  # the exported value is the one shown
    assert cli.main(["status", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    id_line = out.splitlines()[0]
    assert id_line == f"id:      {shown}" or (id_line.endswith(shown) and len(id_line) < 200)
    assert cli.main(["status", "--json", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == value  # JSON keeps the raw value


UNUSABLE = [  # (file kind, bytes in the file, how it is shown)
    ("settings", b"a\\u0000b", "a\\x00b"),
    ("settings", b"\\ud800", "\\ud800"),
    ("settings", b"x\\udcff", "x\\udcff"),
    ("settings", b"  ", "\\x20\\x20"),
]


@pytest.mark.parametrize(("kind", "raw", "shown"), UNUSABLE)
def test_an_id_that_cannot_reach_claude_code_is_refused(
    kind: str, raw: bytes, shown: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write_id(tmp_path, kind, raw)
    assert cli.main(["allow", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("shellhooks: ") and err.count("\n") == 1, err
    assert f"'{shown}'" in err and "not allowed" in err
    assert trust.check(path, path.read_bytes()) == trust.BLOCKED  # nothing recorded
    # Even trusted (say, by an older release), it is never the id in effect.
    trust.allow(path, path.read_bytes())
    res = resolve_list_id(tmp_path, {})
    assert res.shell.id is None  # never exported
    # Inside Claude Code: NUL leaves the layer unset, a lone surrogate becomes U+FFFD
    # (tests/idcases.py, checked against the real CLI).
    assert res.id in (None, "x\ufffd", "\ufffd")
    said = "to a blank value" if not raw.strip() else f"'{shown}'"
    assert any(said in n and ("ignored" in n or "session list" in n) for n in res.notes)


def test_nothing_is_allowed_when_one_file_is_refused(tmp_path: Path) -> None:
    good = _write_id(tmp_path, ".env", b"fine")
    _write_id(tmp_path, "settings", b"\\u0000")
    assert cli.main(["allow", str(tmp_path)]) == 1
    assert trust.check(good, good.read_bytes()) == trust.BLOCKED
