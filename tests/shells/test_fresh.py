"""The cached entry's freshness test (`__shellhooks_fresh`, written by each Shell from the
files hook-env read and their mtimes), run in the real shells: every change that must make
an answer stale does, including those an mtime compare in whole seconds alone would miss,
and nothing else does."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from shellhooks.shells import Entry, get_shell
from tests.shelldriver import SHELLS, ShellDriver, require_shell

# The stamp's time: the middle of a second, so that files can be dated in its second, just
# before it or just after it.
T0 = 1_700_000_000_500_000_000
OLD = T0 - 10_000_000_000


def _set(path: Path, ns: int) -> None:
    os.utime(path, ns=(ns, ns))


def layout(tmp: Path, t0: int = T0) -> Entry:
    """A stamp dated `t0`, a project file, a list folder with two tasks, a watched file that
    exists and one that does not; everything ten seconds older than the stamp."""
    old = t0 - 10_000_000_000
    tasks = tmp / "tasks"
    tasks.mkdir()
    for n in (1, 2):
        (tasks / f"{n}.json").write_text(json.dumps({"id": str(n), "status": "pending"}))
        _set(tasks / f"{n}.json", old)
    (tmp / ".envrc").write_text("export X=1\n")
    (tmp / "trust.json").write_text("{}")
    (tmp / "stamp").touch()
    for p in (tmp / ".envrc", tmp / "trust.json", tasks):
        _set(p, old)
    _set(tmp / "stamp", t0)
    return Entry(manual="", export_id="id", todo=False, segment="seg", stamp=str(tmp / "stamp"),
                 present=[str(tmp / ".envrc"), str(tasks)],
                 watched=[str(tmp / "config.toml"), str(tmp / "trust.json")],
                 task_folder=str(tasks), task_files=["1.json", "2.json"])


def is_fresh(shell: str, code: str, tmp: Path, pre: str = "") -> bool:
    """Evaluate the entry code in a real `shell` and run its freshness test."""
    path = require_shell(shell)
    check = "__shellhooks_fresh; and echo fresh; or echo stale" if shell == "fish" else \
        "__shellhooks_fresh && echo fresh || echo stale"
    script = tmp / f"check.{shell}"
    script.write_text(pre + code + "\n" + check + "\n", encoding="utf-8")
    argv = {"bash": [path, "--norc", "--noprofile"], "zsh": [path, "-f"],
            "fish": [path, "--no-config"]}[shell] + [str(script)]
    p = subprocess.run(argv, cwd=tmp, capture_output=True, text=True, timeout=60)
    assert p.stderr == "" and p.stdout in ("fresh\n", "stale\n"), (p.stdout, p.stderr)
    return p.stdout == "fresh\n"


def run(shell: str, code: str, tmp: Path) -> str:
    """Run `code` in a real `shell`; its output (nothing on stderr)."""
    path = require_shell(shell)
    script = tmp / f"run.{shell}"
    script.write_text(code, encoding="utf-8")
    argv = {"bash": [path, "--norc", "--noprofile"], "zsh": [path, "-f"],
            "fish": [path, "--no-config"]}[shell] + [str(script)]
    p = subprocess.run(argv, cwd=tmp, capture_output=True, text=True, timeout=60)
    assert p.stderr == "", p.stderr
    return p.stdout


def rewrite_same_size(path: Path, ns: int) -> None:
    """In place (open, write, truncate), the same number of bytes, dated `ns`."""
    text = path.read_text()
    new = text.replace("pending", "blocked")
    assert len(new) == len(text) and new != text
    with open(path, "r+", encoding="utf-8") as f:
        f.write(new)
        f.truncate()
    _set(path, ns)


# (name, change made after the entry was written, shells whose test sees it).
# Only zsh and fish compare mtimes for equality; bash tests `-nt` against the stamp, which
# cannot see a file replaced by an older one, nor a watched file that goes away.
CHANGES = {
    "rewrite in place, same size": (lambda t: rewrite_same_size(t / "tasks/1.json", T0 + 1_000_000),
                                    SHELLS),
    "rewrite a second later": (lambda t: rewrite_same_size(t / "tasks/1.json", T0 + 1_200_000_000),
                               SHELLS),
    "task deleted": (lambda t: (t / "tasks/2.json").unlink(), SHELLS),
    "project file deleted": (lambda t: (t / ".envrc").unlink(), SHELLS),
    "project file edited": (lambda t: _set(t / ".envrc", T0 + 2_000_000_000), SHELLS),
    "watched file appears": (lambda t: (t / "config.toml").write_text(""), SHELLS),
    "stamp removed": (lambda t: (t / "stamp").unlink(), SHELLS),
    "folder changed": (lambda t: _set(t / "tasks", T0 + 1_000_000), SHELLS),
    "replaced by an older file": (lambda t: _set(t / "tasks/1.json", OLD - 5_000_000_000),
                                  ("zsh", "fish")),
    "watched file deleted": (lambda t: (t / "trust.json").unlink(), ("zsh", "fish")),
}


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("change", list(CHANGES))
def test_each_change_makes_the_entry_stale(shell: str, change: str, tmp_path: Path) -> None:
    make, shells = CHANGES[change]
    if shell not in shells:
        pytest.skip(f"{shell} tests -nt against the stamp")
    code = get_shell(shell).entry_code(layout(tmp_path))
    assert is_fresh(shell, code, tmp_path)
    make(tmp_path)
    assert not is_fresh(shell, code, tmp_path)


@pytest.mark.parametrize("shell", SHELLS)
def test_a_file_changed_in_the_stamps_second(shell: str, tmp_path: Path) -> None:
    """A file dated in the stamp's own second, before it: fresh until it is written again,
    even when the new mtime is in the same second (an equal second proves nothing)."""
    entry = layout(tmp_path)
    task = tmp_path / "tasks/2.json"
    _set(task, T0 - 200_000_000)
    code = get_shell(shell).entry_code(entry)
    assert is_fresh(shell, code, tmp_path)
    rewrite_same_size(task, T0 + 300_000_000)  # same second as before
    assert not is_fresh(shell, code, tmp_path)


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_extra_tests_stay_while_the_stamps_second_lasts(shell: str, tmp_path: Path) -> None:
    """With a file of the stamp's second, the `-nt` tests stay until that second is over
    (here the stamp is in the future, so it never is); then they are dropped for the entry
    (a later write gets a later second), until the entry is evaluated again."""
    t0 = (time.time_ns() // 1_000_000_000 + 5) * 1_000_000_000 + 500_000_000
    entry = layout(tmp_path, t0)
    task = tmp_path / "tasks/2.json"
    _set(task, t0 - 200_000_000)
    code = get_shell(shell).entry_code(entry)
    show = "printf '<%s>' \"$__shellhooks_e_ok\"\n"
    p = run(shell, code + "\n__shellhooks_fresh\n" + show, tmp_path)
    assert p == "<>"
    rewrite_same_size(task, t0 + 300_000_000)  # the same second
    assert not is_fresh(shell, code, tmp_path)
    # A stamp whose second is over: the first fresh test drops the extra tests.
    (tmp_path / "past").mkdir()
    entry = layout(tmp_path / "past")
    _set(tmp_path / "past/tasks/2.json", T0 - 200_000_000)
    code = get_shell(shell).entry_code(entry)
    assert run(shell, code + "\n__shellhooks_fresh\n" + show + code + "\n" + show,
               tmp_path) == "<1><>"


@pytest.mark.parametrize("shell", SHELLS)
def test_a_file_written_while_it_was_read_is_never_fresh(shell: str, tmp_path: Path) -> None:
    """A file not older than the stamp may have been read before or after the write: the
    answer is never fresh, so the next prompt asks again."""
    entry = layout(tmp_path)
    _set(tmp_path / "tasks/1.json", T0 + 10_000_000)
    assert not is_fresh(shell, get_shell(shell).entry_code(entry), tmp_path)
    if shell != "bash":  # (`-nt` takes an mtime equal to the stamp's as older)
        _set(tmp_path / "tasks/1.json", T0)
        assert not is_fresh(shell, get_shell(shell).entry_code(entry), tmp_path)


def test_a_missing_stamp_is_never_fresh(tmp_path: Path) -> None:
    entry = layout(tmp_path)
    (tmp_path / "stamp").unlink()
    for shell in SHELLS:
        assert not is_fresh(shell, get_shell(shell).entry_code(entry), tmp_path)


@pytest.mark.parametrize("change", ["rewrite in place, same size", "task deleted",
                                    "watched file appears", "project file deleted"])
def test_zsh_without_the_stat_module(change: str, tmp_path: Path) -> None:
    """A zsh that cannot load zsh/stat uses `-e` and `-nt` tests on the same files."""
    pre = "zmodload zsh/parameter; module_path=(/nonexistent)\n"  # (the hook needs zsh/parameter)
    code = get_shell("zsh").entry_code(layout(tmp_path))
    assert is_fresh("zsh", code, tmp_path, pre)
    p = subprocess.run([require_shell("zsh"), "-f", "-c",
                        pre + code + "\n(( ${+builtins[zstat]} )) && echo loaded || :"],
                       capture_output=True, text=True, timeout=60)
    assert p.stdout == ""  # the fallback really ran
    CHANGES[change][0](tmp_path)
    assert not is_fresh("zsh", code, tmp_path, pre)


def _task(n: int, status: str, subject: str) -> str:
    return json.dumps({"id": str(n), "subject": subject, "description": subject,
                       "status": status, "blocks": [], "blockedBy": []})


@pytest.mark.parametrize("shell", SHELLS)
def test_same_size_rewrite_seen_at_the_very_next_prompt(shell: str, tmp_path: Path,
                                                         claude) -> None:  # noqa: ANN001
    """Right after `cd` (so in the stamp's second, or the next): a task rewritten in place
    with the same size, the folder's mtime untouched, changes the segment at the next
    prompt, and then the prompt is quiet again."""
    repo = tmp_path / "same"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    claude.make_list("same", ["pending", "pending"])
    folder = claude.tasks / "same"
    task = folder / "1.json"
    task.write_text(_task(1, "pending", "Step 1x"), encoding="utf-8")
    with ShellDriver(shell) as sh:
        sh.source_hook()
        sh.cd(repo)
        before = sh.var("SHELLHOOKS_SEGMENT") or ""
        assert "0/2" in before
        dir_ns = folder.stat().st_mtime_ns
        new = _task(1, "completed", "Step 1")
        assert len(new) == len(task.read_text(encoding="utf-8"))
        with open(task, "r+", encoding="utf-8") as f:
            f.write(new)
            f.truncate()
        _set(folder, dir_ns)
        sh.enter()
        assert "1/2" in (sh.var("SHELLHOOKS_SEGMENT") or "")
