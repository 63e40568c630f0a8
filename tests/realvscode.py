"""VS Code's real terminal shell integration scripts, pinned, fetched from the npm registry
into a cache outside the repository, for the tests that load them beside shellhooks.

Fetch them (CI does this in `.ci/run`; locally the tests that need them skip until they are
there, or fail under CI=true)::

    python3 tests/realvscode.py --fetch      # prints the folder

VS Code itself is not on a package registry reachable here; code-server (VS Code run as a
server, npm `code-server`) ships the same build, scripts included, under
`lib/vscode/out/vs/workbench/contrib/terminal/common/scripts/`. The fetch takes the
package with `npm pack` (no install script runs) and keeps only those scripts.

Where they go: `$SHELLHOOKS_CLAUDE_CACHE/vscode-<VERSION>/`, default
`/var/tmp/shellhooks-test/vscode-<VERSION>/`.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "4.139.1"  # code-server's version
SCRIPTS = "package/lib/vscode/out/vs/workbench/contrib/terminal/common/scripts/"
NAMES = ("shellIntegration-bash.sh", "shellIntegration-rc.zsh", "shellIntegration-env.zsh",
         "shellIntegration-profile.zsh", "shellIntegration-login.zsh")
DEFAULT_CACHE = Path("/var/tmp/shellhooks-test")


def folder(version: str = VERSION) -> Path:
    env = os.environ.get("SHELLHOOKS_CLAUDE_CACHE")
    return (Path(env) if env else DEFAULT_CACHE) / f"vscode-{version}"


def installed(version: str = VERSION) -> Path | None:
    """The scripts' folder if they are fetched, else None."""
    d = folder(version)
    stamp = d / "VERSION"
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == version \
            and all((d / n).is_file() for n in NAMES):
        return d
    return None


def require() -> Path:
    """The scripts' folder; skip the test when they are not fetched, fail under CI=true."""
    import pytest  # (here: `--fetch` runs without the test extra)

    found = installed()
    if found is None:
        msg = "VS Code's shell integration is not fetched (python3 tests/realvscode.py --fetch)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return found


def fetch(version: str = VERSION) -> Path:
    """Download the pinned code-server with `npm pack` (once) and keep its scripts."""
    found = installed(version)
    if found:
        return found
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed: cannot fetch code-server")
    dest = folder(version)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with (dest.parent / ".fetch-vscode.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = installed(version)
        if found:
            return found
        with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".fetch-vscode-") as tmp:
            spec = f"code-server@{version}"
            r = subprocess.run([npm, "pack", spec, "--silent"], cwd=tmp, capture_output=True,
                               text=True, timeout=900)
            if r.returncode != 0:
                raise RuntimeError(f"npm pack {spec} failed: {r.stderr.strip()[-500:]}")
            tgz = next(Path(tmp).glob("*.tgz"))
            staged = Path(tmp) / "staged"
            staged.mkdir()
            with tarfile.open(tgz) as tar:
                meta_file = tar.extractfile("package/package.json")
                assert meta_file is not None
                meta = json.loads(meta_file.read().decode("utf-8"))
                if meta.get("version") != version:
                    raise RuntimeError(f"{spec}: package says version {meta.get('version')!r}")
                for name in NAMES:
                    member = tar.getmember(SCRIPTS + name)
                    src = tar.extractfile(member) if member.isreg() else None
                    if src is None:
                        raise RuntimeError(f"{spec}: {name} is not a file")
                    with (staged / name).open("wb") as out:
                        shutil.copyfileobj(src, out)
            (staged / "VERSION").write_text(version, encoding="utf-8")
            if dest.exists():
                shutil.rmtree(dest)
            staged.rename(dest)
    return dest


if __name__ == "__main__":
    if sys.argv[1:] == ["--fetch"]:
        print(fetch())
    else:
        print("usage: realvscode.py --fetch", file=sys.stderr)
        sys.exit(2)
