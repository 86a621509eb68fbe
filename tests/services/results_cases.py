"""A ToC with one indicator of each unit type, and a table of result entries against it:
shared by the services' table test (no database) and the API's (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GENDER = {"name": "gender", "categories": ["female", "male", "another"]}
AGE = {"name": "age band", "categories": ["16-18", "19-24"]}

# fmt: off
DOC: dict[str, Any] = {
    "nodes": [
        {
            "id": "act",
            "kind": "activity",
            "label": "Run weekly clubs",
            "indicators": [
                {
                    "id": "reached",
                    "name": "Young people reached",
                    "unit": "people",
                    "baseline": 0,
                    "target": 400,
                    "baseline_date": "2024-01-01",
                    "target_date": "2025-12-31",
                    "aggregation": "cumulative",
                    "disaggregations": [GENDER, AGE],
                }
            ],
        },
        {
            "id": "out",
            "kind": "output",
            "label": "Young people trained",
            "indicators": [
                {
                    "id": "share",
                    "name": "Share completing",
                    "unit_type": "percentage",
                    "disaggregations": [GENDER],
                },
                {
                    "id": "spend",
                    "name": "Spend per head",
                    "unit_type": "currency",
                    "currency": "HKD",
                    "frequency": "yearly",
                    "disaggregations": [GENDER],
                },
            ],
        },
        {
            "id": "oc",
            "kind": "outcome",
            "label": "Confidence at work",
            "horizon": "short",
            "indicators": [
                {
                    "id": "wellbeing",
                    "name": "Wellbeing",
                    "unit_type": "scale",
                    "scale_min": 1,
                    "scale_max": 5,
                    "frequency": "half_yearly",
                    "direction": "increase",
                },
                {
                    "id": "policy",
                    "name": "Policy adopted",
                    "unit_type": "yes_no",
                    "frequency": "yearly",
                },
                {
                    "id": "story",
                    "name": "Stories heard",
                    "unit_type": "text",
                    "frequency": "monthly",
                },
            ],
        },
        {"id": "imp", "kind": "impact", "label": "Fewer young people out of work"},
    ],
    "edges": [
        {"id": "e1", "source": "act", "target": "out"},
        {"id": "e2", "source": "out", "target": "oc"},
        {"id": "e3", "source": "oc", "target": "imp"},
    ],
}
# fmt: on


@dataclass
class Case:
    name: str
    entry: dict[str, Any]
    where: str | None = None  # the first problem's field (None: accepted)
    says: str = ""  # in the first problem's message
    stored: dict[str, Any] = field(default_factory=dict)  # stored fields when accepted


def R(indicator: str, period: str, **fields: Any) -> dict[str, Any]:
    return {"indicator": indicator, "period": period, **fields}


# fmt: off
CASES = [
    # count (no unit type set), quarterly by default
    Case("count", R("reached", "2025-Q1", value=120), stored={"value": 120.0, "node_id": "act"}),
    Case("count negative", R("reached", "2025-Q1", value=-1), "value", "0 or more"),
    Case("count needs a value", R("reached", "2025-Q1", note="x"), "value", "required"),
    Case("count refuses text", R("reached", "2025-Q1", value=1, text_value="a"), "text_value"),
    Case("count refuses a numerator", R("reached", "2025-Q1", value=1, numerator=1),
         "numerator", "only percentage"),
    Case("bad period", R("reached", "Q1 2025", value=1), "period", "2025-Q1"),
    Case("wrong frequency", R("reached", "2025-03", value=1), "period", "quarterly"),
    Case("period not begun", R("reached", "2199-Q1", value=1), "period", "not begun"),
    Case("unknown indicator", R("nope", "2025-Q1", value=1), "indicator",
         "no indicator 'nope' in this ToC"),
    Case("unknown field", R("reached", "2025-Q1", value=1, colour="red"), "colour"),
    # categories
    Case("full split adds up", R("reached", "2025-Q1", value=22,
         categories={"gender": {"female": 12, "male": 9, "another": 1}}),
         stored={"categories": {"gender": {"female": 12.0, "male": 9.0, "another": 1.0}}}),
    Case("full split makes the value", R("reached", "2025-Q1",
         categories={"gender": {"female": 12, "male": 9, "another": 1}}),
         stored={"value": 22.0}),
    Case("full split off by one", R("reached", "2025-Q1", value=23,
         categories={"gender": {"female": 12, "male": 9, "another": 1}}),
         "categories/gender", "add up to 22"),
    Case("partial split is fine", R("reached", "2025-Q1", value=30,
         categories={"gender": {"female": 12}}), stored={"value": 30.0}),
    Case("two dimensions", R("reached", "2025-Q1", value=3,
         categories={"gender": {"female": 2, "male": 1, "another": 0},
                     "age band": {"16-18": 1, "19-24": 2}}), stored={"value": 3.0}),
    Case("unknown dimension", R("reached", "2025-Q1", value=3,
         categories={"region": {"north": 3}}), "categories/region", "no disaggregation"),
    Case("unknown category", R("reached", "2025-Q1", value=3,
         categories={"gender": {"woman": 3}}), "categories/gender/woman", "no category 'woman'"),
    # percentage
    Case("percentage value", R("share", "2025-Q1", value=45.5), stored={"value": 45.5}),
    Case("percentage from num/den", R("share", "2025-Q1", numerator=9, denominator=12),
         stored={"value": 75.0, "numerator": 9.0, "denominator": 12.0}),
    Case("percentage value agrees", R("share", "2025-Q1", value=75, numerator=9,
         denominator=12), stored={"value": 75.0}),
    Case("percentage value disagrees", R("share", "2025-Q1", value=70, numerator=9,
         denominator=12), "value", "100 x numerator / denominator"),
    Case("percentage over 100", R("share", "2025-Q1", value=101), "value", "0 to 100"),
    Case("numerator alone", R("share", "2025-Q1", numerator=3), "denominator", "both"),
    Case("denominator zero", R("share", "2025-Q1", numerator=0, denominator=0),
         "denominator", "more than 0"),
    Case("numerator over denominator", R("share", "2025-Q1", numerator=13, denominator=12),
         "numerator", "not be more than the denominator"),
    Case("percentage categories are levels", R("share", "2025-Q1", value=50,
         categories={"gender": {"female": 60, "male": 40, "another": 50}}),
         stored={"value": 50.0}),
    # currency, yearly
    Case("currency", R("spend", "2025", value=1250.5), stored={"value": 1250.5}),
    Case("currency quarter refused", R("spend", "2025-Q1", value=1), "period", "yearly"),
    # scale 1-5, half-yearly
    Case("scale", R("wellbeing", "2025-H1", value=3.5), stored={"value": 3.5}),
    Case("scale below", R("wellbeing", "2025-H1", value=0.5), "value", "scale 1..5"),
    Case("scale above", R("wellbeing", "2025-H2", value=6), "value", "scale 1..5"),
    # yes/no, yearly
    Case("yes", R("policy", "2025", text_value="Yes"), stored={"text_value": "yes"}),
    Case("maybe", R("policy", "2025", text_value="maybe"), "text_value", '"yes" or "no"'),
    Case("yes/no takes no value", R("policy", "2025", value=1), "value", "takes text_value"),
    Case("yes/no needs an answer", R("policy", "2025"), "text_value", "required"),
    # text, monthly
    Case("text", R("story", "2025-07", text_value="Ana found work", note="from a club",
         source="https://example.org/s"),
         stored={"text_value": "Ana found work", "source": "https://example.org/s"}),
    Case("text empty", R("story", "2025-07", text_value="  "), "text_value", "empty"),
    Case("text takes no categories", R("story", "2025-07", text_value="x",
         categories={"gender": {"female": 1}}), "categories", "takes text_value"),
]
# fmt: on
