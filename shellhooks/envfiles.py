"""What a project file sets `CLAUDE_CODE_TASK_LIST_ID` to, read without running anything:
Claude Code's settings as Claude Code applies them (JSON.parse, then JavaScript's
String()), `.env` by python-dotenv's rules, `.envrc` as bash would read it.

`resolve.read_project_file` imports this module only for a file that mentions the
variable: the hook's process for a project that sets no id (most git repositories)
does not load these readers. Standard library only; python-dotenv is imported only for
a `.env`/`.envrc` its small parser here cannot read.
"""

from __future__ import annotations

from shellhooks.resolve import VAR

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def _line_of(text: str, needle: str) -> int | None:
    idx = text.find(needle)
    return None if idx < 0 else text.count("\n", 0, idx) + 1


def parse_settings(data: bytes) -> tuple[str | None, int | None, str | None]:
    """(id, line, note) from a Claude Code settings file's `env` map. A value that is not
    a string is the string JavaScript makes of it (`123`, `true`, `null`,
    `[object Object]`), as Claude Code puts it in its environment; an empty or blank id
    is returned as it is (it means a new session list: see claude_layer)."""
    from shellhooks.jsonlite import claude_text, loads_js

    text = claude_text(data)  # as Claude Code decodes it (never an error)
    try:
        obj = loads_js(text)  # and parses it: JSON.parse's grammar, any depth
    except (ValueError, RecursionError):
        return None, None, "is not valid JSON; ignored"
    env = obj.get("env") if isinstance(obj, dict) else None
    if not isinstance(env, dict) or VAR not in env:
        return None, None, None
    return js_string(env[VAR]), _line_of(text, f'"{VAR}"'), None


def js_string(value: object) -> str:
    """`String(value)` in JavaScript, for a value parsed from JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, list):  # Array.prototype.join(","): null becomes ""
        return ",".join("" if v is None else js_string(v) for v in value)
    return "[object Object]"


def js_number(value: float) -> str:
    """Number.prototype.toString() of a JSON number (a double: `1.50` is `1.5`, `1e3` is
    `1000`, 2**64 is `18446744073709552000`, `1e21` is `1e+21`)."""
    try:
        x = float(value)
    except OverflowError:  # an integer beyond a double: JSON.parse makes it Infinity
        x = float("inf") if value > 0 else float("-inf")
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    mantissa, _, exp = repr(abs(x)).partition("e")  # the shortest digits, as JavaScript's
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    point = len(whole) + int(exp or 0) - (len(whole + frac) - len((whole + frac).lstrip("0")))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= point <= 21:
        return sign + digits + "0" * (point - k)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    e = point - 1
    head = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{head}e{'+' if e >= 0 else '-'}{abs(e)}"


def parse_env_file(data: bytes) -> tuple[str | None, int | None, str | None]:
    """(id, line, note) from a `.env`/`.envrc`: python-dotenv's parser, no interpolation.

    The last assignment wins, as in python-dotenv. Lines it cannot parse are
    ignored silently (its own warnings are never shown). A file without quotes,
    backslashes or carriage returns (nearly every `.envrc`) is read by a small
    parser of the same rules (checked against python-dotenv's in the tests), since
    importing python-dotenv would cost the hook's one process more than the rest of its
    work (benchmarks/results.md).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, None, "is not UTF-8 text; ignored"
    simple = simple_env_value(text)
    found = simple if simple is not None else _dotenv_value(text)
    if found[0] == "":
        return None, None, None  # an empty value counts as unset, as in Claude Code
    return found[0], found[1], None


# Characters of an unquoted shell word that stand for themselves in an assignment
# (anything else is expansion, quoting, another command or a redirection).
_PLAIN_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                        "_.,:/@%+-=^#")
# Words that open and close blocks of an `.envrc` (direnv runs it with bash).
_BLOCK_OPEN = frozenset(("if", "case", "for", "while", "until", "select", "{", "("))
_BLOCK_CLOSE = frozenset(("fi", "esac", "done", "}", ")"))
# direnv's (and bash's) ways to run another file, which may set the variable again.
_LOADERS = frozenset(("source_env", "source_env_if_exists", "source_up", "source_up_if_exists",
                      "source_url", "dotenv", "dotenv_if_exists", "source", ".", "eval"))
