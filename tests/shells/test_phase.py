"""`{phase}` in the prompt, from the project's COORDINATION.md, in real bash, zsh and fish."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shelldriver import SHELLS, ShellDriver
from tests.shells.test_prompt_segment import ID, prompt_text, segment_value, write_config
from tests.taskfixtures import ClaudeHome

C, P = "completed", "pending"


@pytest.fixture
def project(tmp_path: Path, isolated_home: Path, claude: ClaudeHome) -> Path:
    proj = tmp_path / "proj"
    (proj / ".claude").mkdir(parents=True)  # a project marker: the hook's KEY
    (proj / "src").mkdir()
    write_config(isolated_home, proj, '[prompt]\nformat = "{id} {done}/{total} <{phase}>"\n'
                                      "max_width = 100\n")
    claude.make_list(ID, [C, P], subject="Step")
    return proj


@pytest.mark.parametrize("shell", SHELLS)
def test_phase_in_the_prompt_follows_the_file(shell: str, project: Path, tmp_path: Path,
                                              isolated_home: Path) -> None:
    coordination = project / "COORDINATION.md"
    with ShellDriver(shell, cwd=project) as sh:
        sh.source_hook()
        sh.cd(project / "src")
        assert segment_value(sh) == f"{ID} 1/2 <>"
        coordination.write_text("# Plan\n\n## Current Phase\n\nBuild the API\n\n## Next\n")
        sh.enter()
        assert segment_value(sh) == f"{ID} 1/2 <Build the API>"
        assert f"{ID} 1/2 <Build the API>" in prompt_text(sh)
        # Hostile text from the project: shown, never expanded or run.
        coordination.write_text("## Current Phase: $(touch p1) `touch p2` %F{red}"
                                "\\w \x1b]0;TITLE-SET\x07!\n")
        sh.enter()
        text = prompt_text(sh)
        assert "<$(touch p1) `touch p2` %F{red}\\w !>" in text, text
        assert "TITLE-SET" not in "".join(sh.transcript)
        coordination.unlink()
        sh.enter()
        assert segment_value(sh) == f"{ID} 1/2 <>"
    for name in ("p1", "p2"):
        for d in (project, project / "src", isolated_home, tmp_path):
            assert not (d / name).exists(), f"{shell} ran a command from COORDINATION.md"
