"""shellhooks' own folders and files on a machine shared with another user: a folder
someone else made, a link planted where a file or folder of ours will be, a FIFO, a file
of another uid. Each case is the attack, done for real (the tests run as root, so
chown to another uid works; skipped where it does not)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from shellhooks import hookenv, paths, safefile

OTHER_UID = 65534  # nobody


def can_chown() -> bool:
    return os.geteuid() == 0


def cache() -> Path:
    return Path(paths.cache_dir_str())


def victim(tmp_path: Path) -> Path:
    """A folder of the user's own files that an attacker wants written or deleted."""
    v = tmp_path / "victim"
    v.mkdir(exist_ok=True)
    old = time.time() - 60 * 86400
    for name in ("notes.txt", "k:planted", "1a2b-123"):
        (v / name).write_text("precious\n")
        os.utime(v / name, (old, old))
    return v


def victim_intact(v: Path) -> bool:
    return all((v / n).read_text() == "precious\n" for n in ("notes.txt", "k:planted", "1a2b-123"))


def test_folders_are_created_private(tmp_path: Path) -> None:
    folder = os.path.join(paths.data_dir_str(), "history", "x")
    safefile.private_dir(folder)
    for p in (paths.data_dir_str(), os.path.dirname(folder), folder):
        assert stat.S_IMODE(os.lstat(p).st_mode) == 0o700


@pytest.mark.parametrize("kind", ["link", "other-uid", "world-writable", "group-writable",
                                  "file"])
