"""Answers shared between shells (real bash, zsh and fish in a pty): a project resolved
in one shell costs no process in the next shell that enters it, as long as nothing the
answer depends on changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.shelldriver import SHELLS, ShellDriver, quote
from tests.shells.test_hooks import VAR, export_cmd, git_repo, hooked, said, shellhooks


def dated(claude, name: str, statuses: list[str]) -> Path:  # noqa: ANN001
    """A list dated a minute ago: never inside a stamp's margin (a file not older than the
    stamp makes the answer stale, and a second process would run)."""
    folder = claude.make_list(name, statuses)
    claude.set_mtime(name, time.time() - 60)
    return folder


def stamp_ns(stored: Path) -> int:
    """The mtime of the stamp a stored answer names."""
    line = next(ln for ln in stored.read_text(encoding="utf-8").split("\n")
                if ln.startswith("stamp "))
    return os.stat(line[len("stamp "):]).st_mtime_ns


def entries(shell: str) -> list[Path]:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "shellhooks" / "entries" / shell
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("shell", SHELLS)
def test_second_shell_uses_the_stored_answer(shell: str, tmp_path: Path, claude) -> None:  # noqa: ANN001
    repo = git_repo(tmp_path / "Shared Repo")
    dated(claude, "shared-repo", ["completed", "pending", "pending"])
    with hooked(shell, how="file", cwd=tmp_path) as a:
        n = a.count_processes(lambda: a.cd(repo))
        assert n.execs == 1, n.trace
        seg_a = a.var("SHELLHOOKS_SEGMENT")
    assert seg_a and "1/3" in seg_a
    stored = [p for p in entries(shell) if p.name == "k:" + str(repo).replace("/", "%2F")]
    assert len(stored) == 1
    assert oct(stored[0].stat().st_mode & 0o777) == "0o600"
    with hooked(shell, how="file", cwd=tmp_path) as b:
        n = b.count_processes(lambda: b.cd(repo / ".git"))
        assert n.processes == 0, n.trace
        assert b.child_env()[VAR] == "shared-repo"
        assert b.var("SHELLHOOKS_SEGMENT") == seg_a
        b.cd(tmp_path)
        assert b.var(VAR) is None


@pytest.mark.parametrize("shell", SHELLS)
def test_stored_answer_is_not_used_after_a_change(shell: str, tmp_path: Path, claude) -> None:  # noqa: ANN001
    repo = git_repo(tmp_path / "chg")
    folder = dated(claude, "chg", ["pending", "pending"])
    with hooked(shell, how="file", cwd=tmp_path) as a:
        a.cd(repo)
        assert "0/2" in (a.var("SHELLHOOKS_SEGMENT") or "")
    # Rewrite one task in place (the folder's mtime does not move), as Claude Code does,
    # dated just after the stored answer's stamp (so before the next shell's stamp).
    (stored,) = [p for p in entries(shell) if p.name == "k:" + str(repo).replace("/", "%2F")]
    task = folder / "1.json"
    dir_ns = folder.stat().st_mtime_ns
    task.write_text(task.read_text(encoding="utf-8").replace('"pending"', '"completed"'),
                    encoding="utf-8")
    ns = stamp_ns(stored) + 1_000
    os.utime(task, ns=(ns, ns))
    os.utime(folder, ns=(dir_ns, dir_ns))
    with hooked(shell, how="file", cwd=tmp_path) as b:
        n = b.count_processes(lambda: b.cd(repo))
        assert n.execs == 1, n.trace
        assert "1/2" in (b.var("SHELLHOOKS_SEGMENT") or "")
    with hooked(shell, how="file", cwd=tmp_path) as c:  # the answer was stored again
        n = c.count_processes(lambda: c.cd(repo))
        assert n.processes == 0, n.trace
        assert "1/2" in (c.var("SHELLHOOKS_SEGMENT") or "")


@pytest.mark.parametrize("shell", SHELLS)
def test_stored_answer_needs_the_same_context(shell: str, tmp_path: Path, claude) -> None:  # noqa: ANN001
    repo = git_repo(tmp_path / "ctx")
    dated(claude, "ctx", ["pending"])
    other = tmp_path / "other-claude"
    (other / "tasks" / "ctx").mkdir(parents=True)
    with hooked(shell, how="file", cwd=tmp_path) as a:
        a.cd(repo)
        assert "0/1" in (a.var("SHELLHOOKS_SEGMENT") or "")
    with hooked(shell, how="file", cwd=tmp_path) as b:
        b.check(export_cmd(shell, "CLAUDE_CONFIG_DIR", str(other)))
        n = b.count_processes(lambda: b.cd(repo))
        assert n.execs == 1, n.trace  # another Claude Code root: not the stored answer
        assert "0/1" not in (b.var("SHELLHOOKS_SEGMENT") or "")


@pytest.mark.parametrize("shell", SHELLS)
def test_hand_set_value_and_warnings_are_not_shared(shell: str, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / ".env").write_text(f"{VAR}=theirs\n", encoding="utf-8")
    mine = git_repo(tmp_path / "mine")
    for _ in range(2):  # each new shell warns once about the blocked file
        with hooked(shell, how="file", cwd=tmp_path) as sh:
            r = sh.cd(blocked)
            assert "run 'shellhooks allow'" in said(r) + sh.enter().output
            assert sh.var(VAR) is None
    names = [p.name for p in entries(shell)]
    assert not [n for n in names if n.endswith("blocked")]
    with hooked(shell, how="file", cwd=tmp_path) as sh:
        sh.check(export_cmd(shell, VAR, "by-hand"))
        sh.cd(mine)
        assert sh.var(VAR) == "by-hand"
    # Computed for a hand-set value: kept in that shell only.
    assert not [p for p in entries(shell) if p.name.endswith("mine")]
    with hooked(shell, how="file", cwd=tmp_path) as sh:
        sh.cd(mine)
        assert sh.var(VAR) == "mine"


@pytest.mark.parametrize("shell", SHELLS)
def test_allow_is_seen_by_a_shell_holding_a_stored_answer(shell: str, tmp_path: Path) -> None:
    proj = git_repo(tmp_path / "proj")
    with hooked(shell, how="file", cwd=tmp_path) as a:
        a.cd(proj)
        assert a.var(VAR) == "proj"
    (proj / ".envrc").write_text(f"export {VAR}=from-envrc\n", encoding="utf-8")
    assert shellhooks("allow", str(proj)).returncode == 0
    with hooked(shell, how="file", cwd=tmp_path) as b:
        b.cd(proj)
        assert b.var(VAR) == "from-envrc"


@pytest.mark.parametrize("shell", SHELLS)
def test_foreign_or_garbage_entry_files_are_ignored(shell: str, tmp_path: Path) -> None:
    proj = git_repo(tmp_path / "g")
    marker = tmp_path / "ran"
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "shellhooks" / "entries" / shell
    folder.mkdir(parents=True)
    (folder / ("k:" + str(proj).replace("/", "%2F"))).write_text(
        f"touch {quote(shell, marker)}\n", encoding="utf-8")
    with ShellDriver(shell, cwd=tmp_path) as sh:
        assert sh.source_hook("file").status == 0
        r = sh.cd(proj)
        assert r.status == 0
        assert sh.var(VAR) == "g"
    assert not marker.exists()


@pytest.mark.parametrize("shell", SHELLS)
def test_unwritable_cache_folder_still_works(shell: str, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "ro")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with hooked(shell, how="file", cwd=tmp_path) as sh:
        sh.check(export_cmd(shell, "XDG_CACHE_HOME", str(blocker / "cache")))
        r = sh.cd(repo)
        out = said(r) + sh.enter().output
        assert "shellhooks" not in out, out
        assert sh.var(VAR) == "ro"
        n = sh.count_processes(lambda: sh.enter())
        assert n.processes == 0, n.trace  # the stamp went to a private folder in /tmp


@pytest.mark.parametrize("shell", SHELLS)
def test_stored_answer_for_a_hostile_path(shell: str, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "a %2F b 'q' $(touch x) \n é")
    with hooked(shell, how="file", cwd=tmp_path) as a:
        a.cd(repo)
        first = a.var(VAR)
    assert first
    with hooked(shell, how="file", cwd=tmp_path) as b:
        n = b.count_processes(lambda: b.cd(repo))
        assert n.processes == 0, n.trace
        assert b.var(VAR) == first
    assert not (tmp_path / "x").exists()


def _planted(tmp_path: Path, proj: Path, list_id: str, segment: str) -> str:
    """A well-formed answer for `proj` that nothing could call stale."""
    from shellhooks.hookenv import Entry

    stamp = tmp_path / "planted-stamp"
    stamp.touch()
    ctx = "|".join([os.environ["CLAUDE_CONFIG_DIR"], os.environ["XDG_CONFIG_HOME"],
                    os.environ["XDG_DATA_HOME"], os.environ["HOME"], "-"])
    return Entry(manual="", export_id=list_id, enable_todo_tools=False, segment=segment,
                 stamp=str(stamp), ctx=ctx, key="k:" + str(proj)).text()


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("how", ["link to an answer", "folder is a link", "other owner"])
def test_stored_answers_only_from_our_own_files(shell: str, how: str, tmp_path: Path) -> None:
    """A stored answer is used only when it is a regular file we own, not a link, in
    folders we own that are not links: else the shell asks hook-env."""
    proj = git_repo(tmp_path / "g")
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "shellhooks" / "entries" / shell
    folder.mkdir(parents=True)
    name = "k:" + str(proj).replace("/", "%2F")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / name).write_text(_planted(tmp_path, proj, "planted", "planted"),
                                  encoding="utf-8")
    if how == "link to an answer":
        (folder / name).symlink_to(elsewhere / name)
    elif how == "folder is a link":
        folder.rmdir()
        folder.symlink_to(elsewhere)
    else:
        if os.geteuid() != 0:
            pytest.skip("needs root to give a file to another user")
        (elsewhere / name).rename(folder / name)
        os.chown(folder / name, 65534, 65534)
    with ShellDriver(shell, cwd=tmp_path) as sh:
        r = sh.source_hook("file")
        said = r.output + r.after
        # hook-env's own folder check refuses a linked answers folder too, in one line.
        assert said == "" or (how == "folder is a link" and "\n" not in said
                              and said.startswith("shellhooks: not using ")), said
        n = sh.count_processes(lambda: sh.cd(proj))
        assert n.execs == 1, n.trace
        assert sh.var(VAR) == "g"


@pytest.mark.parametrize("shell", SHELLS)
def test_a_tampered_stored_answer_is_only_data(shell: str, tmp_path: Path) -> None:
    """A well-formed answer with shell code in every value: the values are assigned as
    text, nothing runs; at worst the id and segment are wrong."""
    proj = git_repo(tmp_path / "g")
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "shellhooks" / "entries" / shell
    folder.mkdir(parents=True)
    code = f"$(touch {tmp_path}/ran)`touch {tmp_path}/ran`; touch {tmp_path}/ran"
    name = "k:" + str(proj).replace("/", "%2F")
    (folder / name).write_text(_planted(tmp_path, proj, "x" + code, "s" + code),
                               encoding="utf-8")
    with hooked(shell, how="file", cwd=tmp_path) as sh:
        n = sh.count_processes(lambda: sh.cd(proj))
        assert n.processes == 0, n.trace
        assert sh.var(VAR) == "x" + code
        sh.enter()
    assert not (tmp_path / "ran").exists()


@pytest.mark.parametrize("shell", SHELLS)
def test_every_cache_file_overwritten_with_code_runs_nothing(shell: str, tmp_path: Path) -> None:
    """Every file under shellhooks' cache folder (stored answers, stamps) replaced by shell
    code: a new shell entering the project runs none of it and still gets the id."""
    proj = git_repo(tmp_path / "h")
    with hooked(shell, how="file", cwd=tmp_path) as a:
        a.cd(proj)
        assert a.var(VAR) == "h"
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "shellhooks"
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert any("entries" in p.parts for p in files) and any("stamps" in p.parts for p in files)
    ran = tmp_path / "ran"
    # (The last line is what an evaluating reader would have run: it names the old
    # freshness function.)
    code = (f"touch {ran}\n$(touch {ran})\n`touch {ran}`\nshellhooks answer 1\n"
            f"key $(touch {ran})\n__shellhooks_fresh() {{ :; }}; touch {ran}\n")
    for p in files:
        p.write_text(code, encoding="utf-8")
    with hooked(shell, how="file", cwd=tmp_path) as b:
        b.cd(proj)
        b.enter()
        assert b.var(VAR) == "h"
    assert not ran.exists()


@pytest.mark.parametrize("shell", SHELLS)
def test_a_stored_answer_for_another_key_is_not_used(shell: str, tmp_path: Path) -> None:
    """An answer stored for one project, found under another project's name (moved there
    by anyone who can rename in the folder): its key says whose it is, so the shell asks
    hook-env instead of exporting the other project's id."""
    proj = git_repo(tmp_path / "g")
    other = git_repo(tmp_path / "other")
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "shellhooks" / "entries" / shell
    folder.mkdir(parents=True)
    (folder / ("k:" + str(proj).replace("/", "%2F"))).write_text(
        _planted(tmp_path, other, "other", "other"), encoding="utf-8")
    with hooked(shell, how="file", cwd=tmp_path) as sh:
        n = sh.count_processes(lambda: sh.cd(proj))
        assert n.execs == 1, n.trace
        assert sh.var(VAR) == "g"


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("seq", ["\\033", "\\0033", "\\x1b", "\\e", "\\u001b", "\\c", "\\a"])
def test_a_stored_answer_with_other_escapes_is_refused(shell: str, seq: str,
                                                       tmp_path: Path) -> None:
    """hook-env escapes only backslash and newline (`\\\\`, `\\n`); a stored answer holding
    any other backslash sequence (which `printf %b` would turn into a control character,
    or stop at) was not written by it, and is not used."""
    proj = git_repo(tmp_path / "g")
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "shellhooks" / "entries" / shell
    folder.mkdir(parents=True)
    text = _planted(tmp_path, proj, "planted", "SEG")
    text = text.replace("\nsegment SEG\n", f"\nsegment {seq}]0;x\\\\{seq}[31mSEG\n")
    text = text.replace("\nid planted\n", f"\nid planted{seq}x\n")
    (folder / ("k:" + str(proj).replace("/", "%2F"))).write_text(text, encoding="utf-8")
    with hooked(shell, how="file", cwd=tmp_path) as sh:
        n = sh.count_processes(lambda: sh.cd(proj))
        assert n.execs == 1, n.trace
        assert sh.var(VAR) == "g"
        assert "\x1b" not in (sh.var("SHELLHOOKS_SEGMENT") or "")


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("name", ["new\nline", "back\\slash \\n new\nline"])
def test_an_answer_with_escaped_paths_stays_fresh(shell: str, name: str, tmp_path: Path) -> None:
    """A project whose path holds a newline (and a backslash): the answer escapes them
    and the shell undoes that, so its files are found and the next prompt starts nothing."""
    proj = git_repo(tmp_path / name)
    (proj / ".env").write_text(f"{VAR}=from-env\n", encoding="utf-8")
    os.utime(proj / ".env", (time.time() - 60, time.time() - 60))
    assert shellhooks("allow", str(proj)).returncode == 0
    with hooked(shell, how="file", cwd=tmp_path) as sh:
        sh.cd(proj)
        assert sh.var(VAR) == "from-env"
        n = sh.count_processes(lambda: sh.enter())
        assert n.processes == 0, n.trace
    with hooked(shell, how="file", cwd=tmp_path) as b:
        n = b.count_processes(lambda: b.cd(proj))
        assert n.processes == 0, n.trace


@pytest.mark.parametrize("shell", SHELLS)
def test_no_stored_answer_from_a_cache_folder_of_another_user(shell: str, tmp_path: Path) -> None:
    """Our answers folder inside an XDG_CACHE_HOME another user owns (left from before
    that was refused, or moved there by them): they can swap it for theirs between the
    shell's check and its read, so the shell does not read it at all."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give a folder to another user")
    proj = git_repo(tmp_path / "g")
    xdg = Path(os.environ["XDG_CACHE_HOME"])
    folder = xdg / "shellhooks" / "entries" / shell
    folder.mkdir(parents=True, mode=0o700)
    (folder / ("k:" + str(proj).replace("/", "%2F"))).write_text(
        _planted(tmp_path, proj, "planted", "planted"), encoding="utf-8")
    os.chown(xdg, 65534, 65534)
    with ShellDriver(shell, cwd=tmp_path) as sh:
        sh.source_hook("file")
        n = sh.count_processes(lambda: sh.cd(proj))
        assert n.execs >= 1, n.trace  # (no stamp in a refused folder: asked at each prompt)
        assert sh.var(VAR) == "g"
