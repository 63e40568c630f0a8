"""Every ```sh block of the documentation runs, as written, and exits 0.

Blocks are run by bash with `set -e -o pipefail`, a document's blocks in order (a page
is read top to bottom: a later example may use a list an earlier one made), one
document per test, in a sandbox: a temporary HOME (Claude Code's and shellhooks'
folders inside it), `shellhooks` on PATH, and a fresh git repository as the current
folder. Other fences (```text,
```toml, ```json, ```zsh, ```fish, ```bash for rc-file lines, ...) are not run: a
command that cannot run here (it needs the network, a terminal or the checkout) is
not marked `sh`. Only the environment below is passed on: no SHELL, TERM or the
caller's HOME.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^( *)```([^\n`]*)\n(.*?)^\1```[ \t]*$", re.M | re.S)
TIMEOUT = 60


def blocks(text: str) -> list[tuple[int, str, str]]:
    """(line number, tag, body) of each fenced block of a markdown text."""
    out = []
    for m in FENCE.finditer(text):
        indent = len(m.group(1))
        body = "".join(line[indent:] if line[:indent].isspace() else line
                       for line in m.group(3).splitlines(keepends=True))
        out.append((text.count("\n", 0, m.start()) + 1, m.group(2).strip(), body))
    return out


def sh_blocks() -> list[tuple[str, int, str]]:
    found = []
    for doc in DOCS:
        for line, tag, body in blocks(doc.read_text(encoding="utf-8")):
            if tag == "sh":
                found.append((str(doc.relative_to(REPO)), line, body))
    return found


def docs_with_blocks() -> list[str]:
    return sorted({doc for doc, _, _ in sh_blocks()})


def _sandbox(tmp: Path) -> tuple[dict[str, str], Path]:
    home = tmp / "sandbox" / "home"
    repo = tmp / "sandbox" / "project"
    home.mkdir(parents=True)
    repo.mkdir()
    bindir = Path(shutil.which("shellhooks") or Path(sys.executable).parent / "shellhooks").parent
    env = {
        "HOME": str(home),
        "PATH": os.pathsep.join([str(bindir), "/usr/local/bin", "/usr/bin", "/bin"]),
        "LANG": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    subprocess.run(["git", "init", "-q", str(repo)], env=env, check=True, timeout=TIMEOUT)
    return env, repo


@pytest.mark.parametrize("doc", docs_with_blocks())
def test_sh_blocks_run(doc: str, tmp_path: Path) -> None:
    env, repo = _sandbox(tmp_path)
    for name, line, body in sh_blocks():
        if name != doc:
            continue
        r = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", body],
                           cwd=repo, env=env, capture_output=True, text=True, timeout=TIMEOUT,
                           stdin=subprocess.DEVNULL)
        where = f"{doc}:{line}\n{body}"
        assert r.returncode == 0, f"{where}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"
        assert "Traceback" not in r.stderr, f"{where}\n{r.stderr}"


def test_every_doc_has_its_blocks_found() -> None:
    """The fence parser sees indented blocks and tags, and the README has runnable ones."""
    text = "a\n\n   ```sh\n   echo hi\n   ```\n\n```toml\nx = 1\n```\n"
    assert blocks(text) == [(3, "sh", "echo hi\n"), (7, "toml", "x = 1\n")]
    assert any(doc == "README.md" for doc, _, _ in sh_blocks())


def test_a_failing_block_fails(tmp_path: Path) -> None:
    env, repo = _sandbox(tmp_path)
    r = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c",
                        "shellhooks list --jsn\necho not reached"],
                       cwd=repo, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert r.returncode != 0 and "not reached" not in r.stdout


def test_readme_prompt_picture_is_current() -> None:
    """The README's picture, docs/prompt.svg, is what real bash, zsh and fish show with the
    hook today, drawn anew from a fresh capture (`python scripts/prompt_picture.py --update`
    after a change to the segment)."""
    for tool in ("tmux", "bash", "zsh", "fish"):
        if shutil.which(tool) is None and os.environ.get("CI") != "true":
            pytest.skip(f"{tool} is not installed")
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import prompt_picture
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert "](docs/prompt.svg)" in (REPO / "README.md").read_text(encoding="utf-8")
    assert prompt_picture.SVG == REPO / "docs" / "prompt.svg"
    assert prompt_picture.SVG.read_text(encoding="utf-8") == prompt_picture.picture()
