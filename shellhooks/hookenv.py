"""`shellhooks hook-env`: the one process the hook runs, when something changed.

Called by the hook as `hook-env SHELL TOKEN KEY DIR WARNED CTX` (no argparse: this is the
hot path). It resolves the id for DIR, reads the list for the prompt segment, and
prints shell code that the hook evaluates: the cache key and a cache entry (the id to
export, the segment, and a `__shellhooks_fresh` test over every file the answer
depends on, compared with a stamp file whose mtime is the time before anything was
read). One-time warnings (blocked file, near-miss id, bad config) are printed to
stderr by that code.

KEY is the nearest folder (from DIR up) holding a marker (`.git`, `.env`, `.envrc`,
`.claude`), or "" for none: the answer is the same for every folder below KEY unless
a config rule could match one of them, in which case the entry is cached for DIR
alone. TOKEN is unused (`-`; older hooks passed a per-shell token). WARNED lists
what was already warned about in this shell, one item a line. CTX is the hook's
summary of the environment the answer depends on (Claude Code's and the XDG folders,
colour or not); it is stored in the entry, and a shell whose CTX differs does not use
it.

Each answer is also stored in `$XDG_CACHE_HOME/shellhooks/entries/<shell>/`, named
after its cache key, unless it carries a warning or is for a hand-set value: a shell
that has not seen a project yet reads it there (a builtin `read`, no process) and uses
it when its freshness test passes. So a project costs one process per change on this
machine, not one per shell.
"""

from __future__ import annotations

import os
import sys
import time

from shellhooks import paths

VAR = "CLAUDE_CODE_TASK_LIST_ID"
# File timestamps come from the kernel's coarse clock, which can lag time.time() by a
# tick; dating the stamp this much earlier means a write racing the read is never missed.
STAMP_MARGIN = 0.05
TASK_TOOLS_VAR = "CLAUDE_CODE_ENABLE_TODO_TOOLS"


def segment_text(tl: object, list_id: str, fmt: str | None, *, color: bool,
                 ascii: bool, max_width: int) -> str:
    """The prompt segment for `list_id` (the one place the hook calls the segment code)."""
    from shellhooks.segment import render

    return render(tl, list_id, fmt, color=color, ascii=ascii,  # type: ignore[arg-type]
                  max_width=max_width)


def prompt_settings(section: dict[str, object]) -> tuple[str | None, int, bool, list[str]]:
    """(format, max_width, ascii, problems) of config.toml's `[prompt]` table."""
    from shellhooks.segment import prompt_settings as settings

    return settings(section)


def near_miss_warning(list_id: str) -> str | None:
    """The one-line near-miss warning for an id whose list does not exist, if any (the one
    place the hook calls the typo rule)."""
    try:
        from shellhooks import nearmiss
    except ImportError:
        return None
    suggestions = nearmiss.near_misses(list_id)
    return nearmiss.warning_line(list_id, suggestions) if suggestions else None


def _new_stamp() -> str:
    """A new, unique stamp file path. Unique per answer: a shell holding an older answer
    must keep comparing against that answer's own time (another shell rewriting a
    shared stamp would make the older answer look fresh)."""
    folder = os.path.join(paths.cache_dir_str(), "stamps")
    try:
        if not os.path.isdir(folder):
            paths.ensure_dir(folder)
    except OSError:
        # No writable cache folder (read-only home...): a private folder in /tmp.
        folder = os.path.join(os.environ.get("TMPDIR") or "/tmp",
                              f"shellhooks-{os.getuid()}", "stamps")
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        except OSError:
            pass  # then no stamp can be written and the answer is never fresh
    _sweep(folder)
    return os.path.join(folder, f"{time.time_ns():x}-{os.getpid()}")


def _sweep(folder: str) -> None:
    """Once a day, remove stamps and stored answers older than two weeks. A shell still
    holding one then finds its stamp gone, counts the answer stale and asks again."""
    marker = os.path.join(folder, ".swept")
    now = time.time()
    try:
        if now - os.stat(marker).st_mtime < 86400:
            return
    except OSError:
        pass
    try:
        with open(marker, "a"):
            pass
        os.utime(marker, None)
    except OSError:
        return
    entries = os.path.join(os.path.dirname(folder), "entries")
    folders = [folder] + [os.path.join(entries, n) for n in ("bash", "zsh", "fish")]
    for f in folders:
        try:
            with os.scandir(f) as it:
                old = [e.path for e in it
                       if e.name != ".swept" and now - e.stat().st_mtime > 14 * 86400]
        except OSError:
            continue
        for path in old:
            try:
                os.unlink(path)
            except OSError:
                pass


def entry_file_name(ckey: str) -> str:
    """The file name of a stored answer: the cache key with `%` and `/` escaped (the
    hooks build the same name with string replacement, no process)."""
    return ckey.replace("%", "%25").replace("/", "%2F")


