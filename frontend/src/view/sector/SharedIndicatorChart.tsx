/**
 * One shared indicator of a framework over time, drawn by Observable Plot from the figures
 * this viewer may see (model/shared.ts makes the rows): the members' middle half (the band
 * from the lower to the upper quartile), their median (a line), the viewer's own values
 * (orange diamonds), and the framework's target path (grey, dashed). Counts and money add up,
 * so their sector total and its target get a chart of their own above the per-member one (a
 * total and one member's value are not on one scale). The pictures are hidden from screen
 * readers: the sentence under them and the table of numbers say the same.
 */
import * as Plot from "@observablehq/plot";
import { useEffect, useId, useMemo, useRef } from "react";
import { aggregationOf, formatValue, periodLabel, sharedChart, sharedSummary, sharedTable, unitOf, type SharedIndicatorBody } from "../../model";
import { NumbersTable } from "../common/NumbersTable";
import { useWidth } from "../common/useWidth";

const MEDIAN = "#1d4ed8";
const BAND = "#bfdbfe";
const TARGET = "#4b5563";
const OWN = "#c2410c";
const TOTAL = "#0f766e";

/** The framework's target path: a dashed line, and a ring per period (one period has no line to show). */
function targetMarks(rows: { label: string; value: number }[]): Plot.Markish[] {
  return [
    Plot.line(rows, { x: "label", y: "value", stroke: TARGET, strokeWidth: 1.5, strokeDasharray: "5,4" }),
    Plot.dot(rows, { x: "label", y: "value", stroke: TARGET, fill: "#fff", strokeWidth: 1.5, r: 3 }),
  ];
}

function Line({ colour, dashed = false, width = 2.5 }: { colour: string; dashed?: boolean; width?: number }) {
  return (
    <svg width="22" height="8" aria-hidden="true">
      <line x1="1" y1="4" x2="21" y2="4" stroke={colour} strokeWidth={width} strokeDasharray={dashed ? "5,4" : undefined} />
    </svg>
  );
}

