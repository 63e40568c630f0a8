"""`shellhooks watch [ID|--all] [--once]`: a live view of task lists in the terminal."""

from __future__ import annotations

import argparse
import os
import select
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from shellhooks.errors import ShellhooksError

HELP = "live view of a task list: redraws on every change, one line per change"
DESCRIPTION = (
    "Shows list ID (default: the list id in effect here) or every list with --all, with "
    "owners and blockers, and redraws as soon as any task changes, including a task file "
    "rewritten in place. Each change also gets a line of its own. On a terminal it uses the "
    "whole window until you press q or Ctrl-C; when the output is not a terminal it prints "
    "the list once and then one line per change. --once prints the list once and exits."
)

DEFAULT_INTERVAL = 0.5
# Redraw now and then even when nothing changed, so "updated 3m ago" stays true.
REFRESH_EVERY = 15.0
ENTER_SCREEN = "\x1b[?1049h\x1b[?25l"  # alternate screen, cursor hidden
LEAVE_SCREEN = "\x1b[?25h\x1b[?1049l"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", metavar="ID", help="list id (default: the id in effect)")
    parser.add_argument("--all", action="store_true", help="every list that has tasks")
    parser.add_argument("--once", action="store_true", help="print the view once and exit")
    parser.add_argument(
        "--interval",
        type=float,
        default=DEFAULT_INTERVAL,
        metavar="SECONDS",
        help=f"how often to look for changes (default {DEFAULT_INTERVAL}, at most 0.5)",
    )


# ---------------------------------------------------------------- what is shown


class Target:
    """What is being watched: one list, or every list under the tasks root."""

    def __init__(self, list_id: str | None) -> None:
        self.list_id = list_id

    def signature(self) -> Any:
        from shellhooks import changes, store

        if self.list_id is None:
            return changes.root_signature()
        return changes.signature(store.list_path(self.list_id))

    def read(self) -> list[Any]:
        from shellhooks import store

        if self.list_id is None:
            return sorted(
                (tl for tl in store.iter_lists() if tl.task_files or tl.state == "unreadable"),
                key=lambda tl: -(tl.updated or 0.0),
            )
        return [store.read_list(self.list_id)]


def _header(tl: Any, now: float) -> str:
    from shellhooks import store, textsafe, timefmt

    name = textsafe.clean(store.display_name(tl.id))
    state = tl.state
    if state == "missing":
        return f"{name}: no such list yet (it appears when Claude Code creates a task)"
    if state == "empty":
        return f"{name}: no tasks yet"
    if state == "unreadable":
        reason = tl.problems[0].reason if tl.problems else "unreadable"
        return f"{name}: ? ({textsafe.clean(reason)})"
    if state == "cleared":
        return (
            f"{name}: cleared by Claude Code after all {tl.cleared_count} tasks were completed"
            f" (see `shellhooks history {name}`)"
        )
    c = tl.counts()
    parts = [f"{c['completed']}/{c['total']} done"]
    if c["in_progress"]:
        parts.append(f"{c['in_progress']} in progress")
    if c["blocked"]:
        parts.append(f"{c['blocked']} blocked")
    return f"{name}  {', '.join(parts)}  (updated {timefmt.ago(tl.updated, now)})"


