/**
 * The focused cell's details, beside the grid (below it on a phone): which indicator and
 * period, the value expected then, its problems, the value per category (for an indicator
 * split by gender, age…) with what they add up to, a note and a source, who saved it and
 * when, and every value it ever had (GET .../history). Changes join the grid's unsaved ones
 * (Save sends them together). Escape or "Back to the grid" returns to the cell.
 */
import { useEffect, useState, type Ref } from "react";
import {
  categoriesText,
  cleanCategories,
  dayLabel,
  formatValue,
  linearTarget,
  measurementSummary,
  MAX_NOTE,
  MAX_SOURCE,
  parseAmount,
  periodBounds,
  periodLong,
  periodTargetOf,
  reporterName,
  shownValue,
  sourceProblem,
  unitTypeOf,
  type Categories,
  type CellDraft,
  type CellIssue,
  type StoredResult,
} from "../../model";
import { api } from "../../sync";
import { errorText } from "../common/errors";
import type { GridRow } from "./sections";

export interface CellPanelProps {
  ref?: Ref<HTMLDivElement>;
  org: string;
  graph: string;
  row: GridRow;
  period: string;
  stored: StoredResult | undefined;
  draft: CellDraft | undefined;
  issues: CellIssue[];
  readOnly: boolean;
  onChange: (patch: CellDraft) => void;
  onBack: () => void;
}

