"""Safe edits of Claude Code's settings.json: one top-level key changed, the rest kept.

A user's settings file holds their permissions, hooks and environment, so an edit:
- changes the text of ONE top-level member only; every other byte (other keys,
  their order, formatting and comments-free whitespace) stays exactly as it was;
- refuses a file that is not a JSON object (clear message, file untouched);
- is idempotent: when nothing changes, nothing is written and no backup is made;
- keeps a backup of the previous content (`settings.json.bak`, or a timestamped
  `settings.json.bak.YYYYMMDD-HHMMSS` when an older, different backup exists);
- writes atomically: a temporary file in the same folder, flushed, then
  `os.replace`d over the target, with the target's permission bits; a symlinked
  settings file is followed, so the link stays a link;
- starts again if the file changed while the edit was being prepared (Claude Code
  may write its settings at any time).

Usage::

    from shellhooks import settings_edit
    doc = settings_edit.load(path)            # raises ShellhooksError when unusable
    doc.get("statusLine")                     # the parsed value (None when absent)
    result = settings_edit.update(path, lambda d: d.set("statusLine", {...}))
    result.changed, result.backup             # what happened
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shellhooks import safefile
from shellhooks.errors import ShellhooksError

MAX_BYTES = 16 << 20
_WS = " \t\n\r"


@dataclass
class _Member:
    key: str
    key_start: int  # index of the opening quote of the key
    value_start: int
    value_end: int  # index just after the value


@dataclass
class Document:
    """A settings file's text with the positions of its top-level members."""

    path: Path
    text: str
    exists: bool
    raw: bytes = b""
    data: dict[str, Any] = field(default_factory=dict)
    members: list[_Member] = field(default_factory=list)
    open_brace: int = 0
    close_brace: int = 1

    def get(self, key: str, default: Any = None) -> Any:
        """The parsed value of top-level `key` (the last one if the key is repeated)."""
        return self.data.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.data

    # ----- edits (each re-parses, so positions stay right) ----------------------------------

    def set(self, key: str, value: Any) -> None:
        """Set top-level `key` to `value`, in place if present, else as the last member."""
        found = [m for m in self.members if m.key == key]
        if found:
            m = found[-1]  # JSON.parse keeps the last of repeated keys
            indent = _line_indent(self.text, m.key_start)
            new = _dumps(value, indent, self._indent_unit())
            self._replace(m.value_start, m.value_end, new)
            return
        unit = self._indent_unit()
        if self.members:
            last = self.members[-1]
            indent = _line_indent(self.text, last.key_start)
            if _same_line(self.text, self.members[0].key_start, self.open_brace):
                sep = ", "  # a one-line object stays on one line
                new = f'{sep}{json.dumps(key, ensure_ascii=False)}: {_dumps(value, "", None)}'
            else:
                new = (f",\n{indent}{json.dumps(key, ensure_ascii=False)}: "
                       f"{_dumps(value, indent, unit)}")
            self._replace(last.value_end, last.value_end, new)
        else:
            outer = _line_indent(self.text, self.open_brace)
            inner = outer + (unit or "  ")
            new = (f"{{\n{inner}{json.dumps(key, ensure_ascii=False)}: "
                   f"{_dumps(value, inner, unit or '  ')}\n{outer}}}")
            self._replace(self.open_brace, self.close_brace + 1, new)

    def remove(self, key: str) -> None:
        """Remove every top-level member named `key` (and one separating comma)."""
        while True:
            idx = next((i for i, m in enumerate(self.members) if m.key == key), None)
            if idx is None:
                return
            m = self.members[idx]
            if len(self.members) == 1:
                outer = _line_indent(self.text, self.open_brace)
                multiline = "\n" in self.text[self.open_brace:self.close_brace]
                self._replace(self.open_brace, self.close_brace + 1,
                              "{\n" + outer + "}" if multiline else "{}")
            elif idx > 0:
                # From the end of the previous value: its comma and our whitespace go too.
                self._replace(self.members[idx - 1].value_end, m.value_end, "")
            else:
                self._replace(m.key_start, self.members[1].key_start, "")

    def _replace(self, start: int, end: int, new: str) -> None:
        text = self.text[:start] + new + self.text[end:]
        fresh = parse(self.path, text, exists=self.exists)
        self.text, self.data, self.members = fresh.text, fresh.data, fresh.members
        self.open_brace, self.close_brace = fresh.open_brace, fresh.close_brace

    def _indent_unit(self) -> str | None:
        """The file's indentation step (from its first nested line), default two spaces."""
        if not self.members:
            return "  "
        first = _line_indent(self.text, self.members[0].key_start)
        outer = _line_indent(self.text, self.open_brace)
        if _same_line(self.text, self.members[0].key_start, self.open_brace):
            return None
        return first[len(outer):] if first.startswith(outer) and len(first) > len(outer) \
            else "  "


