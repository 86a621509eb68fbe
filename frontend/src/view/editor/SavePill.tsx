/**
 * Whether the work is safe, truthfully: "Editing" while a field holds text not sent yet,
 * "Saving…" while it is on its way, "All changes saved" only when the server has everything.
 */
import { useEditorState } from "../toc/context";

export function savePillText(status: string, drafts: number, canEdit: boolean): string {
  if (!canEdit) return "Read only";
  if (status === "offline") return "Offline: changes kept, retrying";
  if (status === "conflict") return "Conflict: choose a version";
  if (status === "error") return "Not saved";
  if (drafts > 0) return "Editing";
  if (status === "pending" || status === "saving") return "Saving…";
  return "All changes saved";
}

export function SavePill() {
  const status = useEditorState((s) => s.status);
  const drafts = useEditorState((s) => s.drafts.length);
  const canEdit = useEditorState((s) => s.canEdit);
  const text = savePillText(status, drafts, canEdit);
  return (
    <div className={`save-status ${drafts ? "editing" : status}`} role="status" aria-live="polite" data-testid="save-status">
      {text}
    </div>
  );
}