def envrc_value(text: str) -> tuple[str | None, int | None, str | None]:
    """(value, line, why) of an `.envrc`'s last line for the variable, read as bash would
    without running anything: only `[export] VAR=WORD` at the top level (outside any
    block), where WORD is plain text, single-quoted text, or double-quoted text without
    `$`, backquote or backslash. For any other line that mentions the variable, value is
    None and `why` says what the shell would have to do (an `.envrc` is a bash script
    that direnv runs; its text is never an id by itself: `$(basename "$PWD")` would be
    the list `--basename---PWD--` of every project using the idiom)."""
    found: tuple[str | None, int | None, str | None] = (None, None, None)
    depth = 0
    for number, raw, inside in _envrc_lines(text):
        line = raw.strip(" \t")  # bash's blanks only: any other character is text
        if not line or line.startswith("#") or inside == _HEREDOC:
            continue
        if inside:
            if VAR in line and _sets_var(line):
                found = (None, number, f"{inside}: only running the file would tell")
            continue
        first = line.split(None, 1)[0].rstrip(";")
        if first in ("exit", "return") and not depth:
            break  # bash stops reading the file here
        if first in _LOADERS and found[0] is not None:
            found = (None, number, f"{first} runs another file after the assignment, which "
                                   "may set it again")
        if line in (f"export {VAR}", f"export {VAR};"):
            pass  # exports the value assigned before
        elif VAR in line and _sets_var(line):
            found = (None, number, None)
            rest = line[7:].lstrip(" \t") if line.startswith("export") \
                and line[6:7] in (" ", "\t") else line
            if depth or not rest.startswith(VAR + "="):
                what = "it is set inside a block (if, case, a function)" if depth else \
                    "it is not a plain assignment (a condition or a command decides it)"
                found = (None, number, f"{what}: only running the file would tell")
            else:
                value, why = shell_word(rest[len(VAR) + 1:])
                found = (value, number, why)
        if first in _BLOCK_OPEN or line.endswith("{"):
            depth += 1
        elif first in _BLOCK_CLOSE:
            depth = max(0, depth - 1)
    return found


_HEREDOC = "it is text of a here-document"


def _envrc_lines(text: str) -> Iterator[tuple[int, str, str | None]]:
    """(number, line, why it is not a command of its own) of each line of a bash script:
    None, or _HEREDOC, or the line goes on a command of the lines above (a backslash at
    the end of the line before, or a quote opened there), where bash does not read an
    assignment at its start."""
    quote = ""
    continued = False
    heredocs: list[tuple[str, bool]] = []  # (delimiter, tabs stripped) still to read
    for number, line in enumerate(text.split("\n"), start=1):
        if heredocs:
            delimiter, tabs = heredocs[0]
            if (line.lstrip("\t") if tabs else line) == delimiter:
                heredocs.pop(0)
            yield number, line, _HEREDOC
            continue
        if quote:
            yield number, line, "it is inside a quoted string opened on a line above"
        elif continued:
            yield number, line, "it goes on the command of the line above (a backslash ends it)"
        else:
            yield number, line, None
        continued = False
        if not quote and not any(c in line for c in "'\"\\<"):
            continue  # nearly every line: nothing here carries over to the next
        i, n = 0, len(line)
        while i < n:
            ch = line[i]
            if quote == "'":
                quote = "" if ch == "'" else quote
            elif quote == '"':
                if ch == "\\":
                    i += 1
                elif ch == '"':
                    quote = ""
            elif ch == "\\":
                if i == n - 1:
                    continued = True
                i += 1
            elif ch in "'\"":
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t;&|()<>"):
                break  # a comment to the end of the line
            elif line.startswith("<<", i) and not line.startswith("<<<", i) \
                    and "((" not in line[:i]:  # `$((1 << 2))` shifts
                i += 2
                tabs = line.startswith("-", i)
                i += tabs
                while i < n and line[i] in " \t":
                    i += 1
                word = []
                while i < n and line[i] not in " \t;&|()<>":
                    if line[i] not in "'\"\\":
                        word.append(line[i])
                    i += 1
                if word:
                    heredocs.append(("".join(word), tabs))
                continue
            i += 1


def _sets_var(line: str) -> bool:
    """Does `line` name the variable other than to read it (`$VAR`, `${VAR...}`) or
    as part of a longer name (`VAR_OLD`)?"""
    start = line.find(VAR)
    while start >= 0:
        end = start + len(VAR)
        before = line[start - 1] if start else " "
        after = line[end] if end < len(line) else " "
        read = before == "$" or (before == "{" and line[start - 2:start - 1] == "$")
        if not read and not (before.isalnum() or before == "_") \
                and not (after.isalnum() or after == "_"):
            return True
        start = line.find(VAR, end)
    return False


