"""`shellhooks hook-env`: the one process the hook runs, when something changed.

How it fits with the hook files and the caches: docs/ARCHITECTURE.md.

Called by the hook as `hook-env SHELL - KEY DIR WARNED CTX` (no argparse: this is the
hot path). It resolves the id for DIR, reads the list for the prompt segment, and
prints an ANSWER: data that each hook file parses with builtins and assigns, never
evaluates. KEY is the nearest folder (from DIR up) holding a marker (`.git`, `.env`,
`.envrc`, `.claude`), or "" for none: the answer is the same for every folder below KEY
unless a config rule could match one of them, or KEY's Claude Code settings set the id
(Claude Code reads them in KEY only), in which case it is cached for DIR alone.
The `-` is a placeholder, ignored: hooks of older releases passed a per-shell token
there, and a shell still running one keeps working after an upgrade. WARNED lists what was
already warned about in this shell, one item a line. CTX is the hook's summary of the
environment the answer depends on (Claude Code's and the XDG folders, colour or not);
a shell whose CTX differs does not use the answer.

The answer format (the one description; hook.common.sh and hook.fish parse it). Lines
end in a newline; every value is escaped: each backslash doubled, each newline written
as backslash-n (no value holds a NUL), so a line is one value and the shells undo it
with `printf %b` (only for values holding a backslash). Lines, in this order:

    shellhooks answer 1             the format and its version
    key K                           the cache key: `k:<KEY>` or `d:<DIR>`
    ctx C                           CTX, as given
    manual M                        the value, not ours, this was computed for (the
                                    variable's, when it is not what the hook
                                    exported), or empty
    id I                            without M: the id to export (empty: none). With M:
                                    empty when M is the user's; M itself when direnv or
                                    mise applies M (the hook leaves the variable and
                                    keeps __SHELLHOOKS_ID, so a value of ours that the
                                    tool puts back on leaving is still known as ours)
    todo T                          `1`: CLAUDE_CODE_ENABLE_TODO_TOOLS=1 goes with the id
    segment S                       the prompt segment, escaped for this shell's prompt
    stamp P                         a file dated just before anything was read
    files NP NA NR PER              how many paths follow in each of the next 3 groups
    NP lines: a path                existed when read: fresh while it exists and is
                                    older than the stamp (`-e` and `-ot`), tested at
                                    every prompt
    NA lines: a path                did not exist: fresh while it does not (`! -e`)
    NR lines: a path                as the first group, but PER of them are tested per
                                    prompt, in turn
    seconds S T1 T2 ...             (optional) the mtimes, in whole seconds, of the
                                    stamp and of the first group's files, written
                                    only when every T is below S
    warned TAG                      (hook-env's own output only) warned in this shell now
    warn MESSAGE                    (hook-env's own output only) print to stderr

`seconds` lets a shell that reads mtimes in one builtin call (fish's `path mtime`, zsh's
`zstat`) reach the rule's verdict cheaply: files whose seconds are still those recorded,
all below the stamp's, are older than the stamp, so the rule holds; anything else is
decided by the rule itself. The freshness rule is the same in all three shells, built
from tests bash has (bash reads no mtime): an answer is
fresh while its stamp exists, every recorded file exists and is strictly older than
the stamp (mtimes in nanoseconds), and every recorded absence holds. A file written
while it was read is never older than the stamp, so that answer is never fresh. A file
replaced by one dated before the stamp (`cp -p`, `tar x`) is not seen; no writer of
task lists does that, and Claude Code's renames and deletes change the list folder,
which is always tested. The third group holds a long list's task files changed more
than RECENT seconds before the read: an in-place rewrite of one of those (what older
Claude Code releases and other tools do) shows within NR/PER prompts, which keeps the
ordinary prompt cheap with thousands of tasks.

Each answer without warnings that was not computed for a hand-set value is also
stored in `$XDG_CACHE_HOME/shellhooks/entries/<shell>/`, named after its cache key: a
shell that has not seen a project yet reads it there (builtins, no process) and uses
it when it is fresh. The shells only read a regular file, not a link, that they own,
in folders they own that are not links; it is data, so a tampered file can at worst
give a wrong segment.
"""

from __future__ import annotations

import os
import sys
import time

from shellhooks import paths

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shellhooks import resolve

