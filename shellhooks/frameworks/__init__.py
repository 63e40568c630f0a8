"""Recipes for prompt frameworks: real files beside this module, printed by
`shellhooks init <framework>` and included verbatim in docs/prompt-frameworks.md."""

from __future__ import annotations

from pathlib import Path

# Framework name -> the recipe file `shellhooks init NAME` prints.
RECIPES = {"starship": "starship.toml", "powerlevel10k": "p10k.zsh"}


def recipe_path(name: str) -> Path:
    return Path(__file__).resolve().parent / RECIPES[name]


def recipe_text(name: str) -> str:
    return recipe_path(name).read_text(encoding="utf-8")
