/**
 * How one indicator is measured (issue 13), inside its card behind a disclosure whose summary
 * says the settings in words: unit type (with currency or the scale's bounds), higher or lower
 * is better, how often it is reported, each period on its own or a running total, baseline
 * and target dates, targets for single periods, and the breakdowns (disaggregation) results
 * are split by. Every control is labelled and keyboard usable; a value that cannot be sent
 * stays in its field with the reason under it (model/indicators.ts has the checks).
 */
import { useEffect, useRef, useState } from "react";
import {
  AGGREGATION_WORDS,
  aggregationOf,
  categoriesProblem,
  currencyProblem,
  dateProblem,
  datesProblem,
  DIRECTION_WORDS,
  directionOf,
  disaggregationNameProblem,
  FREQUENCIES,
  FREQUENCY_WORDS,
  frequencyChange,
  frequencyOfIndicator,
  isNumeric,
  linearTarget,
  MAX_DISAGGREGATIONS,
  measurementSummary,
  newDisaggregationName,
  normalizeCurrency,
  normalizeDisaggregationName,
  numberOrNull,
  numberProblem,
  parseCategories,
  periodBounds,
  periodLabel,
  periodTargetOf,
  scaleProblem,
  targetPeriods,
  UNIT_TYPES,
  UNIT_TYPE_WORDS,
  unitTypeChange,
  unitTypeOf,
  withDisaggregation,
  withPeriodTarget,
  comparePeriods,
  formatNumber,
  type Aggregation,
  type Direction,
  type Frequency,
  type Indicator,
  type UnitType,
} from "../../model";
import { SelectField, TextField } from "./fields";

/**
 * Set some of one indicator's fields, merged into the indicators the document has now; a
 * function gets the indicator as the document has it now (for edits of its lists).
 */
export type SetIndicator = (set: Partial<Indicator> | ((now: Indicator) => Partial<Indicator>), label: string, merge?: string) => void;

const DEFAULT_CATEGORIES: Record<string, string[]> = {
  gender: ["female", "male", "another"],
};

function numText(v: number | null | undefined): string {
  return v === null || v === undefined ? "" : String(v);
}

const numberNormalize = (t: string) => {
  const n = numberOrNull(t);
  return n === null || Number.isNaN(n) ? t.trim() : String(n);
};

