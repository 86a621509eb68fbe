/**
 * One indicator over time, drawn by Observable Plot: the expected path to the target (grey,
 * dashed) against what was reported (blue line and dots), and when a breakdown is chosen the
 * categories as stacked bars per period (Okabe-Ito colours, a legend with their names). The
 * picture is hidden from screen readers: its text alternative is the sentence under it and
 * the table of its numbers (model/progress.ts makes both from the same rows).
 */
import * as Plot from "@observablehq/plot";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import {
  aggregationOf,
  chartData,
  comparePeriods,
  periodLabel,
  chartSummary,
  chartTable,
  formatValue,
  hasCategoryData,
  unitTypeOf,
  type DashboardIndicator,
} from "../../model";
import { NumbersTable } from "../common/NumbersTable";
import { useWidth } from "../common/useWidth";

/** Colours for categories (Okabe-Ito: told apart with colour-blindness too). */
export const CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
const ACTUAL = "#1d4ed8";
const EXPECTED = "#4b5563";

function yLabel(ind: DashboardIndicator): string {
  const u = unitTypeOf(ind);
  if (u === "percentage") return "%";
  if (u === "currency") return ind.currency ?? "";
  return ind.unit && ind.unit !== "%" ? ind.unit : "";
}

export function IndicatorChart({ ind }: { ind: DashboardIndicator }) {
  const id = useId();
  const holder = useRef<HTMLDivElement>(null);
  const width = useWidth(holder);
  const splits = useMemo(() => (ind.disaggregations ?? []).filter((d) => hasCategoryData(ind, d.name)), [ind]);
  const [split, setSplit] = useState<string>("");
  const chosen = splits.some((d) => d.name === split) ? split : "";
  const data = useMemo(() => chartData(ind, chosen || null), [ind, chosen]);
  const summary = useMemo(() => chartSummary(ind), [ind]);
  const table = useMemo(() => chartTable(ind, chosen || null), [ind, chosen]);
  const u = unitTypeOf(ind);
  const drawable = u !== "text" && (data.actual.length > 0 || data.target.length > 0);

  useEffect(() => {
    const el = holder.current;
    if (!el || !width || !drawable) return;
    const yn = u === "yes_no";
    // Periods on a band scale, named as people name them (Q1 2025); a few names when there are many.
    const periods = [...ind.series].sort((a, b) => comparePeriods(a.period, b.period)).map((s) => periodLabel(s.period));
    const room = Math.max(2, Math.floor(width / 80));
    const step = Math.ceil(periods.length / room);
    const ticks = periods.filter((_, i) => i % step === 0);
    const at = <T extends { period: string }>(rows: T[]) => rows.map((r) => ({ ...r, label: periodLabel(r.period) }));
    const colours = data.categoryNames.map((_, i) => CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]!);
    const marks: Plot.Markish[] = u === "scale" ? [] : [Plot.ruleY([0], { stroke: "#9ca3af" })];
    if (data.categories.length) marks.push(Plot.barY(at(data.categories), Plot.stackY({ x: "label", y: "value", fill: "category", order: data.categoryNames, insetLeft: 3, insetRight: 3 })));
    if (data.target.length) marks.push(Plot.line(at(data.target), { x: "label", y: "value", stroke: EXPECTED, strokeWidth: 1.5, strokeDasharray: "5,4", curve: yn ? "step" : "linear" }));
    if (data.actual.length) {
      if (!yn) marks.push(Plot.line(at(data.actual), { x: "label", y: "value", stroke: ACTUAL, strokeWidth: 2.5 }));
      marks.push(Plot.dot(at(data.actual), { x: "label", y: "value", fill: ACTUAL, stroke: "#fff", r: 4.5 }));
    }
    const chart = Plot.plot({
      width,
      height: width < 420 ? 190 : 230,
      marginLeft: 48,
      marginRight: 12,
      marginBottom: 30,
      style: { fontSize: "11px", color: "#374151", background: "transparent" },
      x: { type: "band", domain: periods, ticks, label: null, padding: 0.1 },
      y: yn
        ? { domain: [0, 1], ticks: [0, 1], tickFormat: (d: number) => (d ? "Yes" : "No"), label: null }
        : u === "scale" && ind.scale_min != null && ind.scale_max != null
          ? { label: yLabel(ind) || null, grid: true, domain: [ind.scale_min, ind.scale_max] }
          : { label: yLabel(ind) || null, grid: true, nice: true, zero: true, tickFormat: (d: number) => formatValue(d, { ...ind, unit_type: u === "percentage" ? "count" : ind.unit_type }) },
      color: data.categoryNames.length ? { domain: data.categoryNames, range: colours } : undefined,
      marks,
    });
    chart.setAttribute("aria-hidden", "true");
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [data, width, drawable, u, ind]);

  return (
    <figure className="chart" data-testid="indicator-chart" data-indicator={ind.id} aria-labelledby={`${id}-cap`}>
      {splits.length ? (
        <div className="chart-split">
          <label htmlFor={`${id}-split`}>Split by</label>
          <select id={`${id}-split`} value={chosen} data-testid="chart-split" onChange={(ev) => setSplit(ev.target.value)}>
            <option value="">Total only</option>
            {splits.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {drawable ? (
        <>
          <ul className="chart-legend" aria-hidden="true">
            <li>
              <svg width="22" height="8">
                <line x1="1" y1="4" x2="21" y2="4" stroke={ACTUAL} strokeWidth="2.5" />
              </svg>
              {aggregationOf(ind) === "cumulative" ? "Reported (total to date)" : "Reported"}
            </li>
            {data.target.length ? (
              <li>
                <svg width="22" height="8">
                  <line x1="1" y1="4" x2="21" y2="4" stroke={EXPECTED} strokeWidth="1.5" strokeDasharray="5,4" />
                </svg>
                Expected (path to the target)
              </li>
            ) : null}
            {data.categoryNames.map((c, i) => (
              <li key={c}>
                <span className="swatch" style={{ background: CATEGORY_COLOURS[i % CATEGORY_COLOURS.length] }} />
                {c}
              </li>
            ))}
          </ul>
          <div className="chart-plot" ref={holder} data-testid="chart-plot" data-points={data.actual.length} />
        </>
      ) : (
        <div ref={holder} />
      )}
      <figcaption id={`${id}-cap`} className="chart-summary" data-testid="chart-summary">
        {summary}
      </figcaption>
      <NumbersTable caption={`${ind.name}: expected and reported values per period`} head={table.head} rows={table.rows} testId="chart-table" />
    </figure>
  );
}