/** "12 Mar 2025, 14:05" */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = dayLabel(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`);
  return `${day}, ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

function History({ org, graph, indicator, period, row }: { org: string; graph: string; indicator: string; period: string; row: GridRow }) {
  const [rows, setRows] = useState<StoredResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setRows(null);
    setError(null);
  }, [indicator, period]);
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      setRows(await api.resultHistory(org, graph, indicator, period));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="cp-history" data-testid="cell-history">
      <h3>History of this value</h3>
      {rows === null ? (
        <button type="button" className="btn small" disabled={busy} data-testid="cell-history-show" onClick={() => void load()}>
          {busy ? "Loading…" : "Show every change"}
        </button>
      ) : rows.length ? (
        <ol className="cp-history-list" data-testid="cell-history-list">
          {rows.map((r, i) => (
            <li key={r.id} data-testid="cell-history-item">
              <strong>{shownValue(r, row.ind) || "(cleared)"}</strong>
              {r.categories ? <span className="small"> · {categoriesText(r.categories)}</span> : null}
              <span className="small muted">
                {" "}
                · {reporterName(r)}, {when(r.reported_at)}
                {i === 0 ? " (current)" : ""}
              </span>
              {r.note ? <span className="cp-history-note small">“{r.note}”</span> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted small">Nothing saved for this period yet.</p>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The values of one breakdown (gender: female, male, another) for a cell. */
function CategoryInputs({
  name,
  categories,
  values,
  total,
  readOnly,
  problems,
  onChange,
}: {
  name: string;
  categories: string[];
  values: Record<string, number>;
  total: number | null;
  readOnly: boolean;
  problems: CellIssue[];
  onChange: (next: Record<string, number>) => void;
}) {
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(categories.map((c) => [c, values[c] === undefined ? "" : String(values[c])])));
  // Another cell (or a saved value) shown: start from its values.
  const sig = JSON.stringify(values);
  useEffect(() => {
    setTexts(Object.fromEntries(categories.map((c) => [c, values[c] === undefined ? "" : String(values[c])])));
    // Only when the values themselves change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sig, categories.join("\u0000")]);
  const sum = categories.reduce((a, c) => a + (typeof values[c] === "number" ? values[c]! : 0), 0);
  const given = categories.filter((c) => typeof values[c] === "number").length;
  const id = `cp-cat-${name.replace(/\W+/g, "-")}`;
  return (
    <fieldset className="cp-cats" data-testid="cell-categories" data-dimension={name}>
      <legend>By {name}</legend>
      <div className="cp-cat-grid">
        {categories.map((c) => {
          const t = texts[c] ?? "";
          const a = parseAmount(t);
          const bad = t.trim() !== "" && (!a || Number.isNaN(a.value));
          const server = problems.find((p) => p.field === `categories/${name}/${c}`);
          const msg = bad ? "Enter a number." : (server?.message ?? null);
          return (
            <div key={c} className="field">
              <label htmlFor={`${id}-${c}`}>{c}</label>
              <input
                id={`${id}-${c}`}
                inputMode="decimal"
                value={t}
                readOnly={readOnly}
                data-testid="cell-category"
                data-category={c}
                aria-invalid={msg ? true : undefined}
                aria-describedby={msg ? `${id}-${c}-err` : undefined}
                onChange={(ev) => {
                  const text = ev.target.value;
                  setTexts((x) => ({ ...x, [c]: text }));
                  const v = parseAmount(text);
                  const next = { ...values };
                  if (!text.trim()) delete next[c];
                  else if (v && !Number.isNaN(v.value)) next[c] = v.value;
                  else return;
                  onChange(next);
                }}
              />
              {msg ? (
                <p className="field-error" id={`${id}-${c}-err`}>
                  {msg}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      <p className="hint" data-testid="cell-categories-sum">
        {given === 0
          ? "Optional: split the total by category."
          : `${given} of ${categories.length} given, adding up to ${sum}${total !== null ? ` (total ${total})` : ""}.${given === categories.length && total !== null && Math.abs(sum - total) > 1e-6 ? " They must add up to the total." : ""}`}
      </p>
    </fieldset>
  );
}

export function CellPanel(p: CellPanelProps) {
  const { row, period, stored, draft, issues, readOnly } = p;
  const ind = row.ind;
  const end = periodBounds(period)?.[1];
  const expected = periodTargetOf(ind, period) ?? (end ? linearTarget(ind, end) : null);
  const note = draft?.note ?? stored?.note ?? "";
  const source = draft?.source ?? stored?.source ?? "";
  const cats: Categories = (draft?.categories !== undefined ? draft.categories : stored?.categories) ?? {};
  const valueIssues = issues.filter((i) => !i.field.startsWith("categories/") || i.field.split("/").length === 2);
  const shownNow = draft?.text !== undefined ? draft.text : shownValue(stored, ind);
  const total = (() => {
    if (draft?.text === undefined) return typeof stored?.value === "number" ? stored.value : null;
    const a = parseAmount(draft.text);
    return a && !Number.isNaN(a.value) ? a.value : null;
  })();
  const srcProblem = sourceProblem(source);
  const numeric = unitTypeOf(ind) !== "text" && unitTypeOf(ind) !== "yes_no";
  return (
    <aside
      ref={p.ref}
      className="cell-panel"
      aria-labelledby="cell-panel-h"
      data-testid="cell-panel"
      onKeyDown={(ev) => {
        if (ev.key === "Escape") {
          ev.preventDefault();
          p.onBack();
        }
      }}
    >
      <h2 id="cell-panel-h">
        <span className="cp-ind">{ind.name || "Untitled indicator"}</span> <span className="cp-period">· {periodLong(period)}</span>
      </h2>
      <p className="small muted cp-meta">
        In “{row.node.label}” · {measurementSummary(ind)}
      </p>
      <dl className="cp-facts">
        <dt>Value</dt>
        <dd data-testid="cell-panel-value">
          {shownNow || <span className="muted">none</span>}
          {draft ? <span className="cp-unsaved"> (not saved yet)</span> : null}
        </dd>
        {numeric && expected !== null ? (
          <>
            <dt>Expected by then</dt>
            <dd data-testid="cell-panel-expected">{formatValue(expected, ind)}</dd>
          </>
        ) : null}
        {stored ? (
          <>
            <dt>Saved</dt>
            <dd>
              by {reporterName(stored)}, {when(stored.reported_at)}
            </dd>
          </>
        ) : null}
      </dl>
      {valueIssues.length ? (
        <ul className="cp-issues" data-testid="cell-panel-issues">
          {valueIssues.map((i, n) => (
            <li key={n} className="field-error">
              {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      {(ind.disaggregations ?? []).map((d) => (
        <CategoryInputs
          key={d.name}
          name={d.name}
          categories={d.categories}
          values={cats[d.name] ?? {}}
          total={total}
          readOnly={readOnly}
          problems={issues}
          onChange={(values) => p.onChange({ categories: cleanCategories({ ...cats, [d.name]: values }) })}
        />
      ))}
      <div className="field">
        <label htmlFor="cp-note">Note</label>
        <textarea
          id="cp-note"
          rows={2}
          value={note}
          readOnly={readOnly}
          maxLength={MAX_NOTE}
          data-testid="cell-note"
          placeholder={readOnly ? undefined : "What explains this figure?"}
          onChange={(ev) => p.onChange({ note: ev.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="cp-source">Source or evidence</label>
        <input
          id="cp-source"
          value={source}
          readOnly={readOnly}
          maxLength={MAX_SOURCE}
          data-testid="cell-source"
          placeholder={readOnly ? undefined : "A web address, or where the figure comes from"}
          aria-invalid={srcProblem ? true : undefined}
          aria-describedby={srcProblem ? "cp-source-err" : undefined}
          onChange={(ev) => p.onChange({ source: ev.target.value })}
        />
        {srcProblem ? (
          <p className="field-error" id="cp-source-err">
            {srcProblem}
          </p>
        ) : /^https?:\/\//i.test(source.trim()) && !draft?.source ? (
          <a href={source.trim()} target="_blank" rel="noopener noreferrer" className="small">
            Open the source
          </a>
        ) : null}
      </div>
      <History org={p.org} graph={p.graph} indicator={ind.id} period={period} row={row} />
      <button type="button" className="btn small" data-testid="cell-back" onClick={p.onBack}>
        Back to the grid
      </button>
    </aside>
  );
}
