"""docs/lists.md: every ```sh block runs, in order, in a sandbox home with shellhooks on PATH."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "lists.md"


def test_every_command_example_runs(tmp_path: Path, isolated_home: Path) -> None:
    blocks = re.findall(r"^```sh\n(.*?)^```$", DOC.read_text("utf-8"), re.M | re.S)
    assert len(blocks) >= 4
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
           f"{os.environ.get('PATH', '/usr/bin:/bin')}"}
    env.pop("SHELL", None)
    for block in blocks:
        for line in block.strip().splitlines():
            r = subprocess.run(["/bin/sh", "-c", line], cwd=work, env=env,
                               capture_output=True, text=True, timeout=60)
            assert r.returncode == 0, f"{line}\n{r.stdout}\n{r.stderr}"
            assert "Traceback" not in r.stderr, r.stderr
    # The examples did what the text says.
    plan = isolated_home / ".claude" / "tasks" / "demo-plan"
    assert sorted(p.name for p in plan.glob("*.json")) == ["1.json", "2.json", "3.json",
                                                            "4.json"]