def test_a_folder_that_is_not_private_is_refused(tmp_path: Path, kind: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = cache()
    root.parent.mkdir(parents=True)
    if kind == "link":
        root.symlink_to(victim(tmp_path), target_is_directory=True)
    elif kind == "file":
        root.write_text("")
    else:
        root.mkdir()
        if kind == "other-uid":
            if not can_chown():
                pytest.skip("needs root to give a folder to another uid")
            os.chown(root, OTHER_UID, OTHER_UID)
        else:
            os.chmod(root, 0o777 if kind == "world-writable" else 0o770)
    with pytest.raises(safefile.UnsafeFolder):
        safefile.write_bytes(str(root / "config.json"), b"{}")
    with pytest.raises(OSError):
        safefile.read_bytes(str(root / "config.json"))
    err = capsys.readouterr().err
    assert err.count("shellhooks: not using") == 1, err  # one warning, however often used
    assert safefile.problems == [err.strip()]
    if kind == "link":
        assert sorted(os.listdir(tmp_path / "victim")) == ["1a2b-123", "k:planted", "notes.txt"]


def test_a_subfolder_link_is_refused(tmp_path: Path) -> None:
    v = victim(tmp_path)
    root = cache()
    root.mkdir(parents=True, mode=0o700)
    (root / "entries").symlink_to(v, target_is_directory=True)
    with pytest.raises(safefile.UnsafeFolder):
        safefile.write_bytes(str(root / "entries" / "bash" / "k:x"), b"code")
    assert victim_intact(v) and not (v / "bash").exists()


def test_a_planted_link_is_replaced_never_followed(tmp_path: Path) -> None:
    v = victim(tmp_path)
    target = cache() / "config.json"
    safefile.private_dir(str(cache()))
    target.symlink_to(v / "notes.txt")
    safefile.write_bytes(str(target), b"{}")
    assert victim_intact(v)
    assert not target.is_symlink() and target.read_bytes() == b"{}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_temporary_name_is_never_followed(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a link at the very temporary name (guessed, or a race) is not written through."""
    v = victim(tmp_path)
    safefile.private_dir(str(cache()))
    (cache() / ".tmp-guessed").symlink_to(v / "notes.txt")
    monkeypatch.setattr(safefile, "temp_name", lambda: ".tmp-guessed")
    with pytest.raises(FileExistsError):
        safefile.write_bytes(str(cache() / "config.json"), b"{}")
    assert victim_intact(v) and not (cache() / "config.json").exists()


@pytest.mark.parametrize("kind", ["link", "fifo", "other-uid", "folder"])
def test_reads_refuse_what_is_not_our_regular_file(tmp_path: Path, kind: str) -> None:
    v = victim(tmp_path)
    safefile.private_dir(str(cache()))
    path = cache() / "config.json"
    if kind == "link":
        path.symlink_to(v / "notes.txt")
    elif kind == "fifo":
        os.mkfifo(path)  # would block a plain open() forever
    elif kind == "folder":
        path.mkdir()
    else:
        if not can_chown():
            pytest.skip("needs root")
        path.write_text("{}")
        os.chown(path, OTHER_UID, OTHER_UID)
    with pytest.raises(OSError):
        safefile.read_bytes(str(path))


def test_remove_own_never_deletes_a_link_or_another_users_file(tmp_path: Path) -> None:
    v = victim(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(v / "notes.txt")
    assert not safefile.remove_own(str(link))
    assert link.is_symlink() and victim_intact(v)
    if can_chown():
        theirs = tmp_path / "theirs"
        theirs.write_text("x")
        os.chown(theirs, OTHER_UID, OTHER_UID)
        assert not safefile.remove_own(str(theirs)) and theirs.exists()


def _old(path: Path) -> None:
    old = time.time() - 30 * 86400
    os.utime(path, (old, old), follow_symlinks=False)


@pytest.mark.parametrize("planted", ["stamps", "entries", "entries/bash"])
def test_the_sweep_never_follows_a_planted_folder_link(tmp_path: Path, planted: str) -> None:
    """The daily sweep once followed a planted `stamps` link and deleted the user's files
    older than two weeks."""
    v = victim(tmp_path)
    root = cache()
    (root / planted).parent.mkdir(parents=True, mode=0o700)
    os.chmod(root, 0o700)
    (root / planted).symlink_to(v, target_is_directory=True)
    (v / "bash").mkdir()  # what `entries/bash` would be through the link
    (v / "bash" / "k:x").write_text("precious\n")
    _old(v / "bash" / "k:x")
    hookenv._new_stamp()
    assert victim_intact(v) and (v / "bash" / "k:x").exists()
    assert sorted(os.listdir(v)) == ["1a2b-123", "bash", "k:planted", "notes.txt"]


def test_the_sweep_removes_only_old_files_it_made(tmp_path: Path) -> None:
    v = victim(tmp_path)
    stamps = cache() / "stamps"
    bash = cache() / "entries" / "bash"
    safefile.private_dir(str(stamps))
    safefile.private_dir(str(bash))
    made = [stamps / "18c0ffee-42", bash / "k:%2Fsrv%2Fproj", bash / ".tmp-42-abcdef"]
    kept = [stamps / "notes.txt", bash / "user-file"]
    for p in made + kept:
        p.write_text("x")
        _old(p)
    (bash / "k:link").symlink_to(v / "k:planted")
    _old(bash / "k:link")
    if can_chown():
        theirs = stamps / "18c0ffee-43"
        theirs.write_text("x")
        os.chown(theirs, OTHER_UID, OTHER_UID)
        _old(theirs)
        kept.append(theirs)
    fresh = stamps / "18c0ffee-44"
    fresh.write_text("x")
    hookenv._new_stamp()
    assert not any(p.exists() for p in made)
    assert all(p.exists() for p in kept + [fresh])
    assert (bash / "k:link").is_symlink() and victim_intact(v)


def test_a_stamp_is_never_written_through_a_link(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    v = victim(tmp_path)
    stamps = cache() / "stamps"
    safefile.private_dir(str(stamps))
    monkeypatch.setattr(hookenv.time, "time_ns", lambda: 0x1a2b)
    monkeypatch.setattr(hookenv.os, "getpid", lambda: 123)
    (stamps / "1a2b-123").symlink_to(v / "1a2b-123")
    assert hookenv._new_stamp() == ""  # no stamp: the answer is never fresh
    assert victim_intact(v)


def test_the_tmp_fallback_made_by_another_user_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`$TMPDIR/shellhooks-<uid>` is predictable: another user may create it first."""
    if not can_chown():
        pytest.skip("needs root")
    v = victim(tmp_path)
    cache().parent.mkdir(parents=True)
    cache().write_text("")  # no cache folder can be made: the fallback is tried
    tmp = tmp_path / "tmp"
    fallback = tmp / f"shellhooks-{os.getuid()}"
    fallback.mkdir(parents=True)
    os.chown(fallback, OTHER_UID, OTHER_UID)
    monkeypatch.setenv("TMPDIR", str(tmp))
    (fallback / "stamps").symlink_to(v, target_is_directory=True)
    assert hookenv._new_stamp() == ""
    assert victim_intact(v) and sorted(os.listdir(v)) == ["1a2b-123", "k:planted", "notes.txt"]


def test_store_entry_never_writes_through_links(tmp_path: Path) -> None:
    v = victim(tmp_path)
    bash = cache() / "entries" / "bash"
    safefile.private_dir(str(bash))
    (bash / "k:%2Fp").symlink_to(v / "k:planted")
    for pid_tmp in (f".tmp-{os.getpid()}", ".tmp-1"):  # the old fixed temporary names
        (bash / pid_tmp).symlink_to(v / "notes.txt")
    hookenv.store_entry("bash", "k:/p", "echo hi\n")
    assert victim_intact(v)
    assert (bash / "k:%2Fp").read_text() == "echo hi\n"
    assert not (bash / "k:%2Fp").is_symlink()


def test_an_append_never_writes_to_a_hard_link(tmp_path: Path) -> None:
    """A second name for one of the user's files (a hard link) in our folder: appending to
    the journal would write into that file."""
    v = victim(tmp_path)
    folder = os.path.join(paths.data_dir_str(), "history", "x")
    safefile.private_dir(folder)
    journal = os.path.join(folder, "journal.jsonl")
    os.link(v / "notes.txt", journal)
    with pytest.raises(OSError):
        safefile.open_own(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    with pytest.raises(OSError):
        safefile.read_bytes(journal)
    assert victim_intact(v)


def test_doctor_names_a_data_folder_others_can_write(capsys: pytest.CaptureFixture[str]) -> None:
    from shellhooks import cli

    data = Path(paths.data_dir_str())
    data.mkdir(parents=True)
    (data / "trust.json").write_text('{"allow": {}, "deny": []}')
    data.chmod(0o777)
    cli.main(["doctor"])
    out = capsys.readouterr().out
    assert "trust store" in out and "not used" in out and "chmod 700" in out, out


@pytest.mark.parametrize("kind", ["other-uid", "world-writable"])
def test_rules_in_a_config_folder_others_can_write_are_not_used(
        tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A rule chooses which list `claude` joins: only the user's own config counts."""
    from shellhooks import resolve
    from shellhooks.config import load_config

    config = Path(paths.config_dir_str())
    config.mkdir(parents=True)
    (config / "config.toml").write_text(f'[[rule]]\npath = "{tmp_path}/*"\nid = "planted"\n')
    project = tmp_path / "proj"
    project.mkdir()
    assert resolve.resolve_list_id(str(project), {}, load_config()).id == "planted"
    if kind == "other-uid":
        if not can_chown():
            pytest.skip("needs root")
        os.chown(config, OTHER_UID, OTHER_UID)
    else:
        config.chmod(0o777)
    capsys.readouterr()
    assert resolve.resolve_list_id(str(project), {}, load_config()).id != "planted"
    assert capsys.readouterr().err.count("shellhooks: not using") == 1


@pytest.mark.parametrize("how", ["0777", "0777-sticky", "link-of-other-uid", "other-uid",
                                 "link-into-0777"])
def test_folders_above_a_root(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folders above a shellhooks root: ours, root's, or open to all but sticky (as
    /tmp is). One open to all and not sticky, or another user's (a folder, or a link on
    the way), lets that user swap our root between the check and the use. A link of
    ours on the way is followed: the folders it leads into count too."""
    if how in ("link-of-other-uid", "other-uid") and not can_chown():
        pytest.skip("needs root to make a file of another uid")
    shared = tmp_path / "shared"
    shared.mkdir()
    base = shared
    if how == "0777":
        shared.chmod(0o777)
    elif how == "0777-sticky":
        shared.chmod(0o1777)
    elif how == "other-uid":
        os.chown(shared, 65534, 65534)
    elif how == "link-into-0777":
        (tmp_path / "open" / "real").mkdir(parents=True)
        (tmp_path / "open").chmod(0o777)
        base = shared / "link"
        base.symlink_to(tmp_path / "open" / "real")
    else:
        (tmp_path / "real").mkdir()
        base = shared / "link"
        base.symlink_to(tmp_path / "real")
        os.lchown(base, 65534, 65534)
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setattr(safefile, "_safe_above", set())
    target = os.path.join(paths.cache_dir_str(), "entries", "bash", "k:x")
    if how == "0777-sticky":
        safefile.write_bytes(target, b"ok")
        assert Path(target).read_bytes() == b"ok"
        return
    with pytest.raises(safefile.UnsafeFolder):
        safefile.write_bytes(target, b"no")
    assert not (base / "cache").exists() or not any((base / "cache").iterdir())


def test_a_root_checked_first_does_not_vouch_for_another(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The roots share the folders above them, which are checked once; a folder above one
    root only (here one open to all, not sticky) is still checked for that root."""
    monkeypatch.setattr(safefile, "_safe_above", set())
    (tmp_path / "open").mkdir(mode=0o777)
    (tmp_path / "open").chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "open" / "data"))
    safefile.write_bytes(os.path.join(paths.cache_dir_str(), "entries", "bash", "k:x"), b"ok")
    with pytest.raises(safefile.UnsafeFolder):
        safefile.write_bytes(os.path.join(paths.data_dir_str(), "trust.json"), b"{}")
    assert not (tmp_path / "open" / "data").exists()