def store_entry(shell_name: str, ckey: str, code: str) -> None:
    """Store an answer for every shell of this user: a new shell entering a project
    that any shell has resolved before then starts no process. Written atomically,
    private (0600 in a 0700 folder); the hooks only read files they own."""
    name = entry_file_name(ckey)
    if len(name.encode("utf-8", "surrogateescape")) > 240:
        return  # over the file-name limit: this answer is not shared
    folder = os.path.join(paths.cache_dir_str(), "entries", shell_name)
    try:
        paths.ensure_dir(folder)
        tmp = os.path.join(folder, f".tmp-{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, code.encode("utf-8", "surrogateescape"))
        finally:
            os.close(fd)
        os.replace(tmp, os.path.join(folder, name))
    except OSError:
        pass  # not shared; this shell still has it


def _prompt_color(env: os._Environ[str] | dict[str, str]) -> bool:
    """Colour in the prompt? The hook runs this process with stdout captured and stderr
    discarded, so no stream can tell; the prompt is on a terminal unless TERM says it is
    a dumb one, and NO_COLOR (any non-empty value) turns colour off."""
    return not env.get("NO_COLOR") and env.get("TERM", "dumb") not in ("dumb", "")


def _warn(message: str) -> None:
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except OSError:
        pass


def compute(shell_name: str, key: str, directory: str, warned_text: str, ctx: str = "") -> str:
    """The shell code for the hook (see the module docstring)."""
    from shellhooks import resolve, store
    from shellhooks.config import Config, load_config
    from shellhooks.errors import ShellhooksError
    from shellhooks.shells import Entry, get_shell
    from shellhooks.textsafe import shown_id

    t0 = time.time() - STAMP_MARGIN
    shell = get_shell(shell_name)
    warned = set(warned_text.split("\n")) if warned_text else set()
    new_warned: list[str] = []

    messages: list[str] = []
    warnings: list[str] = []  # every warning of this answer, shown here or not

    def once(tag: str, message: str) -> None:
        # Printed by the shell when it evaluates the output, so that the hook can run
        # the process with stderr discarded (e.g. a `shellhooks` found on PATH).
        warnings.append(tag)
        if tag not in warned and tag not in new_warned:
            new_warned.append(tag)
            messages.append(message)

    try:
        cfg = load_config()
    except ShellhooksError as e:
        cfg = Config()
        once("c:" + str(e), f"shellhooks: {e}; using defaults")
    for problem in cfg.problems:
        once("c:" + problem, f"shellhooks: config.toml: {problem}")

    env = os.environ
    res = resolve.resolve_list_id(directory, env, cfg)
    manual = (res.id or "") if res.source == "manual" else ""
    uniform = not any(resolve.rule_may_match_below(r, key or "/") for r in cfg.rules)
    ckey = ("k:" + key) if uniform else ("d:" + directory)

    for path, bad_id in res.blocked[:1]:
        folder = os.path.dirname(path)
        shown = os.path.basename(path)
        if folder.endswith("/.claude"):
            folder, shown = os.path.dirname(folder), ".claude/" + shown
        once("d:" + folder,
             f"shellhooks: {shown} sets {VAR}={shown_id(bad_id)}; run 'shellhooks allow' to use it")

    if res.auto is not None and res.auto.joining:
        # Said once in all, by the process that joined (so the answer is still shared).
        messages.append(f"shellhooks: joining the existing list {shown_id(res.auto.id)}: "
                        f"{res.auto.joined} tasks")

    segment = ""
    task_folder = ""
    task_files: list[str] = []
    present = [p for p in res.watch if os.path.exists(p)]
    watched = [paths.config_file_str(), resolve.trust.store_path_str()]
    if res.id:
        folder = store.list_path_str(res.id)
        tl = store.read_list(res.id)
        fmt, width, ascii, problems = prompt_settings(cfg.section("prompt"))
        for problem in problems:
            once("p:" + problem, f"shellhooks: config.toml: {problem}")
        segment = segment_text(tl, res.id, fmt, color=_prompt_color(env), ascii=ascii,
                               max_width=width)
        if tl.exists:
            present.append(folder)  # a new or deleted task changes the folder's mtime
            task_folder, task_files = folder, tl.file_names
        else:
            watched.append(folder)  # the list appearing
            message = near_miss_warning(res.id)
            if message:
                once("i:" + res.id, message)

    stamp = _new_stamp()
    entry = Entry(
        ctx=ctx,
        manual=manual,
        export_id="" if manual else (res.id or ""),
        todo=cfg.enable_task_tools,
        segment=segment,
        stamp=stamp,
        present=present,
        watched=watched,
        task_folder=task_folder,
        task_files=task_files,
    )
    try:
        with open(stamp, "a"):
            pass
        os.utime(stamp, (t0, t0))
    except OSError:
        pass  # no stamp: the entry is never fresh, so the hook asks again next prompt
    code = shell.entry_code(entry)
    # Shared with other shells only when it carries no warning: each shell must still
    # print those once, and only this process does.
    if not manual and not warnings:
        store_entry(shell.name, ckey, code)
    return shell.result_code(ckey, code, new_warned, messages)


def main(argv: list[str]) -> int:
    """Entry point for `shellhooks hook-env`; prints code for the hook, never a traceback."""
    if len(argv) < 4:
        _warn("shellhooks: hook-env is run by the shell hook: "
              "hook-env SHELL TOKEN KEY DIR [WARNED [CTX]]")
        return 2
    warned = argv[4] if len(argv) > 4 else ""
    ctx = argv[5] if len(argv) > 5 else ""
    try:
        # argv[1] is unused: the hooks pass `-` where older ones passed a per-shell
        # token, so a shell still running an older hook works after an upgrade.
        code = compute(argv[0], argv[2], argv[3], warned, ctx)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # the prompt must survive anything; say what broke, once
        _warn(f"shellhooks: hook-env failed: {type(e).__name__}: {e}")
        return 1
    sys.stdout.write(code)
    sys.stdout.flush()
    return 0


def run(argv: list[str]) -> None:
    """What the hook's bootstrap calls: main() in a process that lives a few dozen
    milliseconds, so no garbage collection while it runs and none of the interpreter's
    clean-up at exit (about 5 ms together); the output is flushed first."""
    import gc

    gc.disable()
    code = main(argv)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


if __name__ == "__main__":
    run(sys.argv[1:])
