"""Which id applies where: the resolution rules shared by the hook and `status`."""

from __future__ import annotations

import base64
import json
import os
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shellhooks import paths, trust
from shellhooks.config import Config, Rule
from shellhooks.envfiles import parse_env_file, simple_env_value
from shellhooks.resolve import (
    VAR,
    auto_name,
    direnv_manages,
    id_in_effect,
    resolve_list_id,
    rule_matches,
    rule_may_match_below,
)
from tests.taskfixtures import ClaudeHome


def allowed(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    trust.allow(path, path.read_bytes())
    return path


def git(path: Path, head: str = "ref: refs/heads/main\n") -> Path:
    (path / ".git").mkdir(parents=True)
    (path / ".git" / "HEAD").write_text(head, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{VAR}=plain", "plain"),
        (f"export {VAR}=exported", "exported"),
        (f"{VAR}='single quoted'", "single quoted"),
        (f'{VAR}="double \\"q\\""', 'double "q"'),
        (f"{VAR}=${{HOME}}/x", "${HOME}/x"),  # no interpolation
        (f"{VAR}=a # comment", "a"),
        (f"{VAR}=first\n{VAR}=last", "last"),
        (f"garbage line without equals\n{VAR}=after-garbage\n'unclosed", "after-garbage"),
        (f"{VAR}=", None),  # empty counts as unset
        ("OTHER=1", None),
    ],
)
def test_env_file_rules(
    text: str, expected: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert parse_env_file(text.encode())[0] == expected
    assert capsys.readouterr() == ("", "")  # python-dotenv's warnings never shown


def test_priority_within_a_directory_and_nearest_wins(tmp_path: Path) -> None:
    proj = git(tmp_path / "proj")
    allowed(proj / ".env", f"{VAR}=dotenv\n")
    assert resolve_list_id(proj, {}).id == "dotenv"
    allowed(proj / ".envrc", f"export {VAR}=envrc\n")
    assert resolve_list_id(proj, {}).source == "envrc"
    allowed(proj / ".claude" / "settings.json", json.dumps({"env": {VAR: "shared"}}))
    res = resolve_list_id(proj, {})
    assert (res.id, res.source, res.trusted) == ("shared", "claude-settings", True)
    allowed(proj / ".claude" / "settings.local.json", json.dumps({"env": {VAR: "local"}}, indent=2))
    res = resolve_list_id(proj, {})
    assert (res.id, res.line) == ("local", 3)
    sub = proj / "sub"
    allowed(sub / ".env", f"{VAR}=sub\n")
    assert resolve_list_id(sub, {}).id == "sub"
    (sub / "x").mkdir()
    assert resolve_list_id(sub / "x", {}).id == "sub"


def test_blocked_file_falls_through_with_note(tmp_path: Path) -> None:
    proj = git(tmp_path / "proj")
    (proj / ".env").write_text(f"{VAR}=sneaky\n", encoding="utf-8")
    res = resolve_list_id(proj, {})
    assert (res.id, res.source) == ("proj", "git")
    assert res.blocked == [(str(proj / ".env"), "sneaky")]
    assert any("not allowed yet" in n for n in res.notes)
    trust.deny(proj / ".env")
    res = resolve_list_id(proj, {})
    assert res.blocked == [] and any("denied" in n for n in res.notes)


def test_odd_files_are_ignored_with_a_note(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.mkdir()
    (big / ".env").write_bytes(f"{VAR}=x\n".encode() + b"#" * (70 * 1024))
    binary = tmp_path / "bin"
    binary.mkdir()
    (binary / ".env").write_bytes(f"{VAR}=x\n\0".encode())
    fifo = tmp_path / "fifo"
    fifo.mkdir()
    os.mkfifo(fifo / ".env")
    for d, word in ((big, "64 KiB"), (binary, "binary"), (fifo, "not a regular file")):
        res = resolve_list_id(d, {})
        assert res.id is None and any(word in n for n in res.notes), res


def test_manual_and_ours(tmp_path: Path) -> None:
    proj = git(tmp_path / "proj")
    assert resolve_list_id(proj, {VAR: "mine"}).source == "manual"
    assert resolve_list_id(proj, {VAR: "proj", "__SHELLHOOKS_ID": "proj"}).source == "git"
    assert resolve_list_id(proj, {VAR: ""}).source == "git"  # empty counts as unset


def test_direnv_note(tmp_path: Path) -> None:
    diff = {"p": {}, "n": {VAR: "from-direnv"}}
    raw = base64.urlsafe_b64encode(zlib.compress(json.dumps(diff).encode())).decode()
    env = {VAR: "from-direnv", "DIRENV_DIFF": raw.rstrip("=")}
    assert direnv_manages(env)
    res = resolve_list_id(tmp_path, env)
    assert res.source == "direnv" and res.id == "from-direnv" and "direnv" in res.notes[0]
    # A value the user set after direnv's is the user's.
    assert resolve_list_id(tmp_path, {**env, VAR: "mine"}).source == "manual"
    assert not direnv_manages({"DIRENV_DIFF": "garbage"})


def test_rules_and_globs(tmp_path: Path) -> None:
    cfg = Config(rules=[Rule(f"{tmp_path}/work/*", "work"), Rule(f"{tmp_path}/deep/**/x", "x")])
    (tmp_path / "work" / "a" / "b").mkdir(parents=True)
    assert resolve_list_id(tmp_path / "work" / "a", {}, cfg).id == "work"
    assert resolve_list_id(tmp_path / "work" / "a" / "b", {}, cfg).id == "work"  # walks up
    assert resolve_list_id(tmp_path / "work", {}, cfg).id is None
    assert rule_matches(cfg.rules[1], f"{tmp_path}/deep/x")
    assert rule_matches(cfg.rules[1], f"{tmp_path}/deep/1/2/x")
    assert rule_may_match_below(cfg.rules[0], str(tmp_path))
    assert not rule_may_match_below(cfg.rules[0], f"{tmp_path}/work/a")
    assert not rule_may_match_below(cfg.rules[0], "/elsewhere")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("My Repo", "my-repo"), ("web_app-2", "web_app-2"), ("a..b  c", "a-b-c"), ("Ünï", "-n-")],
)
def test_auto_name(name: str, expected: str) -> None:
    assert auto_name(name) == expected


