"""The manual page shellhooks(1), generated from the argparse definition.

    python -m shellhooks.manpage            # rewrite man/shellhooks.1 from the current parser
    python -m shellhooks.manpage --check    # exit 1 if man/shellhooks.1 is out of date

Generated with argparse-manpage (a development dependency, in the `test` extra), so the
page always says what `--help` says. `install.sh` copies man/shellhooks.1 to
`$XDG_DATA_HOME/man/man1/`, where `man` finds it through the `shellhooks` command's
folder on PATH (`~/.local/bin` -> `~/.local/share/man`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from shellhooks import __version__

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "man" / "shellhooks.1"
# The page's date is the release's, not the day it was generated: the file is compared
# byte for byte with what the parser generates.
RELEASE_DATE = "2026-12-06"
WIDTH = "80"  # argparse wraps help text to the terminal's width: fixed, for a stable page

EXTRA = r""".SH ENVIRONMENT
.TP
\fBCLAUDE_CODE_TASK_LIST_ID\fR
the list Claude Code uses; the hook exports it per project, and a value you set wins
.TP
\fBSHELLHOOKS_DISABLE\fR=1
the hook does nothing
.TP
\fBSHELLHOOKS_PROMPT\fR=0
the hook leaves the prompt alone (\fBSHELLHOOKS_SEGMENT\fR is still set)
.TP
\fBCLAUDE_CONFIG_DIR\fR, \fBXDG_CONFIG_HOME\fR, \fBXDG_DATA_HOME\fR, \fBXDG_CACHE_HOME\fR
where Claude Code's and shellhooks' files are
.SH FILES
.TP
\fI~/.config/shellhooks/config.toml\fR
automatic ids, rules, the prompt format
.TP
\fI~/.local/share/shellhooks/\fR
trust decisions and the task history
.TP
\fI~/.cache/shellhooks/\fR
the cache (safe to delete)
.SH "EXIT STATUS"
0 on success, 1 on an error (one \fBshellhooks:\fR line on stderr), 2 for a usage error,
130 when interrupted; \fBwait\fR exits 124 on timeout.
"""

SEE_ALSO = (
    "The README and docs/ of the source tree: docs/hooks.md (which id applies), "
    "docs/prompt.md (the prompt segment and the statusLine), docs/commands.md (every "
    "command), docs/ARCHITECTURE.md (how it works)."
)


def generate() -> str:
    """The page's roff text for the current parser."""
    try:
        from argparse_manpage.manpage import Manpage
    except ImportError:
        from shellhooks.errors import ShellhooksError

        raise ShellhooksError("argparse-manpage is missing: pip install -e '.[test]'") from None
    from shellhooks.cli import build_parser

    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        page = Manpage(build_parser(), _data={
            "date": RELEASE_DATE,
            "project_name": "shellhooks",
            "version": __version__,
            "manual_title": "shellhooks manual",
            "description": "per-project Claude Code task lists from the shell",
            "url": "",
        })
        text = str(page)
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before
    return text.rstrip("\n") + "\n" + EXTRA + ".SH \"SEE ALSO\"\n" + SEE_ALSO + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m shellhooks.manpage [--check] [FILE]`."""
    from shellhooks.errors import ShellhooksError

    ap = argparse.ArgumentParser(prog="python -m shellhooks.manpage",
                                 description="Generate man/shellhooks.1 from shellhooks' parser.")
    ap.add_argument("--check", action="store_true", help="exit 1 if the page is out of date")
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE, help="output file")
    args = ap.parse_args(argv)
    try:
        text = generate()
    except ShellhooksError as e:
        print(f"shellhooks: {e}", file=sys.stderr)
        return 1
    current = args.file.read_text(encoding="utf-8") if args.file.exists() else None
    if args.check:
        if current != text:
            print(f"out of date: {args.file}\nrun: python -m shellhooks.manpage", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.file.parent.mkdir(parents=True, exist_ok=True)
        args.file.write_text(text, encoding="utf-8")
        print(f"wrote {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