def test_read_regular_never_waits_on_a_fifo_and_reads_only_regular_files(tmp_path: Path) -> None:
    """The read of a file that is not ours (a project's settings, a session file): a FIFO,
    a link to one, a folder or a missing file give None at once; `nofollow` refuses a
    link; at most `most` bytes are read."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "to-fifo").symlink_to(fifo)
    (tmp_path / "file").write_bytes(b"0123456789")
    (tmp_path / "to-file").symlink_to(tmp_path / "file")
    started = time.monotonic()
    for name in ("fifo", "to-fifo", "missing", "."):
        assert safefile.read_regular(tmp_path / name, 100) is None, name
    assert time.monotonic() - started < 5
    assert safefile.read_regular(tmp_path / "file", 4) == b"0123"
    assert safefile.read_regular(tmp_path / "to-file", 100) == b"0123456789"
    assert safefile.read_regular(tmp_path / "to-file", 100, nofollow=True) is None


def test_a_folder_missing_when_checked_is_checked_again(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder above a root that did not exist when it was checked may be made later by
    anyone who can write the folder above it (a shared sticky folder such as /tmp): a
    root below it is checked anew, never vouched for by the first check."""
    monkeypatch.setattr(safefile, "_safe_above", set())
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(shared / "me"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared / "me" / "cache"))
    with pytest.raises(OSError):
        safefile.read_bytes(paths.config_file_str())  # checks above the config root
    (shared / "me").mkdir()
    (shared / "me").chmod(0o777)  # made by someone else meanwhile, open to all
    with pytest.raises(safefile.UnsafeFolder):
        safefile.private_dir(os.path.join(paths.cache_dir_str(), "stamps"))
    assert not (shared / "me" / "cache").exists()