def test_git_auto_branch_off_and_collisions(tmp_path: Path) -> None:
    one = git(tmp_path / "acme" / "API")
    two = git(tmp_path / "globex" / "api")
    three = git(tmp_path / "x" / "globex" / "api")
    assert resolve_list_id(one, {}).id == "api"
    res = resolve_list_id(two, {})
    assert res.id == "api-globex" and "used by" in res.notes[0]
    assert resolve_list_id(three, {}).id == "api-globex-x"
    assert resolve_list_id(one, {}).id == "api"  # remembered
    assert resolve_list_id(two, {}).id == "api-globex"
    branchy = git(tmp_path / "b", "ref: refs/heads/feature/X\n")
    assert resolve_list_id(branchy, {}, Config(auto="git-branch")).id == "b-feature-x"
    detached = git(tmp_path / "d", "0123456789abcdef\n")
    assert resolve_list_id(detached, {}, Config(auto="git-branch")).id == "d-0123456"
    assert resolve_list_id(branchy, {}, Config(auto="off")).id is None
    worktree = tmp_path / "wt"
    worktree.mkdir()
    (worktree / ".git").write_text(f"gitdir: {branchy}/.git\n", encoding="utf-8")
    assert resolve_list_id(worktree, {}, Config(auto="git-branch")).id == "wt-feature-x"


def test_user_settings_are_claude_codes_not_a_project_file(isolated_home: Path) -> None:
    """~/.claude/settings.json is not the home folder's project settings for the shell (it
    is not exported); inside Claude Code it is the user layer, over the shell's value."""
    allowed(Path(paths.user_settings_str()), json.dumps({"env": {VAR: "global"}}))
    res = resolve_list_id(isolated_home, {})
    assert (res.id, res.source, res.shell.id) == ("global", "claude-settings", None)
    assert res.notes == [f"~/.claude/settings.json:1 sets {VAR}='global': Claude Code uses it"]


def test_id_in_effect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proj = git(tmp_path / "p")
    monkeypatch.chdir(proj)
    assert id_in_effect({VAR: "shell"}) == "shell"
    assert id_in_effect({}) == "p"  # resolved as `status` does, hook or not
    assert id_in_effect({}, str(tmp_path)) is None
    allowed(proj / ".claude" / "settings.local.json", json.dumps({"env": {VAR: "settings"}}))
    assert id_in_effect({VAR: "shell"}) == "settings"


