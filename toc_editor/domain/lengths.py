"""How long each free-text field of the service may be: one rule per field, used by the
API's schemas (and so the OpenAPI document) and by the services that check them.

The fields of nodes and edges are :mod:`.entities`' (``MAX_LABEL``, ``MAX_TEXT``...);
the document format's JSON Schema must agree with both (a unit test checks it).

>>> TITLE.fits("A theory of change"), TITLE.fits("   "), TITLE.message
(True, False, 'must be 1-200 characters')
>>> DESCRIPTION.fits(""), DESCRIPTION.message
(True, 'at most 10,000 characters')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Length:
    """At least ``low`` and at most ``high`` characters (surrounding spaces do not count
    towards ``low``: a title of spaces is empty)."""

    low: int
    high: int

    def fits(self, text: str) -> bool:
        return len(text.strip()) >= self.low and len(text) <= self.high

    @property
    def message(self) -> str:
        if self.low == 0:
            return f"at most {self.high:,} characters"
        return f"must be {self.low}-{self.high:,} characters"


TITLE = Length(1, 200)
"""A graph's title, a proposal's title, an organisation's display name."""
DESCRIPTION = Length(0, 10_000)
"""A graph's or a proposal's description."""
COMMENT = Length(1, 10_000)
"""A comment on a proposal."""
MESSAGE = Length(1, 2000)
"""A commit message (a merge's, a restore's)."""
TOKEN_NAME = Length(0, 100)
"""What an API token is for."""
EMAIL = Length(3, 254)
PASSWORD = Length(8, 200)
"""The length rule of passwords (their strength is the services' question)."""
COMMIT_REF = Length(7, 40)
"""A commit id, or a unique prefix of one."""
