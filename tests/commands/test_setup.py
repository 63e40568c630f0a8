"""`shellhooks setup claude-statusline` and the settings.json editor behind it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from shellhooks import settings_edit, statusline_setting
from shellhooks.cli import main
from shellhooks.errors import ShellhooksError

EXE = str(Path(sys.executable).with_name("shellhooks"))

# A settings file as a user might have it: odd spacing, 4-space indent, unicode, escapes,
# numbers written their own way. Untouched members must survive byte for byte.
USER_SETTINGS = """{
    "$schema": "https://json.schemastore.org/claude-code-settings.json",
    "model":"opus",
    "permissions": {"allow": ["Bash(npm run test:*)", "Read(~/.zshrc)"], "deny": []},
    "env": {
        "FOO": "caf\\u00e9 – ünïcode",
        "RATIO": 1.50e2
    },
    "hooks": {"SessionStart": [{"matcher": "", "hooks": [{"type": "command",
              "command": "echo hi"}]}]},
    "includeCoAuthoredBy": false
}
"""


@pytest.fixture
def settings(isolated_home: Path) -> Path:
    return isolated_home / ".claude" / "settings.json"


def setup(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["setup", "claude-statusline", *args])
    out, err = capsys.readouterr()
    return code, out, err


def status_line(path: Path) -> object:
    return json.loads(path.read_text())["statusLine"]


def members_except(text: str, key: str) -> str:
    """The file's text with member `key` cut out, to compare the rest byte for byte."""
    doc = settings_edit.parse(Path("x"), text)
    for m in doc.members:
        if m.key == key:
            return text[: m.key_start] + text[m.value_end:]
    return text


def test_missing_file(settings: Path, capsys) -> None:
    assert not settings.exists() and not settings.parent.exists()
    code, out, _ = setup(capsys)
    assert code == 0
    entry = status_line(settings)
    assert entry["type"] == "command" and entry["padding"] == 0
    assert statusline_setting.parse_ours(entry) == (True, None)
    assert settings.read_text().endswith("}\n")
    assert not list(settings.parent.glob("*.bak*"))  # nothing to back up


def test_valid_file_keeps_every_other_byte(settings: Path, capsys) -> None:
    settings.parent.mkdir(parents=True)
    settings.write_text(USER_SETTINGS)
    os.chmod(settings, 0o600)
    code, out, _ = setup(capsys)
    assert code == 0
    after = settings.read_text()
    assert after.startswith(USER_SETTINGS.rstrip().rstrip("}").rstrip())
    assert list(json.loads(after)) == ["$schema", "model", "permissions", "env", "hooks",
                                       "includeCoAuthoredBy", "statusLine"]
    # Without our member, the file is exactly the user's, except the one comma that
    # separates the new member.
    rest = members_except(after, "statusLine")
    assert rest.replace('"includeCoAuthoredBy": false,\n    ', '"includeCoAuthoredBy": false') \
        == USER_SETTINGS
    # Backup of the original, permission bits kept on both.
    backup = settings.with_name("settings.json.bak")
    assert backup.read_text() == USER_SETTINGS
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert "backup" in out


def test_idempotent(settings: Path, capsys) -> None:
    settings.parent.mkdir(parents=True)
    settings.write_text(USER_SETTINGS)
    setup(capsys)
    first = settings.read_bytes()
    st = settings.stat()
    code, out, _ = setup(capsys)
    assert code == 0 and "already" in out
    assert settings.read_bytes() == first
    assert settings.stat().st_ino == st.st_ino  # not even rewritten
    assert len(list(settings.parent.glob("settings.json.bak*"))) == 1


def test_remove_restores_the_original(settings: Path, capsys) -> None:
    settings.parent.mkdir(parents=True)
    settings.write_text(USER_SETTINGS)
    setup(capsys)
    code, out, _ = setup(capsys, "--remove")
    assert code == 0
    assert settings.read_text() == USER_SETTINGS
    code, out, _ = setup(capsys, "--remove")  # again: nothing to do
    assert code == 0 and "nothing" in out and settings.read_text() == USER_SETTINGS