# ----- the small .env parser agrees with python-dotenv's ---------------------------------

_PIECES = [VAR, "export", "OTHER", "=", "#", " ", "\t", "\n", "\x0b", "\x0c", "\x85", "\xa0",
           "\u2028", "a", "b-1", "é", "${X}", "$", ":", "/", ";", "é#"]


def _dotenv_reference(text: str) -> tuple[str | None, int | None]:
    import io

    from dotenv.parser import parse_stream

    found: tuple[str | None, int | None] = (None, None)
    for b in parse_stream(io.StringIO(text)):
        if b.key == VAR and b.value is not None:
            chunk = b.original.string
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            found = (b.value, b.original.line + lead.count("\n"))
    return found


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_simple_parser_matches_python_dotenv(text: str) -> None:
    assert simple_env_value(text) == _dotenv_reference(text)


@pytest.mark.parametrize(
    "text",
    [
        f"{VAR}=x",
        f"\n\n  export\t{VAR} =  webapp-auth   # the list\n",
        f"{VAR}= # only a comment",
        f"{VAR}=#not-a-comment",
        f"{VAR}=a#b c #d",
        f"# {VAR}=commented\n{VAR}\n{VAR} x\n",
        f"export {VAR}=one\nOTHER=2\nexport {VAR}=two\n",
        f"exportx {VAR}=no\n{VAR}=yes",
        f"{VAR}=a\x0b#b\x85 #c",
    ],
)
def test_simple_parser_examples(text: str) -> None:
    assert simple_env_value(text) == _dotenv_reference(text)


# Where python-dotenv's rules changed under the fast reader, and the release that made
# them the reader's (from python-dotenv's changelog): the floor in pyproject.toml must
# be at least the newest of these, or an install may read a file differently from the
# fast reader depending on whether it has a quote.
_DOTENV_RULE_RELEASES = {
    f"{VAR}= # only a comment": (1, 2, 4),  # #663: an empty value, not the comment
}


def _dotenv_floor() -> tuple[int, ...]:
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    spec = next(d for d in deps if d.split(">=")[0].strip() == "python-dotenv")
    return tuple(int(x) for x in spec.split(">=")[1].split(",")[0].strip().split("."))


def test_dotenv_floor_follows_the_fast_reader() -> None:
    from importlib.metadata import version

    floor = _dotenv_floor()
    assert floor >= max(_DOTENV_RULE_RELEASES.values())
    installed = tuple(int(x) for x in version("python-dotenv").split(".")[:3])
    assert installed >= floor  # the equivalence tests above ran against a release it allows


@pytest.mark.parametrize("line", sorted(_DOTENV_RULE_RELEASES))
def test_fallback_reads_the_changed_rules_as_the_fast_reader(line: str) -> None:
    # A quote elsewhere in the file sends it to python-dotenv's own parser (the fallback).
    fast = simple_env_value(line)
    assert fast is not None
    assert parse_env_file(f"A='q'\n{line}\n".encode())[:2] == (
        (fast[0] or None), (fast[1] + 1 if fast[0] else None))


def test_quotes_and_backslashes_go_to_python_dotenv() -> None:
    for text in (f"{VAR}='q'", f'{VAR}="q"', f"{VAR}=a\\b", f"{VAR}=a\r\n"):
        assert simple_env_value(text) is None
    assert parse_env_file(f"A='multi\n{VAR}=inside'\n{VAR}=outside".encode()) == (
        "outside", 3, None)


def test_line_is_the_key_line_after_blank_lines() -> None:
    assert parse_env_file(f"A=1\n\n\n{VAR}=x\n".encode())[:2] == ("x", 4)
    assert parse_env_file(f"A='1'\n\n\n{VAR}=x\n".encode())[:2] == ("x", 4)


def test_blank_value_counts_as_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proj = git(tmp_path / "proj")
    res = resolve_list_id(proj, {VAR: " \t "})
    assert (res.id, res.source) == ("proj", "git")
    assert resolve_list_id(proj, {VAR: " x "}).source == "manual"
    monkeypatch.chdir(proj)
    assert id_in_effect({VAR: "  "}) == "proj"


# ----- an automatic id never joins a list that belongs to another folder -----------------