export function IndicatorMeasure({ entity, ind, readOnly, set }: { entity: string; ind: Indicator; readOnly: boolean; set: SetIndicator }) {
  const unitType = unitTypeOf(ind);
  const numeric = isNumeric(ind);
  const freq = frequencyOfIndicator(ind);
  const part = (k: string) => `${ind.id}:${k}`;
  const dates = datesProblem(ind.baseline_date, ind.target_date);
  const scale = unitType === "scale" ? scaleProblem(ind.scale_min, ind.scale_max) : null;
  return (
    <details className="ind-measure span-6" data-testid="indicator-measure">
      <summary>
        <span className="ind-measure-title">How it is measured</span>
        <span className="ind-measure-summary" data-testid="indicator-measure-summary">
          {measurementSummary(ind)}
        </span>
      </summary>
      <div className="ind-measure-grid">
        <SelectField<UnitType>
          className="span-3"
          label="Unit type"
          value={unitType}
          options={UNIT_TYPES.map((u) => ({ value: u, text: UNIT_TYPE_WORDS[u] }))}
          testId="indicator-unit-type"
          readOnly={readOnly}
          onChange={(v) => v && set(unitTypeChange(ind, v), "Change how an indicator is measured")}
        />
        {numeric ? (
          <SelectField<Direction>
            className="span-3"
            label="Which way is better"
            value={directionOf(ind)}
            options={(["increase", "decrease"] as const).map((d) => ({ value: d, text: DIRECTION_WORDS[d] }))}
            testId="indicator-direction"
            readOnly={readOnly}
            onChange={(v) => v && set({ direction: v }, "Change an indicator's direction")}
          />
        ) : (
          <span className="span-3" />
        )}
        {unitType === "currency" ? (
          <TextField
            entity={entity}
            field="indicators"
            part={part("currency")}
            className="span-2"
            label="Currency"
            value={ind.currency ?? ""}
            normalize={normalizeCurrency}
            problem={currencyProblem}
            placeholder={readOnly ? undefined : "HKD"}
            maxLength={3}
            testId="indicator-currency"
            readOnly={readOnly}
            send={(t, merge) => set({ currency: normalizeCurrency(t) || null }, "Set a currency", merge)}
          />
        ) : null}
        {unitType === "scale" ? (
          <>
            <TextField
              entity={entity}
              field="indicators"
              part={part("scale_min")}
              className="span-2"
              label="Scale from"
              value={numText(ind.scale_min)}
              normalize={numberNormalize}
              problem={(t) => numberProblem(t) ?? scaleProblem(numberOrNull(t), ind.scale_max)}
              inputMode="decimal"
              placeholder={readOnly ? undefined : "1"}
              testId="indicator-scale-min"
              readOnly={readOnly}
              send={(t, merge) => set({ scale_min: numberOrNull(t) }, "Set the scale", merge)}
            />
            <TextField
              entity={entity}
              field="indicators"
              part={part("scale_max")}
              className="span-2"
              label="Scale to"
              value={numText(ind.scale_max)}
              normalize={numberNormalize}
              problem={(t) => numberProblem(t) ?? scaleProblem(ind.scale_min, numberOrNull(t))}
              inputMode="decimal"
              placeholder={readOnly ? undefined : "5"}
              testId="indicator-scale-max"
              readOnly={readOnly}
              send={(t, merge) => set({ scale_max: numberOrNull(t) }, "Set the scale", merge)}
            />
            {scale ? (
              <p className="field-error span-6" role="alert" data-testid="indicator-scale-problem">
                {scale}
              </p>
            ) : null}
          </>
        ) : null}
        <SelectField<Frequency>
          className="span-3"
          label="Reported"
          value={freq}
          options={FREQUENCIES.map((f) => ({ value: f, text: FREQUENCY_WORDS[f] }))}
          testId="indicator-frequency"
          readOnly={readOnly}
          onChange={(v) =>
            v &&
            set((now) => frequencyChange(now, v), "Change how often an indicator is reported")
          }
        />
        {numeric ? (
          <SelectField<Aggregation>
            className="span-3"
            label="Progress counts"
            value={aggregationOf(ind)}
            options={(["per_period", "cumulative"] as const).map((a) => ({ value: a, text: AGGREGATION_WORDS[a] }))}
            testId="indicator-aggregation"
            readOnly={readOnly}
            onChange={(v) => v && set({ aggregation: v }, "Change how an indicator adds up")}
          />
        ) : (
          <span className="span-3" />
        )}
        <TextField
          entity={entity}
          field="indicators"
          part={part("baseline_date")}
          className="span-3"
          label="Baseline date"
          type="date"
          value={ind.baseline_date ?? ""}
          normalize={(t) => t.trim()}
          problem={(t) => dateProblem(t) ?? datesProblem(t.trim(), ind.target_date)}
          testId="indicator-baseline-date"
          readOnly={readOnly}
          send={(t, merge) => set({ baseline_date: t.trim() || null }, "Set a baseline date", merge)}
        />
        <TextField
          entity={entity}
          field="indicators"
          part={part("target_date")}
          className="span-3"
          label="Target date"
          type="date"
          value={ind.target_date ?? ""}
          normalize={(t) => t.trim()}
          problem={(t) => dateProblem(t) ?? datesProblem(ind.baseline_date, t.trim())}
          testId="indicator-target-date"
          readOnly={readOnly}
          send={(t, merge) => set({ target_date: t.trim() || null }, "Set a target date", merge)}
        />
        {dates ? (
          <p className="field-error span-6" role="alert" data-testid="indicator-dates-problem">
            {dates}
          </p>
        ) : null}
        {numeric ? <PeriodTargets entity={entity} ind={ind} readOnly={readOnly} set={set} /> : null}
        <Breakdowns entity={entity} ind={ind} readOnly={readOnly} set={set} />
      </div>
    </details>
  );
}

/** Targets for single periods: one field per period from the baseline date to the target date. */
function PeriodTargets({ entity, ind, readOnly, set }: { entity: string; ind: Indicator; readOnly: boolean; set: SetIndicator }) {
  const inRange = targetPeriods(ind);
  const periods = [...new Set([...inRange, ...(ind.period_targets ?? []).map((t) => t.period)])].sort(comparePeriods);
  const count = ind.period_targets?.length ?? 0;
  return (
    <details className="span-6 ind-targets" data-testid="period-targets">
      <summary>
        Targets per period <span className="muted">({count ? `${count} set` : "optional"})</span>
      </summary>
      {periods.length ? (
        <>
          <p className="hint">Leave a period empty to expect the straight line from the baseline to the target (shown in grey).</p>
          <div className="ind-target-list">
            {periods.map((p) => {
              const end = periodBounds(p)?.[1];
              const line = end ? linearTarget(ind, end) : null;
              return (
                <TextField
                  key={p}
                  entity={entity}
                  field="indicators"
                  part={part(ind.id, p)}
                  label={periodLabel(p)}
                  value={numText(periodTargetOf(ind, p))}
                  normalize={numberNormalize}
                  problem={numberProblem}
                  inputMode="decimal"
                  placeholder={readOnly || line === null ? undefined : formatNumber(line)}
                  testId="period-target"
                  readOnly={readOnly}
                  send={(t, merge) => set((now) => ({ period_targets: withPeriodTarget(now.period_targets, p, numberOrNull(t)) }), "Set a period's target", merge)}
                />
              );
            })}
          </div>
        </>
      ) : (
        <p className="hint">Set a baseline date and a target date first: each period between them can then have its own target.</p>
      )}
    </details>
  );
}

