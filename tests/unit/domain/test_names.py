"""The name rules (domain/names.py): one table per rule, and the JSON Schema agrees."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from toc_editor.domain import names

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[3] / "toc_editor/schemas/document.schema.json").read_text()
)

# Refused by every rule: whole-string, ASCII-only matching.
LOOK_ALIKES = [
    "abc\n",
    "abc\r\n",
    "abc ",
    " abc",
    "-abc",
    "\uff41\uff42\uff43",  # full-width abc
    "\u0430bc",  # Cyrillic a
    "ab\u200bc",  # zero-width space
    "ab\u00a0c",  # no-break space
    "abc\x00",
    "",
]

GOOD = {
    names.USERNAME: ["ana", "Ana.Lopez_2", "a-b", "x" * 40, "42"],
    names.SLUG: ["a", "youth-outcomes-network", "x" * 63, "0-9"],
    names.ORG_SLUG: ["a", "youth-network", "apis", "api-team", "explorers", "my-settings"],
    names.GRAPH_SLUG: ["toc", "members-toc", "newcastle", "x" * 63],
    names.BRANCH: ["main", "v1.2", "draft_b-2", "x" * 100],
    names.ENTITY_ID: ["n1", "2f1c0c9e-6a4b-4d1e-9a39-2f5d1f7c4e11", "ind:1.a"],
    names.LINK_TARGET: ["youth-network/framework#n1"],
}
BAD = {
    names.USERNAME: ["a", "x" * 41, "_ana", ".ana", "ana@home", "ana/b"],
    names.SLUG: ["Youth", "x" * 64, "a_b", "a.b"],
    names.ORG_SLUG: ["Youth", "x" * 64, *names.RESERVED_ORG_NAMES],
    names.GRAPH_SLUG: ["a_b", *names.RESERVED_GRAPH_NAMES],
    names.BRANCH: ["a..b", "x" * 101, ".hidden", "a/b", "a b"],
    names.ENTITY_ID: ["x" * 65, "_x", "a b", "a/b"],
    names.LINK_TARGET: ["youth-network/framework", "Youth/f#n1", "y/f#n1\n"],
}


def _table(values: dict[names.NameRule, list[str]]) -> list[tuple[names.NameRule, str]]:
    return [(rule, value) for rule, items in values.items() for value in items]


def _id(case: object) -> str:
    return case.name if isinstance(case, names.NameRule) else repr(case)


@pytest.mark.parametrize("value", LOOK_ALIKES, ids=repr)
@pytest.mark.parametrize("rule", names.RULES, ids=_id)
def test_every_rule_refuses_look_alikes(rule, value):
    assert not rule.matches(value)
    assert rule.regex.match(value) is None  # even a caller's .match is whole-string
    assert re.search(rule.json_pattern, value) is None  # as jsonschema checks a pattern


@pytest.mark.parametrize(("rule", "value"), _table(GOOD), ids=_id)
def test_good_names_match(rule, value):
    assert rule.matches(value)
    assert re.search(rule.json_pattern, value)


@pytest.mark.parametrize(("rule", "value"), _table(BAD), ids=_id)
def test_bad_names_do_not_match(rule, value):
    assert not rule.matches(value)
    assert re.search(rule.json_pattern, value) is None


@pytest.mark.parametrize("value", [None, 42, b"abc", ["abc"]], ids=repr)
def test_only_strings_match(value):
    assert not any(rule.matches(value) for rule in names.RULES)


def test_the_json_schema_of_the_open_format_uses_the_same_rules():
    defs = SCHEMA["$defs"]
    assert defs["id"]["pattern"] == names.ENTITY_ID.json_pattern
    assert defs["slug"]["pattern"] == names.SLUG.json_pattern
    link = json.dumps(SCHEMA)
    assert json.dumps(names.LINK_TARGET.json_pattern) in link


@pytest.mark.parametrize("rule", [names.ORG_SLUG, names.GRAPH_SLUG], ids=_id)
def test_the_reserved_names_are_refused_by_the_json_pattern_too(rule):
    """OpenAPI shows ``json_pattern``; ECMA and Python regexes agree on the lookahead."""
    reserved = names.RESERVED_ORG_NAMES if rule is names.ORG_SLUG else names.RESERVED_GRAPH_NAMES
    pattern = re.compile(rule.json_pattern)
    assert not any(pattern.search(word) for word in reserved)
    assert all(pattern.search(word + "s") for word in reserved)