def _clone(tmp_path: Path, name: str = "webapp-auth") -> Path:
    return git(tmp_path / "downloads" / "evil" / name)


@pytest.mark.parametrize("how", ["pin", "allow-settings", "allow-envrc", "rule", "sanitized"])
def test_a_clone_never_gets_an_explicit_list_by_its_name(
    how: str, tmp_path: Path, claude: ClaudeHome
) -> None:
    from shellhooks import cli

    claude.make_list("webapp-auth", ["pending"] * 12)
    mine = tmp_path / "work" / "webapp-auth"
    mine.mkdir(parents=True)
    cfg = Config()
    if how == "pin":
        assert cli.main(["pin", "webapp-auth", str(mine)]) == 0
    elif how == "sanitized":  # another spelling of the same folder of lists
        assert cli.main(["pin", "webapp.auth", str(mine)]) == 0
    elif how == "allow-settings":
        (mine / ".claude").mkdir()
        (mine / ".claude" / "settings.json").write_text(json.dumps({"env": {VAR: "webapp-auth"}}))
        assert cli.main(["allow", str(mine)]) == 0
    elif how == "allow-envrc":
        (mine / ".envrc").write_text(f"export {VAR}=webapp-auth\n")
        assert cli.main(["allow", str(mine)]) == 0
    else:
        cfg = Config(rules=[Rule(path=str(tmp_path / "work" / "*"), id="webapp-auth")])
        assert resolve_list_id(mine, {}, cfg).id == "webapp-auth"  # exported there once
    clone = _clone(tmp_path)
    res = resolve_list_id(clone, {}, cfg)
    assert res.id == "webapp-auth-evil" and res.source == "git"
    assert res.auto is not None and res.auto.taken_by == str(mine) and res.auto.explicit
    assert not res.auto.joining
    assert any("'webapp-auth' is used by" in n and str(mine) in n and "explicitly" in n
               for n in res.notes)
    assert resolve_list_id(clone, {}, cfg).id == "webapp-auth-evil"  # remembered
    assert resolve_list_id(mine, {}, cfg).id in ("webapp-auth", "webapp.auth")  # unchanged


def test_a_folder_pinned_to_a_repositorys_list_later_shares_it(tmp_path: Path) -> None:
    """Pinning another folder to a list a repository already has (to share it) does not
    move the repository off its own list: remembered ids never change under the user."""
    from shellhooks import cli

    repo = git(tmp_path / "src" / "webapp-auth")
    assert resolve_list_id(repo, {}).id == "webapp-auth"
    other = tmp_path / "checkouts" / "webapp-auth-docs"
    other.mkdir(parents=True)
    assert cli.main(["pin", "webapp-auth", str(other)]) == 0
    assert resolve_list_id(repo, {}).id == "webapp-auth"
    assert resolve_list_id(other, {}).id == "webapp-auth"
    # ... but a repository seen after that does not get it by its name
    assert resolve_list_id(git(tmp_path / "evil" / "webapp-auth"), {}).id == "webapp-auth-evil"


def test_claims_of_folders_that_are_gone_or_inside_the_repository_do_not_count(
    tmp_path: Path,
) -> None:
    from shellhooks import cli

    repo = git(tmp_path / "src" / "webapp-auth")
    inner = repo / "packages" / "api"
    inner.mkdir(parents=True)
    assert cli.main(["pin", "webapp-auth", str(inner)]) == 0  # the project's own pin
    assert resolve_list_id(repo, {}).id == "webapp-auth"
    gone = tmp_path / "old" / "api"
    gone.mkdir(parents=True)
    assert cli.main(["pin", "api", str(gone)]) == 0
    (gone / ".env").unlink()
    gone.rmdir()
    assert resolve_list_id(git(tmp_path / "new" / "api"), {}).id == "api"


def test_joining_a_list_no_folder_is_known_for_is_said_once_and_kept(
    tmp_path: Path, claude: ClaudeHome
) -> None:
    claude.make_list("webapp-auth", ["pending"] * 12)  # made by hand before installing
    clone = _clone(tmp_path)
    res = resolve_list_id(clone, {})
    assert res.id == "webapp-auth" and res.auto is not None
    assert res.auto.joining and res.auto.joined == 12
    again = resolve_list_id(clone, {})
    assert again.auto is not None and not again.auto.joining and again.auto.joined == 12
    assert any("joined the existing list webapp-auth" in n and "12 tasks" in n
               for n in again.notes)
    fresh = resolve_list_id(git(tmp_path / "fresh"), {})  # a new list: nothing to say
    assert fresh.auto is not None and fresh.auto.joined is None and not fresh.auto.joining


