"""`shellhooks prompt`: the segment for starship, tmux and scripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shellhooks.cli import main
from tests.taskfixtures import ClaudeHome

C, P, D = "completed", "pending", "in_progress"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["prompt", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_segment_for_id(claude: ClaudeHome, capsys) -> None:
    claude.make_list("webapp-auth", [C, C, C, D, P])
    assert run(["--id", "webapp-auth"], capsys) == (0, "webapp-auth 3/5 ▸1\n", "")
    assert run(["--id", "webapp-auth", "--ascii"], capsys) == (0, "webapp-auth 3/5 >1\n", "")


def test_format_option(claude: ClaudeHome, capsys) -> None:
    claude.make_list("a", [C, D, P], subject="Fix")
    code, out, _ = run(["--id", "a", "--format", "{open} open, doing {current}"], capsys)
    assert (code, out) == (0, "2 open, doing Fix 2\n")


def test_a_written_format_is_exact(claude: ClaudeHome, capsys) -> None:
    # Spelled like the default, but written by the user (tmux, starship): no marker added.
    claude.make_list("webapp-auth", [C, C, D, P, P])
    args = ["--id", "webapp-auth", "--format", "{id} {done}/{total}"]
    assert run(args, capsys) == (0, "webapp-auth 2/5\n", "")
    assert run(["--id", "webapp-auth"], capsys) == (0, "webapp-auth 2/5 ▸1\n", "")


def test_id_defaults_to_variable(claude: ClaudeHome, capsys, monkeypatch) -> None:
    claude.make_list("from-env", [C, P])
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "from-env")
    assert run([], capsys) == (0, "from-env 1/2\n", "")


def test_no_id_prints_nothing(claude: ClaudeHome, capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no project files above
    assert run([], capsys) == (0, "", "")
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "")  # empty counts as unset
    assert run([], capsys) == (0, "", "")


def test_unknown_placeholder_is_an_error(claude: ClaudeHome, capsys) -> None:
    claude.make_list("a", [P])
    code, out, err = run(["--id", "a", "--format", "{id} {nope}"], capsys)
    assert code == 1 and out == ""
    assert "{nope}" in err and "Traceback" not in err
    # Even without an id: the format is checked first.
    code, out, err = run(["--format", "{nope}"], capsys)
    assert code == 1 and "{nope}" in err


def test_new_and_cleared(claude: ClaudeHome, capsys) -> None:
    claude.clear_list("done-list", 4)
    assert run(["--id", "not-yet"], capsys)[1] == "not-yet (new)\n"
    assert run(["--id", "done-list"], capsys)[1] == "done-list ✓ cleared (4)\n"


def test_config_format_and_bad_config(claude: ClaudeHome, capsys, isolated_home: Path) -> None:
    claude.make_list("a", [C, P, P])
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('[prompt]\nformat = "<{id}:{pending}>"\n')
    assert run(["--id", "a"], capsys) == (0, "<a:2>\n", "")
    # --format wins over the config.
    assert run(["--id", "a", "--format", "{total}"], capsys)[1] == "3\n"
    # A bad [prompt] format is an error naming the placeholder (the hook falls back).
    cfg.write_text('[prompt]\nformat = "{wrong}"\n')
    code, out, err = run(["--id", "a"], capsys)
    assert (code, out) == (1, "") and "{wrong}" in err and "config.toml" in err
    assert err.count("\n") == 1 and "using the default" not in err
    # --format still works with the bad config.
    assert run(["--id", "a", "--format", "{total}"], capsys)[:2] == (0, "3\n")


def test_color(claude: ClaudeHome, capsys) -> None:
    claude.make_list("a", [D])
    assert "\x1b[" in run(["--id", "a", "--color", "always"], capsys)[1]
    assert "\x1b" not in run(["--id", "a"], capsys)[1]  # captured stdout: not a terminal


def test_hostile_subject_in_current(claude: ClaudeHome, capsys) -> None:
    claude.add_task("h", 1, "\x1b]0;pwned\x07$(touch x)\x1b[31m", status=D)
    code, out, _ = run(["--id", "h", "--format", "{current}", "--color", "always"], capsys)
    assert out == "$(touch x)\n"


def test_console_script(claude: ClaudeHome) -> None:
    claude.make_list("proc", [C, D])
    exe = Path(sys.executable).with_name("shellhooks")
    r = subprocess.run([str(exe), "prompt", "--id", "proc"], capture_output=True, text=True,
                       env=dict(os.environ), check=False)
    assert (r.returncode, r.stdout, r.stderr) == (0, "proc 1/2 ▸1\n", "")


def test_dir_resolves_like_the_hook(claude: ClaudeHome, capsys, monkeypatch,
                                    tmp_path: Path, isolated_home: Path) -> None:
    """tmux runs `prompt` outside the user's shell: --dir decides from the folder alone."""
    proj = tmp_path / "proj"
    (proj / "sub").mkdir(parents=True)
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f'auto = "off"\n[[rule]]\npath = "{proj}"\nid = "ruled"\n')
    claude.make_list("ruled", [C, D])
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "something-else")  # tmux server's env
    assert run(["--dir", str(proj / "sub")], capsys)[1] == "ruled 1/2 ▸1\n"
    assert run(["--dir", str(tmp_path)], capsys) == (0, "", "")
    assert run(["--dir", str(tmp_path / "missing")], capsys) == (0, "", "")