def test_a_relative_root_is_checked_from_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative root (a relative $TMPDIR) lies in the current folder: the folders above
    that are checked, here one open to all."""
    monkeypatch.setattr(safefile, "_safe_above", set())
    (tmp_path / "open").mkdir()
    (tmp_path / "open").chmod(0o777)
    monkeypatch.chdir(tmp_path / "open")
    with pytest.raises(safefile.UnsafeFolder):
        safefile.private_dir("shellhooks-0/stamps", "shellhooks-0")
    assert not (tmp_path / "open" / "shellhooks-0").exists()


def test_a_relative_tmpdir_is_not_used_for_the_fallback(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook's process may run in the project (fish): a relative $TMPDIR would put the
    stamp, whose path the shell tests, in the project. /tmp is used instead."""
    cache().parent.parent.mkdir(parents=True, exist_ok=True)
    cache().parent.write_text("")  # XDG_CACHE_HOME is a file: the fallback is tried
    project = tmp_path / "proj"
    project.mkdir()
    monkeypatch.chdir(project)
    monkeypatch.setenv("TMPDIR", "tmp")
    stamp = hookenv._new_stamp()
    assert os.path.isabs(stamp) and stamp.startswith(f"/tmp/shellhooks-{os.getuid()}/")
    assert not (project / "tmp").exists()
