/**
 * The side panel's "Details": help when nothing is selected, every field of one box or one
 * arrow, or a count and Delete for several. Read-only when the ToC cannot be edited here.
 *
 * Keys typed in the inspector stay in it: they never reach a handler outside that deletes a
 * box or adds one (Delete, Backspace, 1-4 belong to the diagram or the outline, and only while it
 * has focus). Escape sends what the field holds and goes back to the box in the diagram or outline.
 */
import { useEffect, useRef, type KeyboardEvent } from "react";
import { useEditor, useEditorState } from "../toc/context";
import { EdgeDetails } from "./EdgeDetails";
import { NodeDetails } from "./NodeDetails";
import "./inspector.css";

function isFormControl(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.matches("input, textarea, select") || el.isContentEditable);
}

/** Which view of the ToC the editor shows beside this panel (its help speaks of that one). */
export type EditorView = "diagram" | "outline";

function Help({ canEdit, view }: { canEdit: boolean; view: EditorView }) {
  if (!canEdit)
    return (
      <div data-testid="inspector-help">
        <h2>Details</h2>
        <p className="muted">Select a box or an arrow to see its details.</p>
      </div>
    );
  return (
    <div data-testid="inspector-help">
      <h2>Details</h2>
      <p>Select a box or an arrow to see and edit everything about it here.</p>
      <ul className="help-list">
        <li>
          <strong>Add a box</strong> with the toolbar buttons, or with the keys <kbd>1</kbd>–<kbd>4</kbd> in the {view} (activity, output,
          outcome, impact).
        </li>
        <li>
          <strong>Connect two boxes</strong>: select a box and choose the other one under “Arrows” here, or use Connect in the toolbar.
        </li>
        {view === "diagram" ? (
          <li>
            <strong>In the diagram</strong>: arrow keys move between boxes, <kbd>Enter</kbd> edits the label, <kbd>Delete</kbd> removes the
            selection, <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes.
          </li>
        ) : (
          <li>
            <strong>In the outline</strong>: <kbd>↑</kbd> <kbd>↓</kbd> move between boxes, <kbd>→</kbd> along a box’s arrows, <kbd>Enter</kbd>{" "}
            edits the label, <kbd>Delete</kbd> removes the box, <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes.
          </li>
        )}
        <li>
          <strong>In a field</strong>: what you type is saved as you go; <kbd>Escape</kbd> goes back to the {view}.
        </li>
      </ul>
    </div>
  );
}

function Several({ nodes, edges, canEdit }: { nodes: number; edges: number; canEdit: boolean }) {
  const ctl = useEditor();
  const parts = [nodes && `${nodes} box${nodes === 1 ? "" : "es"}`, edges && `${edges} arrow${edges === 1 ? "" : "s"}`].filter(Boolean);
  return (
    <div data-testid="multi-inspector">
      <h2>{nodes + edges} items selected</h2>
      <p>{parts.join(" and ")}.</p>
      {canEdit ? (
        <button type="button" className="btn danger" data-testid="delete-selection" onClick={() => ctl.deleteSelection()}>
          Delete {nodes + edges === 2 ? "both" : `all ${nodes + edges}`}
        </button>
      ) : null}
    </div>
  );
}

export function Inspector({ view = "diagram" }: { view?: EditorView }) {
  const ctl = useEditor();
  const canEdit = useEditorState((s) => s.canEdit);
  const nodeIds = useEditorState((s) => s.selection.nodes);
  const edgeIds = useEditorState((s) => s.selection.edges);
  const one = nodeIds.length + edgeIds.length === 1;
  const node = useEditorState((s) => (one && nodeIds[0] ? s.doc.nodes[nodeIds[0]] : undefined));
  const edge = useEditorState((s) => (one && edgeIds[0] ? s.doc.edges[edgeIds[0]] : undefined));
  const root = useRef<HTMLDivElement>(null);
  const shownId = node?.id ?? edge?.id ?? "";

  // Another box or arrow: start at the top of its details (not where the last one was scrolled).
  useEffect(() => {
    const panel = root.current?.closest(".panel");
    if (panel && !panel.contains(document.activeElement)) panel.scrollTop = 0;
  }, [shownId]);

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const inField = isFormControl(ev.target);
    if (ev.key === "Escape" && inField) {
      // The field has sent its text (its own handler ran first); back to the box.
      ev.stopPropagation();
      if (node) ctl.requestFocus("node", node.id);
      else ctl.requestFocus("diagram");
      return;
    }
    if (inField || ev.key === "Delete" || ev.key === "Backspace") ev.stopPropagation();
  };

  let body;
  if (node) body = <NodeDetails key={node.id} node={node} readOnly={!canEdit} />;
  else if (edge) body = <EdgeDetails key={edge.id} edge={edge} readOnly={!canEdit} />;
  else if (nodeIds.length + edgeIds.length > 1) body = <Several nodes={nodeIds.length} edges={edgeIds.length} canEdit={canEdit} />;
  else body = <Help canEdit={canEdit} view={view} />;

  return (
    // Keys are kept here so that typing never reaches the diagram's shortcuts.
    <div className="inspector" data-testid="inspector" ref={root} onKeyDown={onKeyDown}>
      {body}
    </div>
  );
}
