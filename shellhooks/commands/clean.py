"""`shellhooks clean`: remove, or archive, old, empty or cleared task lists.

Safety rules: a list that a running Claude Code session may be using, or that
changed in the last ten minutes, is never touched (and the reason is printed).
On a terminal the user is asked first unless `--yes`; with no terminal and no
`--yes` nothing is changed and the exit code is 2.
"""

from __future__ import annotations

import argparse
import errno
import filecmp
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from shellhooks import paths, sessions, store, timefmt
from shellhooks.errors import ShellhooksError
from shellhooks.textsafe import clean as safe

HELP = "remove or archive old, empty or cleared task lists"
DESCRIPTION = (
    "Remove (or move into --archive DIR) the task lists that match: not changed for "
    "--older-than DAYS days, --empty (nothing but the lock file), or --cleared (finished and "
    "wiped by Claude Code). --empty and --cleared add to each other; --older-than narrows "
    "them. Lists in use by a running Claude Code session, or changed in the last 10 minutes, "
    "are never touched."
)

RECENT_SECONDS = 600  # "changed in the last 10 minutes"
LOCK_DIR = ".lock.lock"  # the list lock Claude Code takes (proper-lockfile, mkdir)
STALE_LOCK_SECONDS = 10  # proper-lockfile's staleness


