"""The real mise (https://mise.jdx.dev), pinned, fetched from the npm registry into a cache
outside the repository, for the tests that run it beside shellhooks.

Fetch it (CI does this in `.ci/run`; locally the tests that need it skip until it is
there, or fail under CI=true)::

    python3 tests/realmise.py --fetch      # prints the binary's path

npm's `@jdxcode/mise` package is a stub whose install script runs `npm install` of the
package for this platform (`@jdxcode/mise-linux-x64` ...) and links its binary. The
fetch takes that platform package directly with `npm pack` (no install script runs)
and keeps its `bin/mise`, as realclaude.py does for Claude Code.

Where it goes: `$SHELLHOOKS_CLAUDE_CACHE/mise-<VERSION>/mise`, default
`/var/tmp/shellhooks-test/mise-<VERSION>/mise`.
"""

from __future__ import annotations

import fcntl
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "2026.9.15"
DEFAULT_CACHE = Path("/var/tmp/shellhooks-test")


def package() -> str:
    """The npm package holding the binary for this machine."""
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower())
    return f"@jdxcode/mise-linux-{arch}"


def cache_root() -> Path:
    env = os.environ.get("SHELLHOOKS_CLAUDE_CACHE")
    return Path(env) if env else DEFAULT_CACHE


def binary_path(version: str = VERSION) -> Path:
    return cache_root() / f"mise-{version}" / "mise"


def installed(version: str = VERSION) -> Path | None:
    """The binary's path if it is fetched, else None."""
    p = binary_path(version)
    stamp = p.with_name("VERSION")
    if p.is_file() and os.access(p, os.X_OK) and stamp.is_file() \
            and stamp.read_text(encoding="utf-8").strip() == version:
        return p
    return None


def fetch(version: str = VERSION) -> Path:
    """Download the pinned mise with `npm pack` (once) and return its path."""
    found = installed(version)
    if found:
        return found
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed: cannot fetch mise")
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".fetch-mise.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = installed(version)
        if found:
            return found
        with tempfile.TemporaryDirectory(dir=root, prefix=".fetch-mise-") as tmp:
            spec = f"{package()}@{version}"
            r = subprocess.run([npm, "pack", spec, "--silent"], cwd=tmp, capture_output=True,
                               text=True, timeout=900)
            if r.returncode != 0:
                raise RuntimeError(f"npm pack {spec} failed: {r.stderr.strip()[-500:]}")
            tgz = next(Path(tmp).glob("*.tgz"))
            with tarfile.open(tgz) as tar:
                member = tar.getmember("package/bin/mise")
                meta_member = tar.getmember("package/package.json")
                if not member.isreg() or not meta_member.isreg():
                    raise RuntimeError(f"{spec}: unexpected package layout")
                meta_file = tar.extractfile(meta_member)
                assert meta_file is not None
                meta = json.loads(meta_file.read().decode("utf-8"))
                if meta.get("version") != version:
                    raise RuntimeError(f"{spec}: package says version {meta.get('version')!r}")
                staged = Path(tmp) / "staged"
                staged.mkdir()
                src = tar.extractfile(member)
                assert src is not None
                with (staged / "mise").open("wb") as out:
                    shutil.copyfileobj(src, out)
            (staged / "mise").chmod(0o755)
            (staged / "VERSION").write_text(version, encoding="utf-8")
            dest = binary_path(version).parent
            if dest.exists():
                shutil.rmtree(dest)
            staged.rename(dest)
    return binary_path(version)


if __name__ == "__main__":
    if sys.argv[1:] == ["--fetch"]:
        print(fetch())
    else:
        print("usage: realmise.py --fetch", file=sys.stderr)
        sys.exit(2)
