"""shellhooks: shell hooks that give every project its own shared Claude Code task list."""

__version__ = "0.1.0"
