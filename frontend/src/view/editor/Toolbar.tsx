/** Add boxes, connect, undo/redo, delete, tidy, export, and the save status. */
import { KIND_LABELS, NODE_KINDS } from "../../model";
import { ConnectButton } from "../diagram/ConnectDialog";
import { ExportMenu } from "../panels/ExportMenu";
import { useEditor, useEditorState } from "../toc/context";
import { LiveBadge } from "./LiveBadge";
import { SavePill } from "./SavePill";

export function Toolbar() {
  const ctl = useEditor();
  const canEdit = useEditorState((s) => s.canEdit);
  const canUndo = useEditorState((s) => s.canUndo);
  const canRedo = useEditorState((s) => s.canRedo);
  const undoLabel = useEditorState((s) => s.undoLabel);
  const redoLabel = useEditorState((s) => s.redoLabel);
  const selected = useEditorState((s) => s.selection.nodes.length + s.selection.edges.length);
  return (
    <div className="toolbar" role="toolbar" aria-label="Editing tools">
      {canEdit ? (
        <div className="group">
          {NODE_KINDS.map((k, i) => (
            <button
              key={k}
              type="button"
              className="btn tool"
              data-testid={`add-${k}`}
              title={`Add ${KIND_LABELS[k].toLowerCase()} (key ${i + 1} in the diagram or the outline)`}
              onClick={() => ctl.addNode(k)}
            >
              <span className={`kind-dot ${k}`} aria-hidden="true" />+ {KIND_LABELS[k]}
            </button>
          ))}
        </div>
      ) : null}
      {canEdit ? (
        <div className="group">
          <ConnectButton />
          <button type="button" className="btn tool" data-testid="undo" disabled={!canUndo} title={undoLabel ? `Undo: ${undoLabel} (Ctrl+Z)` : "Undo (Ctrl+Z)"} onClick={() => ctl.undo()}>
            ↶ Undo
          </button>
          <button type="button" className="btn tool" data-testid="redo" disabled={!canRedo} title={redoLabel ? `Redo: ${redoLabel} (Ctrl+Shift+Z)` : "Redo (Ctrl+Shift+Z)"} onClick={() => ctl.redo()}>
            ↷ Redo
          </button>
          <button type="button" className="btn tool" data-testid="delete" disabled={!selected} title="Delete the selection (Delete key in the diagram or the outline)" onClick={() => ctl.deleteSelection()}>
            ✕ Delete
          </button>
        </div>
      ) : null}
      <div className="group">
        <button type="button" className="btn tool" data-testid="tidy" title="Lay out the diagram again" onClick={() => void ctl.refreshLayout()}>
          Tidy layout
        </button>
        <ExportMenu />
      </div>
      <div className="spacer" />
      <div className="status-pills">
        <LiveBadge />
        <SavePill />
      </div>
    </div>
  );
}
