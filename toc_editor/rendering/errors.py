"""Errors raised while rendering a theory of change.

Examples
--------
>>> str(RenderTimeout(2.5))
'Graphviz did not finish within 2.5 seconds; the graph may be too large to lay out'
>>> isinstance(RenderFailed("bad"), RenderError)
True
"""

from __future__ import annotations

__all__ = ["RenderError", "RenderFailed", "RenderTimeout"]


class RenderError(Exception):
    """Base class of every rendering error."""


class RenderTimeout(RenderError):
    """``dot`` ran longer than the allowed number of seconds and was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"Graphviz did not finish within {seconds:g} seconds; "
            "the graph may be too large to lay out"
        )
        self.seconds = seconds


class RenderFailed(RenderError):
    """``dot`` exited with an error, was killed by a limit, or produced unusable output."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr
