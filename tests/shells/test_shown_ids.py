"""What you see is what you allow, in real bash, zsh and fish: the hook's warning shows an
id exactly (escaped visibly, cut to a line), `allow` then exports that very value, and an
id that cannot reach Claude Code unchanged is never exported."""

from __future__ import annotations

from pathlib import Path

import pytest

from shellhooks import trust
from tests.shelldriver import SHELLS
from tests.shells.test_hooks import VAR, hooked, said


def _settings(folder: Path, raw_json_value: str) -> Path:
    path = folder / ".claude" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"env": {"' + VAR + '": "' + raw_json_value + '"}}', encoding="utf-8")
    return path


@pytest.mark.parametrize("shell", SHELLS)
def test_warning_shows_the_exported_id_escaped_and_allow_exports_it(
    shell: str, tmp_path: Path
) -> None:
    odd = tmp_path / "odd"
    odd.mkdir()
    value = "\x1b]0;owned\x07team\u202e-list"
    (odd / ".env").write_bytes(f"{VAR}={value}\n".encode())
    long = tmp_path / "long"
    long.mkdir()
    (long / ".env").write_text(f"{VAR}={'x' * 61440}\n", encoding="utf-8")
    with hooked(shell) as sh:
        text = said(sh.cd(odd))
        assert text == (f"shellhooks: .env sets {VAR}=\\x1b]0;owned\\x07team\\u202e-list; "
                        "run 'shellhooks allow' to use it\n"), text
        assert sh.var(VAR) is None
        r = sh.run("shellhooks allow")
        assert r.status == 0 and "'\\x1b]0;owned\\x07team\\u202e-list'" in r.output, r
        sh.enter()
        assert sh.child_env()[VAR] == value  # exactly the characters shown
        text = said(sh.cd(long))
        assert text.count("\n") == 1 and len(text) < 300, text[:300]
        assert "… (61440 characters); run 'shellhooks allow'" in text
        r = sh.run("shellhooks allow")
        assert r.status == 0 and r.output.count("\n") == 1 and len(r.output) < 300, r
        assert said(sh.enter()) == ""  # no failure, nothing printed whole
        assert sh.child_env()[VAR] == "x" * 61440


@pytest.mark.parametrize("shell", SHELLS)
def test_unusable_ids_are_never_exported(shell: str, tmp_path: Path) -> None:
    projects = {}
    for name, raw in (("nul", "a\\u0000b"), ("surrogate", "\\ud800x"), ("blank", "   ")):
        folder = tmp_path / name
        folder.mkdir()
        path = _settings(folder, raw)
        projects[name] = folder
        # Trusted as an older release would have let the user trust it.
        trust.allow(path, path.read_bytes())
    with hooked(shell) as sh:
        for name, folder in projects.items():
            sh.cd(folder)
            assert sh.var(VAR) is None, name
            assert VAR not in sh.child_env(), name
            r = sh.run("shellhooks allow")
            assert r.status == 1 and "not allowed" in r.output, r
            assert r.output.count("\n") == 1, r
