/** Every field of one arrow: its ends, relation, rationale, assumptions, evidence, confidence. */
import { EDGE_RELATIONS, RELATION_LABELS, type EdgeRelation, type TocEdge } from "../../model";
import { useEditor, useEditorState } from "../toc/context";
import { Assumptions } from "./Assumptions";
import { confidenceProblem } from "./draft";
import { Evidence } from "./Evidence";
import { SelectField, TextField } from "./fields";

export function EdgeDetails({ edge, readOnly }: { edge: TocEdge; readOnly: boolean }) {
  const ctl = useEditor();
  const source = useEditorState((s) => s.doc.nodes[edge.source]?.label ?? "");
  const target = useEditorState((s) => s.doc.nodes[edge.target]?.label ?? "");
  const update = (set: Partial<Record<keyof TocEdge, unknown>>, text: string, merge?: string) =>
    ctl.edit([{ op: "update_edge", id: edge.id, set }], text, merge ? { merge } : {});
  return (
    <div data-testid="edge-inspector" data-edge-id={edge.id}>
      <h2>Arrow</h2>
      <p className="edge-ends">
        <button type="button" className="linklike" data-testid="edge-source" onClick={() => ctl.select({ nodes: [edge.source], edges: [] })}>
          {source || "Untitled box"}
        </button>
        <span aria-hidden="true"> → </span>
        <span className="sr-only"> {RELATION_LABELS[edge.relation]} </span>
        <button type="button" className="linklike" data-testid="edge-target" onClick={() => ctl.select({ nodes: [edge.target], edges: [] })}>
          {target || "Untitled box"}
        </button>
      </p>
      <SelectField<EdgeRelation>
        label="Relation"
        value={edge.relation}
        options={EDGE_RELATIONS.map((r) => ({ value: r, text: RELATION_LABELS[r] }))}
        testId="field-relation"
        readOnly={readOnly}
        onChange={(v) => v && update({ relation: v }, "Change relation")}
      />
      <TextField
        entity={edge.id}
        field="rationale"
        label="Rationale"
        value={edge.rationale}
        multiline
        rows={3}
        hint="Why does the one lead to the other?"
        testId="field-rationale"
        readOnly={readOnly}
        send={(text, merge) => update({ rationale: text }, "Edit rationale", merge)}
      />
      <Assumptions kind="edge" id={edge.id} value={edge.assumptions} readOnly={readOnly} />
      <Evidence edge={edge} readOnly={readOnly} />
      <div className="subsection">
        <TextField
          entity={edge.id}
          field="confidence"
          label="Confidence (0–100)"
          value={edge.confidence === null ? "" : String(edge.confidence)}
          normalize={(t) => (t.trim() === "" || confidenceProblem(t) ? t.trim() : String(Number(t.trim())))}
          problem={confidenceProblem}
          inputMode="numeric"
          maxLength={3}
          hint="How sure are you that this step happens? Leave it empty if you have not judged it; a low confidence draws the arrow dashed."
          testId="field-confidence"
          readOnly={readOnly}
          send={(text, merge) => update({ confidence: text === "" ? null : Number(text) }, text === "" ? "Clear confidence" : "Set confidence", merge)}
        />
      </div>
      {readOnly ? null : (
        <div className="row danger-zone">
          <button type="button" className="btn danger" data-testid="delete-selection" onClick={() => ctl.deleteSelection()}>
            Delete this arrow
          </button>
        </div>
      )}
    </div>
  );
}
