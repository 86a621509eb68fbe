/** The results grid's rules (model/results.ts): cells, categories, paste, batches, the server's 422. */
import { describe, expect, it } from "vitest";
import {
  batchErrors,
  buildBatch,
  categoriesText,
  categoriesTotal,
  categoryProblems,
  cellKey,
  editText,
  entryFor,
  formatValue,
  issuesFromServer,
  makeIndicator,
  parseAmount,
  parseClipboard,
  pasteCells,
  problemsSummary,
  readCell,
  shownValue,
  sourceProblem,
  splitCellKey,
  type CellDraft,
  type Indicator,
  type ResultEntry,
} from "../src/model";

const ind = (extra: Partial<Indicator> = {}): Indicator => ({ ...makeIndicator("Young people coached", extra), id: "i1" });

describe("numbers as typed or pasted", () => {
  it.each<[string, number | null, boolean?]>([
    ["42", 42],
    [" 3.5 ", 3.5],
    ["1,234", 1234],
    ["1,234.50", 1234.5],
    ["1 234", 1234],
    ["1\u00a0234,5", 1234.5],
    ["12,5", 12.5],
    ["1.234.567,8", 1234567.8],
    ["1.234,5", 1234.5],
    ["1.234", 1.234],
    ["(120)", -120],
    ["−3", -3],
    ["-0.5", -0.5],
    ["$1,200", 1200],
    ["HK$1,200", 1200],
    ["1200 HKD", 1200],
    ["€ 99.90", 99.9],
    ["45%", 45, true],
    ["1e3", 1000],
    ["", null],
  ])("%j", (t, v, percent = false) => {
    const a = parseAmount(t);
    if (v === null) expect(a).toBeNull();
    else expect(a).toEqual({ value: v, percent });
  });
  it.each(["abc", "12 apples", "1,23,4", "--3", "1.2.3"])("%j is not a number", (t) => expect(parseAmount(t)!.value).toBeNaN());
});

describe("a cell read by the indicator's unit type", () => {
  it.each<[Partial<Indicator>, string, ReturnType<typeof readCell>]>([
    [{}, "", { kind: "empty" }],
    [{}, " 12 ", { kind: "value", set: { value: 12 } }],
    [{}, "-1", { kind: "problem", field: "value", message: "A count cannot be below 0." }],
    [{}, "lots", { kind: "problem", field: "value", message: "Enter a number, such as 42 or 3.5." }],
    [{}, "45%", { kind: "problem", field: "value", message: "This indicator is not a percentage: enter the number without %." }],
    [{ unit_type: "percentage" }, "45%", { kind: "value", set: { value: 45 } }],
    [{ unit_type: "percentage" }, "45", { kind: "value", set: { value: 45 } }],
    [{ unit_type: "percentage" }, "12/30", { kind: "value", set: { value: 40, numerator: 12, denominator: 30 } }],
    [{ unit_type: "percentage" }, "12 of 30", { kind: "value", set: { value: 40, numerator: 12, denominator: 30 } }],
    [{ unit_type: "percentage" }, "31/30", { kind: "problem", field: "numerator", message: "31 out of 30 is more than all of them: the first number must not be larger." }],
    [{ unit_type: "percentage" }, "3/0", { kind: "problem", field: "denominator", message: "The number out of which (after /) must be more than 0." }],
    [{ unit_type: "percentage" }, "x/3", { kind: "problem", field: "numerator", message: "The part before / must be a number (12/30 is 12 out of 30)." }],
    [{ unit_type: "percentage" }, "120", { kind: "problem", field: "value", message: "A percentage is from 0 to 100." }],
    [{ unit_type: "currency", currency: "HKD" }, "HK$1,200.50", { kind: "value", set: { value: 1200.5 } }],
    [{ unit_type: "currency" }, "-50", { kind: "value", set: { value: -50 } }],
    [{ unit_type: "scale", scale_min: 1, scale_max: 5 }, "4.5", { kind: "value", set: { value: 4.5 } }],
    [{ unit_type: "scale", scale_min: 1, scale_max: 5 }, "6", { kind: "problem", field: "value", message: "The scale goes from 1 to 5." }],
    [{ unit_type: "yes_no" }, "Yes", { kind: "value", set: { text_value: "yes" } }],
    [{ unit_type: "yes_no" }, "n", { kind: "value", set: { text_value: "no" } }],
    [{ unit_type: "yes_no" }, "maybe", { kind: "problem", field: "text_value", message: "Answer yes or no." }],
    [{ unit_type: "text" }, " Good term ", { kind: "value", set: { text_value: "Good term" } }],
  ])("%j %j", (extra, text, want) => expect(readCell(text, ind(extra))).toEqual(want));

  it("a text answer has a limit", () => {
    const r = readCell("x".repeat(501), ind({ unit_type: "text" }));
    expect(r).toEqual({ kind: "problem", field: "text_value", message: "Keep it under 500 characters (it has 501)." });
  });
});