VAR = "CLAUDE_CODE_TASK_LIST_ID"
# File timestamps come from the kernel's coarse clock, which can lag time.time() by a
# tick; dating the stamp this much earlier means a write racing the read is never missed.
STAMP_MARGIN = 0.05
MANAGERS = ("direnv", "mise")  # resolve's sources for a value one of them applies
MAGIC = "shellhooks answer 1"
NO_STAMP = "/dev/null/no-stamp"  # absolute (the hooks refuse relative paths), never a file
# Task files changed within RECENT seconds of the read (at most RECENT_MAX of them, the
# newest) are tested at every prompt; the others PER_PROMPT at a time, in turn. Together
# about 100 files a prompt, which keeps the ordinary prompt well below direnv's cost
# (figures: benchmarks/results.md).
RECENT = 600
RECENT_MAX = 32
PER_PROMPT = 64


def near_miss_warning(list_id: str, res: resolve.Resolution | None = None) -> str | None:
    """The one-line near-miss warning for an id whose list does not exist, if any (the one
    place the hook calls the typo rule), with the lasting fix for where `res` found it."""
    try:
        from shellhooks import nearmiss
    except ImportError:
        return None
    suggestions = nearmiss.near_misses(list_id)
    if not suggestions:
        return None
    fix = nearmiss.fix_hint(suggestions[0].id, res.source, res.source_path, res.line) \
        if res is not None else None
    return nearmiss.warning_line(list_id, suggestions, fix=fix)


def escape(value: str) -> str:
    """`value` as one line of an answer: backslashes doubled, newlines as backslash-n."""
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    return value.replace("\n", "\\n") if "\n" in value else value


class Entry:
    """One answer (a plain class, not a dataclass: this is on the hook's hot path)."""

    def __init__(self, manual: str, export_id: str, enable_todo_tools: bool, segment: str,
                 stamp: str, existing: list[str] | None = None,
                 existing_or_absent: list[str] | None = None,
                 ctx: str = "", task_folder: str = "",
                 task_files: list[str] | None = None, key: str = "") -> None:
        self.key = key  # the cache key
        self.ctx = ctx  # the hook's environment summary this was computed for
        self.manual = manual  # the hand-set value this was computed for ("" when none)
        self.export_id = export_id  # the id to export ("" for none, or when manual)
        self.enable_todo_tools = enable_todo_tools  # export CLAUDE_CODE_ENABLE_TODO_TOOLS=1 too
        self.segment = segment  # the prompt segment, already escaped for the shell
        self.stamp = stamp  # file whose mtime is the time before anything was read
        self.existing = existing or []  # existed when read
        self.existing_or_absent = existing_or_absent or []  # sorted when written, as found then
        self.task_folder = task_folder  # the list folder whose task files are watched
        self.task_files = task_files or []  # their names, watched too

    def groups(self) -> tuple[list[str], list[str], list[str]]:
        """(tested at every prompt, absent, tested in turn): see the module docstring."""
        every = list(self.existing)
        absent: list[str] = []
        for p in self.existing_or_absent:
            (every if os.path.exists(p) else absent).append(p)
        folder = self.task_folder
        files = [f"{folder}/{n}" for n in self.task_files]
        if len(files) <= RECENT_MAX:
            return every + files, absent, []
        try:
            t0 = os.stat(self.stamp).st_mtime_ns
        except OSError:
            t0 = time.time_ns()
        dated = []
        for path in files:
            try:
                dated.append((os.stat(path).st_mtime_ns, path))
            except OSError:
                dated.append((t0, path))  # gone since the read: tested at once
        dated.sort(reverse=True)
        recent = t0 - RECENT * 1_000_000_000
        n = 0
        while n < len(dated) and dated[n][0] >= recent and (n < RECENT_MAX or dated[n][0] >= t0):
            n += 1
        return every + [p for _, p in dated[:n]], absent, [p for _, p in dated[n:]]

    def text(self) -> str:
        """The answer's lines (see the module docstring)."""
        every, absent, turn = self.groups()
        head = [MAGIC, "key " + self.key, "ctx " + self.ctx, "manual " + self.manual,
                "id " + self.export_id, "todo " + ("1" if self.enable_todo_tools else ""),
                "segment " + self.segment, "stamp " + self.stamp,
                f"files {len(every)} {len(absent)} {len(turn)} {PER_PROMPT}"]
        seconds = _seconds(self.stamp, every)
        tail = ["seconds " + seconds] if seconds else []
        return "\n".join(map(escape, head + every + absent + turn + tail)) + "\n"


