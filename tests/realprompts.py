"""The real spaceship and pure zsh prompts, pinned, fetched from the npm registry into a cache
outside the repository, for tests/shells/test_frameworks.py.

Fetch them (CI does this in `.ci/run`; locally the tests that need them skip until they are
there, or fail under CI=true)::

    python3 tests/realprompts.py --fetch      # prints both folders

Both are zsh source trees published on npm: the fetch (tests/npmfetch.py: `npm pack`, no
install script runs) keeps the whole package.

Where they go: `$SHELLHOOKS_CLAUDE_CACHE/spaceship-<VERSION>/` and `.../pure-<VERSION>/`,
default under `/var/tmp/shellhooks-test/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python3 tests/realprompts.py --fetch
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests import npmfetch  # noqa: E402

FETCH = "python3 tests/realprompts.py --fetch"
SPACESHIP = npmfetch.Pinned(name="spaceship", package="spaceship-prompt", version="4.22.5",
                            what="spaceship", fetch_command=FETCH, needed=("spaceship.zsh",))
PURE = npmfetch.Pinned(name="pure", package="pure-prompt", version="1.28.3", what="pure",
                       fetch_command=FETCH, needed=("pure.zsh", "async.zsh"))

if __name__ == "__main__":
    sys.exit(SPACESHIP.main(also=[PURE]))