def _days(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if not (value >= 0) or value == float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the `clean` options."""
    parser.add_argument("--older-than", type=_days, metavar="DAYS",
                        help="lists not changed for DAYS days")
    parser.add_argument("--empty", action="store_true",
                        help="lists with no tasks (only Claude Code's lock file)")
    parser.add_argument("--cleared", action="store_true",
                        help="lists Claude Code finished and wiped (only .highwatermark left)")
    parser.add_argument("--archive", metavar="DIR",
                        help="move the lists into DIR instead of removing them")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be done and change nothing")
    parser.add_argument("--yes", action="store_true", help="do not ask before acting")


@dataclass
class Candidate:
    """A list that matches the criteria."""

    tl: store.TaskList
    skip: str | None = None  # why it is left alone

    @property
    def name(self) -> str:
        return safe(store.display_name(self.tl.path.name))

    def describe(self, now: float) -> str:
        """`NAME (state, N tasks, changed 40d ago)`."""
        tl = self.tl
        if tl.state == "cleared":
            what = f"cleared, {tl.cleared_count} tasks"
        elif tl.state == "empty":
            what = "empty"
        else:
            n = tl.counts()["total"]
            what = f"{n} task{'s' if n != 1 else ''}"
        return f"{self.name} ({what}, changed {timefmt.ago(tl.updated, now)})"


def matches(tl: store.TaskList, args: argparse.Namespace, now: float) -> bool:
    """Whether a list meets the criteria given on the command line."""
    if tl.state not in ("active", "empty", "cleared"):
        return False  # unreadable or vanished: nothing we can judge
    if args.empty or args.cleared:
        wanted = {s for s, on in (("empty", args.empty), ("cleared", args.cleared)) if on}
        if tl.state not in wanted:
            return False
    if args.older_than is not None:
        if tl.updated is None or now - tl.updated < args.older_than * 86400:
            return False
    return True


def newest_mtime(folder: Path) -> float | None:
    """The newest mtime of the folder and anything directly in it (locks and temp files too)."""
    try:
        newest = os.lstat(folder).st_mtime
        with os.scandir(folder) as it:
            for entry in it:
                try:
                    newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
                except OSError:
                    continue
    except OSError:
        return None
    return newest


def safety_reason(tl: store.TaskList, in_use: dict[str, int], unknown_pids: list[int],
                  now: float) -> str | None:
    """Why a matching list must be left alone, or None when it may go."""
    name = tl.path.name
    if name in in_use:
        return f"in use by a running Claude Code session (pid {in_use[name]})"
    if store.is_session_id(name) and unknown_pids:
        pids = ", ".join(str(p) for p in unknown_pids)
        return f"a running Claude Code session whose list is unknown may use it (pid {pids})"
    if os.path.islink(tl.path):
        return "the list folder is a symlink"
    newest = newest_mtime(tl.path)
    if newest is None:
        return "cannot read the folder"
    if now - newest < RECENT_SECONDS:
        return f"changed {timefmt.ago(newest, now)} (less than 10 minutes)"
    return None


def _running() -> tuple[dict[str, int], list[int]]:
    """Folder names in use (-> a pid using it) and pids of our sessions with an unknown list."""
    in_use: dict[str, int] = {}
    unknown: list[int] = []
    me = os.getuid()
    for s in sessions.running_sessions():
        for folder in s.list_folders():
            in_use.setdefault(folder, s.pid)
        if not s.list_known and (s.uid is None or s.uid == me):
            unknown.append(s.pid)
    return in_use, unknown


def archive_target(archive: Path, name: str) -> Path:
    """A free path for `name` in the archive folder (`name`, `name.2`, `name.3`, ...)."""
    target = archive / name
    n = 2
    while os.path.lexists(target):
        target = archive / f"{name}.{n}"
        n += 1
    return target


def _same_tree(a: Path, b: Path) -> bool:
    """True when `b` holds the same names, file contents and symlinks as `a` (locks aside)."""
    def walk(root: Path) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != LOCK_DIR or dirpath != str(root)]
            for n in dirnames + filenames:
                full = os.path.join(dirpath, n)
                rel = os.path.relpath(full, root)
                if os.path.islink(full):
                    out[rel] = ("link", os.readlink(full))
                elif os.path.isdir(full):
                    out[rel] = ("dir", "")
                else:
                    out[rel] = ("file", str(os.path.getsize(full)))
        return out

    left, right = walk(a), walk(b)
    if left != right:
        return False
    return all(filecmp.cmp(a / rel, b / rel, shallow=False)
               for rel, (kind, _) in left.items() if kind == "file")


def move_list(src: Path, dest: Path) -> None:
    """Move a list folder: a rename on the same filesystem, else copy, verify, remove."""
    try:
        os.rename(src, dest)
        return
    except OSError as e:
        if e.errno != errno.EXDEV:
            raise
    partial = dest.with_name(f".{dest.name}.partial")
    if os.path.lexists(partial):
        shutil.rmtree(partial)

    def ignore(directory: str, names: list[str]) -> list[str]:
        return [LOCK_DIR] if Path(directory) == src and LOCK_DIR in names else []

    try:
        shutil.copytree(src, partial, symlinks=True, ignore=ignore)
        if not _same_tree(src, partial):
            raise OSError(errno.EIO, "the copy differs from the original")
        os.rename(partial, dest)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    shutil.rmtree(src)


def _take_lock(folder: Path, now: float) -> bool:
    """Take Claude Code's list lock so no task is created while the list goes away."""
    lock = folder / LOCK_DIR
    try:
        os.mkdir(lock)
        return True
    except FileExistsError:
        try:
            if now - os.stat(lock).st_mtime > STALE_LOCK_SECONDS:
                return True  # stale: a crashed writer; the list is going anyway
        except OSError:
            pass
        return False


def _release_lock(folder: Path) -> None:
    try:
        os.rmdir(folder / LOCK_DIR)
    except OSError:
        pass


def _confirm(prompt: str) -> bool:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    """Find matching lists, apply the safety rules, ask, then remove or archive."""
    if not (args.empty or args.cleared or args.older_than is not None):
        raise ShellhooksError("say what to clean: --older-than DAYS, --empty and/or --cleared",
                              exit_code=2)
    archive: Path | None = None
    root = Path(paths.tasks_root_str())
    if args.archive is not None:
        archive = Path(args.archive).expanduser().absolute()
        try:
            inside = archive.resolve().is_relative_to(root.resolve())
        except OSError:
            inside = False
        if inside:
            raise ShellhooksError("the archive folder must not be inside the tasks folder "
                                  f"({safe(store.display_name(str(root)))})")
        if os.path.exists(archive) and not os.path.isdir(archive):
            raise ShellhooksError(f"not a folder: {safe(store.display_name(str(archive)))}")

    now = time.time()
    found = [Candidate(tl) for tl in store.iter_lists() if matches(tl, args, now)]
    found.sort(key=lambda c: store.display_name(c.tl.path.name))
    out = sys.stdout
    if found:
        in_use, unknown = _running()
        for c in found:
            c.skip = safety_reason(c.tl, in_use, unknown, now)
    todo = [c for c in found if c.skip is None]
    for c in found:
        if c.skip:
            out.write(f"skipped {c.name}: {c.skip}\n")
    if not todo:
        out.write("nothing to clean\n")
        return 0

    verb = "archive" if archive else "remove"
    where = f" into {safe(store.display_name(str(archive)))}" if archive else ""
    if args.dry_run:
        for c in todo:
            out.write(f"would {verb} {c.describe(now)}\n")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise ShellhooksError(
                f"{len(todo)} list{'s' if len(todo) != 1 else ''} to {verb}; not asking "
                "without a terminal: add --yes to go ahead, or --dry-run to see them",
                exit_code=2,
            )
        for c in todo:
            out.write(f"  {c.describe(now)}\n")
        out.flush()
        n = len(todo)
        if not _confirm(f"{verb.capitalize()} {n} list{'s' if n != 1 else ''}{where}? [y/N] "):
            out.write("nothing changed\n")
            return 0

    if archive is not None:
        archive.mkdir(parents=True, exist_ok=True)
    failed = 0
    for c in todo:
        folder = c.tl.path
        # Look again right before acting: a session may have started writing meanwhile.
        fresh = store.read_list_dir(folder)
        newest = newest_mtime(folder)
        if not matches(fresh, args, time.time()) or newest is None or \
                time.time() - newest < RECENT_SECONDS:
            out.write(f"skipped {c.name}: changed while cleaning\n")
            continue
        if not _take_lock(folder, time.time()):
            out.write(f"skipped {c.name}: Claude Code is writing to it\n")
            continue
        try:
            if archive is not None:
                dest = archive_target(archive, folder.name)
                move_list(folder, dest)
                _release_lock(dest)
                out.write(f"archived {c.name} -> {safe(store.display_name(str(dest)))}\n")
            else:
                shutil.rmtree(folder)
                out.write(f"removed {c.name}\n")
        except OSError as e:
            _release_lock(folder)
            failed += 1
            print(f"shellhooks: could not {verb} {c.name}: {safe(e.strerror or e)}",
                  file=sys.stderr)
    return 1 if failed else 0
