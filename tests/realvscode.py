"""VS Code's real terminal shell integration scripts, pinned, fetched from the npm registry
into a cache outside the repository, for the tests that load them beside shellhooks.

Fetch them (CI does this in `.ci/run`; locally the tests that need them skip until they are
there, or fail under CI=true)::

    python3 tests/realvscode.py --fetch      # prints the folder

VS Code itself is not on a package registry reachable here; code-server (VS Code run as a
server, npm `code-server`) ships the same build, scripts included, under
`lib/vscode/out/vs/workbench/contrib/terminal/common/scripts/`. The fetch
(tests/npmfetch.py: `npm pack`, no install script runs) keeps only those scripts.

Where they go: `$SHELLHOOKS_CLAUDE_CACHE/vscode-<VERSION>/`, default
`/var/tmp/shellhooks-test/vscode-<VERSION>/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python3 tests/realvscode.py --fetch
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests import npmfetch  # noqa: E402

VERSION = "4.139.1"  # code-server's version
SCRIPTS = "package/lib/vscode/out/vs/workbench/contrib/terminal/common/scripts/"
NAMES = ("shellIntegration-bash.sh", "shellIntegration-rc.zsh", "shellIntegration-env.zsh",
         "shellIntegration-profile.zsh", "shellIntegration-login.zsh")

VSCODE = npmfetch.Pinned(
    name="vscode", package="code-server", version=VERSION,
    what="VS Code's shell integration", fetch_command="python3 tests/realvscode.py --fetch",
    keep={name: SCRIPTS + name for name in NAMES})


def installed(version: str = VERSION) -> Path | None:
    """The scripts' folder if they are fetched, else None."""
    return VSCODE.at(version).installed()


def require() -> Path:
    """The scripts' folder; skip the test when they are not fetched, fail under CI=true."""
    return VSCODE.require()


def fetch(version: str = VERSION) -> Path:
    """Download the pinned code-server (once) and keep its scripts."""
    return VSCODE.at(version).fetch()


if __name__ == "__main__":
    sys.exit(VSCODE.main())
