"""Recipes for prompt frameworks: real files beside this module, printed by
`shellhooks init <framework>` and included verbatim in docs/prompt-frameworks.md."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Framework name -> the recipe file `shellhooks init NAME` prints.
RECIPES = {"starship": "starship.toml", "powerlevel10k": "p10k.zsh",
           "liquidprompt": "liquidprompt.bash", "powerline": "powerline.bash",
           "spaceship": "spaceship.zsh"}


def recipe_path(name: str) -> Path:
    return Path(__file__).resolve().parent / RECIPES[name]


def recipe_text(name: str) -> str:
    return recipe_path(name).read_text(encoding="utf-8")


# ----- which frameworks a user's start-up files use, and whether the segment is wired in ------


@dataclass
class Wiring:
    """A prompt framework found in the user's files: is the segment wired in, and if not,
    the exact line to add (and where)."""

    name: str
    wired: bool
    fix: str


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _elements_name_shellhooks(text: str) -> bool:
    """Does a POWERLEVEL9K_LEFT/RIGHT_PROMPT_ELEMENTS=( ... ) list name `shellhooks`?"""
    for m in re.finditer(r"POWERLEVEL9K_(?:LEFT|RIGHT)_PROMPT_ELEMENTS=\(([^)]*)\)", text):
        if "shellhooks" in re.sub(r"#[^\n]*", "", m.group(1)).split():
            return True
    return False


def prompt_frameworks(*, bashrc: Path, zshrc: Path, fish_dir: Path, starship_config: Path,
                      shown: Callable[[Path], str] = str) -> list[Wiring]:
    """The frameworks the start-up files use (read as text, nothing run), each with its
    wiring. `fish_dir` is the fish configuration folder (~/.config/fish); `shown` prints
    a path in a fix."""
    zsh = _read(zshrc)
    p10k_conf = _read(zshrc.parent / ".p10k.zsh")
    fish = "".join(_read(f) for f in [fish_dir / "config.fish",
                                       *sorted(fish_dir.glob("conf.d/*.fish"))])
    fish_vars = _read(fish_dir / "fish_variables")
    found: list[Wiring] = []
    bash = _read(bashrc)
    if "liquidprompt" in bash:
        lp_conf = _read(bashrc.parent / ".config" / "liquidpromptrc") + _read(
            fish_dir.parent / "liquidpromptrc")
        found.append(Wiring(
            "liquidprompt", "SHELLHOOKS_SEGMENT" in bash + lp_conf or "init liquidprompt" in bash,
            "add to ~/.bashrc: LP_PS1_PREFIX='${SHELLHOOKS_SEGMENT:+${SHELLHOOKS_SEGMENT} }'"))
    if "bindings/bash/powerline.sh" in bash:
        found.append(Wiring(
            "powerline", "init powerline" in bash or "frameworks/powerline.bash" in bash,
            'add to ~/.bashrc after the hook line and powerline\'s: '
            'source "$(shellhooks init powerline --path)"'))
    if "starship init" in bash + zsh + fish:
        found.append(Wiring(
            "starship", "SHELLHOOKS_SEGMENT_PLAIN" in _read(starship_config),
            f"run: shellhooks init starship >> {shown(starship_config)}, and set "
            "SHELLHOOKS_PROMPT=0 "
            "before the hook line"))
    if "spaceship" in zsh:
        fixes = []
        if not any(s in zsh for s in ("init spaceship", "frameworks/spaceship.zsh",
                                      "spaceship_shellhooks")):
            fixes.append('add to ~/.zshrc after the hook line and spaceship\'s: '
                         'source "$(shellhooks init spaceship --path)"')
        if not re.search(r"spaceship add [^\n]*\bshellhooks\b|"
                         r"SPACESHIP_R?PROMPT_ORDER=\([^)]*\bshellhooks\b", zsh):
            fixes.append("add to ~/.zshrc after that: spaceship add shellhooks")
        found.append(Wiring("spaceship", not fixes, "; ".join(fixes)))
    if "powerlevel10k" in zsh:
        defined = any(s in zsh + p10k_conf for s in
                      ("prompt_shellhooks", "init powerlevel10k", "frameworks/p10k.zsh",
                       "shellhooks.plugin.zsh"))
        defined = defined or bool(re.search(r"plugins=\([^)]*\bshellhooks\b", zsh))
        listed = _elements_name_shellhooks(zsh + "\n" + p10k_conf)
        fixes = []
        if not defined:
            fixes.append('add to ~/.zshrc after the hook line: source "$(shellhooks init '
                         'powerlevel10k --path)"')
        if not listed:
            fixes.append("add shellhooks to POWERLEVEL9K_RIGHT_PROMPT_ELEMENTS in ~/.p10k.zsh")
        found.append(Wiring("powerlevel10k", not fixes, "; ".join(fixes)))
    elif "oh-my-zsh.sh" in zsh:
        loaded = ("shellhooks init zsh" in zsh or "hook.zsh" in zsh
                  or bool(re.search(r"plugins=\([^)]*\bshellhooks\b", zsh)))
        found.append(Wiring("oh-my-zsh", loaded,
                            'add to ~/.zshrc after oh-my-zsh: eval "$(shellhooks init zsh)"'))
    if (fish_dir / "functions" / "_tide_print_item.fish").is_file() or "tide_" in fish_vars:
        item = (fish_dir / "functions" / "_tide_item_shellhooks.fish").is_file()
        # fish_variables: `SETUVAR NAME:a\x1eb`, the list's items joined by a written \x1e.
        listed = any("shellhooks" in m.split("\\x1e") for m in
                     re.findall(r"tide_(?:left|right)_prompt_items:([^\n]*)", fish_vars))
        fixes = []
        if not item:
            fixes.append("install the item: fisher install OWNER/shellhooks (see "
                         "docs/prompt-frameworks.md)")
        if not listed:
            fixes.append("run: set -U tide_right_prompt_items $tide_right_prompt_items "
                         "shellhooks")
        found.append(Wiring("tide", not fixes, "; ".join(fixes)))
    return found
