"""`shellhooks pin ID [DIR]`: one line changed, symlinks followed, the result trusted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shellhooks import cli
from shellhooks.envfiles import parse_env_file
from shellhooks.resolve import VAR, resolve_list_id


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


def test_symlink_inside_dir_is_followed(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "config").mkdir(parents=True)
    target = project / "config" / "shared.env"
    target.write_text("A=1\n", encoding="utf-8")
    os.symlink("config/shared.env", project / ".env")
    assert cli.main(["pin", "x", str(project)]) == 0
    assert (project / ".env").is_symlink()
    assert target.read_text() == f"A=1\n{VAR}=x\n"
    assert resolve_list_id(project, {}).id == "x"


def test_dangling_link_inside_dir_creates_its_target(tmp_path: Path) -> None:
    (tmp_path / "p" / "env").mkdir(parents=True)
    os.symlink(tmp_path / "p" / "env" / "local.env", tmp_path / "p" / ".env")  # absolute
    assert cli.main(["pin", "x", str(tmp_path / "p")]) == 0
    assert (tmp_path / "p" / "env" / "local.env").read_text() == f"{VAR}=x\n"


def _outside_links(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Clones whose .env leads out of the clone, each with the user file it reaches."""
    home = tmp_path / "home"
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = me\n", encoding="utf-8")
    (home / "cfgdir").mkdir()
    cases: dict[str, tuple[Path, str]] = {}
    for kind in ("relative", "absolute", "chain", "dangling", "folder", "via-folder"):
        clone = home / "src" / kind
        clone.mkdir(parents=True)
        cases[kind] = (clone, "../../.gitconfig")
    os.symlink("../../.gitconfig", home / "src" / "relative" / ".env")
    os.symlink(gitconfig, home / "src" / "absolute" / ".env")
    os.symlink("inner", home / "src" / "chain" / ".env")  # inside, then out
    os.symlink("../../.gitconfig", home / "src" / "chain" / "inner")
    os.symlink("../../.bashrc", home / "src" / "dangling" / ".env")
    os.symlink(home / "cfgdir", home / "src" / "folder" / ".env")
    os.symlink(home, home / "src" / "via-folder" / "up")
    os.symlink("up/.gitconfig", home / "src" / "via-folder" / ".env")
    return cases


@pytest.mark.parametrize("kind", ["relative", "absolute", "chain", "dangling", "folder",
                                  "via-folder"])
