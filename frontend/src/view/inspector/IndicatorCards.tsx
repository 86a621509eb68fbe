/**
 * A box's indicators as cards: name, unit, baseline, target, source of data, a standard code
 * (vocabulary + code, e.g. IRIS+ PI2387), and how it is measured (IndicatorMeasure: unit type,
 * direction, frequency, dates, per-period targets, breakdowns). Each field is its own draft; a
 * sent value is merged into the indicators the document has at that moment, so typing in one
 * card never undoes another card's (or a colleague's) change.
 */
import { useEffect, useRef, useState } from "react";
import { makeIndicator, type Indicator, type TocNode } from "../../model";
import { useEditor } from "../toc/context";
import { normalizers, scalarText, toScalar } from "./draft";
import { TextField } from "./fields";
import { IndicatorMeasure, type SetIndicator } from "./IndicatorMeasure";
import { IndicatorStatus } from "./ProgressSection";
import { ReportsToField, SharedOffers } from "./ReportsTo";

type Key = "name" | "unit" | "baseline" | "target" | "source" | "vocabulary" | "code";

interface Col {
  key: Key;
  label: string;
  /** How many of the card's six columns it takes. */
  span: 2 | 3 | 6;
  placeholder?: string;
  hint?: string;
}

const COLS: Col[] = [
  { key: "unit", label: "Unit", span: 2, placeholder: "%, people…" },
  { key: "baseline", label: "Baseline", span: 2 },
  { key: "target", label: "Target", span: 2 },
  { key: "source", label: "Source of data", span: 6, placeholder: "Survey, records…" },
  { key: "vocabulary", label: "Standard", span: 3, placeholder: "IRIS+, SDG…" },
  { key: "code", label: "Code", span: 3, placeholder: "PI2387…" },
];

const isScalar = (k: Key) => k === "baseline" || k === "target";

function parse(k: Key, text: string): unknown {
  if (isScalar(k)) return toScalar(text);
  if (k === "name") return text.trim();
  return text.trim() || null;
}

export function IndicatorCards({ node, readOnly }: { node: TocNode; readOnly: boolean }) {
  const ctl = useEditor();
  const [focusNew, setFocusNew] = useState<string | null>(null);
  const nameRefs = useRef(new Map<string, HTMLInputElement | HTMLTextAreaElement>());

  useEffect(() => {
    if (!focusNew) return;
    const el = nameRefs.current.get(focusNew);
    if (el) {
      el.focus();
      el.select();
      setFocusNew(null);
    }
  }, [focusNew, node.indicators]);

  /** Set one field of one indicator, in the indicators the document has now. */
  const sendField = (indId: string, k: Key) => (text: string, merge: string) => {
    const cur = ctl.state.doc.nodes[node.id];
    if (!cur || !cur.indicators.some((x) => x.id === indId)) return;
    const next = cur.indicators.map((x) => (x.id === indId ? { ...x, [k]: parse(k, text) } : x));
    ctl.edit([{ op: "update_node", id: node.id, set: { indicators: next } }], "Edit indicator", { merge });
  };

  /** Set fields of one indicator (how it is measured), in the indicators the document has now. */
  const setFields =
    (indId: string): SetIndicator =>
    (set, label, merge) => {
      const cur = ctl.state.doc.nodes[node.id];
      const now = cur?.indicators.find((x) => x.id === indId);
      if (!cur || !now) return;
      const fields = typeof set === "function" ? set(now) : set;
      if (!Object.keys(fields).length) return;
      const next = cur.indicators.map((x) => (x.id === indId ? { ...x, ...fields } : x));
      ctl.edit([{ op: "update_node", id: node.id, set: { indicators: next } }], label, merge ? { merge } : {});
    };

  const add = () => {
    const cur = ctl.state.doc.nodes[node.id];
    if (!cur) return;
    const ind = makeIndicator("New indicator");
    if (ctl.edit([{ op: "update_node", id: node.id, set: { indicators: [...cur.indicators, ind] } }], "Add indicator")) {
      setFocusNew(ind.id);
      ctl.announce("Added an indicator. Type its name.");
    }
  };

  const remove = (ind: Indicator) => {
    const cur = ctl.state.doc.nodes[node.id];
    if (!cur) return;
    if (ctl.edit([{ op: "update_node", id: node.id, set: { indicators: cur.indicators.filter((x) => x.id !== ind.id) } }], "Remove indicator"))
      ctl.announce(`Removed the indicator “${ind.name}”. Ctrl+Z brings it back.`);
  };

  return (
    <section className="subsection" aria-labelledby={`ind-h-${node.id}`}>
      <h3 id={`ind-h-${node.id}`}>Indicators</h3>
      {node.indicators.length ? (
        <div data-testid="indicators-table">
          {node.indicators.map((ind, i) => (
            <div key={ind.id} className="indicator" data-testid="indicator-row" role="group" aria-label={`Indicator ${i + 1}${ind.name ? `: ${ind.name}` : ""}`}>
              <TextField
                entity={node.id}
                field="indicators"
                part={`${ind.id}:name`}
                className="span-6"
                label="Name"
                value={ind.name}
                normalize={normalizers.trim}
                problem={(t) => (t.trim() ? null : "An indicator needs a name.")}
                testId="indicator-name"
                readOnly={readOnly}
                maxLength={300}
                inputRef={(el) => {
                  if (el) nameRefs.current.set(ind.id, el);
                  else nameRefs.current.delete(ind.id);
                }}
                send={sendField(ind.id, "name")}
              />
              <IndicatorStatus ind={ind} />
              {COLS.map((c) => (
                <TextField
                  key={c.key}
                  entity={node.id}
                  field="indicators"
                  part={`${ind.id}:${c.key}`}
                  className={`span-${c.span}`}
                  label={c.label}
                  value={isScalar(c.key) ? scalarText(ind[c.key] as Indicator["baseline"]) : ((ind[c.key] as string | null) ?? "")}
                  normalize={isScalar(c.key) ? normalizers.scalar : normalizers.trim}
                  placeholder={readOnly ? undefined : c.placeholder}
                  inputMode={isScalar(c.key) ? "decimal" : undefined}
                  testId={`indicator-${c.key}`}
                  readOnly={readOnly}
                  send={sendField(ind.id, c.key)}
                />
              ))}
              <ReportsToField node={node} ind={ind} index={i} readOnly={readOnly} set={setFields(ind.id)} />
              <IndicatorMeasure entity={node.id} ind={ind} readOnly={readOnly} set={setFields(ind.id)} />
              {readOnly ? null : (
                <div className="card-foot">
                  <button
                    type="button"
                    className="btn small ghost remove"
                    aria-label={`Remove indicator ${ind.name || i + 1}`}
                    data-testid="remove-indicator"
                    onClick={() => remove(ind)}
                  >
                    Remove
                  </button>
                </div>
              )}
            </div>
          ))}
        </div>
      ) : (
        <p className="muted">No indicators yet: how will you know this happened?</p>
      )}
      <SharedOffers node={node} readOnly={readOnly} />
      {readOnly ? null : (
        <button type="button" className="btn small" data-testid="add-indicator" onClick={add}>
          + Add indicator
        </button>
      )}
    </section>
  );
}