describe("values shown and edited", () => {
  it.each<[Partial<Indicator>, ResultEntry | undefined, string, string]>([
    [{}, { indicator: "i1", period: "2025-Q1", value: 1200 }, "1,200", "1200"],
    [{ unit_type: "percentage" }, { indicator: "i1", period: "2025-Q1", value: 40, numerator: 12, denominator: 30 }, "40% (12/30)", "12/30"],
    [{ unit_type: "percentage" }, { indicator: "i1", period: "2025-Q1", value: 33.3333 }, "33.3%", "33.3333"],
    [{ unit_type: "currency", currency: "HKD" }, { indicator: "i1", period: "2025-Q1", value: 99.5 }, "HKD 99.5", "99.5"],
    [{ unit_type: "yes_no" }, { indicator: "i1", period: "2025-Q1", text_value: "yes" }, "Yes", "yes"],
    [{ unit_type: "yes_no" }, { indicator: "i1", period: "2025-Q1", value: 0 }, "No", "no"],
    [{ unit_type: "text" }, { indicator: "i1", period: "2025-Q1", text_value: "Fine" }, "Fine", "Fine"],
    [{}, { indicator: "i1", period: "2025-Q1", value: null }, "", ""],
    [{}, undefined, "", ""],
  ])("%j %j", (extra, r, shown, edit) => {
    expect(shownValue(r, ind(extra))).toBe(shown);
    expect(editText(r, ind(extra))).toBe(edit);
  });
  it("values with units", () => {
    expect(formatValue(0.004, ind())).toBe("0.0040");
    expect(formatValue(12.345, ind({ unit_type: "percentage" }))).toBe("12.3%");
    expect(formatValue(null, ind())).toBe("");
  });
  it("categories in words", () => {
    expect(categoriesText({ gender: { female: 12, male: 9 } })).toBe("female 12, male 9");
    expect(categoriesText({ gender: { female: 1 }, age: { young: 1 } })).toBe("gender: female 1; age: young 1");
    expect(categoriesText(null)).toBe("");
  });
});

describe("categories", () => {
  const g = ind({ disaggregations: [{ name: "gender", categories: ["female", "male", "another"] }] });
  it.each<[ResultEntry["categories"], number | null, string[]]>([
    [{ gender: { female: 12, male: 9, another: 1 } }, 22, []],
    [{ gender: { female: 12, male: 9 } }, 30, []],
    [{ gender: { female: 12, male: 9, another: 2 } }, 22, ["The gender categories add up to 23, not the total 22."]],
    [{ gender: { female: 12, male: 9, another: 1 } }, null, []],
    [{ gender: { girl: 3 } }, 3, ["“girl” is not a category of gender."]],
    [{ age: { young: 3 } }, 3, ["“age” is not a breakdown of this indicator."]],
    [{ gender: { female: -1 } }, 3, ["Cannot be below 0."]],
  ])("%j total %s", (cats, total, msgs) => expect(categoryProblems(g, cats, total).map((p) => p.message)).toEqual(msgs));
});

