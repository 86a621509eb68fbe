"""The one text rule (domain/text.py): the model refuses NUL and lone surrogates in every
text field, naming the field; parsed JSON may nest only so deep."""

from __future__ import annotations

from typing import Any

import pytest

from toc_editor.domain import model
from toc_editor.domain.errors import InvalidEntity
from toc_editor.domain.text import MAX_DEPTH, find_bad_text

BAD = {"NUL": "a\x00b", "surrogate": "a\ud800b"}
NODE = {"id": "n1", "kind": "outcome", "label": "Confidence", "horizon": "short"}
EDGE = {"id": "e1", "source": "a", "target": "b"}

# (what, a node or edge with the bad text at a field, the path the error names)
FIELDS: list[tuple[str, Any, str]] = [
    ("node label", lambda t: {**NODE, "label": t}, "node/label"),
    ("node description", lambda t: {**NODE, "description": t}, "node/description"),
    ("node tag", lambda t: {**NODE, "tags": [t]}, "node/tags/0"),
    ("node assumption", lambda t: {**NODE, "assumptions": [t]}, "node/assumptions/0"),
    (
        "indicator name",
        lambda t: {**NODE, "indicators": [{"id": "i", "name": t}]},
        "node/indicators/0/name",
    ),
    (
        "indicator unit",
        lambda t: {**NODE, "indicators": [{"id": "i", "name": "x", "unit": t}]},
        "node/indicators/0/unit",
    ),
    (
        "indicator target",
        lambda t: {**NODE, "indicators": [{"id": "i", "name": "x", "target": t}]},
        "node/indicators/0/target",
    ),
    ("edge rationale", lambda t: {**EDGE, "rationale": t}, "edge/rationale"),
    ("evidence title", lambda t: {**EDGE, "evidence": [{"title": t}]}, "edge/evidence/0/title"),
]


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize(("make", "where"), [f[1:] for f in FIELDS], ids=[f[0] for f in FIELDS])
def test_the_model_refuses_unstorable_text_naming_the_field(
    make: Any, where: str, bad: str
) -> None:
    raw = make(bad)
    normalize = model.normalize_node if where.startswith("node") else model.normalize_edge
    with pytest.raises(InvalidEntity) as caught:
        normalize(raw)
    assert caught.value.where == where
    assert "may not contain" in caught.value.message
    normalize(make("fine text"))  # the same field with storable text is accepted


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ({"a": ["ok", {"b": "x\x00"}]}, ("/a/1/b", "may not contain NUL (\\u0000) characters")),
        (["\udfff"], ("/0", "may not contain unpaired surrogates (\\ud800-\\udfff)")),
        ({"k\x00": 1}, ("/'k\\x00'", "a key may not contain NUL (\\u0000) characters")),
        ({"emoji 😀 and RTL \u202e": ["\x01 control is storable"]}, None),
    ],
)
def test_find_bad_text_names_the_first_bad_string(value: Any, found: Any) -> None:
    assert find_bad_text(value) == found


@pytest.mark.parametrize(
    ("depth", "refused"), [(MAX_DEPTH, False), (MAX_DEPTH + 1, True), (100_000, True)]
)
def test_nesting_is_bounded_without_recursion(depth: int, refused: bool) -> None:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"x": value}
    assert (find_bad_text(value) is not None) is refused
