"""direnv and mise: which of them applies CLAUDE_CODE_TASK_LIST_ID in this shell, read
from the state they export (on the hook's hot path: standard library only, and the
decoders are imported only when that state is there).

What they do, checked with the real direnv 2.32 and mise 2026.9: on entering their
folder they record the variables they change, with the values found before, and on
leaving they put those values back.
- direnv: `DIRENV_DIFF` is URL-safe base64 (padding dropped) of zlib-compressed JSON
  `{"p": {VAR: before}, "n": {VAR: set}}`; `DIRENV_FILE` is the `.envrc` it loaded.
- mise: `__MISE_DIFF` is standard base64 (no padding) of zlib-compressed MessagePack
  `{"old": {VAR: before}, "new": {VAR: set}, "path": [...]}`; `__MISE_SESSION` (the
  same encoding) holds `env` (what its config sets, changed or not) and
  `loaded_configs`.
A variable left at the value it already had is in neither diff. So a value is the
tool's when its diff sets it (or, for a value that did not change, mise's session env
or the `.envrc` direnv loaded says so: see resolve.py). Anything unreadable counts as
"not the tool's".
"""

from __future__ import annotations

import os

VAR = "CLAUDE_CODE_TASK_LIST_ID"
TOOLS = ("direnv", "mise")
MAX_STATE = 1 << 20  # decoded bytes: these are small maps; more is not theirs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping


class Applied:
    """`tool` sets the variable to `value` here; `path` is its file, when known."""

    __slots__ = ("tool", "value", "path")

    def __init__(self, tool: str, value: str, path: str | None) -> None:
        self.tool = tool
        self.value = value
        self.path = path


def _decode(text: str, urlsafe: bool) -> bytes | None:
    """base64 (padding optional) of zlib data, inflated to at most MAX_STATE bytes."""
    import base64
    import binascii
    import zlib

    try:
        raw = (base64.urlsafe_b64decode if urlsafe else base64.b64decode)(
            text + "=" * (-len(text) % 4))
        z = zlib.decompressobj(47)  # zlib or gzip header (older mise used gzip)
        out = z.decompress(raw, MAX_STATE)
    except (ValueError, binascii.Error, zlib.error):
        return None
    return None if z.unconsumed_tail else out


def _msgpack(data: bytes) -> object:
    """The value MessagePack `data` holds (maps, arrays, strings, numbers, nil, booleans;
    binary and extension values as bytes). ValueError when it is not one value."""
    pos = 0

    def take(n: int) -> bytes:
        nonlocal pos
        if n < 0 or pos + n > len(data):
            raise ValueError("truncated")
        pos += n
        return data[pos - n:pos]

    def num(n: int) -> int:
        return int.from_bytes(take(n), "big")

    def value(depth: int) -> object:
        if depth > 32:
            raise ValueError("too deep")
        b = take(1)[0]
        if b <= 0x7F:
            return b
        if b >= 0xE0:
            return b - 0x100
        if 0x80 <= b <= 0x8F or b in (0xDE, 0xDF):
            n = b & 0x0F if b <= 0x8F else num(2 if b == 0xDE else 4)
            out: dict[object, object] = {}
            for _ in range(n):
                k = value(depth + 1)
                out[k if isinstance(k, (str, int)) else repr(k)] = value(depth + 1)
            return out
        if 0x90 <= b <= 0x9F or b in (0xDC, 0xDD):
            n = b & 0x0F if b <= 0x9F else num(2 if b == 0xDC else 4)
            return [value(depth + 1) for _ in range(n)]
        if 0xA0 <= b <= 0xBF or b in (0xD9, 0xDA, 0xDB):
            n = b & 0x1F if b <= 0xBF else num({0xD9: 1, 0xDA: 2, 0xDB: 4}[b])
            return take(n).decode("utf-8", "surrogateescape")
        if b == 0xC0:
            return None
        if b in (0xC2, 0xC3):
            return b == 0xC3
        if b in (0xC4, 0xC5, 0xC6):  # bin 8/16/32
            return take(num({0xC4: 1, 0xC5: 2, 0xC6: 4}[b]))
        if b in (0xC7, 0xC8, 0xC9):  # ext 8/16/32: length, type, data
            n = num({0xC7: 1, 0xC8: 2, 0xC9: 4}[b])
            return take(1 + n)
        if 0xD4 <= b <= 0xD8:  # fixext 1..16
            return take(1 + (1 << (b - 0xD4)))
        if b in (0xCA, 0xCB):
            return take(4 if b == 0xCA else 8)  # floats: not needed here
        if 0xCC <= b <= 0xCF:
            return num(1 << (b - 0xCC))
        if 0xD0 <= b <= 0xD3:
            n = 1 << (b - 0xD0)
            return int.from_bytes(take(n), "big", signed=True)
        raise ValueError(f"unknown type byte {b:#x}")

    out = value(0)
    if pos != len(data):
        raise ValueError("trailing data")
    return out


def _map(obj: object, key: str) -> dict[object, object]:
    sub = obj.get(key) if isinstance(obj, dict) else None
    return sub if isinstance(sub, dict) else {}


def direnv_diff(env: Mapping[str, str]) -> tuple[dict[object, object], dict[object, object]]:
    """(values before, values set) of direnv's current diff ({} when none)."""
    text = env.get("DIRENV_DIFF")
    raw = _decode(text, urlsafe=True) if text else None
    if raw is None:
        return {}, {}
    from shellhooks.jsonlite import loads

    try:
        obj = loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return {}, {}
    return _map(obj, "p"), _map(obj, "n")


def _mise_state(env: Mapping[str, str], name: str) -> object:
    text = env.get(name)
    raw = _decode(text, urlsafe=False) if text else None
    if raw is None:
        return None
    try:
        return _msgpack(raw)
    except (ValueError, KeyError):
        return None


def mise_diff(env: Mapping[str, str]) -> tuple[dict[object, object], dict[object, object]]:
    """(values before, values set) of mise's current diff ({} when none)."""
    obj = _mise_state(env, "__MISE_DIFF")
    return _map(obj, "old"), _map(obj, "new")


def _mise_config(env: Mapping[str, str], session: object) -> str | None:
    """The first config file mise loaded here that names the variable."""
    configs = session.get("loaded_configs") if isinstance(session, dict) else None
    if not isinstance(configs, list):
        return None
    import stat

    for path in configs:
        if not isinstance(path, str):
            continue
        try:
            # Not blocking, and a regular file only: the file may have been replaced by a
            # FIFO or a device since mise read it (links are followed: dotfiles link it).
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, ValueError):
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode) and VAR.encode() in os.read(fd, 1 << 16):
                return path
        except OSError:
            continue
        finally:
            os.close(fd)
    return None


def applied(env: Mapping[str, str]) -> Applied | None:
    """direnv or mise, when its current state sets the variable to the value it has now."""
    value = env.get(VAR)
    if not value:
        return None
    if env.get("DIRENV_DIFF") and direnv_diff(env)[1].get(VAR) == value:
        return Applied("direnv", value, env.get("DIRENV_FILE") or None)
    if env.get("__MISE_DIFF") or env.get("__MISE_SESSION"):
        session = _mise_state(env, "__MISE_SESSION")
        if mise_diff(env)[1].get(VAR) == value or _map(session, "env").get(VAR) == value:
            return Applied("mise", value, _mise_config(env, session))
    return None
