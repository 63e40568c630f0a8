"""The real mise (https://mise.jdx.dev), pinned, fetched from the npm registry into a cache
outside the repository, for the tests that run it beside shellhooks.

Fetch it (CI does this in `.ci/run`; locally the tests that need it skip until it is
there, or fail under CI=true)::

    python3 tests/realmise.py --fetch      # prints the binary's path

npm's `@jdxcode/mise` package is a stub whose install script runs `npm install` of the
package for this platform (`@jdxcode/mise-linux-x64` ...) and links its binary. The
fetch takes that platform package directly (tests/npmfetch.py: `npm pack`, no install
script runs) and keeps its `bin/mise`.

Where it goes: `$SHELLHOOKS_CLAUDE_CACHE/mise-<VERSION>/mise`, default
`/var/tmp/shellhooks-test/mise-<VERSION>/mise`.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python3 tests/realmise.py --fetch
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests import npmfetch  # noqa: E402

VERSION = "2026.9.15"


def package() -> str:
    """The npm package holding the binary for this machine."""
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower())
    return f"@jdxcode/mise-linux-{arch}"


MISE = npmfetch.Pinned(
    name="mise", package=package(), version=VERSION, what="mise",
    fetch_command="python3 tests/realmise.py --fetch",
    keep={"mise": "package/bin/mise"}, executables=("mise",), entry="mise")


def installed(version: str = VERSION) -> Path | None:
    """The binary's path if it is fetched, else None."""
    return MISE.at(version).installed()


def require() -> Path:
    """The binary's path; skip the test when it is not fetched, fail under CI=true."""
    return MISE.require()


def fetch(version: str = VERSION) -> Path:
    """Download the pinned mise (once) and return its path."""
    return MISE.at(version).fetch()


if __name__ == "__main__":
    sys.exit(MISE.main())