def test_statusline_in_the_middle_is_replaced_in_place(settings: Path, capsys) -> None:
    settings.parent.mkdir(parents=True)
    text = ('{\n  "a": 1,\n  "statusLine": {"type": "command", "command": "shellhooks '
            'statusline"},\n  "z": [1,2]\n}')
    settings.write_text(text)
    assert setup(capsys)[0] == 0
    assert settings.read_text() == text  # already ours: untouched
    setup(capsys, "--remove")
    assert settings.read_text() == '{\n  "a": 1,\n  "z": [1,2]\n}'


@pytest.mark.parametrize("content", [
    "{ not json",
    '{"a": 1,}',
    '{"a": 1} trailing',
    "[1, 2]",
    '"string"',
    "\ufeff{}",
    "// comment\n{}",
])
def test_invalid_file_is_refused_and_untouched(settings: Path, capsys, content: str) -> None:
    settings.parent.mkdir(parents=True)
    settings.write_text(content, encoding="utf-8")
    before = settings.read_bytes()
    code, out, err = setup(capsys)
    assert code == 1
    assert str(settings) in err and "untouched" in err and "Traceback" not in err
    assert settings.read_bytes() == before
    assert sorted(p.name for p in settings.parent.iterdir()) == ["settings.json"]


def test_not_utf8_refused(settings: Path, capsys) -> None:
    settings.parent.mkdir(parents=True)
    settings.write_bytes(b'{"a": "\xff"}')
    code, _, err = setup(capsys)
    assert code == 1 and "UTF-8" in err
    assert settings.read_bytes() == b'{"a": "\xff"}'


THEIRS = {"type": "command", "command": "~/bin/my-status.sh --short", "padding": 1,
          "refreshInterval": 5}


def _with_theirs(settings: Path) -> str:
    settings.parent.mkdir(parents=True)
    text = json.dumps({"model": "sonnet", "statusLine": THEIRS}, indent=2)
    settings.write_text(text)
    return text


def test_different_statusline_not_on_a_terminal(settings: Path, capsys) -> None:
    text = _with_theirs(settings)
    code, out, err = setup(capsys)  # stdin is not a terminal under pytest
    assert code == 1 and "--force" in err and "my-status.sh" in err
    assert settings.read_text() == text


def test_force_replaces_and_remove_restores(settings: Path, capsys) -> None:
    text = _with_theirs(settings)
    assert setup(capsys, "--force")[0] == 0
    assert statusline_setting.parse_ours(status_line(settings)) == (True, None)
    assert json.loads(settings.read_text())["model"] == "sonnet"
    assert setup(capsys, "--remove")[0] == 0
    assert json.loads(settings.read_text()) == json.loads(text)


def test_chain_keeps_theirs_and_remove_restores(settings: Path, capsys) -> None:
    text = _with_theirs(settings)
    assert setup(capsys, "--chain")[0] == 0
    entry = status_line(settings)
    assert statusline_setting.parse_ours(entry) == (True, THEIRS["command"])
    assert entry["padding"] == 1 and entry["refreshInterval"] == 5
    assert setup(capsys, "--chain")[0] == 0  # idempotent
    assert status_line(settings) == entry
    assert setup(capsys, "--remove")[0] == 0
    assert json.loads(settings.read_text()) == json.loads(text)


def test_remove_leaves_someone_elses(settings: Path, capsys) -> None:
    text = _with_theirs(settings)
    code, out, _ = setup(capsys, "--remove")
    assert code == 0 and "not shellhooks" in out
    assert settings.read_text() == text


