"""`shellhooks pin ID [DIR] [--file .envrc]`: write the list id into DIR's `.env` and trust it."""

from __future__ import annotations

import argparse
import os
import re
import sys

from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import clean, shown_id, shown_path, unusable_id

HELP = "write CLAUDE_CODE_TASK_LIST_ID=ID into DIR's .env (or .envrc) and trust it"
DESCRIPTION = (
    "Write CLAUDE_CODE_TASK_LIST_ID=ID into DIR/.env (created if missing). Only that line "
    "changes; every other byte stays. A symlinked .env is followed (not replaced) while it "
    "stays inside DIR; one that leads out of DIR is refused. "
    "With --file .envrc an `export` line goes into .envrc instead. The result is trusted, "
    "so the next prompt uses it. When a file that outranks it sets another id (.envrc over "
    ".env, or a Claude Code settings file, which Claude Code applies over the shell's "
    "value), nothing is written: that file and line are named, exit 1."
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


def outranking(directory: str, filename: str, list_id: str) -> tuple[str, str]:
    """(where, why) of a file that sets another id and outranks DIR's `filename`, so that
    writing there would change nothing; ("", "") when there is none.

    The order is resolve.PROJECT_FILES (settings, then `.envrc`, then `.env`), and Claude
    Code applies any settings file's `env` over the shell's value, the user's
    `~/.claude/settings.json` included (see resolve.claude_layer). A file counts
    whether or not it is trusted: direnv applies an `.envrc` of its own accord, and
    Claude Code reads its settings files without asking shellhooks."""
    from shellhooks import paths
    from shellhooks.resolve import PROJECT_FILES, read_project_file

    above = [(os.path.join(directory, rel), source) for rel, source in PROJECT_FILES]
    above = above[: [rel for rel, _ in PROJECT_FILES].index(filename)]
    above.append((os.path.join(paths.claude_root_str(), "settings.json"), "claude-settings"))
    for path, source in above:
        fv = read_project_file(path, source)
        if fv.id is None or fv.id == list_id:
            continue
        where = f"{clean(path)}:{fv.line}" if fv.line else clean(path)
        what = f"{where} sets {VAR}='{shown_id(fv.id)}'"
        if source == "claude-settings":
            return what, ("Claude Code applies it over the shell's value; change it there "
                          "(or remove it) instead")
        return what, f"it outranks {filename}; use --file {os.path.basename(path)} to write there"
    return "", ""


def pin(list_id: str, directory: str, filename: str = ".env") -> str:
    """Write the id; returns the path written (the symlink's target for a symlink).

    A link is followed only while it stays inside DIR (a cloned project may ship
    `.env -> ../../.gitconfig`); the file is read and replaced through a descriptor of
    its folder opened without following links, so a link swapped in after the check
    cannot redirect the write either."""
    from shellhooks import confined, trust
    from shellhooks.envfiles import parse_env_file
    from shellhooks.resolve import MAX_FILE_BYTES, claim

    if not list_id.strip() or "\0" in list_id:
        raise ShellhooksError("the id must not be empty, only whitespace or contain NUL", 2)
    bad = unusable_id(list_id)
    if bad:
        raise ShellhooksError(f"'{shown_id(list_id)}' cannot reach Claude Code unchanged: {bad}",
                              2)
    if not os.path.isdir(directory):
        raise ShellhooksError(f"{clean(directory)}: not a folder")
    what, why = outranking(directory, filename, list_id)
    if what:
        # Writing would report success while the id in effect stays the other one.
        raise ShellhooksError(f"{what}: nothing written ({why})")
    base = os.path.realpath(directory)
    path = os.path.abspath(os.path.join(directory, filename))
    real = os.path.realpath(path)
    if not confined.inside(base, real) or real == base:
        try:
            link = os.readlink(path)
        except OSError:
            link = real
        raise ShellhooksError(f"{clean(path)} is a link to {clean(link)} ({clean(real)}), "
                              f"outside {clean(base)}; nothing written")
    folder, name = os.path.split(os.path.relpath(real, base))
    try:
        dir_fd = confined.open_folder(base, folder)
    except OSError as e:
        raise ShellhooksError(f"{clean(path)}: cannot open its folder without following a "
                              f"link ({e.strerror}); nothing written") from None
    try:
        try:
            found = confined.read_at(dir_fd, name, MAX_FILE_BYTES)
        except OSError as e:
            raise ShellhooksError(f"{clean(path)} is not a regular file inside "
                                  f"{clean(base)} ({e.strerror}); nothing written") from None
        raw, mode = found if found is not None else (b"", 0o644)
        try:
            old = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ShellhooksError(f"{clean(path)} is not UTF-8 text; edit it by hand") from None
        text = new_content(old, list_id, filename == ".envrc")
        data = text.encode("utf-8")
        got, _, _ = parse_env_file(data)
        if got != list_id:
            raise ShellhooksError(f"{clean(path)}: the id would not read back exactly; "
                                  "file unchanged")
        try:
            # The symlink (if any) stays; its target gets the new content.
            confined.replace_at(dir_fd, name, data, mode)
        except OSError as e:
            raise ShellhooksError(f"{clean(path)}: cannot write: {e.strerror}") from None
    finally:
        os.close(dir_fd)
    trust.allow(path, data)
    claim(os.path.dirname(path), list_id)  # no automatic id elsewhere joins this list
    return real


def run(args: argparse.Namespace) -> int:
    written = pin(args.id, args.dir, args.file)
    print(f"shellhooks: {VAR}='{shown_id(args.id)}' written to {shown_path(written)} and allowed",
          file=sys.stderr)
    return 0