describe("the entry an edited cell sends", () => {
  const stored: ResultEntry = { indicator: "i1", period: "2025-Q1", value: 10, note: "From the register", source: "", categories: null };
  it.each<[string, CellDraft, ResultEntry | undefined, ResultEntry | null, string[]]>([
    ["a new value", { text: "12" }, undefined, { indicator: "i1", period: "2025-Q1", value: 12, numerator: null, denominator: null, text_value: null, note: "", source: "", categories: null }, []],
    ["the same value again: nothing", { text: "10" }, stored, null, []],
    ["a note only resends the value", { note: "Checked" }, stored, { indicator: "i1", period: "2025-Q1", value: 10, numerator: null, denominator: null, text_value: null, note: "Checked", source: "", categories: null }, []],
    ["a value keeps the stored note", { text: "11" }, stored, { indicator: "i1", period: "2025-Q1", value: 11, numerator: null, denominator: null, text_value: null, note: "From the register", source: "", categories: null }, []],
    ["a saved value is never emptied", { text: "" }, stored, null, ["value: A saved value cannot be emptied: enter the right value instead (the old one stays in its history)."]],
    ["empty and new: nothing", { text: " " }, undefined, null, []],
    ["a note without a value", { note: "Soon" }, undefined, null, ["value: Enter a value too."]],
    ["not a number", { text: "ten" }, undefined, null, ["value: Enter a number, such as 42 or 3.5."]],
    ["a bad source", { text: "3", source: "ftp://x" }, undefined, null, ["source: A web address must start with http:// or https://."]],
  ])("%s", (_, d, s, entry, problems) => {
    const r = entryFor(ind(), "2025-Q1", s, d);
    expect(r.entry).toEqual(entry);
    expect(r.problems.map((p) => `${p.field}: ${p.message}`)).toEqual(problems);
  });

  it("percentages' categories need not add up; counts' must not be below 0", () => {
    const p = ind({ unit_type: "percentage", disaggregations: [{ name: "gender", categories: ["female", "male"] }] });
    expect(categoryProblems(p, { gender: { female: 40, male: 70 } }, 55)).toEqual([]);
    const m = ind({ unit_type: "currency", disaggregations: [{ name: "gender", categories: ["female", "male"] }] });
    expect(categoryProblems(m, { gender: { female: -5, male: 10 } }, 5)).toEqual([]);
  });

  it("a full split of a count gives the total when none is typed", () => {
    const g = ind({ disaggregations: [{ name: "gender", categories: ["female", "male"] }] });
    expect(categoriesTotal(g, { gender: { female: 4, male: 5 } })).toBe(9);
    expect(categoriesTotal(g, { gender: { female: 4 } })).toBeNull();
    const r = entryFor(g, "2025-Q1", undefined, { categories: { gender: { female: 4, male: 5 } } });
    expect(r.entry?.value).toBe(9);
    expect(r.problems).toEqual([]);
  });

  it("categories are checked against the total", () => {
    const g = ind({ disaggregations: [{ name: "gender", categories: ["female", "male"] }] });
    const r = entryFor(g, "2025-Q1", undefined, { text: "10", categories: { gender: { female: 4, male: 5 } } });
    expect(r.problems).toEqual([{ key: cellKey("i1", "2025-Q1"), field: "categories/gender", message: "The gender categories add up to 9, not the total 10." }]);
  });

  it("a period of another frequency is refused", () => {
    const r = entryFor(ind({ frequency: "yearly" }), "2025-Q1", undefined, { text: "1" });
    expect(r.problems[0]!.message).toBe("This indicator reports yearly: use a period such as 2025.");
  });

  it("sources: web addresses or words", () => {
    expect(sourceProblem("https://example.org/report.pdf")).toBeNull();
    expect(sourceProblem("Attendance register")).toBeNull();
    expect(sourceProblem("javascript://x")).toBe("A web address must start with http:// or https://.");
  });
});

describe("one Save's batch", () => {
  const a: Indicator = { ...makeIndicator("A"), id: "a" };
  const b: Indicator = { ...makeIndicator("B", { unit_type: "yes_no" }), id: "b" };
  const inds = new Map([
    ["a", a],
    ["b", b],
  ]);
  it("entries in indicator then period order, with the cell of each", () => {
    const drafts = new Map<string, CellDraft>([
      [cellKey("b", "2025-Q1"), { text: "yes" }],
      [cellKey("a", "2025-Q2"), { text: "2" }],
      [cellKey("a", "2025-Q1"), { text: "1" }],
    ]);
    const r = buildBatch(drafts, inds, new Map());
    expect(r.keys).toEqual([cellKey("a", "2025-Q1"), cellKey("a", "2025-Q2"), cellKey("b", "2025-Q1")]);
    expect(r.entries.map((e) => e.value ?? e.text_value)).toEqual([1, 2, "yes"]);
    expect(r.problems).toEqual([]);
  });
  it("problems say what and where", () => {
    const drafts = new Map<string, CellDraft>([
      [cellKey("b", "2025-Q1"), { text: "perhaps" }],
      [cellKey("gone", "2025-Q1"), { text: "1" }],
    ]);
    const r = buildBatch(drafts, inds, new Map());
    expect(r.entries).toEqual([]);
    expect(problemsSummary(r.problems, new Map([["b", "B"]]))).toBe("2 problems to fix before saving. B, Q1 2025: Answer yes or no.");
  });
  it("cell keys split back", () => expect(splitCellKey(cellKey("x|y", "2025-Q1"))).toEqual({ indicator: "x|y", period: "2025-Q1" }));
});

