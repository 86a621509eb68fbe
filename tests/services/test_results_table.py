"""The checks of result entries against an indicator's definition, as a table (no
database): each unit type, percentage numerator/denominator, categories that must add
up, unknown categories, bad periods. The API runs the same table (tests/api)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.results_cases import CASES, DOC, Case, R
from toc_editor.domain import model
from toc_editor.services.results import check_entries, definitions

DEFS = definitions(model.from_document(DOC))
TODAY = date(2026, 1, 15)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_an_entry_is_checked_against_its_indicator(case: Case) -> None:
    checked, problems = check_entries([case.entry], DEFS, today=TODAY)
    if case.where is None:
        assert problems == []
        assert [{k: checked[0][k] for k in case.stored}] == [case.stored]
    else:
        assert checked == []
        assert problems[0]["where"] == f"results/0/{case.where}"
        assert case.says in problems[0]["message"]


def test_every_problem_of_a_batch_is_listed_by_entry_and_field() -> None:
    batch = [
        R("reached", "2025-Q1", value=1),
        R("reached", "2025-Q5", value=-1),
        R("share", "2025-Q1", numerator=1),
        R("reached", "2025-Q1", value=2),
        "not an object",
    ]
    _, problems = check_entries(batch, DEFS, today=TODAY)
    assert [p["where"] for p in problems] == [
        "results/1/period",
        "results/1/value",
        "results/2/denominator",
        "results/3/period",
        "results/4",
    ]
    assert problems[3]["message"] == "results/0 reports reached for 2025-Q1 already"


def test_indicators_are_listed_in_reading_order_with_their_box() -> None:
    assert [(i.id, i.node_id, i.unit_type, i.frequency) for i in DEFS.values()] == [
        ("reached", "act", "count", "quarterly"),
        ("share", "out", "percentage", "quarterly"),
        ("spend", "out", "currency", "yearly"),
        ("wellbeing", "oc", "scale", "half_yearly"),
        ("policy", "oc", "yes_no", "yearly"),
        ("story", "oc", "text", "monthly"),
    ]
