/**
 * The three-way merge view: for each conflict, the value before both changes, ours and theirs
 * side by side (stacked on a phone), and a choice: keep ours, take theirs, or write one's own.
 */
import { useState, type FormEvent } from "react";
import type { Conflict, Resolution } from "../../sync";
import { errorText } from "../common/errors";
import { canWriteOwn, conflictValueText, conflictWhat, fieldName, ownValueStart, parseOwnValue, plural } from "./words";

type Take = Resolution["take"];

export interface MergeViewProps {
  conflicts: Conflict[];
  /** "Box “Girls stay in school”", "Arrow from “A” to “B”" */
  labelFor: (c: Conflict) => string;
  names: { ours: string; theirs: string };
  onSubmit: (resolutions: Resolution[]) => Promise<void>;
  submitText?: string;
}

export function MergeView({ conflicts, labelFor, names, onSubmit, submitText = "Merge with these choices" }: MergeViewProps) {
  const [takes, setTakes] = useState<Record<string, Take>>({});
  const [own, setOwn] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setError("");
    const out: Resolution[] = [];
    for (const c of conflicts) {
      const take = takes[c.id] ?? "ours";
      if (take === "value") {
        try {
          out.push({ conflict: c.id, take, value: parseOwnValue(c, own[c.id] ?? ownValueStart(c.ours ?? c.theirs)) });
        } catch (err) {
          setError(`${labelFor(c)}: ${errorText(err)}`);
          document.getElementById(`own-${c.id}`)?.focus();
          return;
        }
      } else out.push({ conflict: c.id, take });
    }
    setBusy(true);
    try {
      await onSubmit(out);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="merge-view" data-testid="merge-view" onSubmit={(ev) => void submit(ev)}>
      <p>
        {plural(conflicts.length, "conflict")}: both sides changed the same thing. Choose what to keep for {conflicts.length === 1 ? "it" : "each"}.
      </p>
      {conflicts.map((c, i) => {
        const take = takes[c.id] ?? "ours";
        const group = `conflict-${i}`;
        const writable = canWriteOwn(c);
        const radio = (value: Take, text: string, testid: string) => (
          <label className="mv-choice" key={value}>
            <input
              type="radio"
              name={group}
              value={value}
              checked={take === value}
              data-testid={testid}
              onChange={() => setTakes({ ...takes, [c.id]: value })}
            />
            {text}
          </label>
        );
        return (
          <fieldset key={c.id} className="conflict" data-testid="merge-conflict" data-conflict={c.id}>
            <legend>
              {labelFor(c)}
              {c.field ? ` — ${fieldName(c.field).toLowerCase()}` : ""}
            </legend>
            <p className="muted">{conflictWhat(c)}</p>
            <div className="mv-grid">
              <div className="mv-cell base">
                <div className="mv-head">Before both</div>
                <p>{conflictValueText(c, c.base)}</p>
              </div>
              <div className="mv-cell ours">
                <div className="mv-head">{names.ours}</div>
                <p>{conflictValueText(c, c.ours)}</p>
              </div>
              <div className="mv-cell theirs">
                <div className="mv-head">{names.theirs}</div>
                <p>{conflictValueText(c, c.theirs)}</p>
              </div>
            </div>
            <div className="mv-choices" role="radiogroup" aria-label={`What to keep for ${labelFor(c)}`}>
              {radio("ours", `Keep ${names.ours.toLowerCase()}`, "merge-take-ours")}
              {radio("theirs", `Take ${names.theirs.toLowerCase()}`, "merge-take-theirs")}
              {writable ? radio("value", "Write my own", "merge-take-value") : null}
            </div>
            {writable && take === "value" ? (
              <div className="field">
                <label htmlFor={`own-${c.id}`}>
                  Your {fieldName(c.field).toLowerCase()}
                  {Array.isArray(c.ours ?? c.theirs) ? " (one per line)" : ""}
                </label>
                <textarea
                  id={`own-${c.id}`}
                  rows={2}
                  data-testid="merge-custom-value"
                  value={own[c.id] ?? ownValueStart(c.ours ?? c.theirs)}
                  onChange={(ev) => setOwn({ ...own, [c.id]: ev.target.value })}
                />
              </div>
            ) : null}
          </fieldset>
        );
      })}
      {error ? (
        <p className="form-error" role="alert" data-testid="merge-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn primary" data-testid="merge-submit" disabled={busy}>
        {busy ? "Merging…" : submitText}
      </button>
    </form>
  );
}

/** Names for conflicts from the boxes and arrows of a version. */
export function conflictLabeler(labels: Map<string, string>): (c: Conflict) => string {
  return (c) => {
    let l = labels.get(c.entity_id);
    if (!l && c.entity === "node") {
      // A box only one side has: its name is in the conflicting values.
      for (const v of [c.base, c.ours, c.theirs]) {
        if (c.field === "label" && typeof v === "string" && v) l = v;
        else if (v && typeof v === "object" && typeof (v as { label?: unknown }).label === "string") l = (v as { label: string }).label;
        if (l) break;
      }
    }
    if (c.entity === "edge") return l ? `Arrow ${l}` : "An arrow";
    return l ? `Box “${l}”` : "A box";
  };
}

/** Labels of a document's boxes and arrows ("from “A” to “B”"), for conflictLabeler. */
export function labelsOf(
  doc: { nodes: Readonly<Record<string, { id: string; label: string }>>; edges: Readonly<Record<string, { id: string; source: string; target: string }>> },
  into = new Map<string, string>(),
): Map<string, string> {
  for (const n of Object.values(doc.nodes)) if (!into.has(n.id)) into.set(n.id, n.label);
  for (const e of Object.values(doc.edges))
    if (!into.has(e.id)) into.set(e.id, `from “${doc.nodes[e.source]?.label ?? "a box"}” to “${doc.nodes[e.target]?.label ?? "a box"}”`);
  return into;
}
