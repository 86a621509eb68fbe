"""The name rules: one definition each of what a username, slug, branch name and id may be,
and the address of a shared indicator an indicator reports to (:func:`parse_reports_to`).

Every rule is ASCII only and matched whole (``fullmatch``): ``re.match`` with ``$`` lets
``"abc\\n"`` through, and ``\\w`` or ``[[:alpha:]]`` would let look-alike letters
(full-width ``"\\uff41\\uff42\\uff43"``, Cyrillic ``"\\u0430"``) make a second
``abc``. The marshmallow schemas, the services and the JSON Schema of the open format all
use these rules; ``json_pattern`` is the same rule for a JSON Schema or OpenAPI ``pattern``
(ECMA regex, checked by Python's ``re.search`` in jsonschema, hence ``(?!\\n)`` before
``$``).

Examples
--------
>>> USERNAME.matches("ana.lopez"), USERNAME.matches("ana\\n"), USERNAME.matches("-ana")
(True, False, False)
>>> SLUG.matches("youth-network"), SLUG.matches("Youth"), SLUG.matches("\\uff59\\uff4f\\uff55")
(True, False, False)
>>> BRANCH.matches("v1.2"), BRANCH.matches("a..b")
(True, False)
>>> SLUG.json_pattern
'^[a-z0-9][a-z0-9-]{0,62}(?!\\\\n)$'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeGuard

from .errors import InvalidEntity

__all__ = [
    "BRANCH",
    "ENTITY_ID",
    "GRAPH_SLUG",
    "LINK_TARGET",
    "ORG_SLUG",
    "RESERVED_GRAPH_NAMES",
    "RESERVED_ORG_NAMES",
    "RULES",
    "SLUG",
    "USERNAME",
    "NameRule",
    "parse_reports_to",
]


@dataclass(frozen=True)
class NameRule:
    """A name rule: ``body`` is the regex without anchors, ``message`` says it in words."""

    name: str
    body: str
    message: str
    reserved: tuple[str, ...] = ()
    """Names the rule's ``body`` refuses because the app uses them (said apart)."""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # ``\Z`` (not ``$``): even a caller's ``regex.match`` then matches the whole string.
        object.__setattr__(self, "regex", re.compile(rf"(?:{self.body})\Z", re.ASCII))

    def matches(self, value: object) -> TypeGuard[str]:
        """Is ``value`` a string that matches the whole rule?"""
        return isinstance(value, str) and self.regex.fullmatch(value) is not None

    def problem(self, value: object) -> str:
        """What is wrong with ``value`` (which does not match), in words.

        >>> ORG_SLUG.problem("explore")
        "'explore' is the address of one of the app's own pages: choose another"
        """
        if value in self.reserved:
            return f"{value!r} is the address of one of the app's own pages: choose another"
        return self.message

    @property
    def json_pattern(self) -> str:
        """The rule as a JSON Schema / OpenAPI ``pattern``."""
        return f"^{self.body}(?!\\n)$"


_SLUG = r"[a-z0-9][a-z0-9-]{0,62}"
_ID = r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}"

USERNAME = NameRule(
    "username",
    r"[A-Za-z0-9][A-Za-z0-9_.-]{1,39}",
    "must be 2-40 ASCII letters, digits, _ . or -, starting with a letter or digit",
)
SLUG = NameRule(
    "slug",
    _SLUG,
    "must be 1-63 lower-case ASCII letters, digits or -, starting with a letter or digit",
)
RESERVED_ORG_NAMES = (
    "about", "account", "admin", "api", "assets", "docs", "explore", "graphs", "health",
    "help", "login", "logout", "new", "orgs", "search", "settings", "signin", "signout",
    "signup", "static", "swagger-ui", "users",
)  # fmt: skip
"""The app's own first path segments (``/explore``, ``/signin``, ``/api``...): an
organisation's address is ``/{org}``, so no organisation may be called one of them."""
RESERVED_GRAPH_NAMES = ("history", "members", "new", "portfolio", "settings")
"""The organisation's own pages (``/{org}/members``, ``/{org}/portfolio``...): a graph's
address is ``/{org}/{graph}``."""


def _none_of(words: tuple[str, ...]) -> str:
    """A lookahead refusing exactly these slugs (a longer slug that starts with one is fine).

    >>> re.fullmatch(_none_of(("api",)) + _SLUG, "api") is None
    True
    >>> [bool(re.fullmatch(_none_of(("api",)) + _SLUG, s)) for s in ("apis", "api-team")]
    [True, True]
    """
    assert all(re.fullmatch(_SLUG, w) for w in words)  # no character needs escaping
    return "(?!(?:" + "|".join(words) + ")(?![a-z0-9-]))"


# Organisations and graphs share the slug rule, less the names their addresses reserve.
ORG_SLUG = NameRule(
    "organisation",
    _none_of(RESERVED_ORG_NAMES) + _SLUG,
    "must be 1-63 lower-case ASCII letters, digits or -, starting with a letter or digit, "
    "and not a name of the app's own pages (api, explore, signin, settings, ...)",
    RESERVED_ORG_NAMES,
)
GRAPH_SLUG = NameRule(
    "graph",
    _none_of(RESERVED_GRAPH_NAMES) + _SLUG,
    "must be 1-63 lower-case ASCII letters, digits or -, starting with a letter or digit, "
    "and not members, portfolio, settings, history or new (an organisation's own pages)",
    RESERVED_GRAPH_NAMES,
)
BRANCH = NameRule(
    "branch",
    r"(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9_.-]{0,99}",
    "must be 1-100 ASCII letters, digits, _ . or -, starting with a letter or digit, without '..'",
)
ENTITY_ID = NameRule(
    "id",
    _ID,
    "must be 1-64 letters, digits or _.:-, starting with a letter or digit (a UUID)",
)
LINK_TARGET = NameRule(
    "link target",
    rf"{_SLUG}/{_SLUG}#{_ID}",
    'must look like "org/graph#node_id"',
)

RULES: tuple[NameRule, ...] = (USERNAME, SLUG, ORG_SLUG, GRAPH_SLUG, BRANCH, ENTITY_ID, LINK_TARGET)


def parse_reports_to(text: object) -> tuple[str, str, str]:
    """``(org, graph, indicator_id)`` from ``"org/graph#indicator_id"``; InvalidEntity
    (``where`` "reports_to") saying what is wrong otherwise.

    >>> parse_reports_to("youth-sector/framework#jobs-1")
    ('youth-sector', 'framework', 'jobs-1')
    >>> try:
    ...     parse_reports_to("youth-sector#jobs-1")
    ... except InvalidEntity as error:
    ...     print(error.where, "-", error)
    reports_to - must look like "org/graph#indicator_id" (no "/" after the organisation)
    """
    form = 'must look like "org/graph#indicator_id"'
    if not isinstance(text, str) or not text:
        raise InvalidEntity(form, "reports_to")
    address, hash_, indicator = text.partition("#")
    if not hash_:
        raise InvalidEntity(f'{form} (no "#" before the indicator id)', "reports_to")
    org, slash, graph = address.partition("/")
    if not slash:
        raise InvalidEntity(f'{form} (no "/" after the organisation)', "reports_to")
    for rule, value, what in (
        (ORG_SLUG, org, "the organisation"),
        (GRAPH_SLUG, graph, "the graph"),
        (ENTITY_ID, indicator, "the indicator id"),
    ):
        if not rule.matches(value):
            raise InvalidEntity(f"{form}: {what} {rule.problem(value)}", "reports_to")
    return org, graph, indicator