def _seconds(stamp: str, paths_: list[str]) -> str:
    """The `seconds` line's value (see the module docstring), or "" when some file is
    missing or not in a second before the stamp's."""
    try:
        s0 = os.stat(stamp).st_mtime_ns // 1_000_000_000
        out = [s0]
        for p in paths_:
            sec = os.stat(p).st_mtime_ns // 1_000_000_000
            if sec >= s0:
                return ""
            out.append(sec)
    except OSError:
        return ""
    return " ".join(map(str, out))


def _new_stamp() -> str:
    """A new, unique stamp file path. Unique per answer: a shell holding an older answer
    must keep comparing against that answer's own time (another shell rewriting a
    shared stamp would make the older answer look fresh). "" when no private folder can
    hold it: the answer is then never fresh."""
    from shellhooks import safefile

    folder = os.path.join(paths.cache_dir_str(), "stamps")
    try:
        safefile.private_dir(folder)
    except safefile.UnsafeFolder:
        return ""  # refused (and warned about): a folder another user controls
    except OSError:
        # No writable cache folder (read-only home...): a private folder in /tmp. Its
        # name is predictable, so another user may have made it: checked like ours.
        # (A relative TMPDIR would name a folder in the project, where hook-env may run.)
        tmp = os.environ.get("TMPDIR") or ""
        root = os.path.join(tmp if os.path.isabs(tmp) else "/tmp", f"shellhooks-{os.getuid()}")
        folder = os.path.join(root, "stamps")
        try:
            safefile.private_dir(folder, root)
        except OSError:
            return ""
    _sweep(folder)
    stamp = os.path.join(folder, f"{time.time_ns():x}-{os.getpid()}")
    try:
        # Never through a link planted there; the folder was made private above.
        safefile.create_exclusive(stamp, b"", folder_checked=True)
    except OSError:
        return ""
    return stamp


def _made_here(name: str) -> bool:
    """A name this module gives files: a stamp, a stored answer, a temporary file."""
    from shellhooks import safefile

    if name.startswith(safefile.TMP_PREFIX):
        return True
    if name.startswith(("k:", "d:")):
        return True  # entry_file_name() of a cache key
    stamp, _, pid = name.partition("-")
    return bool(stamp) and pid.isdigit() and all(c in "0123456789abcdef" for c in stamp)


def _sweep(folder: str) -> None:
    """Once a day, remove stamps and stored answers older than two weeks. A shell still
    holding one then finds its stamp gone, counts the answer stale and asks again.
    Only regular files of ours with names made here, in private folders, are removed:
    never anything through a link (a planted `entries` link to the user's files)."""
    from shellhooks import safefile

    marker = os.path.join(folder, ".swept")
    now = time.time()
    try:
        if now - os.lstat(marker).st_mtime < 86400:
            return
    except OSError:
        pass
    try:
        safefile.write_bytes(marker, b"")
    except OSError:
        return
    root = os.path.dirname(folder)  # the cache root, or the /tmp fallback
    entries = os.path.join(root, "entries")
    folders = [folder] + [os.path.join(entries, n) for n in ("bash", "zsh", "fish")]
    for f in folders:
        try:
            safefile.private_dir(f, root, create=False)
            with os.scandir(f) as it:
                names = [e.name for e in it if _made_here(e.name)]
        except OSError:
            continue
        for name in names:
            safefile.remove_own(os.path.join(f, name), older_than=now - 14 * 86400)


def entry_file_name(ckey: str) -> str:
    """The file name of a stored answer: the cache key with `%` and `/` escaped (the
    hooks build the same name with string replacement, no process)."""
    return ckey.replace("%", "%25").replace("/", "%2F")


