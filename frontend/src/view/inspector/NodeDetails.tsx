/** Every field of one box: label, level, horizon, description, indicators, assumptions, tags, arrows, links. */
import { useEffect, useRef } from "react";
import { HORIZONS, KIND_LABELS, NODE_KINDS, type NodeKind, type TocNode } from "../../model";
import type { EditorController } from "../toc/controller";
import { useEditor, useEditorState } from "../toc/context";
import { Assumptions } from "./Assumptions";
import { Connections } from "./Connections";
import { normalizers, tagList } from "./draft";
import { SelectField, TextField } from "./fields";
import { IndicatorCards } from "./IndicatorCards";
import { Links } from "./LinkPicker";
import { ProgressSection } from "./ProgressSection";

const HORIZON_TEXT: Record<string, string> = { short: "Short term", medium: "Medium term", long: "Long term" };

// The focus request each controller last acted on (the inspector may mount after the request).
const handled = new WeakMap<EditorController, number>();

/** After a box is added (or Enter in the diagram), put the cursor in its label. */
function useLabelFocus(id: string, input: React.RefObject<HTMLInputElement | HTMLTextAreaElement | null>): void {
  const ctl = useEditor();
  const req = useEditorState((s) => s.focusRequest);
  useEffect(() => {
    if (!req || req.target !== "label" || req.id !== id || handled.get(ctl) === req.seq) return;
    const el = input.current;
    if (!el) return;
    handled.set(ctl, req.seq);
    el.focus();
    el.select();
  }, [req, id, ctl, input]);
}

export function NodeDetails({ node, readOnly }: { node: TocNode; readOnly: boolean }) {
  const ctl = useEditor();
  const label = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  useLabelFocus(node.id, label);
  const update = (set: Partial<Record<keyof TocNode, unknown>>, text: string, merge?: string) =>
    ctl.edit([{ op: "update_node", id: node.id, set }], text, merge ? { merge } : {});
  return (
    <div data-testid="node-inspector" data-node-id={node.id}>
      <h2>
        <span className={`kind-dot ${node.kind}`} aria-hidden="true" />
        {KIND_LABELS[node.kind]}
      </h2>
      <TextField
        entity={node.id}
        field="label"
        label="Label"
        value={node.label}
        normalize={normalizers.trim}
        problem={(t) => (t.trim() ? null : "A box needs a label.")}
        maxLength={300}
        testId="field-label"
        readOnly={readOnly}
        inputRef={label}
        send={(text, merge) => update({ label: text }, "Rename", merge)}
      />
      <div className="field-pair">
        <SelectField<NodeKind>
          label="Level"
          value={node.kind}
          options={NODE_KINDS.map((k) => ({ value: k, text: KIND_LABELS[k] }))}
          testId="field-kind"
          readOnly={readOnly}
          onChange={(v) => {
            if (!v) return;
            const set: Partial<Record<keyof TocNode, unknown>> = { kind: v };
            if (v !== "outcome" && node.horizon) set.horizon = null;
            // Every level's name starts with a vowel: "an activity", "an output"...
            const level = KIND_LABELS[v as NodeKind].toLowerCase();
            if (update(set, `Make it an ${level}`)) ctl.announce(`This box is now an ${level}.`);
          }}
        />
        {node.kind === "outcome" ? (
          <SelectField
            label="Time horizon"
            value={node.horizon ?? ""}
            options={[{ value: "", text: "Not set" }, ...HORIZONS.map((h) => ({ value: h, text: HORIZON_TEXT[h] ?? h }))]}
            testId="field-horizon"
            readOnly={readOnly}
            onChange={(v) => update({ horizon: v || null }, "Change horizon")}
          />
        ) : null}
      </div>
      <TextField
        entity={node.id}
        field="description"
        label="Description"
        value={node.description}
        multiline
        rows={3}
        testId="field-description"
        readOnly={readOnly}
        send={(text, merge) => update({ description: text }, "Edit description", merge)}
      />
      <ProgressSection nodeId={node.id} />
      {node.kind === "activity" ? null : <IndicatorCards node={node} readOnly={readOnly} />}
      <div className="subsection">
        <Assumptions kind="node" id={node.id} value={node.assumptions} readOnly={readOnly} />
        <TextField
          entity={node.id}
          field="tags"
          label="Tags"
          value={node.tags.join(", ")}
          normalize={normalizers.tags}
          hint="Separate tags with commas."
          testId="field-tags"
          readOnly={readOnly}
          send={(text, merge) => update({ tags: tagList(text) }, "Edit tags", merge)}
        />
      </div>
      <Connections node={node} readOnly={readOnly} />
      <Links node={node} readOnly={readOnly} />
      {readOnly ? null : (
        <div className="row danger-zone">
          <button type="button" className="btn danger" data-testid="delete-selection" onClick={() => ctl.deleteSelection()}>
            Delete this box
          </button>
        </div>
      )}
    </div>
  );
}