def test_fast_path_avoids_argparse(claude: ClaudeHome) -> None:
    """starship and tmux run `prompt` at every prompt: no argparse, no other commands (but
    statusline, whose caches it shares)."""
    claude.make_list("f", [C, D])
    code = ("import sys; from shellhooks.cli import main; "
            "rc = main(['prompt', '--id=f', '--format', '{done}/{total}', '--ascii']); "
            "print(rc, sorted(m for m in sys.modules if m == 'argparse' or "
            "m.startswith('shellhooks.commands.') and m not in "
            "('shellhooks.commands.prompt', 'shellhooks.commands.statusline')))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=dict(os.environ), check=False)
    assert r.stdout == "1/2\n0 []\n", r.stderr


@pytest.mark.parametrize("args,code,needle", [
    (["--help"], 0, "usage"),
    (["--bogus"], 2, "unrecognized"),
    (["--color", "purple"], 2, "invalid choice"),
    (["--id"], 2, "expected one argument"),
])
def test_fast_path_falls_back_to_argparse(capsys, args: list[str], code: int,
                                          needle: str) -> None:
    assert main(["prompt", *args]) == code
    out, err = capsys.readouterr()
    assert needle in out + err


def test_non_utf8_locale_gets_ascii(claude: ClaudeHome) -> None:
    claude.add_task("l", 1, "café ☕ 漢字", status=D)
    exe = Path(sys.executable).with_name("shellhooks")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    r = subprocess.run([str(exe), "prompt", "--id", "l"], capture_output=True, env=env,
                       check=False)
    assert (r.returncode, r.stdout, r.stderr) == (0, b"l 0/1 >1\n", b"")
    r = subprocess.run([str(exe), "prompt", "--id", "l", "--format", "{current}"],
                       capture_output=True, env=env, check=False)
    assert (r.returncode, r.stdout) == (0, "café ? ??\n".encode("latin-1"))


# ----- the caches shared with statusline -------------------------------------------------------

def test_cached_and_cold_output_identical(claude: ClaudeHome, capsys, monkeypatch,
                                          tmp_path: Path, isolated_home: Path) -> None:
    """Every change shows at the next run, and the cached answer is the cold one."""
    import shutil
    import time

    from tests.taskfixtures import task_json

    folder = claude.make_list("c", [C, D, P], subject="Do")
    cold = tmp_path / "cold"
    old = time.time() - 30
    args_sets = [["--id", "c"], ["--id", "c", "--format", "{current}|{blocked}", "--ascii"],
                 ["--id", "c", "--color", "always"]]
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    steps = [
        lambda: None,
        lambda: claude.add_task("c", 4, "Four", status=P, blocked_by=["3"]),
        lambda: (folder / "3.json").write_text(task_json(3, "Do 3", status=C)),
        lambda: (cfg.parent.mkdir(parents=True, exist_ok=True),
                 cfg.write_text('[prompt]\nmax_width = 4\n')),
        lambda: (folder / "2.json").unlink(),
        lambda: claude.clear_list("c", 4),
    ]
    for step in steps:
        step()
        claude.set_mtime("c", old)  # old enough for the caches to keep it
        old += 1
        for args in args_sets:
            monkeypatch.setenv("XDG_CACHE_HOME", str(isolated_home / ".cache"))
            warm = run(args, capsys)
            again = run(args, capsys)
            shutil.rmtree(cold, ignore_errors=True)
            monkeypatch.setenv("XDG_CACHE_HOME", str(cold))
            assert warm == again == run(args, capsys)
    assert list((isolated_home / ".cache" / "shellhooks" / "prompt").glob("c.*"))


def test_in_place_rewrite_shows_at_once(claude: ClaudeHome, capsys) -> None:
    import time

    from tests.taskfixtures import task_json

    folder = claude.make_list("w", [C, P, P])
    claude.set_mtime("w", time.time() - 30)
    assert run(["--id", "w"], capsys)[1] == "w 1/3\n"
    assert run(["--id", "w"], capsys)[1] == "w 1/3\n"  # cached
    st = folder.stat()
    with open(folder / "2.json", "r+", encoding="utf-8") as f:  # Claude Code's in-place write
        f.write(task_json(2, "Task 2", status=D))
        f.truncate()
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert run(["--id", "w"], capsys)[1] == "w 1/3 ▸1\n"


def test_prompt_writes_no_journal(claude: ClaudeHome, capsys) -> None:
    from shellhooks import journal

    claude.make_list("n", [C, P])
    run(["--id", "n"], capsys)
    assert not journal.history_root().exists()
