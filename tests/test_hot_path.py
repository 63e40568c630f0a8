"""The hook's one process (`hook-env`) stays off heavy imports, and the small
replacements it uses instead agree with the standard library they replace."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shellhooks import jsonlite, nearmiss, store, textsafe
from shellhooks.resolve import _component_matches, auto_name
from shellhooks.shells import sgr_parts
from tests.taskfixtures import ClaudeHome

ROOT = Path(__file__).resolve().parent.parent

# What the hook's process must not import for an ordinary project: each costs
# milliseconds, and the process runs on the `cd` into a project.
HEAVY = ("re", "json", "pathlib", "typing", "dataclasses", "collections", "dotenv",
         "tomllib", "unicodedata", "argparse")


def _hook_env_modules(directory: Path, modules: tuple[str, ...] = HEAVY) -> list[str]:
    """Which of `modules` one hook-env computation loads, run as the hook runs it."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from shellhooks.hookenv import compute;"
        "out = compute('bash', sys.argv[2], sys.argv[2], '', 'ctx');"
        "assert out.startswith('shellhooks answer 1\\n'), out;"
        f"print(' '.join(m for m in {modules!r} if m in sys.modules))"
    )
    res = subprocess.run([sys.executable, "-I", "-S", "-c", code, str(ROOT), str(directory)],
                         env=os.environ, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return res.stdout.split()


@pytest.mark.parametrize("kind", ["git", "envrc", "claude-settings", "rule", "new-list"])
def test_hook_env_imports_nothing_heavy(tmp_path: Path, claude: ClaudeHome, kind: str) -> None:
    project = tmp_path / "My Project"
    (project / "src").mkdir(parents=True)
    claude.make_list("my-project", ["completed", "in_progress", "pending"])
    if kind == "new-list":  # no list yet: the near-miss check runs (and finds one)
        project = tmp_path / "my-projct"
        (project / "src").mkdir(parents=True)
        (project / ".git").mkdir()
    elif kind == "git":
        (project / ".git").mkdir()
    elif kind == "envrc":
        (project / ".envrc").write_text("export CLAUDE_CODE_TASK_LIST_ID=my-project\n")
        subprocess.run([sys.executable, "-m", "shellhooks", "allow", str(project)],
                       check=True, env=os.environ, capture_output=True, timeout=60)
    elif kind == "claude-settings":
        (project / ".claude").mkdir()
        (project / ".claude" / "settings.json").write_text(
            json.dumps({"env": {"CLAUDE_CODE_TASK_LIST_ID": "my-project"}}))
        subprocess.run([sys.executable, "-m", "shellhooks", "allow", str(project)],
                       check=True, env=os.environ, capture_output=True, timeout=60)
    else:
        config = Path(os.environ["XDG_CONFIG_HOME"]) / "shellhooks" / "config.toml"
        config.parent.mkdir(parents=True)
        config.write_text(f'[[rule]]\npath = "{tmp_path}/*"\nid = "my-project"\n')
        _hook_env_modules(project / "src")  # the first run parses the TOML and caches it
    assert _hook_env_modules(project / "src") == []


def test_a_repository_that_sets_no_id_loads_no_project_file_reader(tmp_path: Path,
                                                                    claude: ClaudeHome) -> None:
    """The first `cd` into a git repository (the most common new project) loads neither the
    readers of what a project file sets nor the trust store's module: no file sets an id."""
    project = tmp_path / "repo"
    (project / ".git").mkdir(parents=True)
    (project / ".env").write_text("OTHER=1\n")  # a file there, not about the list
    deferred = ("shellhooks.envfiles", "shellhooks.trust")
    assert _hook_env_modules(project, deferred) == []
    (project / ".env").write_text("CLAUDE_CODE_TASK_LIST_ID=mine\n")
    assert _hook_env_modules(project, deferred) == list(deferred)  # read, and checked


@settings(max_examples=300, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
), st.sampled_from(["", " ", "\n\t ", "\r\n"]), st.integers(0, 40), st.integers(0, 3))
def test_loads_is_json_loads(value: object, ws: str, cut: int, mutate: int) -> None:
    text = ws + json.dumps(value, ensure_ascii=bool(cut % 2)) + ws
    if mutate == 1:
        text = text[:cut]  # cut short, as a file caught mid-write
    elif mutate == 2:
        text = text + "x"  # trailing garbage
    elif mutate == 3:
        text = text[:cut] + "\x01" + text[cut:]  # a control character somewhere
    try:
        expected: object = ("ok", json.loads(text))
    except ValueError as e:
        expected = ("error", str(e), getattr(e, "pos", None))
    try:
        got: object = ("ok", jsonlite.loads(text))
    except ValueError as e:
        got = ("error", str(e), getattr(e, "pos", None))
    assert repr(got) == repr(expected)


