"""Real tools the tests take from the npm registry: pinned, fetched once with `npm pack` (no
install script runs), unpacked into a cache outside the repository.

Each tool's module (tests/claude_e2e/realclaude.py, tests/realmise.py, tests/realvscode.py,
tests/realprompts.py) describes its package with a `Pinned` and keeps its own
`python3 tests/<module>.py --fetch`; CI runs those in `.ci/run`.

Where they go: `$SHELLHOOKS_CLAUDE_CACHE/<name>-<version>/`, default
`/var/tmp/shellhooks-test/<name>-<version>/`. A fixed path, not `~/.cache`: the tests run
with a temporary HOME, and the downloads (Claude Code alone is about 175 MB) must be reused
between runs. A `VERSION` file written last says the folder is complete.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

DEFAULT_CACHE = Path("/var/tmp/shellhooks-test")


def cache_root() -> Path:
    """Folder that holds one `<name>-<version>` folder per fetched tool."""
    env = os.environ.get("SHELLHOOKS_CLAUDE_CACHE")
    return Path(env) if env else DEFAULT_CACHE


@dataclasses.dataclass(frozen=True)
class Pinned:
    """One npm package at one version, and what of it the tests keep."""

    name: str  # the cache folder is <name>-<version>
    package: str  # npm package name
    version: str
    what: str  # for messages: "Claude Code", "mise"...
    fetch_command: str  # how a developer fetches it
    # Files kept, by their name in the cache folder -> their path in the package (which
    # starts with `package/`); None keeps the whole package.
    keep: Mapping[str, str] | None = None
    needed: Sequence[str] = ()  # files that must be there (with `keep`: all of them)
    executables: Sequence[str] = ()  # files made executable (and checked to be)
    entry: str = ""  # the file whose path fetch() returns; "" the folder itself

    def at(self, version: str) -> Pinned:
        return dataclasses.replace(self, version=version)

    @property
    def spec(self) -> str:
        return f"{self.package}@{self.version}"

    def folder(self) -> Path:
        return cache_root() / f"{self.name}-{self.version}"

    def path(self) -> Path:
        """Where the entry (or the folder) is once fetched."""
        return self.folder() / self.entry if self.entry else self.folder()

    def _complete(self) -> bool:
        d = self.folder()
        stamp = d / "VERSION"
        names = [*(self.keep or ()), *self.needed, *self.executables]
        return (stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == self.version
                and all((d / n).is_file() for n in names)
                and all(os.access(d / n, os.X_OK) for n in self.executables))

    def installed(self) -> Path | None:
        """The path if it is fetched (complete, this version), else None."""
        return self.path() if self._complete() else None

    def require(self) -> Path:
        """The path; skip the test when it is not fetched, fail under CI=true."""
        import pytest  # (here: `--fetch` runs without the test extra)

        found = self.installed()
        if found is None:
            msg = f"{self.what} {self.version} is not fetched ({self.fetch_command})"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(msg + " (required under CI=true)")
            pytest.skip(msg)
        return found

    def fetch(self, *, quiet: bool = False) -> Path:
        """Download the package with `npm pack` (once; later calls reuse it)."""
        found = self.installed()
        if found:
            return found
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(f"npm is not installed: cannot fetch {self.what}")
        root = cache_root()
        root.mkdir(parents=True, exist_ok=True)
        with (root / f".fetch-{self.name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two test runs fetching at once wait for each other
            found = self.installed()
            if found:
                return found
            with tempfile.TemporaryDirectory(dir=root, prefix=f".fetch-{self.name}-") as tmp:
                staged = self._unpack(npm, Path(tmp))
                for name in self.executables:
                    (staged / name).chmod(0o755)
                (staged / "VERSION").write_text(self.version, encoding="utf-8")
                dest = self.folder()
                if dest.exists():
                    shutil.rmtree(dest)
                staged.rename(dest)
        if not self._complete():
            raise RuntimeError(f"{self.spec}: files missing after the fetch")
        if not quiet:
            print(f"fetched {self.spec} into {dest}", file=sys.stderr)
        return self.path()

    def _unpack(self, npm: str, tmp: Path) -> Path:
        """`npm pack` into `tmp`, check the version, and return the folder of kept files."""
        r = subprocess.run([npm, "pack", self.spec, "--silent"], cwd=tmp, capture_output=True,
                           text=True, timeout=900)
        if r.returncode != 0:
            raise RuntimeError(f"npm pack {self.spec} failed: {r.stderr.strip()[-500:]}")
        tgz = next(tmp.glob("*.tgz"))
        staged = tmp / "staged"
        with tarfile.open(tgz) as tar:
            meta_file = tar.extractfile("package/package.json")
            assert meta_file is not None
            meta = json.loads(meta_file.read().decode("utf-8"))
            if meta.get("version") != self.version:
                raise RuntimeError(f"{self.spec}: package says version {meta.get('version')!r}")
            if self.keep is None:
                _extract_all(tar, tmp, self.spec)
                (tmp / "package").rename(staged)
                return staged
            staged.mkdir()
            for name, inside in self.keep.items():
                member = tar.getmember(inside)
                src = tar.extractfile(member) if member.isreg() else None
                if src is None:
                    raise RuntimeError(f"{self.spec}: {inside} is not a file")
                with (staged / name).open("wb") as out:
                    shutil.copyfileobj(src, out)
        return staged

    def main(self, argv: list[str] | None = None, *, also: Sequence[Pinned] = ()) -> int:
        """`--fetch`: make sure it is in the cache and print its path; `--path`: print where
        it is if fetched. `also`: more packages the same command fetches."""
        import argparse

        ap = argparse.ArgumentParser(description=f"The pinned {self.what} for the tests.")
        ap.add_argument("--fetch", action="store_true", help="download it unless already cached")
        ap.add_argument("--path", action="store_true", help="print its path if cached")
        args = ap.parse_args(argv)
        prog = Path(sys.argv[0]).stem
        if args.fetch:
            try:
                for tool in (self, *also):
                    print(tool.fetch())
            except (RuntimeError, OSError, subprocess.SubprocessError) as e:
                print(f"{prog}: {e}", file=sys.stderr)
                return 1
            return 0
        for tool in (self, *also):
            found = tool.installed()
            if found is None:
                print(f"not fetched: {tool.path()}", file=sys.stderr)
                return 1
            print(found)
        return 0


def _extract_all(tar: tarfile.TarFile, into: Path, spec: str) -> None:
    """The whole package, with no path out of `into` and nothing but files and folders."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(into, filter="data")
        return
    # Python before 3.11.4: check the names ourselves.
    members = [m for m in tar.getmembers() if m.isreg() or m.isdir()]
    if any(m.name.startswith(("/", "..")) or "/../" in m.name for m in members):
        raise RuntimeError(f"{spec}: unsafe path in the package")
    tar.extractall(into, members=members)
