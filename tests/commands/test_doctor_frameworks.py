"""`shellhooks doctor` recognises prompt frameworks in the start-up files and says whether
the segment is wired into each, with the line to add; following the fix makes it ok."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shellhooks.cli import main
from shellhooks.frameworks import recipe_text


def finding(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    main(["doctor", "--json"])
    found = json.loads(capsys.readouterr().out)
    return next(f for f in found if f["name"] == "prompt frameworks")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_none(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(isolated_home / ".bashrc", 'eval "$(shellhooks init bash)"\n')
    f = finding(capsys)
    assert f["status"] == "ok" and "none found" in f["message"]


def test_starship(isolated_home: Path, capsys: pytest.CaptureFixture[str],
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STARSHIP_CONFIG", raising=False)
    write(isolated_home / ".bashrc", 'eval "$(starship init bash)"\n')
    f = finding(capsys)
    assert f["status"] == "warn" and f["message"].startswith("starship:")
    assert "shellhooks init starship >> ~/.config/starship.toml" in f["fix"]
    write(isolated_home / ".config" / "starship.toml", recipe_text("starship"))
    assert finding(capsys)["status"] == "ok"


def test_powerlevel10k(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zshrc = 'source ~/powerlevel10k/powerlevel10k.zsh-theme\neval "$(shellhooks init zsh)"\n'
    write(isolated_home / ".zshrc", zshrc)
    write(isolated_home / ".p10k.zsh", "typeset -g POWERLEVEL9K_RIGHT_PROMPT_ELEMENTS=(\n"
          "  status  # exit code\n  time\n)\n")
    f = finding(capsys)
    assert f["status"] == "warn"
    assert 'source "$(shellhooks init powerlevel10k --path)"' in f["fix"]
    assert "POWERLEVEL9K_RIGHT_PROMPT_ELEMENTS" in f["fix"]
    write(isolated_home / ".zshrc", zshrc + 'source "$(shellhooks init powerlevel10k --path)"\n')
    assert "--path" not in finding(capsys)["fix"]
    write(isolated_home / ".p10k.zsh", "typeset -g POWERLEVEL9K_RIGHT_PROMPT_ELEMENTS=(\n"
          "  status  # exit code\n  shellhooks\n  time\n)\n")
    assert finding(capsys)["status"] == "ok"


def test_oh_my_zsh(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(isolated_home / ".zshrc", "plugins=(git)\nsource $ZSH/oh-my-zsh.sh\n")
    f = finding(capsys)
    assert f["status"] == "warn" and "oh-my-zsh" in f["message"]
    write(isolated_home / ".zshrc", "plugins=(git shellhooks)\nsource $ZSH/oh-my-zsh.sh\n")
    assert finding(capsys)["status"] == "ok"


def test_tide(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fish = isolated_home / ".config" / "fish"
    write(fish / "functions" / "_tide_print_item.fish", "function _tide_print_item; end\n")
    write(fish / "fish_variables", "SETUVAR tide_right_prompt_items:status\\x1etime\n")
    f = finding(capsys)
    assert f["status"] == "warn" and "fisher install" in f["fix"]
    assert "set -U tide_right_prompt_items $tide_right_prompt_items shellhooks" in f["fix"]
    write(fish / "functions" / "_tide_item_shellhooks.fish", "function _tide_item_shellhooks\n")
    write(fish / "fish_variables", "SETUVAR tide_right_prompt_items:status\\x1eshellhooks\n")
    assert finding(capsys)["status"] == "ok"


def test_docs_show_the_line_doctor_prints(isolated_home: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("STARSHIP_CONFIG", raising=False)
    write(isolated_home / ".bashrc", 'eval "$(starship init bash)"\n')
    main(["doctor"])
    line = next(x for x in capsys.readouterr().out.splitlines()
                if x.startswith("warn  prompt frameworks:"))
    doc = Path(__file__).resolve().parents[2] / "docs" / "prompt-frameworks.md"
    assert f"```text\n{line}\n```" in doc.read_text(encoding="utf-8")


def test_liquidprompt(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(isolated_home / ".bashrc", "source /usr/share/liquidprompt/liquidprompt\n")
    f = finding(capsys)
    assert f["status"] == "warn"
    fix = f["fix"].removeprefix("liquidprompt: add to ~/.bashrc: ")
    assert fix == recipe_text("liquidprompt").splitlines()[-1]
    write(isolated_home / ".config" / "liquidpromptrc", fix + "\n")
    assert finding(capsys)["status"] == "ok"


def test_powerline(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bashrc = ('eval "$(shellhooks init bash)"\n'
              "source /usr/share/powerline/bindings/bash/powerline.sh\n")
    write(isolated_home / ".bashrc", bashrc)
    f = finding(capsys)
    assert f["status"] == "warn" and f["message"].startswith("powerline:")
    line = f["fix"].split(": ", 2)[-1]
    assert line == 'source "$(shellhooks init powerline --path)"', f["fix"]
    write(isolated_home / ".bashrc", bashrc + line + "\n")
    assert finding(capsys)["status"] == "ok"


def test_spaceship(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zshrc = 'eval "$(shellhooks init zsh)"\nsource ~/spaceship-prompt/spaceship.zsh\n'
    write(isolated_home / ".zshrc", zshrc)
    f = finding(capsys)
    assert f["status"] == "warn" and f["message"].startswith("spaceship:")
    lines = [x.removeprefix("spaceship: ").split(": ", 1)[-1] for x in f["fix"].split("; ")]
    assert lines == ['source "$(shellhooks init spaceship --path)"', "spaceship add shellhooks"]
    write(isolated_home / ".zshrc", zshrc + "\n".join(lines) + "\n")
    assert finding(capsys)["status"] == "ok"