def store_entry(shell_name: str, ckey: str, code: str) -> None:
    """Store an answer for every shell of this user: a new shell entering a project
    that any shell has resolved before then starts no process. Written atomically,
    private (0600 in a 0700 folder, never through a link); the hooks only read files
    they own."""
    from shellhooks import safefile

    name = entry_file_name(ckey)
    if len(name.encode("utf-8", "surrogateescape")) > 240:
        return  # over the file-name limit: this answer is not shared
    try:
        safefile.write_bytes(os.path.join(paths.cache_dir_str(), "entries", shell_name, name),
                             code.encode("utf-8", "surrogateescape"))
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
    """The answer for the hook (see the module docstring)."""
    from shellhooks import resolve
    from shellhooks.config import Config, load_config
    from shellhooks.errors import ShellhooksError
    from shellhooks.shells import get_shell
    from shellhooks.textsafe import clean, shown_id

    t0 = time.time() - STAMP_MARGIN
    shell = get_shell(shell_name)
    warned = set(warned_text.split("\n")) if warned_text else set()
    new_warned: list[str] = []

    messages: list[str] = []
    warnings: list[str] = []  # every warning of this answer, shown here or not

    def once(tag: str, message: str) -> None:
        # Printed by the shell when it reads the answer, so that the hook can run the
        # process with stderr discarded (e.g. a `shellhooks` found on PATH).
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
    # `res` is the id Claude Code will use (what the segment shows); `res.shell` the
    # shell's answer (what is exported), which differs when a settings file overrides it.
    res = resolve.resolve_list_id(directory, env, cfg)
    shell_res = res.shell
    # A value direnv or mise applies is theirs: left as it is, like a hand-set one, but the
    # answer says so with its id equal to `manual` (see the module docstring).
    managed = shell_res.source in MANAGERS
    value = env.get(VAR) or ""
    ours = value == env.get(resolve.OURS) or not value.strip()
    manual = (shell_res.id or "") \
        if shell_res.source == "manual" or (managed and not ours) else ""
    # Claude Code reads the settings of the folder it starts in only: when the key
    # folder's settings set the id, the folders below it have another answer.
    uniform = not any(resolve.rule_may_match_below(r, key or "/") for r in cfg.rules) \
        and not (key and resolve.claude_layer(key, project_only=True))
    ckey = ("k:" + key) if uniform else ("d:" + directory)

    for path, bad_id in res.blocked[:1]:
        folder = os.path.dirname(path)
        shown = os.path.basename(path)
        if folder.endswith("/.claude"):
            folder, shown = os.path.dirname(folder), ".claude/" + shown
        once("d:" + folder,
             f"shellhooks: {shown} sets {VAR}={shown_id(bad_id)}; run 'shellhooks allow' to use it")

    for path, line, why in res.unread[:1]:
        once("e:" + path, "shellhooks: " + resolve.unread_note(path, line, why))

    if shell_res.auto is not None and shell_res.auto.joining:
        # Said once in all, by the process that joined (so the answer is still shared).
        messages.append(f"shellhooks: joining the existing list "
                        f"{shown_id(shell_res.auto.id)}: {shell_res.auto.joined} tasks")

    segment = ""
    task_folder = ""
    task_files: list[str] = []
    existing = [p for p in res.watch if os.path.exists(p)]
    existing_or_absent = [paths.config_file_str(), paths.trust_store_str()]
    # Claude Code's settings files for this folder (and the key folder's): one appearing
    # or changing may change the id Claude Code uses, trusted or not.
    for p in resolve.claude_layer_paths(directory) + \
            (resolve.claude_layer_paths(key)[:2] if key and key != directory else []):
        if p not in existing and p not in existing_or_absent:
            existing_or_absent.append(p)
    if res.id:
        try:
            segment, folder, task_files = _list_part(res.id, cfg, env, once, res, key,
                                                     existing, existing_or_absent)
        except Exception as e:  # noqa: BLE001 - the id still counts; the list shows `?`
            segment = f"{clean(res.id)} ?"
            folder, task_files = _list_files(res.id)
            once("x:" + type(e).__name__,
                 f"shellhooks: reading the list {shown_id(res.id)} failed: {type(e).__name__}")
        fmt = cfg.section("prompt").get("format")
        if isinstance(fmt, str) and "{sessions" in fmt:
            # Sessions start and end by adding and removing their file there.
            from shellhooks.livesessions import sessions_dir_str

            existing_or_absent.append(sessions_dir_str())
        if not folder:
            pass
        elif task_files or os.path.isdir(folder):
            existing.append(folder)  # a new or deleted task changes the folder's mtime
            task_folder = folder
        else:
            existing_or_absent.append(folder)  # the list appearing

    # Without a stamp (no private folder could hold one) the answer still applies, but
    # names a stamp that cannot exist, so it is never fresh.
    stamp = _new_stamp() or NO_STAMP
    from shellhooks import safefile

    for problem in safefile.problems:  # an unsafe or missing state folder, said once
        once("f:" + problem, problem)
    entry = Entry(
        key=ckey,
        ctx=ctx,
        manual=manual,
        export_id=(shell_res.id or "") if managed or not manual else "",
        enable_todo_tools=(cfg.enable_task_tools and bool(shell_res.id)
                           and shell_res.source != "manual"),
        segment=shell.prompt_escape(segment),
        stamp=stamp,
        existing=existing,
        existing_or_absent=existing_or_absent,
        task_folder=task_folder,
        task_files=task_files,
    )
    try:
        os.utime(stamp, (t0, t0), follow_symlinks=False)  # made by _new_stamp, never a link
    except OSError:
        pass  # no stamp: the answer is never fresh, so the hook asks again next prompt
    text = entry.text()
    # Shared with other shells only when it carries no warning: each shell must still
    # print those once, and only this process does.
    # (Nor an answer that depends on direnv's or mise's state in this shell.)
    if not manual and not warnings and not managed:
        store_entry(shell.name, ckey, text)
    extra = [f"warned {escape(t)}\n" for t in new_warned]
    extra.extend(f"warn {escape(m)}\n" for m in messages)
    return text + "".join(extra)


