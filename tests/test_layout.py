"""The package's layout rules (docs/ARCHITECTURE.md, "Where things live")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

COMMANDS = Path(__file__).resolve().parent.parent / "shellhooks" / "commands"


def _imported_commands(path: Path) -> list[str]:
    """The `shellhooks.commands.X` modules that `path` imports, wherever the import is."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("shellhooks.commands.")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "shellhooks.commands":
                found += [f"shellhooks.commands.{a.name}" for a in node.names]
            elif node.module.startswith("shellhooks.commands."):
                found.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append("." * node.level + (node.module or ""))  # relative: within commands/
    return found


@pytest.mark.parametrize("path", sorted(COMMANDS.glob("*.py")), ids=lambda p: p.name)
def test_no_command_imports_another_command(path: Path) -> None:
    """Shared machinery lives in library modules (shellhooks/*.py) that commands call; a
    command module never reaches into another one's internals."""
    assert _imported_commands(path) == []


def test_the_rule_catches_each_import_form(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    for line in ("from shellhooks.commands.statusline import cached",
                 "from shellhooks.commands import setup_claude_hooks",
                 "import shellhooks.commands.allow",
                 "def f():\n    from .allow import setting_files"):
        probe.write_text(line + "\n", encoding="utf-8")
        assert _imported_commands(probe), line
