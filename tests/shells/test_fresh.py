"""The answer's freshness test (`__shellhooks_fresh` in hook.common.sh and hook.fish, over
the data hook-env prints), run in the real shells: every change that must make an answer
stale does, the same in bash, zsh and fish, and nothing else does."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from shellhooks import hookenv
from shellhooks.hookenv import Entry
from shellhooks.shells import shells_dir
from tests.shelldriver import SHELLS, ShellDriver, quote, require_shell

# The stamp's time: the middle of a second, so that files can be dated in its second, just
# before it or just after it.
T0 = 1_700_000_000_500_000_000
OLD = T0 - 10_000_000_000


def _set(path: Path, ns: int) -> None:
    os.utime(path, ns=(ns, ns))


def layout(tmp: Path, t0: int = T0, tasks_n: int = 2) -> Entry:
    """A stamp dated `t0`, a project file, a list folder with `tasks_n` tasks, a watched file
    that exists and one that does not; everything ten seconds older than the stamp."""
    old = t0 - 10_000_000_000
    tasks = tmp / "tasks"
    tasks.mkdir()
    for n in range(1, tasks_n + 1):
        (tasks / f"{n}.json").write_text(json.dumps({"id": str(n), "status": "pending"}))
        _set(tasks / f"{n}.json", old)
    (tmp / ".envrc").write_text("export X=1\n")
    (tmp / "trust.json").write_text("{}")
    (tmp / "stamp").touch()
    for p in (tmp / ".envrc", tmp / "trust.json", tasks):
        _set(p, old)
    _set(tmp / "stamp", t0)
    return Entry(manual="", export_id="id", enable_todo_tools=False, segment="seg",
                 stamp=str(tmp / "stamp"),
                 existing=[str(tmp / ".envrc"), str(tasks)],
                 existing_or_absent=[str(tmp / "config.toml"), str(tmp / "trust.json")],
                 task_folder=str(tasks), task_files=[f"{n}.json" for n in range(1, tasks_n + 1)])


def hook_script(shell: str, answer: Path, then: str) -> list[str]:
    """argv running the hook's own functions in a real `shell`: the answer in file `answer`
    is read and loaded as the hook does, then `then` runs."""
    path = require_shell(shell)
    a = quote(shell, str(answer))
    if shell == "fish":
        code = (f"source {quote(shell, str(shells_dir() / 'hook.fish'))}\n"
                f"read -lz -a -d \\n e <{a}\n"
                "__shellhooks_load - $e; or echo not-an-answer\n" + then)
        return [path, "--no-config", "-i", "-c", code]
    code = (f"__shellhooks_shell={shell}\ntypeset -A __shellhooks_c_n __shellhooks_c_ctx "
            "__shellhooks_c_m __shellhooks_c_id __shellhooks_c_seg __shellhooks_c_stamp "
            "__shellhooks_c_sec\n"
            # (zsh: with the quick test, as the hook loads it)
            + ("zmodload -F zsh/stat b:zstat && __shellhooks_zstat=1\n" if shell == "zsh" else "")
            + "__shellhooks_warned='' __shellhooks_e_at=0 __shellhooks_c_free=1\n"
            f"source {quote(shell, str(shells_dir() / 'hook.common.sh'))}\n"
            f"__shellhooks_load {a} || echo not-an-answer\n" + then)
    return [path, "-f", "-c", code] if shell == "zsh" else \
        [path, "--norc", "--noprofile", "-c", code]


def group(shell: str, g: str) -> str:
    """The current answer's group of files `g` (p, a or r), as words (bash: the arrays are
    names for a slot's; zsh: the arrays' names)."""
    if shell == "fish":
        return f'"$__shellhooks_e_{g}"'
    return f'"${{(@P)__shellhooks_e_{g}}}"' if shell == "zsh" else f'"${{__shellhooks_e_{g}[@]}}"'


def run(shell: str, answer: str, tmp: Path, then: str) -> str:
    """Load `answer` in a real `shell` and run `then`; its output (nothing on stderr)."""
    path = tmp / "answer"
    path.write_text(answer, encoding="utf-8")
    p = subprocess.run(hook_script(shell, path, then), cwd=tmp, capture_output=True,
                       text=True, timeout=60)
    assert p.stderr == "", p.stderr
    return p.stdout


def check(shell: str, times: int = 1, arg: str = "") -> str:
    """Code printing `fresh` or `stale` for each of `times` freshness tests."""
    test = f"__shellhooks_fresh {arg}".strip()
    one = f"{test}; and echo fresh; or echo stale\n" if shell == "fish" else \
        f"{test} && echo fresh || echo stale\n"
    return one * times


def is_fresh(shell: str, answer: str, tmp: Path) -> bool:
    out = run(shell, answer, tmp, check(shell))
    assert out in ("fresh\n", "stale\n"), out
    return out == "fresh\n"


def rewrite_same_size(path: Path, ns: int) -> None:
    """In place (open, write, truncate), the same number of bytes, dated `ns`."""
    text = path.read_text()
    new = text.replace("pending", "blocked")
    assert len(new) == len(text) and new != text
    with open(path, "r+", encoding="utf-8") as f:
        f.write(new)
        f.truncate()
    _set(path, ns)


# (name, change made after the answer was written). Every change is seen by all three
# shells. Not in the table: a file replaced by one dated before the stamp (`cp -p`,
# `tar x` of an old file over it). The shared rule is `-e` and `-ot` against the stamp,
# because bash has no builtin that reads an mtime, so an older date cannot be told from
# the recorded one in any of the three; no writer of task lists does that (Claude Code's
# writes get the current time, and its renames and deletes change the list folder).
CHANGES = {
    "rewrite in place, same size": lambda t: rewrite_same_size(t / "tasks/1.json", T0 + 1_000_000),
    "rewrite a second later": lambda t: rewrite_same_size(t / "tasks/1.json", T0 + 1_200_000_000),
    "task deleted": lambda t: (t / "tasks/2.json").unlink(),
    "project file deleted": lambda t: (t / ".envrc").unlink(),
    "project file edited": lambda t: _set(t / ".envrc", T0 + 2_000_000_000),
    "watched file appears": lambda t: (t / "config.toml").write_text(""),
    "stamp removed": lambda t: (t / "stamp").unlink(),
    "folder changed": lambda t: _set(t / "tasks", T0 + 1_000_000),
    "watched file deleted": lambda t: (t / "trust.json").unlink(),
    "dated exactly as the stamp": lambda t: _set(t / "tasks/1.json", T0),
}


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("change", list(CHANGES))
def test_each_change_makes_the_answer_stale(shell: str, change: str, tmp_path: Path) -> None:
    answer = layout(tmp_path).text()
    assert is_fresh(shell, answer, tmp_path)
    CHANGES[change](tmp_path)
    assert not is_fresh(shell, answer, tmp_path)


@pytest.mark.parametrize("shell", SHELLS)
def test_a_file_changed_in_the_stamps_second(shell: str, tmp_path: Path) -> None:
    """A file dated in the stamp's own second, before it: fresh until it is written again,
    even when the new mtime is in the same second (mtimes compare in nanoseconds)."""
    entry = layout(tmp_path)
    task = tmp_path / "tasks/2.json"
    _set(task, T0 - 200_000_000)
    answer = entry.text()
    assert is_fresh(shell, answer, tmp_path)
    rewrite_same_size(task, T0 + 300_000_000)  # same second as before
    assert not is_fresh(shell, answer, tmp_path)


@pytest.mark.parametrize("shell", SHELLS)
def test_a_file_written_while_it_was_read_is_never_fresh(shell: str, tmp_path: Path) -> None:
    """A file not older than the stamp may have been read before or after the write: the
    answer is never fresh, so the next prompt asks again."""
    entry = layout(tmp_path)
    _set(tmp_path / "tasks/1.json", T0 + 10_000_000)
    assert not is_fresh(shell, entry.text(), tmp_path)


def test_a_missing_stamp_is_never_fresh(tmp_path: Path) -> None:
    entry = layout(tmp_path)
    (tmp_path / "stamp").unlink()
    for shell in SHELLS:
        assert not is_fresh(shell, entry.text(), tmp_path)


@pytest.mark.parametrize("shell", SHELLS)
def test_a_long_list_is_tested_in_turn(shell: str, tmp_path: Path) -> None:
    """Past RECENT_MAX task files, those changed long before the read are tested
    PER_PROMPT at a time: an in-place rewrite of one shows within NR/PER prompts, and at
    once when the answer is about to be used again (`all`: a `cd`, a stored answer)."""
    n = hookenv.RECENT_MAX + 2 * hookenv.PER_PROMPT + 10
    t0 = T0
    entry = layout(tmp_path, t0, n)
    for f in (tmp_path / "tasks").iterdir():
        _set(f, t0 - (hookenv.RECENT + 10) * 1_000_000_000)
    new = [tmp_path / f"tasks/{i}.json" for i in (1, 2, 3)]
    for f in new:
        _set(f, t0 - 1_000_000_000)  # changed a second before the read: tested each time
    every, absent, turn = entry.groups()
    assert len(turn) == n - 3 and not set(map(str, new)) & set(turn)
    answer = entry.text()
    assert run(shell, answer, tmp_path, check(shell, 4)) == "fresh\n" * 4
    rewrite_same_size(Path(turn[-1]), t0 + 1_000_000)  # in the last slice
    assert run(shell, answer, tmp_path, check(shell, 4)) == "fresh\n" * 2 + "stale\n" * 2
    assert run(shell, answer, tmp_path, check(shell, 1, "all")) == "stale\n"
    _set(Path(turn[-1]), t0 - 5_000_000_000)
    rewrite_same_size(new[0], t0 + 1_000_000)
    assert run(shell, answer, tmp_path, check(shell, 1)) == "stale\n"


@pytest.mark.parametrize("shell", SHELLS)
def test_values_round_trip_and_nothing_runs(shell: str, tmp_path: Path) -> None:
    """Every value with hostile characters comes back exactly; nothing is evaluated; a
    file that is not an answer (shell code, a bad count) is refused."""
    odd = "a\\b \\n `touch pwned` $(touch pwned) 'q' \"d\" %F{red} \x1b[31m\x01é\n2nd\\"
    stamp = tmp_path / ("st" + odd.replace("/", "_"))
    stamp.touch()
    _set(stamp, T0)
    present = tmp_path / ("p" + odd)
    present.touch()
    _set(present, OLD)
    entry = Entry(manual="", export_id="id" + odd, enable_todo_tools=True, segment="seg" + odd,
                  stamp=str(stamp), existing=[str(present)],
                  existing_or_absent=[str(tmp_path / ("absent" + odd))], ctx="c" + odd,
                  key="k:" + odd)
    show = ("printf '<%s>' \"$__shellhooks_e_key\" \"$__shellhooks_e_ctx\" "
            "\"$__shellhooks_e_id\" \"$__shellhooks_e_todo\" \"$__shellhooks_e_seg\" "
            "\"$__shellhooks_e_stamp\" " + group(shell, "p") + " " + group(shell, "a") + "\n")
    out = run(shell, entry.text(), tmp_path, check(shell) + show)
    values = ["k:" + odd, "c" + odd, "id" + odd, "1", "seg" + odd, str(stamp), str(present),
              str(tmp_path / ("absent" + odd))]
    assert out == "fresh\n" + "".join(f"<{v}>" for v in values)
    assert not (tmp_path / "pwned").exists()
    for bad in ("touch pwned\n", entry.text().replace("files 1 1 0", "files 9 1 0"),
                entry.text().replace("files 1 1 0", "files 01 1 0"),
                entry.text().replace("shellhooks answer 1", "shellhooks answer 2"),
                entry.text().replace("stamp /", "stamp ")):
        assert bad != entry.text()
        assert run(shell, bad, tmp_path, "") == "not-an-answer\n"
    # A path that is not absolute (hook-env writes none) is refused or never fresh.
    bad = entry.text().replace(f"\n{tmp_path}/p", "\n(p")
    assert bad != entry.text()
    assert run(shell, bad, tmp_path, check(shell)) in ("not-an-answer\nstale\n", "stale\n")
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("odd", ["plain", "escaped"])
def test_a_kept_answer_is_taken_up_as_it_was_parsed(shell: str, odd: str, tmp_path: Path) -> None:
    """An answer kept in the shell (__shellhooks_keep) and
    taken up again after another one (__shellhooks_take) gives back exactly what parsing
    it gave, without evaluating anything: hostile characters with no backslash (the quick
    path) and with backslashes and newlines (escaped), in paths, the stamp, the cache key
    and the values."""
    text = "`touch pwned` $(touch pwned) 'q' \"d\" %F{red} \x1b[31m * ? ["
    if odd == "escaped":
        text += " a\\b \\n \x01é\n2nd\\"
    stamp = tmp_path / ("st" + text)
    stamp.touch()
    _set(stamp, T0)
    present = [tmp_path / ("p1" + text), tmp_path / ("p2" + text)]
    tasks = tmp_path / ("tasks" + text)
    tasks.mkdir()
    for p in [*present, *(tasks / f"{n}.json" for n in range(1, 4)), tasks]:
        p.touch()
        _set(p, OLD)
    mk = lambda key, tag: Entry(  # noqa: E731
        manual="", export_id="id" + tag, enable_todo_tools=key == "k:" + text, segment="seg" + tag,
        stamp=str(stamp), existing=[str(p) for p in present],
        existing_or_absent=[str(tmp_path / ("absent" + tag))], ctx="c" + tag, key=key,
        task_folder=str(tasks), task_files=[f"{n}.json" for n in range(1, 4)]).text()
    other = tmp_path / "other"
    other.write_text(mk("k:/other", "other"), encoding="utf-8")
    o = quote(shell, str(other))
    if shell == "fish":
        dump = ("printf '<%s>' $__shellhooks_e_key $__shellhooks_e_ctx $__shellhooks_e_manual "
                "$__shellhooks_e_id $__shellhooks_e_todo $__shellhooks_e_seg "
                "$__shellhooks_e_stamp "
                "$__shellhooks_e_nr $__shellhooks_e_per '|' $__shellhooks_e_p '|' "
                "$__shellhooks_e_a '|' $__shellhooks_e_r '|' $__shellhooks_e_plain '|' "
                "(string escape -- $__shellhooks_e_sec); echo @@\n")
        then = (dump + "set -l k $__shellhooks_e_key\n__shellhooks_keep $k\n"
                + f"read -lz -a -d \\n o <{o}\n__shellhooks_load - $o; or echo bad\n"
                + "__shellhooks_take (contains -i -- $k $__shellhooks_ckeys)\n"
                + dump + check(shell))
    else:
        dump = ("printf '<%s>' \"$__shellhooks_e_key\" \"$__shellhooks_e_ctx\" "
                "\"$__shellhooks_e_manual\" \"$__shellhooks_e_id\" \"$__shellhooks_e_todo\" "
                "\"$__shellhooks_e_seg\" "
                "\"$__shellhooks_e_stamp\" \"$__shellhooks_e_nr\" \"$__shellhooks_e_per\" '|' "
                + " '|' ".join(group(shell, g) for g in "par") + "; echo @@\n")
        then = (dump + 'k=$__shellhooks_e_key\n__shellhooks_keep "$k"\n'
                f'__shellhooks_load {o} || echo bad\n'
                '__shellhooks_take "$k"\n' + dump + check(shell))
    out = run(shell, mk("k:" + text, text), tmp_path, then).split("@@\n")
    assert len(out) == 3, out
    assert out[0] == out[1] and "<" + str(present[1]) + ">" in out[0], out
    assert "<" + str(tasks / "3.json") + ">" in out[0], out
    assert out[2] == "fresh\n"
    assert not (tmp_path / "pwned").exists()


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


@pytest.mark.parametrize("shell", SHELLS)
def test_deleting_the_trust_store_is_seen(shell: str, tmp_path: Path) -> None:
    """After trust.json is deleted, the id it allowed is no longer exported at the next
    prompt (what `shellhooks status` says: not allowed yet), in every shell alike."""
    from tests.shells.test_hooks import VAR, hooked, shellhooks

    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".envrc").write_text(f"export {VAR}=from-envrc\n", encoding="utf-8")
    assert shellhooks("allow", str(proj)).returncode == 0
    trust = Path(os.environ["XDG_DATA_HOME"]) / "shellhooks" / "trust.json"
    past = (trust.stat().st_mtime_ns - 60_000_000_000,) * 2
    os.utime(trust, ns=past)
    os.utime(proj / ".envrc", ns=past)
    with hooked(shell, how="file", cwd=tmp_path) as sh:
        sh.cd(proj)
        assert sh.var(VAR) == "from-envrc"
        trust.unlink()
        sh.enter()
        assert sh.var(VAR) is None
        assert "not allowed yet" in shellhooks("status", cwd=proj).stdout


def test_seconds_are_recorded_only_below_the_stamps_second(tmp_path: Path) -> None:
    """The optional `seconds` line (fish's quick path to the same verdict) is written only
    when every file of the first group is dated in a second before the stamp's."""
    entry = layout(tmp_path)
    lines = entry.text().split("\n")
    every, _, _ = entry.groups()
    assert lines[-2] == "seconds " + " ".join(
        str(os.stat(p).st_mtime_ns // 1_000_000_000) for p in [entry.stamp, *every])
    _set(tmp_path / "tasks/1.json", T0 - 200_000_000)  # in the stamp's own second
    assert "\nseconds " not in entry.text()


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_a_stored_answer_gone_before_it_is_read_is_no_answer(shell: str, tmp_path: Path) -> None:
    """The daily sweep may remove a stored answer between the hook's check and its read:
    that is no answer, and nothing is printed."""
    out = run(shell, "", tmp_path, f"__shellhooks_load {quote(shell, str(tmp_path / 'gone'))} "
              "|| echo no-answer\n")
    assert out == "not-an-answer\nno-answer\n"


def test_zsh_ksh_arrays_set_by_the_user_still_tests_every_file(tmp_path: Path) -> None:
    """zsh's ordinary prompt tests the answer before `emulate -L zsh`: with the user's
    KSH_ARRAYS, every recorded file is still tested (a watched settings file appearing
    makes the next prompt ask hook-env again: a new stamp)."""
    repo = tmp_path / "proj"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    with ShellDriver("zsh") as sh:
        sh.source_hook()
        sh.check("setopt ksh_arrays")
        sh.cd(repo)
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "proj"
        stamp = sh.var("__shellhooks_e_stamp")
        assert "proj/.claude/settings.json" in sh.check('print -rl -- "${(@P)__shellhooks_e_a}"')
        sh.enter()
        assert sh.var("__shellhooks_e_stamp") == stamp
        (repo / ".claude").mkdir()
        (repo / ".claude" / "settings.json").write_text("{}", encoding="utf-8")
        sh.enter()
        assert sh.var("__shellhooks_e_stamp") != stamp


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_loading_over_an_older_release_forgets_its_answers(shell: str, tmp_path: Path) -> None:
    """A shell that loaded an older release (answers kept without slots, as "NR PER TODO U")
    and loads this one (an upgrade, `source ~/.zshrc`) drops those answers, whose values
    would be misread, and resolves afresh: the id and the task tools variable are right,
    and a watched file appearing is seen."""
    repo = tmp_path / "proj"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    with ShellDriver(shell) as sh:
        key = f"k:{repo}"
        old = ("typeset -gA __shellhooks_c_n __shellhooks_c_p; "
               f"__shellhooks_c_n[{quote(shell, key)}]='0 64 1 0'; ")
        if shell == "zsh":
            old += "typeset -ga __shellhooks_e_p __shellhooks_e_a __shellhooks_e_r; "
        sh.check(old + "__shellhooks_e_p=(x)")
        result = sh.source_hook("file")
        assert result.status == 0 and not result.output.strip(), result
        sh.cd(repo)
        assert sh.var("CLAUDE_CODE_TASK_LIST_ID") == "proj"
        assert sh.var("CLAUDE_CODE_ENABLE_TODO_TOOLS") == "1"
        stamp = sh.var("__shellhooks_e_stamp")
        (repo / ".claude").mkdir()
        (repo / ".claude" / "settings.json").write_text("{}", encoding="utf-8")
        sh.enter()
        assert sh.var("__shellhooks_e_stamp") != stamp
