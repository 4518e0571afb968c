"""Exit statuses and the one exception type that means "the user's input is wrong"."""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    RECONCILED = 0
    DIVERGED = 1
    INPUT_ERROR = 2


class InputError(Exception):
    """Bad input or usage: the CLI prints ``str(self)`` on one line and exits 2."""

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
