/**
 * What the person must know now: a conflict to resolve, offline, a refused change, a box
 * deleted by a colleague, a value of theirs a colleague replaced, access taken away.
 */
import { useState } from "react";
import { errorText } from "../common/errors";
import { useEditor, useEditorState } from "../toc/context";
import { replacedSentence } from "../toc/liveWords";

export function Banners() {
  const ctl = useEditor();
  const status = useEditorState((s) => s.status);
  const message = useEditorState((s) => s.statusMessage);
  const conflicts = useEditorState((s) => s.conflicts);
  const deleted = useEditorState((s) => s.deleted);
  const canEdit = useEditorState((s) => s.canEdit);
  const branch = useEditorState((s) => s.branch);
  const replaced = useEditorState((s) => s.replaced);
  const revoked = useEditorState((s) => s.revoked);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState("");
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setErr("");
    try {
      await f();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="banners">
      {revoked ? (
        <div className="banner error" role="alert" data-testid="revoked-banner">
          <strong>You no longer have access to this ToC.</strong> {revoked} Editing has stopped; what is shown is as it was.
        </div>
      ) : !canEdit ? (
        <div className="banner info" data-testid="readonly-banner">
          {branch ? "You can read this theory of change but not edit it." : "This is an earlier version: it cannot be edited. Open a branch to edit."}
        </div>
      ) : null}
      {status === "conflict" ? (
        <div className="banner warn" role="alert" data-testid="conflict-banner">
          <p>{message || "Someone else changed the same thing at the same time."}</p>
          {conflicts.length ? (
            <ul>
              {conflicts.map((c) => (
                <li key={c.id}>{c.message}</li>
              ))}
            </ul>
          ) : null}
          <div className="row">
            <button type="button" className="btn primary" disabled={busy} data-testid="keep-mine" onClick={() => run(() => ctl.resolveConflict("mine"))}>
              Keep my version
            </button>
            <button type="button" className="btn" disabled={busy} data-testid="keep-theirs" onClick={() => run(() => ctl.resolveConflict("theirs"))}>
              Keep theirs
            </button>
          </div>
        </div>
      ) : null}
      {status === "offline" ? (
        <div className="banner warn" role="alert" data-testid="offline-banner">
          The server cannot be reached. Your changes are kept here and will be saved when it is back.
        </div>
      ) : null}
      {status === "error" && message ? (
        <div className="banner error" role="alert" data-testid="error-banner">
          {message}
        </div>
      ) : null}
      {deleted ? (
        <div className="banner warn" role="alert" data-testid="deleted-banner">
          “{deleted.label || "Untitled box"}” was deleted{deleted.by ? ` by ${deleted.by}` : " by someone else"}.
          {canEdit ? (
            <button type="button" className="btn small" disabled={busy} data-testid="restore-deleted" onClick={() => run(() => ctl.bringBack(deleted))}>
              Bring it back
            </button>
          ) : null}
          <button type="button" className="btn small ghost" onClick={() => ctl.store.setState({ deleted: null })}>
            Dismiss
          </button>
        </div>
      ) : null}
      {replaced ? (
        <div className="banner info" role="status" data-testid="replaced-banner">
          <span>{replacedSentence(replaced)}</span>{" "}
          {canEdit ? (
            <button type="button" className="btn small" data-testid="put-back" onClick={() => ctl.putBack(replaced)}>
              Put mine back
            </button>
          ) : null}
          <button type="button" className="btn small ghost" onClick={() => ctl.store.setState({ replaced: null })}>
            Keep theirs
          </button>
        </div>
      ) : null}
      {err ? (
        <div className="banner error" role="alert">
          {err}
        </div>
      ) : null}
    </div>
  );
}