@pytest.mark.parametrize("text", ["\ufeff{}", "NaN", "[-Infinity]", "1e999", '"\\ud800"', "{}{}",
                                  "", "   ", "[1,]", '{"a" 1}', "1" * 5000])
def test_loads_edge_cases(text: str) -> None:
    try:
        expected: object = ("ok", repr(json.loads(text)))
    except ValueError as e:
        expected = ("error", type(e).__name__, str(e))
    try:
        got: object = ("ok", repr(jsonlite.loads(text)))
    except ValueError as e:
        got = ("error", type(e).__name__, str(e))
    assert got == expected


@given(st.dictionaries(st.text(), st.text(), max_size=6))
def test_dumps_str_map_is_json_dumps(data: dict[str, str]) -> None:
    assert jsonlite.dumps_str_map(data) == json.dumps(data, indent=1, sort_keys=True)


_AUTO_BAD = re.compile(r"[^a-z0-9_-]+")


@given(st.text())
def test_auto_name_is_the_documented_regex(name: str) -> None:
    assert auto_name(name) == _AUTO_BAD.sub("-", name.lower())


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_TEAM_SESSION = re.compile(r"session-[0-9a-f]{8}")


@given(st.one_of(st.uuids().map(str), st.uuids().map(lambda u: str(u).upper()),
                 st.uuids().map(lambda u: "session-" + str(u)[:8]),
                 st.text(alphabet="0123456789abcdefABCDEF-g ", min_size=30, max_size=40),
                 st.text(alphabet="0123456789abcdefABCDEF-g ", max_size=10)
                 .map(lambda t: "session-" + t)))
def test_is_session_id_is_a_uuid_or_a_team_session(name: str) -> None:
    assert store.is_session_id(name) == (_UUID.fullmatch(name) is not None
                                         or _TEAM_SESSION.fullmatch(name) is not None)


@given(st.text(alphabet="0123456789.jsonx٣²", max_size=9))
def test_task_file_names_are_ascii_digits(name: str) -> None:
    expected = re.fullmatch(r"[0-9]+\.json", name) is not None
    assert store.is_task_file_name(name) == expected


_SGR = re.compile(r"\x1b\[[0-9;]*m")


@settings(max_examples=500)
@given(st.text(alphabet=["\x1b", "[", "m", "0", "3", ";", "a", "%", "é"], max_size=16))
def test_sgr_parts_finds_what_the_regex_finds(segment: str) -> None:
    expected: list[tuple[str, bool]] = []
    pos = 0
    for m in _SGR.finditer(segment):
        if m.start() > pos:
            expected.append((segment[pos:m.start()], False))
        expected.append((m.group(0), True))
        pos = m.end()
    if pos < len(segment):
        expected.append((segment[pos:], False))
    assert sgr_parts(segment) == expected


@given(st.text())
def test_cell_width_of_ascii_is_its_length(text: str) -> None:
    ascii_text = text.encode("ascii", "ignore").decode()
    assert textsafe.cell_width(ascii_text) == len(ascii_text)