def shell_word(text: str) -> tuple[str | None, str | None]:
    """(value, None) when `text` (what follows `VAR=` to the end of the line) is one word
    that bash takes literally, else (None, what bash would compute)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "'":
            end = text.find("'", i + 1)
            if end < 0:
                return None, "its quote goes on past the line"
            out.append(text[i + 1:end])
            i = end + 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                return None, "its quote goes on past the line"
            inner = text[i + 1:end]
            bad = next((c for c in "$`\\" if c in inner), None)
            if bad:
                return None, _computed(inner[inner.index(bad):])
            out.append(inner)
            i = end + 1
        elif ch in " \t":  # bash's blanks; other spaces are text or syntax
            tail = text[i:].lstrip(" \t")
            if tail and not tail.startswith("#"):
                return None, "a command follows it on the line"
            break
        elif ch in _PLAIN_WORD or ord(ch) > 127:  # bash takes any non-ASCII as text
            out.append(ch)
            i += 1
        else:
            return None, _computed(text[i:])
    return "".join(out), None


def _computed(at: str) -> str:
    """What the shell does with the text at `at` (a character that is not plain)."""
    if at.startswith("$(") or at.startswith("`"):
        return "the shell computes its value with a command ($(...) or backquotes)"
    if at.startswith("$"):
        return "the shell computes its value from a variable ($NAME or ${...})"
    if at[0] in ";&|":
        return "another command follows it on the line"
    if at[0] == "\\":
        return "it has a backslash escape"
    if at[0] == "~":
        return "the shell expands ~ to a home folder"
    return f"the shell reads {at[0]!r} as syntax, not text"


def _dotenv_value(text: str) -> tuple[str | None, int | None]:
    """(value, line) of the last assignment of the variable, by python-dotenv."""
    import io

    try:
        # The parser module alone does not log; dotenv.main would warn about bad lines.
        from dotenv.parser import parse_stream
    except ImportError:
        # The hook starts Python with -S (faster): add site-packages only when needed.
        import site

        site.main()
        from dotenv.parser import parse_stream

    found: tuple[str | None, int | None] = (None, None)
    for binding in parse_stream(io.StringIO(text)):
        if binding.key == VAR and binding.value is not None:
            # The binding starts with the blank lines before it; report the key's line.
            chunk = binding.original.string
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            line = binding.original.line + lead.count("\n") + lead.count("\r") \
                - lead.count("\r\n")
            found = (binding.value, line)
    return found


def simple_env_value(text: str) -> tuple[str | None, int | None] | None:
    """(value, line) of the last `[export] VAR=value` in `text` by python-dotenv's rules,
    or None when the text has a quote, a backslash or a carriage return (then only
    python-dotenv's own parser will do). Without those, every binding is one line:
    a comment, `KEY`, or `KEY=value` where the value ends at whitespace + `#`."""
    if "'" in text or '"' in text or "\\" in text or "\r" in text:
        return None
    found: tuple[str | None, int | None] = (None, None)
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.lstrip()
        if line.startswith("export") and len(line) > 6 and line[6].isspace():
            line = line[6:].lstrip()
        end = 0
        while end < len(line) and line[end] not in "=#" and not line[end].isspace():
            end += 1
        if end == 0 or line[:end] != VAR:
            continue  # a comment, an error, or another key: it ends with its line
        rest = line[end:].lstrip()
        if not rest.startswith("="):
            continue  # `KEY` alone has no value
        after = rest[1:]
        value = after.lstrip()
        if value.startswith("#") and len(value) < len(after):
            value = ""  # `KEY= # comment`
        else:
            value = _cut_comment(value).rstrip()
        found = (value, number)
    return found


def _cut_comment(value: str) -> str:
    """`value` up to the first run of whitespace that is followed by `#`."""
    i = 0
    n = len(value)
    while i < n:
        if value[i].isspace():
            j = i
            while j < n and value[j].isspace():
                j += 1
            if j < n and value[j] == "#":
                return value[:i]
            i = j
        else:
            i += 1
    return value


def envrc_id(data: bytes) -> tuple[str | None, int | None, str | None]:
    """(id, line, why not) of an `.envrc` (see envrc_value); empty counts as unset."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, None, None
    value, line, why = envrc_value(text.replace("\r\n", "\n"))
    return (value or None), line, why
