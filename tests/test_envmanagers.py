"""Reading direnv's and mise's exported state (envmanagers.py): what they set the
variable to here. Samples are in the formats the real tools wrote (direnv 2.32, mise
2026.9; see tests/shells/test_env_managers.py for the tools themselves)."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import pytest

from shellhooks import envmanagers
from shellhooks.resolve import managed_value, resolve_list_id

VAR = "CLAUDE_CODE_TASK_LIST_ID"
# mise 2026.9.15's __MISE_DIFF after entering a folder whose [env] sets the id to
# `miseid` where it was `before`, and its __MISE_SESSION there.
MISE_DIFF = ("eAFrXpyfk9K4w9nHMdTFNd7Z38U1PsQx2DvexzM4JN7TZVlSalp+UerivNRyPIpyM4tTM1OWFCSWZEwAA"
             "NEdHmI")
MISE_SESSION = (
    "eAHqXpOTn5iSmhJfkp+fUzxhHZSXnJ+XlplePHGnfklugX5uZnFqSVGlPpSpV5Kfm7MGoiS+ILEko3jC4tS8ssYd"
    "zj6OoS6u8c7+Lq7xIY7B3vE+nsEh8Z4uy0AGAJaZsjwxJzOxOLW4YVVJalFifFpmTmrxhNXliSXJGRDO5JvKKPZl"
    "5Oem6uvl5Ccn5ugXZyQWpYJdctMYt6KSxBKIIv2SotLiktQUXYgzi3F7ZHFKZtF6FBNzC9ak5pXFlyUWxWckFmds"
    "SLUwsUy1SEoyS0tLNTI1M1+bk1iSWlwSX1qQkliSekSAAQ4YF/kcLz27IyM/PzseZERxRn5RSXJpSXF8aV5xaslh"
    "APYqkKQ")


def direnv_diff(before: dict[str, str], now: dict[str, str]) -> str:
    raw = zlib.compress(json.dumps({"p": before, "n": now}).encode())
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_mise_state_as_mise_writes_it() -> None:
    before, now = envmanagers.mise_diff({"__MISE_DIFF": MISE_DIFF})
    assert (before, now) == ({VAR: "before"}, {VAR: "miseid"})
    found = envmanagers.applied({VAR: "miseid", "__MISE_DIFF": MISE_DIFF})
    assert found is not None and found.tool == "mise"
    # A value it found already there is in no diff, but in the session's env.
    found = envmanagers.applied({VAR: "miseid", "__MISE_SESSION": MISE_SESSION})
    assert found is not None and found.tool == "mise"
    assert envmanagers.applied({VAR: "other", "__MISE_DIFF": MISE_DIFF,
                                "__MISE_SESSION": MISE_SESSION}) is None


def test_direnv_diff() -> None:
    env = {VAR: "envid", "DIRENV_DIFF": direnv_diff({VAR: "proj"}, {VAR: "envid"}),
           "DIRENV_FILE": "/p/.envrc"}
    found = envmanagers.applied(env)
    assert found is not None and (found.tool, found.value, found.path) == \
        ("direnv", "envid", "/p/.envrc")
    # What it restores on leaving is not what it sets.
    assert envmanagers.applied({**env, VAR: "proj"}) is None


@pytest.mark.parametrize("state", [
    "", "garbage", "!!!!", base64.b64encode(b"not zlib").decode(),
    # valid zlib of a huge run of zeros: inflated only up to the limit, then refused
    base64.urlsafe_b64encode(zlib.compress(b"\0" * (envmanagers.MAX_STATE * 4))).decode(),
    base64.b64encode(zlib.compress(b"\xdf\xff\xff\xff\xff")).decode(),  # a map that lies
    base64.b64encode(zlib.compress(b"\x91" * 100 + b"\xc0")).decode(),  # nesting too deep
    base64.b64encode(zlib.compress(b"\xc1")).decode(),  # a type byte that does not exist
])
def test_unreadable_state_is_not_the_tools(state: str) -> None:
    env = {VAR: "x", "DIRENV_DIFF": state, "__MISE_DIFF": state, "__MISE_SESSION": state}
    assert envmanagers.applied(env) is None
    assert resolve_list_id("/", env).source == "manual"


def test_inflating_stops_at_the_limit() -> None:
    """A few kilobytes that would inflate to megabytes are refused, not inflated."""
    bomb = base64.urlsafe_b64encode(zlib.compress(b"\0" * (envmanagers.MAX_STATE * 4))).decode()
    assert len(bomb) < 10_000
    assert envmanagers._decode(bomb, urlsafe=True) is None


def test_direnv_value_it_found_already_there(tmp_path: Path) -> None:
    """direnv's .envrc sets the value the variable already had (ours): in no diff, but
    the file direnv loaded says so."""
    envrc = tmp_path / ".envrc"
    envrc.write_text(f"export {VAR}=same\n", encoding="utf-8")
    env = {VAR: "same", "__SHELLHOOKS_ID": "same",
           "DIRENV_DIFF": direnv_diff({}, {"DIRENV_FILE": str(envrc)}),
           "DIRENV_FILE": str(envrc)}
    found = managed_value(env)
    assert found is not None and found.tool == "direnv"
    res = resolve_list_id(tmp_path, env)
    assert (res.source, res.id, res.blocked) == ("direnv", "same", [])
    assert managed_value({**env, VAR: "other"}) is None


def _msgpack(obj: object) -> bytes:
    """The MessagePack mise writes, for maps, arrays and strings (enough for its state)."""
    if isinstance(obj, dict):
        assert len(obj) < 16
        return bytes([0x80 | len(obj)]) + b"".join(_msgpack(k) + _msgpack(v)
                                                   for k, v in obj.items())
    if isinstance(obj, list):
        assert len(obj) < 16
        return bytes([0x90 | len(obj)]) + b"".join(_msgpack(v) for v in obj)
    data = str(obj).encode()
    return bytes([0xDA]) + len(data).to_bytes(2, "big") + data


def test_a_planted_mise_config_never_stalls_the_hook(tmp_path: Path) -> None:
    """A config file mise loaded, replaced since by a FIFO (someone who can write the
    project folder): naming the tool's file must not wait for a writer forever; a path
    no file can have (a NUL byte in a forged state) is skipped, not a traceback."""
    import os
    import subprocess
    import sys

    fifo = tmp_path / "mise.toml"
    os.mkfifo(fifo)
    real = tmp_path / "config.toml"
    real.write_text(f'[env]\n{VAR} = "miseid"\n', encoding="utf-8")
    session = {"env": {VAR: "miseid"}, "loaded_configs": ["a\0b", str(fifo), str(real)]}
    state = base64.b64encode(zlib.compress(_msgpack(session))).decode().rstrip("=")
    code = ("import sys; from shellhooks import envmanagers as m; "
            f"a = m.applied({{{VAR!r}: 'miseid', '__MISE_SESSION': sys.argv[1]}}); "
            "print(a.tool, a.path)")
    out = subprocess.run([sys.executable, "-P", "-c", code, state], capture_output=True,
                         text=True, timeout=10, cwd=tmp_path).stdout
    assert out == f"mise {real}\n"