@settings(max_examples=500)
@given(st.text(alphabet="ab*?[]!-/.é\n", max_size=6), st.text(alphabet="ab*?[]!-.é\n", max_size=6))
def test_rule_components_match_as_fnmatch_does(name: str, pattern: str) -> None:
    from fnmatch import fnmatchcase

    assert _component_matches(name, pattern) == fnmatchcase(name, pattern)


_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


@settings(max_examples=500)
@given(st.text(alphabet="00012a-\n٣", max_size=12))
def test_near_miss_number_rules_match_their_regexes(text: str) -> None:
    assert nearmiss._drop_leading_zeros(text) == _ZEROS.sub("", text)
    assert nearmiss._has_leading_zero(text) == (_ZEROS.search(text) is not None)
    assert nearmiss._digit_runs(text) == re.findall(r"[0-9]+", text)


def test_hook_env_does_not_bring_back_a_deleted_home(tmp_path: Path, claude: ClaudeHome,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A hook process that outlives its home (a deleted sandbox, `shellhooks demo`) writes
    no stamp, stored answer or id registry there."""
    from shellhooks import hookenv

    home = tmp_path / "gone-home"
    project = tmp_path / "proj"
    (project / ".git").mkdir(parents=True)
    for var, sub in (("XDG_CACHE_HOME", ".cache"), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CONFIG_HOME", ".config")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    out = hookenv.compute("bash", str(project), str(project), "", "ctx")
    assert out.startswith("shellhooks answer 1\n") and "proj" in out
    assert not home.exists()
    assert list((tmp_path / "tmp").glob("shellhooks-*/stamps/*"))  # the stamp went there


# The hook's own bootstrap, as hook.common.sh and hook.fish run it: isolated, no site.
BOOT = ("import sys;sys.path.insert(0,sys.argv.pop(1));"
        "from shellhooks.hookenv import run;run(sys.argv[1:])")
VALID = json.dumps({"id": "1", "subject": "Step", "description": "", "status": "pending",
                    "blocks": [], "blockedBy": []}, indent=2)
BAD_TASKS = {
    "malformed": '{"id": "1", "subject" "x"}',
    "half-written": VALID[: len(VALID) // 2],
    "unterminated string": VALID[:30],
    "empty": "",
    "binary": b"\x00\xff\xfe\x1b[31m\x80garbage",
    "not an object": "[1, 2, 3]",
    "huge": '{"id": "1", "subject": "' + "x" * 5_000_000 + '", "status": "pending"}',
    "deep": "[" * 100_000,
    "bom": "\ufeff" + VALID,
}


def hook_env(directory: Path, shell: str = "bash",
             boot: str = BOOT) -> subprocess.CompletedProcess[str]:
    """One hook-env process started exactly as the hook starts it: a fresh interpreter,
    `-I -S`, the same argv; nothing the test runner imported is in it."""
    return subprocess.run([sys.executable, "-I", "-S", "-c", boot, str(ROOT), shell, "-",
                           str(directory), str(directory), "", "ctx"],
                          env={**os.environ, "NO_COLOR": "1"}, capture_output=True,
                          text=True, timeout=60, cwd=directory)


def answer_fields(out: str) -> dict[str, str]:
    lines = out.split("\n")
    assert lines[0] == "shellhooks answer 1", out[:300]
    return {ln.split(" ", 1)[0]: ln.split(" ", 1)[1] for ln in lines[1:9]}


@pytest.mark.parametrize("kind", list(BAD_TASKS))
def test_hook_env_survives_bad_task_files(tmp_path: Path, claude: ClaudeHome, kind: str) -> None:
    project = tmp_path / "proj"
    (project / ".git").mkdir(parents=True)
    folder = claude.make_list("proj", ["completed", "pending"])
    data = BAD_TASKS[kind]
    (folder / "3.json").write_bytes(data if isinstance(data, bytes) else data.encode())
    p = hook_env(project)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    fields = answer_fields(p.stdout)
    # The bad file is skipped as one being written; nothing broke (no warning but the
    # note that the repository joined a list made before it was known).
    assert fields["id"] == "proj" and fields["segment"] == "proj 1/2"
    warns = [ln for ln in p.stdout.split("\n") if ln.startswith("warn ")]
    assert warns == ["warn shellhooks: joining the existing list proj: 3 tasks"], warns
    assert str(folder / "3.json") in p.stdout  # watched: the answer goes stale when it is done


BAD_FILES = {
    ".claude/settings.json": '{"env": {"CLAUDE_CODE_TASK_LIST_ID": ',
    ".claude/settings.local.json": b"\xff\xfe\x00binary",
    ".env": b"CLAUDE_CODE_TASK_LIST_ID=\xff\xfe\x00\x1b[31m\n",
    ".envrc": "export CLAUDE_CODE_TASK_LIST_ID='unterminated\n",
}
BAD_STATE = {
    "config.toml": ("XDG_CONFIG_HOME", "shellhooks/config.toml", "[[rule]\npath = 3\n"),
    "trust.json": ("XDG_DATA_HOME", "shellhooks/trust.json", '{"allowed": {"a": '),
    "ids.json": ("XDG_DATA_HOME", "shellhooks/ids.json", b"\x00\xff"),
    "user settings": ("CLAUDE_CONFIG_DIR", "settings.json", '{"env": [}'),
}


@pytest.mark.parametrize("name", list(BAD_FILES) + list(BAD_STATE))
def test_hook_env_survives_bad_settings_and_state(tmp_path: Path, claude: ClaudeHome,
                                                  name: str) -> None:
    project = tmp_path / "proj"
    (project / ".git").mkdir(parents=True)
    if name in BAD_FILES:
        path, data = project / name, BAD_FILES[name]
    else:
        var, rel, data = BAD_STATE[name]
        path = Path(os.environ[var]) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    p = hook_env(project)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr and "Error" not in p.stderr, p.stderr
    answer_fields(p.stdout)


def test_an_exception_reading_the_list_still_gives_the_id(tmp_path: Path,
                                                          claude: ClaudeHome) -> None:
    """Whatever breaks while the list is read, the answer carries the id, `?` for the
    list, and watches the list's files (so it is asked again when they change)."""
    project = tmp_path / "proj"
    (project / ".git").mkdir(parents=True)
    folder = claude.make_list("proj", ["pending"])
    boot = ("import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks import store\n"
            "def boom(*a, **k): raise SystemError('scanner')\n"
            "store.read_list = boom\n" + BOOT.split(";", 2)[2])
    p = hook_env(project, boot=boot)
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    fields = answer_fields(p.stdout)
    assert fields["id"] == "proj" and fields["segment"] == "proj ?"
    assert str(folder / "1.json") in p.stdout
    assert "warn shellhooks: reading the list proj failed: SystemError" in p.stdout


@pytest.mark.parametrize("text", ['{"a": 1', '{"a" 1}', '"abc', '{"a":"\\x"}', '{"a":1,}'])
def test_loads_raises_a_decode_error_in_a_fresh_process(text: str) -> None:
    """Python 3.11's C scanner raises SystemError for these when `json.decoder` was never
    imported, as in the hook's process; loads must raise JSONDecodeError all the same."""
    code = ("import sys;sys.path.insert(0,sys.argv[1]);from shellhooks import jsonlite\n"
            "try:\n    jsonlite.loads(sys.argv[2])\n"
            "except ValueError as e:\n    print(type(e).__name__)\n")
    p = subprocess.run([sys.executable, "-I", "-S", "-c", code, str(ROOT), text],
                       capture_output=True, text=True, timeout=60)
    assert (p.stdout, p.stderr) == ("JSONDecodeError\n", "")