export function SharedIndicatorChart({ ind }: { ind: SharedIndicatorBody }) {
  const id = useId();
  const total = useRef<HTMLDivElement>(null);
  const spread = useRef<HTMLDivElement>(null);
  const width = useWidth(spread);
  const data = useMemo(() => sharedChart(ind), [ind]);
  const table = useMemo(() => sharedTable(ind), [ind]);
  const summary = useMemo(() => sharedSummary(ind), [ind]);
  const unit = useMemo(() => unitOf(ind.definition, ind.unit_type), [ind]);
  const numeric = ind.unit_type !== "text" && ind.unit_type !== "yes_no";
  const drawSpread = numeric && (data.band.length > 0 || data.own.length > 0);
  const drawTotal = data.twoScales && (data.headline.length > 0 || data.target.length > 0) && ind.aggregates !== null;
  const cumulative = aggregationOf(ind.definition) === "cumulative";

  useEffect(() => {
    if (!width) return;
    const labels = data.periods.map(periodLabel);
    const room = Math.max(2, Math.floor(width / 80));
    const step = Math.ceil(labels.length / room);
    const ticks = labels.filter((_, i) => i % step === 0);
    const at = <T extends { period: string }>(rows: T[]) => rows.map((r) => ({ ...r, label: periodLabel(r.period) }));
    const fmt = (d: number) => formatValue(d, unit.unit_type === "percentage" ? { ...unit, unit_type: "count" } : unit);
    const base = {
      width,
      height: width < 420 ? 180 : 210,
      marginLeft: 52,
      marginRight: 14,
      marginBottom: 30,
      style: { fontSize: "11px", color: "#374151", background: "transparent" },
      x: { type: "point" as const, domain: labels, ticks, label: null, padding: 0.5 },
    };
    const made: Element[] = [];
    const scaleY =
      ind.unit_type === "scale" && ind.definition.scale_min != null && ind.definition.scale_max != null
        ? { grid: true, domain: [ind.definition.scale_min, ind.definition.scale_max], label: null }
        : { grid: true, nice: true, zero: ind.unit_type !== "scale", tickFormat: fmt, label: ind.unit_type === "percentage" ? "%" : null };
    if (drawSpread && spread.current) {
      const marks: Plot.Markish[] = [];
      if (data.band.length) {
        marks.push(Plot.areaY(at(data.band), { x: "label", y1: "q1", y2: "q3", fill: BAND, fillOpacity: 0.7 }));
        marks.push(Plot.ruleX(at(data.band), { x: "label", y1: "q1", y2: "q3", stroke: BAND, strokeWidth: 8 }));
      }
      if (!data.twoScales && data.target.length) marks.push(...targetMarks(at(data.target)));
      if (data.median.length) {
        marks.push(Plot.line(at(data.median), { x: "label", y: "value", stroke: MEDIAN, strokeWidth: 2.5 }));
        marks.push(Plot.dot(at(data.median), { x: "label", y: "value", fill: MEDIAN, r: 3 }));
      }
      if (data.own.length) marks.push(Plot.dot(at(data.own), { x: "label", y: "value", symbol: "diamond", fill: OWN, stroke: "#fff", r: 6 }));
      const chart = Plot.plot({ ...base, y: scaleY, marks });
      chart.setAttribute("aria-hidden", "true");
      spread.current.replaceChildren(chart);
      made.push(chart);
    }
    if (drawTotal && total.current) {
      const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: "#9ca3af" })];
      if (data.target.length) marks.push(...targetMarks(at(data.target)));
      if (data.headline.length) {
        marks.push(Plot.line(at(data.headline), { x: "label", y: "value", stroke: TOTAL, strokeWidth: 2.5 }));
        marks.push(Plot.dot(at(data.headline), { x: "label", y: "value", fill: TOTAL, stroke: "#fff", r: 4.5 }));
      }
      const chart = Plot.plot({ ...base, y: { grid: true, nice: true, zero: true, tickFormat: fmt, label: null }, marks });
      chart.setAttribute("aria-hidden", "true");
      total.current.replaceChildren(chart);
      made.push(chart);
    }
    return () => made.forEach((c) => c.remove());
  }, [data, width, drawSpread, drawTotal, ind, unit]);

  return (
    <figure className="chart shared-chart" data-testid="shared-chart" data-indicator={ind.indicator} aria-labelledby={`${id}-cap`}>
      {drawTotal ? (
        <>
          <p className="shared-chart-title">Sector total{cumulative ? " to date" : ""}</p>
          <ul className="chart-legend" aria-hidden="true">
            <li>
              <Line colour={TOTAL} />
              {cumulative ? "Members sharing, added up to date" : "Members sharing, added up"}
            </li>
            {data.target.length ? (
              <li>
                <Line colour={TARGET} dashed width={1.5} />
                The framework’s target path
              </li>
            ) : null}
          </ul>
          <div className="chart-plot" ref={total} data-testid="shared-total-plot" data-points={data.headline.length} />
          <p className="shared-chart-title">Per member</p>
        </>
      ) : null}
      {numeric ? (
        <>
          {drawSpread ? (
            <ul className="chart-legend" aria-hidden="true">
              {data.band.length ? (
                <li>
                  <span className="swatch" style={{ background: BAND }} />
                  Middle half of the members
                </li>
              ) : null}
              {data.median.length ? (
                <li>
                  <Line colour={MEDIAN} />
                  Median
                </li>
              ) : null}
              {data.own.length ? (
                <li>
                  <svg width="14" height="14" aria-hidden="true">
                    <path d="M7 1 L13 7 L7 13 L1 7 Z" fill={OWN} />
                  </svg>
                  Your value
                </li>
              ) : null}
              {!data.twoScales && data.target.length ? (
                <li>
                  <Line colour={TARGET} dashed width={1.5} />
                  The framework’s target path
                </li>
              ) : null}
            </ul>
          ) : null}
          <div className={drawSpread ? "chart-plot" : undefined} ref={spread} data-testid="shared-spread-plot" data-points={data.median.length} data-own={data.own.length} />
        </>
      ) : (
        <div ref={spread} />
      )}
      <figcaption id={`${id}-cap`} className="chart-summary" data-testid="shared-summary">
        {summary}
      </figcaption>
      {data.hidden.length ? (
        <ul className="plain small hidden-periods" data-testid="shared-hidden">
          {data.hidden.map((h) => (
            <li key={h.period}>{h.reason}</li>
          ))}
        </ul>
      ) : null}
      {table.rows.length ? (
        <NumbersTable caption={`${ind.name}: the members’ figures per period`} head={table.head} rows={table.rows} testId="shared-table" />
      ) : null}
    </figure>
  );
}