function part(id: string, period: string): string {
  return `${id}:target:${period}`;
}

/** The breakdowns results are split by: a name and its categories each. */
function Breakdowns({ entity, ind, readOnly, set }: { entity: string; ind: Indicator; readOnly: boolean; set: SetIndicator }) {
  const list = ind.disaggregations ?? [];
  const [focusName, setFocusName] = useState<number | null>(null);
  const nameRefs = useRef(new Map<number, HTMLInputElement | HTMLTextAreaElement>());
  useEffect(() => {
    if (focusName === null) return;
    const el = nameRefs.current.get(focusName);
    if (el) {
      el.focus();
      el.select();
      setFocusName(null);
    }
  }, [focusName, list.length]);
  const add = () => {
    const name = newDisaggregationName(list);
    set((now) => ({ disaggregations: withDisaggregation(now.disaggregations, now.disaggregations?.length ?? 0, { name, categories: DEFAULT_CATEGORIES[name] ?? ["category 1", "category 2"] }) }), "Add a breakdown");
    setFocusName(list.length);
  };
  return (
    <fieldset className="span-6 ind-breakdowns" data-testid="breakdowns">
      <legend>Breakdowns (results split by gender, age…)</legend>
      {list.length ? null : <p className="hint">None: results are reported as one total.</p>}
      {list.map((d, i) => {
        const others = list.filter((_, j) => j !== i).map((x) => x.name);
        return (
          <div key={i} className="ind-breakdown" role="group" aria-label={`Breakdown ${i + 1}: ${d.name}`} data-testid="breakdown">
            <TextField
              entity={entity}
              field="indicators"
              part={`${ind.id}:dis:${i}:name`}
              className="bd-name"
              label="Split by"
              value={d.name}
              normalize={normalizeDisaggregationName}
              problem={(t) => disaggregationNameProblem(t, others)}
              maxLength={40}
              testId="breakdown-name"
              readOnly={readOnly}
              inputRef={(el) => {
                if (el) nameRefs.current.set(i, el);
                else nameRefs.current.delete(i);
              }}
              send={(t, merge) =>
                set(
                  (now) => {
                    const old = now.disaggregations?.[i];
                    return old ? { disaggregations: withDisaggregation(now.disaggregations, i, { ...old, name: normalizeDisaggregationName(t) }) } : {};
                  },
                  "Rename a breakdown",
                  merge,
                )
              }
            />
            <TextField
              entity={entity}
              field="indicators"
              part={`${ind.id}:dis:${i}:categories`}
              className="bd-cats"
              label="Categories"
              hint="Separate them with commas."
              value={d.categories.join(", ")}
              normalize={(t) => parseCategories(t).join(", ")}
              problem={categoriesProblem}
              testId="breakdown-categories"
              readOnly={readOnly}
              send={(t, merge) =>
                set(
                  (now) => {
                    const old = now.disaggregations?.[i];
                    return old ? { disaggregations: withDisaggregation(now.disaggregations, i, { ...old, categories: parseCategories(t) }) } : {};
                  },
                  "Change a breakdown's categories",
                  merge,
                )
              }
            />
            {readOnly ? null : (
              <button
                type="button"
                className="btn small ghost remove"
                aria-label={`Remove the breakdown by ${d.name}`}
                data-testid="remove-breakdown"
                onClick={() => set((now) => ({ disaggregations: withDisaggregation(now.disaggregations, i, null) }), "Remove a breakdown")}
              >
                Remove
              </button>
            )}
          </div>
        );
      })}
      {readOnly || list.length >= MAX_DISAGGREGATIONS ? null : (
        <button type="button" className="btn small" data-testid="add-breakdown" onClick={add}>
          + Add a breakdown
        </button>
      )}
    </fieldset>
  );
}
