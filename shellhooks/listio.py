"""Taking a task list elsewhere and back: a Markdown checklist or Claude-shaped JSON.

`export_markdown` writes one checklist item per task:

    - [x] Set up dashboard route
    - [ ] Auth endpoint _(in progress; @alice)_
    - [ ] Run tests _(blocked by #2)_
      The description, indented under its task.

Task text comes from files a model wrote, so it is escaped, never passed through:
Markdown's punctuation gets a backslash (no link, image, HTML or emphasis can be
injected) and control, format and line-separator characters become character
references (`&#x1b;`), so the checklist shows no escape sequence and renders as one
item per task. `parse_markdown` reads exactly that back (and any plain checklist
typed by hand); `export_json`/`parse_json` carry every field.

`append_tasks` writes tasks into a list folder the way Claude Code creates them:
under its list lock, with new ids after the highest file id and `.highwatermark`,
blockers remapped, each file written under a temporary name and linked into place,
never through a link. Nothing read from a file is ever executed or evaluated.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

from shellhooks import listlock, snapshot, store
from shellhooks.errors import ShellhooksError
from shellhooks.jsonlite import shallow

MAX_IMPORT_BYTES = 8 << 20
MAX_IMPORT_TASKS = 10_000
MAX_NESTING = 100  # JSON levels in a task; Python's readers stop near 1000, less when deep
# CommonMark's inline punctuation that could start a link, image, HTML, code or emphasis,
# a table cell or strike-through, or a character reference; `;` and `)` end a mark.
_ESCAPE = set("\\`*_[]<>&|~!;)#")
_MARK_NAMES = {"pending": "", "in_progress": "in progress", "completed": ""}


def _hidden(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn")


def escape(text: str, line_start: bool = False) -> str:
    """`text` as inline Markdown that shows exactly its characters; `line_start`: it
    starts a line, where no heading, list item, quote or rule may begin either."""
    out = []
    last = len(text) - 1
    number = re.match(r"[0-9]+\.", text) if line_start else None
    for i, ch in enumerate(text):
        if ch in _ESCAPE or (line_start and i == 0 and ch in "-+=") \
                or (number and i == number.end() - 1):
            out.append("\\" + ch)
        elif _hidden(ch) or (ch == " " and i in (0, last)):
            out.append(f"&#x{ord(ch):x};")  # spaces at either end would be trimmed
        else:
            out.append(ch)
    return "".join(out)


_REF = re.compile(r"&#[xX]([0-9a-fA-F]{1,6});|&#([0-9]{1,7});")


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(character, literal) pairs: an escaped or referenced character is literal."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and not text[i + 1].isalnum():
            out.append((text[i + 1], True))
            i += 2
            continue
        if ch == "&":
            m = _REF.match(text, i)
            if m:
                code = int(m[1], 16) if m[1] else int(m[2])
                if code <= 0x10FFFF:
                    out.append((chr(code), True))
                    i = m.end()
                    continue
        out.append((ch, False))
        i += 1
    return out


def unescape(text: str) -> str:
    """The characters `escape` wrote (and plain text as it is)."""
    return "".join(ch for ch, _ in _tokens(text))


# ---------------------------------------------------------------- export


def read_task_texts(folder: Path) -> dict[str, str]:
    """{id: exact text} of every task file of a list folder, by numeric id (a file being
    written is retried, then left out)."""
    tl = store.read_list_dir(folder)
    out = {}
    for task in getattr(tl, "_all", tl.tasks):
        got = snapshot.read_task_text(os.path.join(folder, f"{task.id}.json"))
        if got is not None:
            out[task.id] = got[0]
    return out


def read_tasks(folder: Path) -> list[dict[str, Any]]:
    """Every task of a list folder as the JSON object of its file, by numeric id."""
    out = []
    for tid, text in read_task_texts(folder).items():
        obj = json.loads(text)
        if isinstance(obj, dict):
            obj["id"] = tid  # the file name is the id Claude Code uses
            out.append(obj)
    return out


def _visible(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for t in tasks
            if not (isinstance(t.get("metadata"), dict) and t["metadata"].get("_internal"))]


def export_json(tasks: list[dict[str, Any]]) -> str:
    """A JSON array of the (visible) tasks, each as Claude Code writes it."""
    return json.dumps(_visible(tasks), indent=2, ensure_ascii=True) + "\n"


def export_markdown(tasks: list[dict[str, Any]]) -> str:
    """The (visible) tasks as a Markdown checklist (see the module docstring)."""
    lines = []
    for position, t in enumerate(_visible(tasks), start=1):
        status = t.get("status")
        box = "x" if status == "completed" else " "
        mark = []
        if str(t.get("id")) != str(position):
            mark.append(f"#{t.get('id')}")
        if _MARK_NAMES.get(str(status)):
            mark.append(_MARK_NAMES[str(status)])
        owner = t.get("owner")
        if isinstance(owner, str) and owner:
            mark.append("@" + escape(owner))
        blocked = [b for b in t.get("blockedBy") or [] if isinstance(b, str) and b.isdigit()]
        if blocked:
            mark.append("blocked by " + " ".join(f"#{b}" for b in blocked))
        subject = str(t.get("subject", ""))
        line = f"- [{box}] {escape(subject)}".rstrip(" ")
        if mark:
            line += f" _({'; '.join(mark)})_"
        lines.append(line)
        description = t.get("description")
        if isinstance(description, str) and description and description != subject:
            for text in description.split("\n"):
                lines.append(f"  {escape(text, line_start=True)}" if text else "")
    return "\n".join(lines) + ("\n" if lines else "")


# ---------------------------------------------------------------- import


def read_import_file(path: str) -> bytes:
    """The bytes of the file to import: a regular file (never a FIFO or device that would
    block or never end), at most MAX_IMPORT_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        raise ShellhooksError(f"cannot read {_shown(path)}: {e.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ShellhooksError(f"{_shown(path)} is not a regular file")
        data = os.read(fd, MAX_IMPORT_BYTES + 1)
    except OSError as e:
        if e.errno == errno.EISDIR:
            raise ShellhooksError(f"{_shown(path)} is not a regular file") from None
        raise ShellhooksError(f"cannot read {_shown(path)}: {e.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_IMPORT_BYTES:
        raise ShellhooksError(f"{_shown(path)} is larger than {MAX_IMPORT_BYTES >> 20} MiB; "
                              "nothing imported")
    return data


def _shown(path: str) -> str:
    from shellhooks.textsafe import shown_path

    return shown_path(path)


_ITEM = re.compile(r"^[-*+] \[([ xX])\] ?(.*)$")


def _split_mark(rest: str) -> tuple[str, list[str]]:
    """(subject, mark parts) of an item's text: the mark is the trailing ` _(...)_` whose
    `_` is not escaped."""
    tokens = _tokens(rest)
    for i in range(len(tokens) - 1, -1, -1):
        ch, literal = tokens[i]
        if ch == "_" and not literal and i + 1 < len(tokens) and tokens[i + 1] == ("(", False) \
                and tokens[-2:] == [(")", False), ("_", False)] and i + 1 < len(tokens) - 2:
            inner = tokens[i + 2:-2]
            parts: list[str] = []
            current: list[str] = []
            for c, lit in inner:
                if c == ";" and not lit:
                    parts.append("".join(current).strip())
                    current = []
                else:
                    current.append(c)
            parts.append("".join(current).strip())
            subject = "".join(c for c, _ in tokens[:i]).rstrip(" ")
            return subject, parts
    return "".join(c for c, _ in tokens), []


def parse_markdown(text: str) -> list[dict[str, Any]]:
    """The tasks of a Markdown checklist (`- [ ]`/`- [x]` items; lines indented under an
    item are its description; other lines are ignored). Ids are the items' positions
    unless a mark names one (`#7`)."""
    tasks: list[dict[str, Any]] = []
    description: list[str] = []
    in_item = False

    def close() -> None:
        if tasks:
            while description and not description[-1]:
                description.pop()
            if description:
                tasks[-1]["description"] = "\n".join(description)
        description.clear()

    for line in text.split("\n"):
        line = line.rstrip("\r")
        m = _ITEM.match(line)
        if m:
            close()
            in_item = True
            subject, parts = _split_mark(m[2])
            task: dict[str, Any] = {"id": str(len(tasks) + 1), "subject": subject,
                                    "description": subject,
                                    "status": "completed" if m[1] in "xX" else "pending",
                                    "blocks": [], "blockedBy": []}
            for part in parts:
                if re.fullmatch(r"#[1-9][0-9]{0,17}", part):
                    task["id"] = part[1:]
                elif part == "in progress" and task["status"] == "pending":
                    task["status"] = "in_progress"
                elif part.startswith("@") and len(part) > 1:
                    task["owner"] = part[1:]
                elif part.startswith("blocked by "):
                    task["blockedBy"] = re.findall(r"#([1-9][0-9]{0,17})\b", part)
            tasks.append(task)
        elif in_item and (line.startswith("  ") or not line.strip()):
            description.append(unescape(line[2:]) if line.strip() else "")
        else:
            close()  # other text ends the item: what follows is not its description
            in_item = False
    close()
    by_id = {t["id"]: t for t in tasks}
    listed: dict[str, set[str]] = {}  # the `blocks` of each id, to test in constant time
    for t in tasks:  # Claude Code keeps both sides of a blocker
        for b in t["blockedBy"]:
            have = listed.setdefault(b, set())
            if b in by_id and t["id"] not in have:
                have.add(t["id"])
                by_id[b]["blocks"].append(t["id"])
    return tasks


_OPTIONAL_STR = ("activeForm", "owner")


def parse_json(data: str) -> list[dict[str, Any]]:
    """The tasks of a JSON array of Claude-shaped task objects (or `{"tasks": [...]}`),
    each checked field by field; only the fields Claude Code knows are kept."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        raise ShellhooksError("not valid JSON; nothing imported") from None
    if isinstance(doc, dict) and isinstance(doc.get("tasks"), list):
        doc = doc["tasks"]
    if not isinstance(doc, list):
        raise ShellhooksError("the JSON is not an array of tasks; nothing imported")
    tasks = []
    for n, obj in enumerate(doc, start=1):
        if not isinstance(obj, dict) or not isinstance(obj.get("subject"), str) \
                or obj.get("status") not in store.STATUSES:
            raise ShellhooksError(f"task {n} of the file has no subject or no status "
                                  "(pending, in_progress, completed); nothing imported")
        tid = obj.get("id")
        task: dict[str, Any] = {
            "id": str(tid) if snapshot.task_file_name(str(tid)) else str(n),
            "subject": obj["subject"],
            "description": obj["description"] if isinstance(obj.get("description"), str)
            else obj["subject"],
        }
        for key in _OPTIONAL_STR:
            if isinstance(obj.get(key), str):
                task[key] = obj[key]
        task["status"] = obj["status"]
        for key in ("blocks", "blockedBy"):
            value = obj.get(key)
            task[key] = [str(b) for b in value if isinstance(b, str | int)
                         and not isinstance(b, bool)] if isinstance(value, list) else []
        if isinstance(obj.get("metadata"), dict):
            task["metadata"] = obj["metadata"]
        text = _task_text(task)
        _, problem, _ = store.parse_task(text, task["id"])
        if problem is None and "metadata" in task \
                and shallow(text.decode("utf-8"), MAX_NESTING) != text.decode("utf-8"):
            problem = f"metadata nested deeper than {MAX_NESTING} levels"
        if problem:  # a task that shellhooks' own readers (deeper in a stack) would not see
            raise ShellhooksError(f"task {n} of the file would be unreadable ({problem}); "
                                  "nothing imported")
        tasks.append(task)
    return tasks


def parse_file(path: str, data: bytes) -> list[dict[str, Any]]:
    """The tasks of a file to import: JSON when it starts with `[` or `{`, else Markdown."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ShellhooksError(f"{_shown(path)} is not UTF-8 text; nothing imported") from None
    text = text.removeprefix("\ufeff")
    tasks = parse_json(text) if text.lstrip()[:1] in ("[", "{") else parse_markdown(text)
    if len(tasks) > MAX_IMPORT_TASKS:
        raise ShellhooksError(f"{_shown(path)} holds more than {MAX_IMPORT_TASKS} tasks; "
                              "nothing imported")
    return tasks


# ---------------------------------------------------------------- writing


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _task_text(task: dict[str, Any]) -> bytes:
    # Claude Code's key order and format: 2-space indent, no trailing newline.
    order = ("id", "subject", "description", "activeForm", "owner", "status", "blocks",
             "blockedBy", "metadata")
    obj = {k: task[k] for k in order if k in task}
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    # A lone surrogate (`"\ud800"` in an import file) as JSON.stringify writes it: an
    # escape. Raw, its bytes are not UTF-8, and no reader of the list would see the task.
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text).encode("utf-8")


def renumber(tasks: list[dict[str, Any]], first: int) -> tuple[list[dict[str, Any]],
                                                                 dict[str, str]]:
    """Copies of `tasks` with ids `first`, `first`+1, ... in their order and `blocks` and
    `blockedBy` remapped (a blocker that is not among `tasks` is dropped); and the map of
    old id to new id."""
    mapping: dict[str, str] = {}
    for n, t in enumerate(tasks):
        mapping.setdefault(str(t.get("id")), str(first + n))
    out = []
    for n, t in enumerate(tasks):
        copy = dict(t)
        copy["id"] = str(first + n)
        for key in ("blocks", "blockedBy"):
            # dict.fromkeys: each once, in order, in linear time (a file may repeat one
            # blocker a million times; this runs under Claude Code's list lock).
            news = (mapping.get(str(b)) for b in t.get(key) or [])
            copy[key] = [n for n in dict.fromkeys(news) if n is not None and n != copy["id"]]
        out.append(copy)
    return out, mapping


def _highest(dir_fd: int) -> int:
    """The larger of the highest task file id and `.highwatermark` (Claude Code's base)."""
    from shellhooks import confined

    high = 0
    for name in os.listdir(dir_fd):
        if store.is_task_file_name(name) and len(name) < 24:
            high = max(high, int(name[:-5]))
    try:
        found = confined.read_at(dir_fd, ".highwatermark", 64)
    except OSError:
        found = None
    mark = found[0].strip() if found else b""
    if mark.isdigit() and len(mark) < 19:
        high = max(high, int(mark))
    return high


def highest_id(folder: Path) -> int:
    """The id after which Claude Code (and append_tasks) numbers new tasks of `folder`."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return 0
    try:
        return _highest(dir_fd)
    finally:
        os.close(dir_fd)


def append_tasks(folder: Path, tasks: list[dict[str, Any]], *, append: bool,
                 timeout: float = 5.0) -> list[str]:
    """Write `tasks` into the list `folder` (created if missing) under Claude Code's list
    lock, numbered after the highest id and `.highwatermark`, blockers remapped. Without
    `append`, listlock.HasTasks (nothing written) when the list holds tasks. Each file is
    created under a temporary name and linked into place (never over a file that is
    there), inside the folder, never through a link (listlock.NotInside for a folder
    leading out of the tasks folder). Returns the new ids, in the order of `tasks`."""
    from shellhooks import confined

    dir_fd = listlock.open_for_writing(folder)
    try:
        with listlock.claude_list_lock(dir_fd, timeout) as lock:
            if not append:
                listlock.refuse_if_tasks(dir_fd)
            numbered, _mapping = renumber(tasks, _highest(dir_fd) + 1)
            written: list[str] = []
            try:
                for task in numbered:
                    lock.refresh()
                    name = f"{task['id']}.json"
                    data = _task_text(task)
                    # Never over a file that is there: Claude Code may have created
                    # this id after taking over a lock it judged stale (this process
                    # stopped with Ctrl-Z, say); the copy then stops, removing its own.
                    confined.create_at(dir_fd, name, data)
                    written.append(name)
                    # Read back: the copy is what Claude Code will read, byte for byte.
                    back = confined.read_at(dir_fd, name, len(data))
                    if back is None or back[0] != data:
                        raise OSError(errno.EIO, "the copy read back differs", name)
            except BaseException:
                # Half-way: the files written here go again (all ids are new, so they
                # are ours), and the list is as it was.
                for name in written:
                    try:
                        os.unlink(name, dir_fd=dir_fd)
                    except OSError:
                        pass
                raise
    finally:
        os.close(dir_fd)
    return [t["id"] for t in numbered]


def remove_tasks(folder: Path, expected: dict[str, bytes], timeout: float = 5.0) -> list[str]:
    """Delete the task files of `folder` named in `expected` (file name: bytes) whose
    content is still exactly that, under Claude Code's list lock, raising `.highwatermark`
    first as Claude Code does when it deletes (so an id is never issued twice). Unlinks
    names inside the folder only (a link is removed as a link). Returns the names kept
    because they changed since they were read (or Claude Code kept updating them)."""
    from shellhooks import confined

    dir_fd = listlock.open_list_folder(folder)
    kept: list[str] = []
    try:
        with listlock.claude_list_lock(dir_fd, timeout) as lock:
            high = _highest(dir_fd)
            if high:
                confined.replace_at(dir_fd, ".highwatermark", str(high).encode())
            for name, data in expected.items():
                lock.refresh()
                try:
                    # Claude Code updates a task under `N.json.lock` only: without it, an
                    # update between the check and the unlink would bring the file back
                    # (the task then in both lists) or be lost.
                    with listlock.claude_list_lock(dir_fd, timeout, name=name + ".lock"):
                        found = confined.read_at(dir_fd, name, len(data))
                        if found is not None and found[0] == data:
                            os.unlink(name, dir_fd=dir_fd)
                            continue
                except (OSError, listlock.ListLocked):
                    pass
                kept.append(name)
    finally:
        os.close(dir_fd)
    return kept
