/** An arrow's evidence: title, web address and strength per source; add and remove. */
import { STRENGTHS, type Evidence as EvidenceItem, type TocEdge } from "../../model";
import { useEditor } from "../toc/context";
import { normalizers, urlProblem } from "./draft";
import { SelectField, TextField } from "./fields";

const STRENGTH_TEXT: Record<string, string> = { weak: "Weak", moderate: "Moderate", strong: "Strong" };

export function Evidence({ edge, readOnly }: { edge: TocEdge; readOnly: boolean }) {
  const ctl = useEditor();
  /** Change item i of the evidence the document has now. */
  const change = (i: number, patch: Partial<EvidenceItem>, merge?: string) => {
    const cur = ctl.state.doc.edges[edge.id];
    if (!cur || !cur.evidence[i]) return;
    const next = cur.evidence.map((x, j) => (j === i ? { ...x, ...patch } : x));
    ctl.edit([{ op: "update_edge", id: edge.id, set: { evidence: next } }], "Edit evidence", merge ? { merge } : {});
  };
  const add = () => {
    const cur = ctl.state.doc.edges[edge.id];
    if (!cur) return;
    if (ctl.edit([{ op: "update_edge", id: edge.id, set: { evidence: [...cur.evidence, { title: "New evidence", url: null, strength: null }] } }], "Add evidence")) {
      ctl.announce("Added evidence. Give it a title.");
      requestAnimationFrame(() => {
        const rows = document.querySelectorAll<HTMLInputElement>('[data-testid="evidence-row"] [data-testid="evidence-title"]');
        const last = rows[rows.length - 1];
        last?.focus();
        last?.select();
      });
    }
  };
  const remove = (i: number) => {
    const cur = ctl.state.doc.edges[edge.id];
    if (!cur) return;
    const title = cur.evidence[i]?.title ?? "";
    if (ctl.edit([{ op: "update_edge", id: edge.id, set: { evidence: cur.evidence.filter((_, j) => j !== i) } }], "Remove evidence"))
      ctl.announce(`Removed the evidence “${title}”. Ctrl+Z brings it back.`);
  };
  return (
    <section className="subsection" aria-labelledby={`ev-h-${edge.id}`}>
      <h3 id={`ev-h-${edge.id}`}>Evidence</h3>
      {edge.evidence.length ? (
        <ul className="plain evidence-list">
          {edge.evidence.map((ev, i) => (
            <li key={i}>
              <div className="evidence" data-testid="evidence-row" role="group" aria-label={`Evidence ${i + 1}`}>
                <TextField
                  entity={edge.id}
                  field="evidence"
                  part={`${i}:title`}
                  className="span-6"
                  label="Title"
                  value={ev.title}
                  normalize={normalizers.trim}
                  problem={(t) => (t.trim() ? null : "Evidence needs a title.")}
                  testId="evidence-title"
                  readOnly={readOnly}
                  maxLength={300}
                  send={(text, merge) => change(i, { title: text }, merge)}
                />
                <TextField
                  entity={edge.id}
                  field="evidence"
                  part={`${i}:url`}
                  className="span-4"
                  label="Web address"
                  value={ev.url ?? ""}
                  normalize={normalizers.trim}
                  problem={urlProblem}
                  placeholder={readOnly ? undefined : "https://…"}
                  inputMode="url"
                  testId="evidence-url"
                  readOnly={readOnly}
                  send={(text, merge) => change(i, { url: text || null }, merge)}
                />
                <SelectField
                  label="Strength"
                  className="span-2"
                  value={ev.strength ?? ""}
                  options={[{ value: "", text: "Not rated" }, ...STRENGTHS.map((s) => ({ value: s, text: STRENGTH_TEXT[s] ?? s }))]}
                  testId="evidence-strength"
                  readOnly={readOnly}
                  onChange={(v) => change(i, { strength: (v || null) as EvidenceItem["strength"] })}
                />
                {readOnly ? null : (
                  <div className="card-foot">
                    <button type="button" className="btn small ghost remove" aria-label={`Remove evidence ${ev.title || i + 1}`} data-testid="remove-evidence" onClick={() => remove(i)}>
                      Remove
                    </button>
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No evidence recorded.</p>
      )}
      {readOnly ? null : (
        <button type="button" className="btn small" data-testid="add-evidence" onClick={add}>
          + Add evidence
        </button>
      )}
    </section>
  );
}