def _line_indent(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    i = start
    while i < pos and text[i] in " \t":
        i += 1
    return text[start:i]


def _same_line(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return "\n" not in text[lo:hi]


def _dumps(value: Any, indent: str, unit: str | None) -> str:
    """`value` as JSON placed after a key on a line indented by `indent`."""
    if unit is None:
        return json.dumps(value, ensure_ascii=False)
    text = json.dumps(value, indent=unit, ensure_ascii=False)
    return text.replace("\n", "\n" + indent)


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def parse(path: Path, text: str, exists: bool = True) -> Document:
    """Locate the top-level members of `text`; ShellhooksError when it is not a JSON object."""
    decoder = json.JSONDecoder()
    where = str(path)

    def bad(why: str) -> ShellhooksError:
        return ShellhooksError(f"{where} is not valid JSON ({why}); it was left untouched, "
                               "fix it (or move it away) and try again")

    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise bad(f"{e.msg} at line {e.lineno} column {e.colno}") from None
    except RecursionError:
        raise bad("nested too deeply") from None
    if not isinstance(data, dict):
        raise ShellhooksError(f"{where} holds a JSON {type(data).__name__}, not an object; it "
                              "was left untouched")
    doc = Document(path=path, text=text, exists=exists, data=data)
    i = _skip_ws(text, 0)
    doc.open_brace = i  # json.loads succeeded, so this is "{"
    i = _skip_ws(text, i + 1)
    while text[i] != "}":
        key_start = i
        key, i = decoder.raw_decode(text, i)  # a key is a JSON string
        i = _skip_ws(text, i)
        i = _skip_ws(text, i + 1)  # past ":"
        _, end = decoder.raw_decode(text, i)
        doc.members.append(_Member(key, key_start, i, end))
        i = _skip_ws(text, end)
        if text[i] == ",":
            i = _skip_ws(text, i + 1)
    doc.close_brace = i
    return doc


def load(path: str | os.PathLike[str]) -> Document:
    """Read settings file `path` (a missing or blank file is an empty object).

    Raises ShellhooksError for a file that cannot be read or is not a JSON object.
    """
    p = Path(path)
    try:
        with open(p, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        doc = parse(p, "{}", exists=False)
        return doc
    except IsADirectoryError:
        raise ShellhooksError(f"{p} is a folder, not a settings file") from None
    except OSError as e:
        raise ShellhooksError(f"cannot read {p}: {e.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise ShellhooksError(f"{p} is larger than {MAX_BYTES} bytes; it was left untouched")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ShellhooksError(f"{p} starts with a byte order mark, which is not valid JSON; it "
                              "was left untouched")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ShellhooksError(f"{p} is not UTF-8 text; it was left untouched") from None
    if not text.strip():
        # An empty file: the edit replaces it by an object (the backup keeps the original).
        doc = parse(p, "{}", exists=True)
        doc.raw = raw
        doc.text = "{}"
        return doc
    doc = parse(p, text)
    doc.raw = raw
    return doc


@dataclass
class EditResult:
    """What update() did."""

    path: Path  # the file written (the symlink's target for a symlink)
    changed: bool
    backup: Path | None = None
    created: bool = False


def _backup(target: Path, raw: bytes, mode: int) -> Path:
    """Save `raw` next to `target`; reuse an identical `.bak`, else a timestamped name."""
    plain = target.with_name(target.name + ".bak")
    candidates = [plain]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidates += [target.with_name(f"{target.name}.bak.{stamp}")]
    candidates += [target.with_name(f"{target.name}.bak.{stamp}-{n}") for n in range(1, 100)]
    for cand in candidates:
        try:
            if cand.read_bytes() == raw:
                return cand
            continue  # a different backup: keep it
        except FileNotFoundError:
            pass
        except OSError:
            continue
        try:
            # O_EXCL|O_NOFOLLOW: never over a file or through a link someone left there;
            # a failed write (disk full) removes the backup again.
            safefile.create_exclusive(os.fspath(cand), raw, mode & 0o777, sync=True)
        except FileExistsError:
            continue
        except OSError as e:
            raise ShellhooksError(f"cannot write the backup {cand}: {e.strerror or e}; "
                                  f"{target} was left untouched") from None
        return cand
    raise ShellhooksError(f"too many backups of {target}; remove some and try again")


def _write_atomic(target: Path, text: str, mode: int | None, owner: tuple[int, int] | None
                  ) -> None:
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if mode is None:
            # What a new file would get with the umask.
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        safefile.write_bytes(os.fspath(target), text.encode("utf-8"), mode=mode & 0o7777,
                             owner=owner, sync=True)
    except OSError as e:
        raise ShellhooksError(f"cannot write {target}: {e.strerror or e}; it was left untouched"
                              ) from None


def update(path: str | os.PathLike[str], change: Callable[[Document], None],
           *, backup: bool = True) -> EditResult:
    """Apply `change` (which calls doc.set / doc.remove) to the file at `path`.

    Nothing is written when the text is unchanged. A symlink is followed (its
    target is replaced, the link kept).
    """
    link = Path(path)
    target = Path(os.path.realpath(link)) if os.path.islink(link) else link
    for _attempt in range(3):
        doc = load(target)
        before = doc.raw
        original = doc.text
        change(doc)
        new_text = doc.text
        if new_text == original:
            return EditResult(path=target, changed=False)
        if not doc.exists or not before.strip():
            new_text += "\n"  # a file we create gets a final newline, like an editor's
        mode = owner = None
        try:
            st = os.stat(target)
            mode, owner = st.st_mode, (st.st_uid, st.st_gid)
        except OSError:
            pass
        # Claude Code may have written the file meanwhile: start again from its new text.
        try:
            now = target.read_bytes() if doc.exists else None
        except OSError:
            now = None
        if now != (before if doc.exists else None):
            continue
        saved = _backup(target, before, mode or 0o600) if backup and doc.exists else None
        _write_atomic(target, new_text, mode, owner)
        return EditResult(path=target, changed=True, backup=saved, created=not doc.exists)
    raise ShellhooksError(f"{target} kept changing while it was being edited; try again")
