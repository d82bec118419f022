"""One root error class; each also inherits the builtin it refines (as pint does)."""
from __future__ import annotations


class ClaimsError(Exception):
    """Root of every error this package raises on purpose."""


class InputError(ClaimsError, ValueError):
    """A bad input file: names the file and, where known, the line."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # picklable with its own arguments: with --jobs a reader error crosses the worker pool
        return type(self), (self.path, self.reason, self.line)


class GoldError(InputError):
    """A gold file line that does not follow spec section 5."""


class ExtractionTimeout(ClaimsError, TimeoutError):
    """A document used up its pattern-matching budget."""