def frame(
    lists: list[Any],
    change_lines: list[str],
    *,
    width: int,
    height: int | None,
    color: bool,
    now: float | None = None,
    footer: str | None = None,
) -> list[str]:
    """The screen as lines, each cut to `width` cells; `height` None means no limit.
    `footer` (the full-screen view's `q to quit`) is the last line, except in a pane
    under 10 lines, where every line is kept for the tasks."""
    from shellhooks import render, textsafe

    now = time.time() if now is None else now
    width = max(width, 10)
    body: list[tuple[str, str | None]] = []  # (plain text, style)
    if not lists:
        body.append(("no task lists with tasks yet", None))
    for i, tl in enumerate(lists):
        if i:
            body.append(("", None))
        body.append((_header(tl, now), "bold"))
        for task in tl.tasks:
            style = {"completed": "done", "in_progress": "active"}.get(task.status)
            if task.status != "completed" and tl.open_blockers(task):
                style = "blocked"
            body.append(("  " + render.task_line(tl, task, color=False), style))
        for p in tl.problems[:3]:
            body.append((f"  ? {textsafe.clean(p.name)}: {textsafe.clean(p.reason)}", "warn"))
    changes: list[tuple[str, str | None]] = []
    if change_lines:
        changes.append(("Changes:", "dim"))
        changes.extend((f"  {line}", None) for line in change_lines)
    if height is not None and height < 10:
        footer = None
    if height is not None and footer:
        height -= 1
    if height is not None:
        room_for_changes = min(len(changes), max(4, height // 3)) if changes else 0
        if room_for_changes < len(changes):
            changes = changes[:1] + changes[len(changes) - room_for_changes + 1 :]
        room = max(1, height - room_for_changes - (1 if changes else 0))
        if len(body) > room:
            hidden = len(body) - room + 1
            body = body[: room - 1] + [(f"  ... {hidden} more lines", "dim")]
    lines = body + ([("", None)] + changes if changes else [])
    if footer:
        lines.append((footer, "dim"))
    out = []
    for text, style in lines:
        cut = textsafe.truncate(text, width - 1)  # never the last column: no auto-wrap
        out.append(render.paint(cut, style, color) if style else cut)
    return out


def _stamp(now: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(now))


class Follower:
    """Reads the target when its signature moves and turns the reads into change lines."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.sig: Any = None
        self.states: dict[str, Any] = {}
        self.lists: list[Any] = []

    def poll(self, first: bool = False) -> list[str] | None:
        """None when nothing moved; else the new change lines (none on the first read)."""
        from shellhooks import changes, paths, store

        sig = self.target.signature()
        if not first and sig == self.sig:
            return None
        self.sig = sig
        self.lists = self.target.read()
        lines: list[str] = []
        now = time.time()
        seen = set()
        for tl in self.lists:
            seen.add(tl.id)
            before = self.states.get(tl.id, {})
            after = changes.task_states(tl, before)
            if not first:
                for ch in changes.diff_states(before, after, cleared=changes.is_cleared(tl)):
                    name = tl.id if self.target.list_id is None else None
                    lines.append(f"{_stamp(now)}  {changes.describe(ch, name)}")
            self.states[tl.id] = after
            _record(tl)
        if self.target.list_id is None and not first:
            # A list that left the --all view (wiped, or its tasks deleted): one last look.
            for name in [n for n in self.states if n not in seen]:
                before = self.states.pop(name)
                tl = store.read_list_dir(os.path.join(paths.tasks_root_str(), name))
                _record(tl)
                after = changes.task_states(tl, before)
                for ch in changes.diff_states(before, after, cleared=changes.is_cleared(tl)):
                    lines.append(f"{_stamp(now)}  {changes.describe(ch, name)}")
        return lines


def _record(tl: Any) -> None:
    from shellhooks import recorder

    try:
        recorder.observe(tl, source="watch")
    except Exception:  # noqa: BLE001 - the journal (a full disk, say) must not stop the view
        pass


# ---------------------------------------------------------------- the terminal


@contextmanager
def _terminal(out: TextIO, fd_in: int | None) -> Iterator[None]:
    """Full-screen mode: alternate screen, no cursor, keys read one by one; always undone."""
    saved = None
    if fd_in is not None:
        import termios
        import tty

        try:
            saved = termios.tcgetattr(fd_in)
            tty.setcbreak(fd_in, termios.TCSANOW)  # ISIG stays on: Ctrl-C still interrupts
        except termios.error:
            saved = None
    out.write(ENTER_SCREEN)
    out.flush()
    try:
        yield
    finally:
        try:
            out.write(LEAVE_SCREEN)
            out.flush()
        except OSError:
            pass  # the terminal is gone (hang-up): nothing to restore on it
        finally:
            if saved is not None and fd_in is not None:
                import termios

                termios.tcsetattr(fd_in, termios.TCSADRAIN, saved)


def _draw(out: TextIO, lines: list[str]) -> None:
    # Home, each line then clear-to-end-of-line, then clear below: no flicker.
    out.write("\x1b[H" + "".join(line + "\x1b[K\r\n" for line in lines[:-1]))
    if lines:
        out.write(lines[-1] + "\x1b[K")
    out.write("\x1b[J")
    out.flush()


def _wait_for_input(fd_in: int | None, timeout: float) -> bytes:
    if fd_in is None:
        time.sleep(timeout)
        return b""
    ready, _, _ = select.select([fd_in], [], [], timeout)
    if not ready:
        return b""
    try:
        return os.read(fd_in, 64)
    except OSError:
        return b""


class _Stop(Exception):
    pass


def _on_term(_signum: int, _frame: object) -> None:
    raise _Stop


def live(target: Target, interval: float, out: TextIO) -> int:
    """The full-screen view; returns when the user presses q or Ctrl-C."""
    import shutil

    from shellhooks import textsafe

    color = textsafe.use_color(out)
    fd_in = sys.stdin.fileno() if sys.stdin is not None and sys.stdin.isatty() else None
    follower = Follower(target)
    log: list[str] = []
    follower.poll(first=True)
    previous = signal.signal(signal.SIGTERM, _on_term)
    hup = signal.signal(signal.SIGHUP, _on_term)
    try:
        with _terminal(out, fd_in):
            size = None
            last_draw = 0.0
            dirty = True
            while True:
                new_size = shutil.get_terminal_size()
                if new_size != size:
                    size, dirty = new_size, True
                if time.monotonic() - last_draw > REFRESH_EVERY:
                    dirty = True
                if dirty:
                    lines = frame(
                        follower.lists, log[-200:],
                        width=size.columns, height=size.lines, color=color,
                        # Keys are read only from a terminal; Ctrl-C always works.
                        footer="q to quit" if fd_in is not None else "Ctrl-C to quit",
                    )
                    _draw(out, lines)
                    last_draw, dirty = time.monotonic(), False
                keys = _wait_for_input(fd_in, interval)
                if keys and keys[:1] in (b"q", b"Q", b"\x04"):
                    break
                moved = follower.poll()
                if moved is not None:
                    log.extend(moved)
                    dirty = True
    except (KeyboardInterrupt, _Stop):
        pass
    except OSError:
        return 0  # the terminal went away (EIO after a hang-up)
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGHUP, hup)
    # The changes seen stay in the scrollback once the full-screen view is gone.
    try:
        for line in log:
            out.write(line + "\n")
        out.flush()
    except OSError:
        pass
    return 0


def stream(target: Target, interval: float, out: TextIO) -> int:
    """Not a terminal: the view once, then one line per change until interrupted."""
    follower = Follower(target)
    follower.poll(first=True)
    for line in frame(follower.lists, [], width=10_000, height=None, color=False):
        out.write(line + "\n")
    out.flush()
    previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        while True:
            time.sleep(interval)
            for line in follower.poll() or []:
                out.write(line + "\n")
                out.flush()
    except (KeyboardInterrupt, _Stop):
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(args: argparse.Namespace) -> int:
    import shutil

    from shellhooks import journal, textsafe

    if args.all and args.id:
        raise ShellhooksError("give a list ID or --all, not both")
    list_id = None if args.all else (args.id or journal.id_in_effect())
    if not args.all and not list_id:
        raise ShellhooksError("no task list id in effect here; give one (watch ID) or use --all")
    if not 0 < args.interval <= DEFAULT_INTERVAL:
        raise ShellhooksError(f"--interval must be more than 0 and at most {DEFAULT_INTERVAL}")
    target = Target(list_id)
    out = sys.stdout
    if args.once:
        follower = Follower(target)
        follower.poll(first=True)
        tty = out.isatty()
        width = shutil.get_terminal_size().columns if tty else 10_000
        for line in frame(
            follower.lists, [], width=width, height=None, color=textsafe.use_color(out)
        ):
            out.write(line + "\n")
        return 0
    if out.isatty():
        return live(target, args.interval, out)
    return stream(target, args.interval, out)
