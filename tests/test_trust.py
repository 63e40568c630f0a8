"""The allow/deny store: keyed by absolute path and content hash, deny for good."""

from __future__ import annotations

from pathlib import Path

from shellhooks import trust


def test_allow_edit_deny_cycle(tmp_path: Path) -> None:
    f = tmp_path / ".env"
    assert trust.check(f, b"A=1") == trust.BLOCKED
    trust.allow(f, b"A=1")
    assert trust.check(f, b"A=1") == trust.ALLOWED
    assert trust.check(f, b"A=2") == trust.BLOCKED  # edited: blocked again
    assert trust.check(tmp_path / "other" / ".env", b"A=1") == trust.BLOCKED  # per path
    trust.deny(f)
    assert trust.check(f, b"A=1") == trust.DENIED
    trust.allow(f, b"A=3")  # allow lifts a deny
    assert trust.check(f, b"A=3") == trust.ALLOWED


def test_relative_paths_are_made_absolute(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    trust.allow(".env", b"x")
    assert trust.check(tmp_path / ".env", b"x") == trust.ALLOWED


def test_corrupt_store_counts_as_empty() -> None:
    Path(trust.store_path()).parent.mkdir(parents=True, exist_ok=True)
    Path(trust.store_path()).write_text("{not json", encoding="utf-8")
    assert trust.check("/x/.env", b"") == trust.BLOCKED
    trust.allow("/x/.env", b"")
    assert trust.check("/x/.env", b"") == trust.ALLOWED
