"""`shellhooks pin ID [DIR] [--file .envrc]`: write the list id into DIR's `.env` and trust it."""

from __future__ import annotations

import argparse
import os
import re
import stat
import sys

from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import clean

HELP = "write CLAUDE_CODE_TASK_LIST_ID=ID into DIR's .env (or .envrc) and trust it"
DESCRIPTION = (
    "Write CLAUDE_CODE_TASK_LIST_ID=ID into DIR/.env (created if missing). Only that line "
    "changes; every other byte stays. A symlinked .env is followed, not replaced. "
    "With --file .envrc an `export` line goes into .envrc instead. The result is trusted, "
    "so the next prompt uses it."
)

VAR = "CLAUDE_CODE_TASK_LIST_ID"
_BARE = re.compile(r"[A-Za-z0-9_.:/@+,%=-]+")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the task list id")
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR",
                        help="the project folder (default: here)")
    parser.add_argument("--file", choices=(".env", ".envrc"), default=".env",
                        help="which file to write (default: .env)")


def format_value(list_id: str, envrc: bool) -> str:
    """`list_id` quoted so that python-dotenv (and, for .envrc, a shell) reads it back."""
    if _BARE.fullmatch(list_id):
        return list_id
    if envrc:
        # .envrc is shell code for direnv: single quotes, in which nothing is expanded.
        if any(c in list_id for c in "'\\\n\r"):
            raise ShellhooksError(
                "an id with a quote, backslash or newline cannot be written into .envrc; "
                "use .env"
            )
        return f"'{list_id}'"
    escaped = (list_id.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def new_content(old: str, list_id: str, envrc: bool) -> str:
    """`old` with the variable's (last) assignment replaced, or a line appended."""
    import io

    from dotenv.parser import parse_stream

    line = f"{'export ' if envrc else ''}{VAR}={format_value(list_id, envrc)}"
    offset = 0
    where: tuple[int, str] | None = None
    for binding in parse_stream(io.StringIO(old)):
        chunk = binding.original.string
        if binding.key == VAR:
            where = (offset, chunk)
        offset += len(chunk)
    if where is None:
        sep = "" if old == "" or old.endswith("\n") else "\n"
        return f"{old}{sep}{line}\n"
    start, chunk = where
    body = chunk.rstrip("\r\n")
    ending = chunk[len(body):]
    if not envrc and re.match(r"\s*export\s", body):
        line = "export " + line
    indent = body[: len(body) - len(body.lstrip())]
    return old[:start] + indent + line + ending + old[start + len(chunk):]


def pin(list_id: str, directory: str, filename: str = ".env") -> str:
    """Write the id; returns the path written (the symlink's target for a symlink)."""
    from shellhooks import trust
    from shellhooks.resolve import parse_env_file

    if not list_id.strip() or "\0" in list_id:
        raise ShellhooksError("the id must not be empty, only whitespace or contain NUL", 2)
    if not os.path.isdir(directory):
        raise ShellhooksError(f"{directory}: not a folder")
    path = os.path.abspath(os.path.join(directory, filename))
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            raise ShellhooksError(f"{path} is not a regular file")
        with open(real, "rb") as f:
            raw = f.read()
        mode = stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        raw, mode = b"", 0o644
    except OSError as e:
        raise ShellhooksError(f"{path}: cannot read: {e.strerror}") from None
    try:
        old = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ShellhooksError(f"{path} is not UTF-8 text; edit it by hand") from None
    text = new_content(old, list_id, filename == ".envrc")
    data = text.encode("utf-8")
    got, _, _ = parse_env_file(data)
    if got != list_id:
        raise ShellhooksError(f"{path}: the id would not read back exactly; file unchanged")
    tmp = os.path.join(os.path.dirname(real), f".{os.path.basename(real)}.shellhooks-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, real)  # the symlink (if any) stays; its target gets the new content
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ShellhooksError(f"{path}: cannot write: {e.strerror}") from None
    trust.allow(path, data)
    return real


def run(args: argparse.Namespace) -> int:
    written = pin(args.id, args.dir, args.file)
    print(f"shellhooks: {VAR}={clean(args.id)} written to {clean(written)} and allowed",
          file=sys.stderr)
    return 0
