"""Importing results from CSV and XLSX (issue 13), on SQLite and PostgreSQL: the dry run
lists every problem by row and column, the import writes all rows or none, and the
template round-trips (download it, fill it in, import it)."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest

from tests.api.test_results import BASE, World, _ok, make_world
from tests.conftest import Api

IMPORT = f"{BASE}/results/import"


@pytest.fixture
def world(api: Api) -> World:
    return make_world(api)


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _xlsx(rows: list[list[Any]], sheet: str = "results") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(world: World, who: str, body: bytes, name: str, dry_run: str | None) -> Any:
    query = "" if dry_run is None else f"?dry_run={dry_run}"
    return world.as_(
        who,
        "POST",
        f"{IMPORT}{query}",
        data={"file": (io.BytesIO(body), name)},
        content_type="multipart/form-data",
    )


def _current(world: World) -> list[tuple[str, str, Any]]:
    got = _ok(world.as_("viewer", "GET", f"{BASE}/results"), 200)["results"]
    return [
        (r["indicator"], r["period"], r["value"] if r["text_value"] is None else r["text_value"])
        for r in got
    ]


HEADER = ["indicator", "period", "value", "numerator", "denominator", "text_value",
          "gender:female", "gender:male", "gender:another", "note"]  # fmt: skip
GOOD = [
    HEADER,
    ["reached", "2025-Q1", "22", "", "", "", "12", "9", "1", "first quarter"],
    ["share", "2025-Q1", "", "9", "12", "", "", "", "", ""],
    ["reached", "2025-Q2", "", "", "", "", "", "", "", ""],  # not filled in: skipped
    [],  # blank: skipped
    ["policy", "2025", "", "", "", "yes", "", "", "", ""],
]
BAD = [
    HEADER,
    ["reached", "2025-Q1", "22", "", "", "", "12", "9", "2", ""],  # row 2: split adds to 23
    ["share", "2025-Q1", "", "13", "12", "", "", "", "", ""],  # row 3: numerator > denominator
    ["nope", "2025-Q1", "1", "", "", "", "", "", "", ""],  # row 4: no such indicator
    ["reached", "2025-Q5", "ten", "", "", "", "", "", "", ""],  # row 5: number, (period)
    ["spend", "2025", "100", "", "", "", "", "", "", ""],  # row 6: fine
    ["spend", "2025", "120", "", "", "", "", "", "", ""],  # row 7: twice
]
BAD_PROBLEMS = [
    (2, "gender:", "the gender categories add up to 23, not the value 22"),
    (3, "numerator", "must not be more than the denominator"),
    (4, "indicator", "no indicator 'nope' in this ToC"),
    (5, "value", "'ten' is not a number (write 1234.5)"),
    (7, "period", "row 6 reports spend for 2025 already"),
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_dry_run_lists_every_problem_by_row_and_column_and_writes_nothing(
    world: World, kind: str
) -> None:
    body = _csv(BAD) if kind == "csv" else _xlsx(BAD)
    report = _ok(_upload(world, "editor", body, f"results.{kind}", "true"), 200)
    assert report["valid"] is False and report["rows"] == 6 and report["written"] == 0
    assert [(p["row"], p["column"], p["message"]) for p in report["problems"]] == BAD_PROBLEMS
    assert _current(world) == []
    # and without dry_run=false nothing is ever written, even when valid
    report = _ok(_upload(world, "editor", _csv(GOOD) if kind == "csv" else _xlsx(GOOD),
                         f"r.{kind}", None), 200)  # fmt: skip
    assert report["valid"] is True and report["written"] == 0 and _current(world) == []
    assert [(p["indicator"], p["period"], p["value"]) for p in report["preview"]] == [
        ("reached", "2025-Q1", 22.0),
        ("share", "2025-Q1", 75.0),
        ("policy", "2025", None),
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_import_writes_all_rows_or_none(world: World, kind: str) -> None:
    make = _csv if kind == "csv" else _xlsx
    r = _upload(world, "editor", make(BAD), f"results.{kind}", "false")
    assert r.status_code == 422
    body = r.get_json()
    assert body["message"].startswith("file: nothing was imported: row 2, gender:")
    assert [(p["row"], p["column"]) for p in body["problems"]] == [p[:2] for p in BAD_PROBLEMS]
    assert _current(world) == []  # row 6 was fine, and was not written either

    report = _ok(_upload(world, "editor", make(GOOD), f"results.{kind}", "false"), 200)
    assert report["valid"] is True and report["rows"] == 4 and report["written"] == 3
    assert _current(world) == [
        ("policy", "2025", "yes"),
        ("reached", "2025-Q1", 22.0),
        ("share", "2025-Q1", 75.0),
    ]
    trail = _ok(world.as_("viewer", "GET", f"{BASE}/results/reached/history"), 200)
    assert trail[0]["categories"] == {"gender": {"female": 12.0, "male": 9.0, "another": 1.0}}
    assert trail[0]["note"] == "first quarter" and trail[0]["reported_by"] == "r-editor"


def test_viewers_may_not_import_and_outsiders_see_no_graph(world: World) -> None:
    assert _upload(world, "viewer", _csv(GOOD), "r.csv", "true").status_code == 403
    assert _upload(world, "stranger", _csv(GOOD), "r.csv", "true").status_code == 404
    assert _upload(world, "anonymous", _csv(GOOD), "r.csv", "true").status_code == 404


@pytest.mark.parametrize(
    ("body", "name", "row", "column", "says"),
    [
        (b"indicator,period,value\n", "r.csv", 2, "value", "nothing to import"),
        (b"period,value\nx,1\n", "r.csv", 1, "indicator", "missing"),
        (b"indicator,period,vlaue\nreached,2025-Q1,1\n", "r.csv", 1, "vlaue", "unknown column"),
        (b"indicator,period,value,value\n", "r.csv", 1, "value", "twice"),
        (b"\xff\xfeindicator", "r.csv", 0, None, "not UTF-8"),
        (b"not a zip", "r.xlsx", 0, None, "not an XLSX"),
        (b"indicator,period,value\n", "r.ods", 0, None, ".csv or .xlsx"),
        (b"", "r.csv", 1, None, "name the columns"),
    ],
    ids=["no-values", "no-indicator-column", "unknown-column", "column-twice", "not-utf8",
         "not-xlsx", "other-format", "empty"],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_a_problem_not_an_error(
    world: World, body: bytes, name: str, row: int, column: str | None, says: str
) -> None:
    report = _ok(_upload(world, "editor", body, name, "true"), 200)
    assert report["valid"] is False
    first = report["problems"][0]
    assert (first["row"], first["column"]) == (row, column) and says in first["message"]
    r = _upload(world, "editor", body, name, "false")
    assert r.status_code == 422 and r.get_json()["problems"][0]["message"] == first["message"]


def test_an_upload_needs_a_file(world: World) -> None:
    r = world.as_("editor", "POST", IMPORT, data={}, content_type="multipart/form-data")
    assert r.status_code == 422 and "file" in r.get_json()["message"]


def test_too_many_rows_are_refused(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from toc_editor.services import results_import

    monkeypatch.setattr(results_import, "MAX_ROWS", 3)
    rows = [["indicator", "period", "value"]] + [["reached", "2025-Q1", "1"]] * 4
    report = _ok(_upload(world, "editor", _csv(rows), "r.csv", "true"), 200)
    assert report["problems"] == [
        {"row": 5, "column": None, "message": "at most 3 rows per import; split the file"}
    ]


# -- the template ---------------------------------------------------------------------------


def test_the_csv_template_round_trips(world: World) -> None:
    r = world.as_("viewer", "GET", f"{BASE}/results/template.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert 'filename="alpha-toc-results-template.csv"' in r.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    header = rows[0]
    assert header[:8] == ["indicator", "indicator_name", "node", "period", "value",
                          "numerator", "denominator", "text_value"]  # fmt: skip
    assert header[8:] == ["gender:female", "gender:male", "gender:another", "age band:16-18",
                          "age band:19-24", "note", "source"]  # fmt: skip
    due = [(row[0], row[3]) for row in rows[1:]]
    # reached runs 2024-01-01..2025-12-31 quarterly: eight quarters
    assert [p for i, p in due if i == "reached"] == [
        "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"
    ]  # fmt: skip
    assert rows[1][1:3] == ["Young people reached", "Run weekly clubs"]
    # the others have no dates: the last four periods of their frequency
    assert len([p for i, p in due if i == "story"]) == 4
    assert [i for i, _ in due][-1] == "story"

    col = {name: i for i, name in enumerate(header)}
    filled = [header]
    for row in rows[1:]:
        if (row[0], row[3]) == ("reached", "2025-Q1"):
            row[col["value"]] = "30"
            for category, number in (("female", "20"), ("male", "9"), ("another", "1")):
                row[col[f"gender:{category}"]] = number
        elif row[0] == "policy":
            row[col["text_value"]] = "no"
        filled.append(row)
    report = _ok(_upload(world, "editor", _csv(filled), "template.csv", "false"), 200)
    assert report["valid"] is True, report["problems"]
    policy_periods = [p for i, p in due if i == "policy"]
    assert report["written"] == 1 + len(policy_periods)
    assert ("reached", "2025-Q1", 30.0) in _current(world)


def test_the_xlsx_template_round_trips(world: World) -> None:
    r = world.as_("viewer", "GET", f"{BASE}/results/template.xlsx")
    assert r.status_code == 200
    assert r.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(r.data))
    assert book.sheetnames == ["results", "indicators"]
    sheet = book["results"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["indicator", "indicator_name", "node", "period"]
    about = [[c.value for c in row] for row in book["indicators"].iter_rows()]
    assert about[1][:4] == ["reached", "Young people reached", "Run weekly clubs", "count"]
    col = {name: i + 1 for i, name in enumerate(header)}
    for row in range(2, sheet.max_row + 1):
        indicator = sheet.cell(row, col["indicator"]).value
        if indicator == "wellbeing":
            sheet.cell(row, col["value"]).value = 4  # a number cell, as people type it
        if indicator == "spend":
            sheet.cell(row, col["value"]).value = 1500.25
            sheet.cell(row, col["note"]).value = "audited"
    out = io.BytesIO()
    book.save(out)
    report = _ok(_upload(world, "editor", out.getvalue(), "filled.xlsx", "false"), 200)
    assert report["valid"] is True, report["problems"]
    assert report["written"] == 8  # four half-years of wellbeing, four years of spend
    values = {(i, v) for i, _, v in _current(world)}
    assert values == {("wellbeing", 4.0), ("spend", 1500.25)}


def test_the_results_csv_imports_back(world: World) -> None:
    _ok(world.post("editor", [
        {"indicator": "reached", "period": "2025-Q1", "value": 3,
         "categories": {"gender": {"female": 1, "male": 1, "another": 1}}, "note": "=sum"},
        {"indicator": "share", "period": "2025-Q1", "numerator": 1, "denominator": 3},
        {"indicator": "story", "period": "2025-07", "text_value": "-- a quote, with a comma"},
    ]))  # fmt: skip
    exported = world.as_("viewer", "GET", f"{BASE}/results.csv").data
    report = _ok(_upload(world, "editor", exported, "back.csv", "false"), 200)
    assert report["valid"] is True and report["written"] == 3, report["problems"]
    trail = _ok(world.as_("viewer", "GET", f"{BASE}/results/reached/history"), 200)
    assert [r["note"] for r in trail] == ["=sum", "=sum"]  # the apostrophe is taken off
    assert trail[0]["categories"] == trail[1]["categories"]
    story = _ok(world.as_("viewer", "GET", f"{BASE}/results/story/history"), 200)
    assert story[0]["text_value"] == "-- a quote, with a comma"
    share = _ok(world.as_("viewer", "GET", f"{BASE}/results/share/history"), 200)
    assert share[0]["value"] == pytest.approx(share[1]["value"])


def test_bodies_over_the_limit_are_a_413(app: Any, world: World) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    rows = [["indicator", "period", "value", "note"]] + [
        ["reached", "2025-Q1", "1", "x" * 100]
    ] * 200
    r = _upload(world, "editor", _csv(rows), "big.csv", "true")
    assert r.status_code == 413 and r.is_json
    r = world.post("editor", [{"indicator": "reached", "period": "2025-Q1", "value": 1,
                               "note": "x" * 1500}] * 10)  # fmt: skip
    assert r.status_code == 413 and r.is_json