def test_symlinked_settings_stay_a_link(settings: Path, tmp_path: Path, capsys) -> None:
    real = tmp_path / "dotfiles" / "claude-settings.json"
    real.parent.mkdir()
    real.write_text('{"model": "opus"}\n')
    settings.parent.mkdir(parents=True)
    settings.symlink_to(real)
    assert setup(capsys)[0] == 0
    assert settings.is_symlink() and os.readlink(settings) == str(real)
    assert "statusLine" in json.loads(real.read_text())
    assert (real.parent / "claude-settings.json.bak").read_text() == '{"model": "opus"}\n'


def test_no_temp_files_left(settings: Path, capsys) -> None:
    settings.parent.mkdir(parents=True)
    settings.write_text("{}")
    setup(capsys)
    names = sorted(p.name for p in settings.parent.iterdir())
    assert names == ["settings.json", "settings.json.bak"]


def test_failed_write_leaves_file_untouched(settings: Path, capsys, monkeypatch) -> None:
    settings.parent.mkdir(parents=True)
    settings.write_text(USER_SETTINGS)

    def fail(*a: object, **k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    code, _, err = setup(capsys)
    assert code == 1 and "No space left" in err
    assert settings.read_text() == USER_SETTINGS
    assert not [p for p in settings.parent.iterdir() if p.name.endswith(".tmp")]


def test_second_backup_does_not_overwrite_first(settings: Path, capsys) -> None:
    settings.parent.mkdir(parents=True)
    settings.write_text(USER_SETTINGS)
    setup(capsys)
    setup(capsys, "--remove")
    backups = sorted(settings.parent.glob("settings.json.bak*"))
    assert len(backups) == 2
    assert settings.with_name("settings.json.bak").read_text() == USER_SETTINGS


def test_setup_without_target_is_usage_error(capsys) -> None:
    assert main(["setup"]) == 2
    assert "claude-statusline" in capsys.readouterr().err


def test_interactive_choice(settings: Path, tmp_path: Path) -> None:
    """On a terminal, the user is asked; 'c' chains."""
    from tests.shelldriver import ShellDriver

    _with_theirs(settings)
    with ShellDriver("bash") as sh:
        sh.start(f"{EXE} setup claude-statusline")
        sh.expect(r"\[c\]hain")
        sh.send("c\n")
        r = sh.finish()
    assert r.status == 0, r
    assert statusline_setting.parse_ours(status_line(settings)) == (True, THEIRS["command"])


# ----- settings_edit directly ----------------------------------------------------------------

@pytest.mark.parametrize("text", ["{}", "{ }", '{"a":1}', '{\n  "a": 1\n}\n',
                                  '{\n\t"a": [1,\n\t\t2]\n}', '  {"a": {"b": {}}}  '])
def test_set_then_remove_round_trip(tmp_path: Path, text: str) -> None:
    p = tmp_path / "s.json"
    p.write_text(text)
    settings_edit.update(p, lambda d: d.set("k", {"x": [1, "é"]}))
    assert json.loads(p.read_text()) == {**json.loads(text), "k": {"x": [1, "é"]}}
    settings_edit.update(p, lambda d: d.set("k", 2))
    assert json.loads(p.read_text())["k"] == 2
    settings_edit.update(p, lambda d: d.remove("k"))
    assert json.loads(p.read_text()) == json.loads(text)


def test_repeated_key_last_wins(tmp_path: Path) -> None:
    p = tmp_path / "s.json"
    p.write_text('{"k": 1, "a": 2, "k": 3}')
    doc = settings_edit.load(p)
    assert doc.get("k") == 3
    settings_edit.update(p, lambda d: d.set("k", 9))
    assert p.read_text() == '{"k": 1, "a": 2, "k": 9}'
    settings_edit.update(p, lambda d: d.remove("k"))
    assert json.loads(p.read_text()) == {"a": 2}


def test_concurrent_change_is_not_lost(tmp_path: Path) -> None:
    """A write by someone else between read and replace: the edit starts again."""
    p = tmp_path / "s.json"
    p.write_text('{"a": 1}')
    calls = []

    def change(doc: settings_edit.Document) -> None:
        if not calls:
            p.write_text('{"a": 1, "b": 2}')  # Claude Code writes meanwhile
        calls.append(1)
        doc.set("k", True)

    settings_edit.update(p, change)
    assert json.loads(p.read_text()) == {"a": 1, "b": 2, "k": True}
    assert len(calls) == 2


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(ShellhooksError, match="folder"):
        settings_edit.load(tmp_path)
    p = tmp_path / "deep.json"
    p.write_text("[" * 100000 + "]" * 100000)
    with pytest.raises(ShellhooksError, match="untouched"):
        settings_edit.load(p)


def test_console_script_setup(settings: Path) -> None:
    r = subprocess.run([EXE, "setup", "claude-statusline"], capture_output=True, text=True,
                       env=dict(os.environ), stdin=subprocess.DEVNULL, check=False)
    assert r.returncode == 0, r.stderr
    cmd = status_line(settings)["command"]  # type: ignore[index]
    # The command names this install so that Claude Code finds it.
    assert cmd.split()[0] in ("shellhooks", EXE) and cmd.split()[1] == "statusline"


def test_refresh_added_to_a_new_statusline(settings: Path, capsys) -> None:
    assert setup(capsys)[0] == 0
    assert status_line(settings)["refreshInterval"] == statusline_setting.DEFAULT_REFRESH
    settings.unlink()
    assert setup(capsys, "--refresh", "12")[0] == 0
    assert status_line(settings)["refreshInterval"] == 12
    settings.unlink()
    assert setup(capsys, "--refresh", "0")[0] == 0  # off: no key at all
    assert "refreshInterval" not in status_line(settings)


def test_refresh_the_user_set_is_kept(settings: Path, capsys) -> None:
    assert setup(capsys, "--refresh", "0")[0] == 0
    # The user edits it by hand; running setup again changes nothing.
    entry = {**status_line(settings), "refreshInterval": 2}  # type: ignore[dict-item]
    text = json.dumps({"statusLine": entry}, indent=2)
    settings.write_text(text)
    code, out, _ = setup(capsys)
    assert code == 0 and "already set" in out
    assert settings.read_text() == text
    # Turned off by hand (no key): also kept.
    entry.pop("refreshInterval")
    settings.write_text(json.dumps({"statusLine": entry}))
    assert setup(capsys)[0] == 0
    assert "refreshInterval" not in status_line(settings)


def test_refresh_changed_and_removed_on_request(settings: Path, capsys) -> None:
    assert setup(capsys)[0] == 0
    code, out, _ = setup(capsys, "--refresh", "30")
    assert code == 0 and "every 30 s" in out
    assert status_line(settings)["refreshInterval"] == 30
    code, out, _ = setup(capsys, "--refresh", "0")
    assert code == 0 and "off" in out
    entry = status_line(settings)
    assert "refreshInterval" not in entry and statusline_setting.parse_ours(entry)[0]


def test_chain_adds_refresh_and_remove_takes_it_away(settings: Path, capsys) -> None:
    theirs = {k: v for k, v in THEIRS.items() if k != "refreshInterval"}
    settings.parent.mkdir(parents=True)
    text = json.dumps({"statusLine": theirs}, indent=2)
    settings.write_text(text)
    assert setup(capsys, "--chain")[0] == 0
    assert status_line(settings)["refreshInterval"] == statusline_setting.DEFAULT_REFRESH
    assert setup(capsys, "--remove")[0] == 0
    assert json.loads(settings.read_text()) == json.loads(text)  # exactly theirs again


@pytest.mark.parametrize("bad", ["-1", "soon", "1.5", "86401"])
def test_refresh_bad_values_are_usage_errors(settings: Path, capsys, bad: str) -> None:
    code, _, err = setup(capsys, "--refresh", bad)
    assert code == 2 and "--refresh" in err
    assert not settings.exists()
