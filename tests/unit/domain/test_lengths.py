"""One rule per field length: the document format's JSON Schema agrees with the domain.

The API's schemas and the services read :mod:`toc_editor.domain.lengths` and
:mod:`toc_editor.domain.entities` directly; the JSON Schema is a static file for other
tools, so this table checks each of its bounds against the domain's constant.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toc_editor.domain import entities, lengths, ops

SCHEMA = json.loads(
    (Path(__file__).parents[3] / "toc_editor" / "schemas" / "document.schema.json").read_text()
)


def _at(path: str) -> dict:
    node = SCHEMA
    for part in path.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


BOUNDS = [
    ("/$defs/node/properties/label", "maxLength", entities.MAX_LABEL),
    ("/$defs/node/properties/description", "maxLength", entities.MAX_TEXT),
    ("/$defs/node/properties/indicators", "maxItems", entities.MAX_ITEMS),
    ("/$defs/node/properties/tags", "maxItems", entities.MAX_ITEMS),
    ("/$defs/node/properties/links", "maxItems", entities.MAX_ITEMS),
    ("/$defs/indicator/properties/name", "maxLength", entities.MAX_LABEL),
    ("/$defs/evidence/properties/title", "maxLength", entities.MAX_SHORT),
    ("/$defs/optionalShortText", "maxLength", entities.MAX_SHORT),
    ("/$defs/assumptions", "maxItems", entities.MAX_ITEMS),
    ("/$defs/edge/properties/rationale", "maxLength", entities.MAX_TEXT),
    ("/$defs/edge/properties/evidence", "maxItems", entities.MAX_ITEMS),
    ("/properties/description", "maxLength", entities.MAX_TEXT),
]


@pytest.mark.parametrize(("path", "key", "expected"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_the_json_schema_bound_is_the_domains(path, key, expected):
    assert _at(path)[key] == expected


ENUMS = [
    ("/$defs/node/properties/kind", entities.NODE_KINDS),
    ("/$defs/edge/properties/relation", entities.EDGE_RELATIONS),
    ("/$defs/link/properties/relation", entities.LINK_RELATIONS),
]


@pytest.mark.parametrize(("path", "expected"), ENUMS, ids=[e[0] for e in ENUMS])
def test_the_json_schema_choices_are_the_domains(path, expected):
    assert tuple(_at(path)["enum"]) == tuple(expected)


def test_the_api_offers_exactly_the_domains_ops():
    from toc_editor.api.schemas import OpSchema

    choices = OpSchema().fields["op"].validate.choices  # type: ignore[union-attr]
    assert tuple(choices) == ops.OP_NAMES


@pytest.mark.parametrize(
    ("rule", "text", "fits"),
    [
        (lengths.TITLE, "x", True),
        (lengths.TITLE, "   ", False),
        (lengths.TITLE, "x" * 200, True),
        (lengths.TITLE, "x" * 201, False),
        (lengths.DESCRIPTION, "", True),
        (lengths.DESCRIPTION, "x" * 10_001, False),
        (lengths.MESSAGE, "x" * 2000, True),
        (lengths.MESSAGE, "x" * 2001, False),
        (lengths.TOKEN_NAME, "", True),
        (lengths.TOKEN_NAME, "x" * 101, False),
    ],
)
def test_length_rules(rule, text, fits):
    assert rule.fits(text) is fits
