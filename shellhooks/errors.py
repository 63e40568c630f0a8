"""The one user-facing error type: the CLI prints its message as one line and exits 1."""

from __future__ import annotations


class ShellhooksError(Exception):
    """A problem the user can fix; shown as `shellhooks: <message>`, never as a traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
