"""Indicator definitions (issue 13): the fields that say how results are reported and
judged, as tables. The model (domain/entities.py) and the JSON Schema agree on each case
the schema can express; the rest are the model's alone. Indicator ids are unique within a
whole graph: from_document, the ops and merges refuse a second box with one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from toc_editor.domain import entities, model, ops
from toc_editor.domain.delta import Delta
from toc_editor.domain.errors import InvalidEntity, InvalidOp
from toc_editor.domain.merge import merge

SCHEMA = json.loads(
    (Path(__file__).parents[3] / "toc_editor" / "schemas" / "document.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _doc(**indicator: Any) -> dict[str, Any]:
    return {
        "nodes": [{"id": "n", "kind": "outcome", "label": "Jobs",
                   "indicators": [{"id": "k", "name": "In work", **indicator}]}],
        "edges": [],
    }  # fmt: skip


@dataclass
class Case:
    name: str
    fields: dict[str, Any]
    where: str | None = None  # the model's complaint (None: valid)
    schema_too: bool = True  # the JSON Schema expresses the rule


G2 = {"name": "gender", "categories": ["female", "male", "another"]}

# fmt: off
CASES = [
    Case("nothing new", {}),
    Case("every field", {"direction": "decrease", "unit_type": "currency", "currency": "HKD",
                         "frequency": "monthly", "aggregation": "cumulative",
                         "baseline_date": "2024-01-01", "target_date": "2026-12-31",
                         "period_targets": [{"period": "2025-06", "value": 10}],
                         "disaggregations": [G2, {"name": "age band", "categories": ["16-24"]}],
                         "reports_to": "youth-network/framework#jobs-1"}),
    Case("nulls are defaults", {k: None for k in entities.INDICATOR_DEFINITION_FIELDS}),
    Case("direction", {"direction": "sideways"}, "direction"),
    Case("unit type", {"unit_type": "ratio"}, "unit_type"),
    Case("currency code", {"unit_type": "currency", "currency": "hkd"}, "currency"),
    Case("currency without its type", {"currency": "HKD"}, "currency"),
    Case("scale", {"unit_type": "scale", "scale_min": 1, "scale_max": 5}),
    Case("scale bounds reversed", {"unit_type": "scale", "scale_min": 5, "scale_max": 1},
         "scale_max", schema_too=False),
    Case("scale without its type", {"unit_type": "count", "scale_max": 5}, "scale_max"),
    Case("scale not a number", {"unit_type": "scale", "scale_min": "1"}, "scale_min"),
    Case("frequency", {"frequency": "weekly"}, "frequency"),
    Case("aggregation", {"aggregation": "average"}, "aggregation"),
    Case("date form", {"baseline_date": "01/02/2024"}, "baseline_date"),
    Case("no such day", {"target_date": "2025-02-30"}, "target_date", schema_too=False),
    Case("target before baseline", {"baseline_date": "2025-01-01", "target_date": "2024-01-01"},
         "target_date", schema_too=False),
    Case("period target", {"period_targets": [{"period": "2025-Q3", "value": 12.5}]}),
    Case("period target of another frequency", {"period_targets": [{"period": "2025", "value": 1}]},
         "period_targets/0/period", schema_too=False),
    Case("period target twice", {"period_targets": [{"period": "2025-Q1", "value": 1},
                                                    {"period": "2025-Q1", "value": 2}]},
         "period_targets/1/period", schema_too=False),
    Case("period target bad code", {"period_targets": [{"period": "2025-Q5", "value": 1}]},
         "period_targets/0/period"),
    Case("period target value", {"period_targets": [{"period": "2025-Q1", "value": "1"}]},
         "period_targets/0/value"),
    Case("period target extra field", {"period_targets": [{"period": "2025-Q1", "value": 1,
                                                           "note": "x"}]},
         "period_targets/0/note"),
    Case("too many period targets",
         {"frequency": "monthly", "period_targets": [
             {"period": f"{2000 + i // 12}-{i % 12 + 1:02d}", "value": i} for i in range(201)]},
         "period_targets"),
    Case("disaggregation name", {"disaggregations": [{"name": "Gender", "categories": ["f"]}]},
         "disaggregations/0/name"),
    Case("disaggregation name too long", {"disaggregations": [{"name": "x" * 41,
                                                               "categories": ["f"]}]},
         "disaggregations/0/name"),
    Case("no categories", {"disaggregations": [{"name": "gender", "categories": []}]},
         "disaggregations/0/categories"),
    Case("21 categories", {"disaggregations": [{"name": "g", "categories": [
        str(i) for i in range(21)]}]}, "disaggregations/0/categories"),
    Case("category too long", {"disaggregations": [{"name": "g", "categories": ["x" * 61]}]},
         "disaggregations/0/categories/0"),
    Case("category twice", {"disaggregations": [{"name": "g", "categories": ["a", "a"]}]},
         "disaggregations/0/categories/1"),
    Case("dimension twice", {"disaggregations": [G2, G2]}, "disaggregations/1/name",
         schema_too=False),
    Case("reports to a shared indicator", {"reports_to": "youth-network/framework#jobs-1"}),
    Case("reports to no indicator", {"reports_to": "youth-network/framework"}, "reports_to"),
    Case("reports to no graph", {"reports_to": "youth-network#jobs-1"}, "reports_to"),
    Case("reports to a bad organisation", {"reports_to": "Youth/framework#jobs-1"}, "reports_to"),
    Case("reports to a reserved name", {"reports_to": "api/framework#jobs-1"}, "reports_to",
         schema_too=False),
    Case("reports to a number", {"reports_to": 12}, "reports_to"),
    Case("reports to an empty string", {"reports_to": ""}, "reports_to"),
    Case("six dimensions", {"disaggregations": [{"name": f"d{i}", "categories": ["a"]}
                                                for i in range(6)]}, "disaggregations"),
]
# fmt: on


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_model_and_the_schema_agree_on_indicator_definitions(case: Case) -> None:
    doc = _doc(**case.fields)
    schema_ok = VALIDATOR.is_valid(doc)
    if case.where is None:
        model.from_document(doc)
        assert schema_ok, [e.message for e in VALIDATOR.iter_errors(doc)]
        return
    with pytest.raises(InvalidEntity) as caught:
        model.from_document(doc)
    assert caught.value.where == f"nodes/0/indicators/0/{case.where}"
    assert schema_ok is not case.schema_too


def test_unset_fields_are_left_out_so_older_indicators_keep_their_form() -> None:
    old = {"id": "k", "name": "In work", "unit": None, "baseline": 1, "target": 2,
           "source": None, "vocabulary": None, "code": None}  # fmt: skip
    node = model.normalize_node({"id": "n", "kind": "output", "label": "x", "indicators": [old]})
    assert node["indicators"] == [old]
    nulls = {key: None for key in entities.INDICATOR_DEFINITION_FIELDS}
    empties = {"period_targets": [], "disaggregations": []}
    for extra in (nulls, empties):
        raw = {"id": "n", "kind": "output", "label": "x", "indicators": [{**old, **extra}]}
        assert model.normalize_node(raw)["indicators"] == [old]
    full = model.normalize_node(
        {"id": "n", "kind": "output", "label": "x",
         "indicators": [{**old, "frequency": "yearly", "direction": "decrease"}]}
    )["indicators"][0]  # fmt: skip
    assert list(full) == [*entities.INDICATOR_FIELDS, "direction", "frequency"]
    again = model.normalize_node({"id": "n", "kind": "output", "label": "x", "indicators": [full]})
    assert again["indicators"] == [full]


BOUNDS = [
    ("period_targets/anyOf/0", "maxItems", entities.MAX_PERIOD_TARGETS),
    ("disaggregations/anyOf/0", "maxItems", entities.MAX_DISAGGREGATIONS),
    ("disaggregations/anyOf/0/items/properties/categories", "maxItems", entities.MAX_CATEGORIES),
    ("disaggregations/anyOf/0/items/properties/categories/items", "maxLength",
     entities.MAX_CATEGORY),
]  # fmt: skip
ENUMS = [
    ("direction", entities.DIRECTIONS),
    ("unit_type", entities.UNIT_TYPES),
    ("aggregation", entities.AGGREGATIONS),
    ("frequency", ("monthly", "quarterly", "half_yearly", "yearly")),
]


def _prop(path: str) -> Any:
    node = SCHEMA["$defs"]["indicator"]["properties"]
    for part in path.split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@pytest.mark.parametrize(("path", "key", "expected"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_the_json_schema_bound_is_the_domains(path: str, key: str, expected: int) -> None:
    assert _prop(path)[key] == expected


@pytest.mark.parametrize(("path", "expected"), ENUMS, ids=[e[0] for e in ENUMS])
def test_the_json_schema_choices_are_the_domains(path: str, expected: tuple[str, ...]) -> None:
    assert tuple(_prop(path)["enum"]) == (*expected, None)


def test_the_disaggregation_name_rule_is_the_domains() -> None:
    pattern = _prop("disaggregations/anyOf/0/items/properties/name")["pattern"]
    assert pattern == f"^{entities.DISAGGREGATION_NAME.pattern}(?!\\n)$"


# -- indicator ids are unique in a graph ---------------------------------------------------


def _node(nid: str, *indicator_ids: str) -> dict[str, Any]:
    return {"id": nid, "kind": "output", "label": nid.upper(),
            "indicators": [{"id": i, "name": i} for i in indicator_ids]}  # fmt: skip


BASE = model.from_document({"nodes": [_node("a", "k"), _node("b", "m")]})


def test_from_document_refuses_an_indicator_id_of_another_box() -> None:
    with pytest.raises(InvalidEntity) as caught:
        model.from_document({"nodes": [_node("a", "k"), _node("b", "m", "k")]}, "document")
    assert caught.value.where == "document/nodes/1/indicators/1/id"
    assert "'k' is taken by node 'a'" in caught.value.message


# fmt: off
OP_CASES = [
    ("add a box with a taken id", [{"op": "add_node", "node": _node("c", "k")}],
     "ops/0/node/indicators/0/id"),
    ("give a box a taken id", [{"op": "update_node", "id": "b",
                                "set": {"indicators": [{"id": "m", "name": "m"},
                                                       {"id": "k", "name": "k"}]}}],
     "ops/0/set/indicators/1/id"),
    ("two new boxes share an id", [{"op": "add_node", "node": _node("c", "z")},
                                   {"op": "add_node", "node": _node("d", "z")}],
     "ops/1/node/indicators/0/id"),
    ("move an indicator between boxes", [
        {"op": "update_node", "id": "a", "set": {"indicators": []}},
        {"op": "update_node", "id": "b", "set": {"indicators": [{"id": "k", "name": "k"}]}}],
     None),
    ("take the id of a removed box", [{"op": "remove_node", "id": "a"},
                                      {"op": "add_node", "node": _node("c", "k")}], None),
    ("edit a box keeping its ids", [{"op": "update_node", "id": "a", "set": {"label": "x"}}],
     None),
]
# fmt: on


@pytest.mark.parametrize(("name", "batch", "where"), OP_CASES, ids=[c[0] for c in OP_CASES])
def test_ops_refuse_an_indicator_id_of_another_box(
    name: str, batch: list[dict[str, Any]], where: str | None
) -> None:
    if where is None:
        ops.plan(BASE, batch)
        return
    with pytest.raises(InvalidOp) as caught:
        ops.plan(BASE, batch)
    assert caught.value.where == where


def test_a_clash_made_before_ids_were_unique_does_not_block_edits() -> None:
    old = model.assemble(  # stored before the rule: trusted, not validated
        [{**model.normalize_node(_node("a", "k"))}, {**model.normalize_node(_node("b", "k"))}], []
    )
    ops.plan(old, [{"op": "update_node", "id": "b", "set": {"label": "still fine"}}])
    with pytest.raises(InvalidOp):
        ops.plan(old, [{"op": "add_node", "node": _node("c", "k")}])


def test_a_merge_of_two_sides_giving_boxes_one_id_is_a_conflict() -> None:
    ours = Delta(nodes={"a": model.normalize_node(_node("a", "k", "z"))})
    theirs = Delta(nodes={"b": model.normalize_node(_node("b", "m", "z"))})
    result = merge(BASE, ours, theirs)
    assert [(c["kind"], c["entity_id"], c["field"]) for c in result.conflicts] == [
        ("invalid", "a", "indicators"),
        ("invalid", "b", "indicators"),
    ]
    assert "'z' is taken" in result.conflicts[0]["message"]