describe("the server's 422 on the cells", () => {
  it.each<[string, unknown, { index: number | null; field: string; message: string }[]]>([
    ["flask-smorest nested", { json: { results: { "1": { value: ["Not a valid number."] } } } }, [{ index: 1, field: "value", message: "Not a valid number." }]],
    ["domain paths", { "results/0/categories/gender": ["do not add up"] }, [{ index: 0, field: "categories/gender", message: "do not add up" }]],
    ["an entry as a whole", { "results/2": ["no indicator X in this ToC"] }, [{ index: 2, field: "value", message: "no indicator X in this ToC" }]],
    ["the batch", { json: { results: ["Length must be between 1 and 1000."] } }, [{ index: null, field: "", message: "Length must be between 1 and 1000." }]],
  ])("%s", (_, errors, want) => expect(batchErrors(errors)).toEqual(want));

  it("messages go to the cells sent, the rest is said above the grid", () => {
    const keys = [cellKey("a", "2025-Q1"), cellKey("a", "2025-Q2")];
    const r = issuesFromServer({ errors: { "results/1/value": ["must be a number"], other: ["odd"] } }, keys, "Refused");
    expect(r.cells).toEqual([{ key: keys[1], field: "value", message: "must be a number" }]);
    expect(r.general).toEqual(["other: odd"]);
    expect(issuesFromServer(undefined, keys, "Refused").general).toEqual(["Refused"]);
  });

  it("every problem the server lists, not only the first its errors name", () => {
    const keys = [cellKey("a", "2025-Q1"), cellKey("a", "2025-Q2")];
    const body = {
      message: "results/0/value: must be 0 or more (a count)",
      errors: { json: { "results/0/value": ["must be 0 or more (a count)"] } },
      problems: [
        { where: "results/0/value", message: "must be 0 or more (a count)" },
        { where: "results/1/categories/gender", message: "the gender categories add up to 3, not the value 4" },
      ],
    };
    expect(issuesFromServer(body, keys, "Refused").cells).toEqual([
      { key: keys[0], field: "value", message: "must be 0 or more (a count)" },
      { key: keys[1], field: "categories/gender", message: "the gender categories add up to 3, not the value 4" },
    ]);
  });
});

describe("a block pasted from a spreadsheet", () => {
  it.each<[string, string, string[][]]>([
    ["Excel, Windows line ends", "1\t2\r\n3\t4\r\n", [["1", "2"], ["3", "4"]]],
    ["Google Sheets, no last line end", "1\t2\n3\t4", [["1", "2"], ["3", "4"]]],
    ["one cell", "42", [["42"]]],
    ["one cell with a line end", "42\n", [["42"]]],
    ["empty cells", "1\t\t3\n\t5\t", [["1", "", "3"], ["", "5", ""]]],
    ["a quoted cell with a line break and quotes", '"a\nb ""c"""\t2\n', [['a\nb "c"', "2"]]],
    ["a quote inside a cell that is not quoted", '5" screen\t2', [['5" screen', "2"]]],
    ["old Mac line ends", "1\r2\r", [["1"], ["2"]]],
  ])("%s", (_, text, rows) => expect(parseClipboard(text)).toEqual(rows));

  it("lands right and down from the focused cell, clipped at the edges and read-only rows", () => {
    const r = pasteCells(
      [
        ["1", "2", "3"],
        ["4", "5", "6"],
        ["7", "8", "9"],
      ],
      { row: 1, col: 1 },
      { rows: 4, cols: 3 },
      (row) => row === 2,
    );
    expect(r.cells).toEqual([
      { row: 1, col: 1, text: "1" },
      { row: 1, col: 2, text: "2" },
      { row: 3, col: 1, text: "7" },
      { row: 3, col: 2, text: "8" },
    ]);
    expect(r.clipped).toBe(5);
  });
});