@pytest.mark.parametrize("filename", [".env", ".envrc"])
def test_link_out_of_dir_is_refused(kind: str, filename: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A clone's committed `.env -> ../../.gitconfig` must not let pin append to the
    user's git config (or create a shell rc file, or write in a folder out of DIR)."""
    clone, _ = _outside_links(tmp_path)[kind]
    if filename == ".envrc":
        os.rename(clone / ".env", clone / ".envrc")
    home = tmp_path / "home"
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file() and not p.is_symlink()}
    assert cli.main(["pin", "x", str(clone), "--file", filename]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a link to" in err and "nothing written" in err, err
    assert str(clone / filename) in err
    after = {p: p.read_bytes() for p in home.rglob("*") if p.is_file() and not p.is_symlink()}
    assert after == before
    assert not (home / ".bashrc").exists()
    assert list((home / "cfgdir").iterdir()) == []


def test_link_to_a_folder_inside_dir_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    os.symlink("sub", tmp_path / ".env")
    assert cli.main(["pin", "x", str(tmp_path)]) == 1
    assert list((tmp_path / "sub").iterdir()) == []


@pytest.mark.parametrize("when", ["read_at", "replace_at"])
def test_link_swapped_in_after_the_check_cannot_redirect(
    when: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the check and the write another process replaces `.env` with a link out
    of DIR: the read refuses it (O_NOFOLLOW), or the rename replaces the link itself."""
    from shellhooks import confined

    secret = tmp_path / "gitconfig"
    secret.write_text("keep\n", encoding="utf-8")
    project = tmp_path / "p"
    project.mkdir()
    (project / ".env").write_text("A=1\n", encoding="utf-8")
    real = getattr(confined, when)

    def swap_first(*args: object, **kw: object) -> object:
        os.unlink(project / ".env")
        os.symlink(secret, project / ".env")
        return real(*args, **kw)

    monkeypatch.setattr(confined, when, swap_first)
    code = cli.main(["pin", "x", str(project)])
    assert secret.read_text() == "keep\n"
    assert code == (1 if when == "read_at" else 0)
    if when == "replace_at":
        assert not (project / ".env").is_symlink()
        assert (project / ".env").read_text() == f"A=1\n{VAR}=x\n"


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


def test_an_id_that_cannot_reach_claude_code_is_not_pinned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["pin", "team\udcff", str(tmp_path)]) == 2  # an undecodable argv byte
    err = capsys.readouterr().err
    assert "'team\\udcff'" in err and "surrogate" in err and err.count("\n") == 1
    assert not (tmp_path / ".env").exists()


# ----- pin verifies its effect: a file that outranks the one it writes -------------------------


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "proj"
    project.mkdir()
    return project


def test_envrc_outranks_env_nothing_written(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    envrc = project / ".envrc"
    envrc.write_text(f"use nix\nexport {VAR}=theirs\n", encoding="utf-8")
    (project / ".env").write_text("A=1\n", encoding="utf-8")
    assert cli.main(["pin", "mine", str(project)]) == 1
    err = capsys.readouterr().err
    assert err == (f"shellhooks: {envrc}:2 sets {VAR}='theirs': nothing written (it outranks "
                   ".env; use --file .envrc to write there)\n")
    assert (project / ".env").read_text() == "A=1\n"
    # Asked to, it writes the file that wins, and the id in effect is the new one.
    assert cli.main(["pin", "mine", str(project), "--file", ".envrc"]) == 0
    assert envrc.read_text() == f"use nix\nexport {VAR}=mine\n"
    assert resolve_list_id(project, {}).id == "mine"


@pytest.mark.parametrize("settings", [".claude/settings.json", ".claude/settings.local.json"])
@pytest.mark.parametrize("filename", [".env", ".envrc"])
def test_project_settings_outrank_both_files(settings: str, filename: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    path = project / settings
    path.parent.mkdir()
    path.write_text(json.dumps({"env": {VAR: "proj"}}, indent=2), encoding="utf-8")
    assert cli.main(["pin", "mine", str(project), "--file", filename]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"shellhooks: {path}:3 sets {VAR}='proj': nothing written (Claude "
                          "Code applies it over the shell's value") and err.count("\n") == 1
    assert not (project / filename).exists()


def test_user_settings_outrank_the_project_files(tmp_path: Path, isolated_home: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    user = isolated_home / ".claude" / "settings.json"
    user.parent.mkdir(exist_ok=True)
    user.write_text(json.dumps({"env": {VAR: "everywhere"}}), encoding="utf-8")
    assert cli.main(["pin", "mine", str(project)]) == 1
    assert f"{user}:1 sets {VAR}='everywhere'" in capsys.readouterr().err
    assert not (project / ".env").exists()


def test_a_source_below_or_agreeing_does_not_stop_pin(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / ".env").write_text(f"{VAR}=old\n", encoding="utf-8")  # below .envrc
    assert cli.main(["pin", "mine", str(project), "--file", ".envrc"]) == 0
    (project / ".claude").mkdir()
    (project / ".claude" / "settings.json").write_text(json.dumps({"env": {VAR: "mine"}}),
                                                       encoding="utf-8")
    assert cli.main(["pin", "mine", str(project), "--file", ".envrc"]) == 0  # same id
    assert resolve_list_id(project, {}).id == "mine"


def test_outranking_file_is_shown_escaped(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    (project / ".envrc").write_text(f"export {VAR}='a\x1b]0;pwn\x07b'\n", encoding="utf-8")
    assert cli.main(["pin", "mine", str(project)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1