def _list_files(list_id: str) -> tuple[str, list[str]]:
    """The list's folder and its `*.json` names, for an answer whose list could not be
    read: it is asked again when one of them changes."""
    from shellhooks import store

    try:
        folder = store.list_path(list_id)
        return folder, sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    except Exception:  # noqa: BLE001
        return "", []


def _list_part(list_id: str, cfg: object, env: os._Environ[str],
               once: Callable[[str, str], None],
               res: resolve.Resolution | None = None, key: str = "",
               existing: list[str] | None = None,
               existing_or_absent: list[str] | None = None) -> tuple[str, str, list[str]]:
    """(segment, list folder, task file names) for `list_id`; the near-miss warning.
    With `{phase}` in the format, the project's COORDINATION.md (in KEY, the folder the
    answer holds for) is read and added to `existing` (or, missing, to
    `existing_or_absent`), so the answer is fresh only while it is unchanged."""
    from shellhooks import store
    from shellhooks.segment import prompt_settings, render

    folder = store.list_path(list_id)
    tl = store.read_list(list_id)
    fmt, width, ascii, problems = prompt_settings(cfg.section("prompt"))  # type: ignore[attr-defined]
    for problem in problems:
        once("p:" + problem, f"shellhooks: config.toml: {problem}")
    project_phase = ""
    if fmt is not None and "{phase" in fmt and key:
        from shellhooks import phase

        path = phase.file_path(key)
        project_phase = phase.read(key)
        if existing is not None and os.path.lexists(path):
            existing.append(path)
        elif existing_or_absent is not None:
            existing_or_absent.append(path)
    segment = render(tl, list_id, fmt, color=_prompt_color(env), ascii=ascii, max_width=width,
                     phase=project_phase)
    if not tl.exists:
        message = near_miss_warning(list_id, res)
        if message:
            once("i:" + list_id, message)
        return segment, folder, []
    return segment, folder, list(tl.file_names)


def main(argv: list[str]) -> int:
    """Entry point for `shellhooks hook-env`; prints the answer, never a traceback."""
    if len(argv) < 4:
        _warn("shellhooks: hook-env is run by the shell hook: "
              "hook-env SHELL - KEY DIR [WARNED [CTX]]")
        return 2
    shell, _placeholder, key, directory = argv[:4]  # the placeholder: see the docstring
    warned = argv[4] if len(argv) > 4 else ""
    ctx = argv[5] if len(argv) > 5 else ""
    try:
        text = compute(shell, key, directory, warned, ctx)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # the prompt must survive anything; say what broke, once
        _warn(f"shellhooks: hook-env failed: {type(e).__name__}: {e}")
        return 1
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0


def run(argv: list[str]) -> None:
    """What the hook's bootstrap calls: main() in a process that lives a few dozen
    milliseconds, so no garbage collection while it runs and none of the interpreter's
    clean-up at exit; the output is flushed first."""
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