def test_registry_files_stay_maps_of_strings(tmp_path: Path) -> None:
    """auto-ids.json keeps the shape older releases read ({id: folder})."""
    from shellhooks import cli

    mine = tmp_path / "work" / "api"
    mine.mkdir(parents=True)
    assert cli.main(["pin", "api", str(mine)]) == 0
    resolve_list_id(git(tmp_path / "x" / "api"), {})
    data = Path(paths.data_dir_str())
    auto = json.loads((data / "auto-ids.json").read_text())
    assert auto == {"api-x": str(tmp_path / "x" / "api")}
    owners = json.loads((data / "list-owners.json").read_text())
    assert owners == {str(mine): "api"}


@pytest.mark.parametrize("pinned", ["WebApp-Auth", "WEBAPP.AUTH"])
def test_a_clone_never_gets_an_explicit_list_spelled_in_other_case(
    pinned: str, tmp_path: Path
) -> None:
    """On a case-insensitive disk (macOS's default) `tasks/WebApp-Auth` and
    `tasks/webapp-auth` are one folder: one list."""
    from shellhooks import cli

    mine = tmp_path / "work" / "webapp-auth"
    mine.mkdir(parents=True)
    assert cli.main(["pin", pinned, str(mine)]) == 0
    res = resolve_list_id(_clone(tmp_path), {})
    assert res.id == "webapp-auth-evil"
    assert res.auto is not None and res.auto.taken_by == str(mine) and res.auto.explicit


def test_git_branch_mode_never_joins_an_explicit_list(tmp_path: Path) -> None:
    """A repository named `webapp` whose branch is `auth` (a clone's branch is the one its
    author chose) does not get the pinned list `webapp-auth` of another folder."""
    from shellhooks import cli

    mine = tmp_path / "work" / "webapp-auth"
    mine.mkdir(parents=True)
    assert cli.main(["pin", "webapp-auth", str(mine)]) == 0
    cfg = Config(auto="git-branch")
    clone = git(tmp_path / "downloads" / "evil" / "webapp", "ref: refs/heads/auth\n")
    res = resolve_list_id(clone, {}, cfg)
    assert res.source == "git" and res.id == "webapp-evil-auth"
    assert any("'webapp-auth' is used by" in n and str(mine) in n and "explicitly" in n
               for n in res.notes)
    (clone / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert resolve_list_id(clone, {}, cfg).id == "webapp-main"  # other branches: as before
    assert resolve_list_id(mine, {}, cfg).id == "webapp-auth"  # unchanged


def test_one_repository_reached_through_a_link_keeps_its_automatic_id(tmp_path: Path) -> None:
    """A home folder or source tree reached through a symlink (`/home/me -> /data/me`):
    the shell's $PWD spells the same repository both ways. It is one repository: one list,
    and a pin inside it stays its own."""
    from shellhooks import cli

    repo = git(tmp_path / "data" / "src" / "webapp-auth")
    os.symlink(tmp_path / "data", tmp_path / "linked")
    via_link = tmp_path / "linked" / "src" / "webapp-auth"
    assert resolve_list_id(via_link, {}).id == "webapp-auth"
    assert resolve_list_id(repo, {}).id == "webapp-auth"
    inner = via_link / "packages" / "api"
    inner.mkdir(parents=True)
    assert cli.main(["pin", "api-list", str(inner)]) == 0
    other = git(tmp_path / "data" / "src" / "api-list")
    assert resolve_list_id(other, {}).id == "api-list-src"  # a pin elsewhere still counts
    assert cli.main(["pin", "webapp-auth", str(inner)]) == 0  # the project's own pin
    assert resolve_list_id(repo, {}).id == "webapp-auth"
    assert resolve_list_id(via_link, {}).id == "webapp-auth"
    svc = git(tmp_path / "data" / "src" / "svc")
    (svc / "docs").mkdir()
    assert cli.main(["pin", "svc", str(tmp_path / "linked" / "src" / "svc" / "docs")]) == 0
    assert resolve_list_id(svc, {}).id == "svc"  # first seen after its own pin
