"""One exception tree for the domain (networkx/exception.py style).

Every error carries a human message and ``where``: a JSON-pointer-like path to the
offending input (``ops/3/node/label``) so the API can say exactly what was wrong.

Examples
--------
>>> err = InvalidOp("label is too long", where="ops/2/set/label")
>>> isinstance(err, TocError), err.where
(True, 'ops/2/set/label')
"""

from __future__ import annotations

__all__ = [
    "ImportFormatError",
    "InvalidEntity",
    "InvalidOp",
    "MergeConflict",
    "TocError",
    "UnknownEntity",
]


class TocError(Exception):
    """Base class of every domain error."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def as_dict(self) -> dict[str, str | None]:
        return {"message": self.message, "where": self.where}


class InvalidEntity(TocError):
    """A node, edge or document breaks a field rule or a hard invariant."""


class InvalidOp(InvalidEntity):
    """An edit operation cannot be applied; ``where`` starts with ``ops/<index>``."""


class UnknownEntity(InvalidOp):
    """An operation names a node or edge id that does not exist."""


class ImportFormatError(TocError):
    """An imported file (JSON, GraphML, CSV) cannot be read as a theory of change."""


class MergeConflict(TocError):
    """Changes cannot be combined automatically; ``conflicts`` says where."""

    def __init__(self, message: str, conflicts: list[dict[str, object]]) -> None:
        super().__init__(message)
        self.conflicts = conflicts
