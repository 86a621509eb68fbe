/**
 * "Are you sure?" as a modal <dialog>, for every page and panel: `const [dialog, ask] =
 * useConfirm()`, render `dialog`, and `await ask({title, body, confirm})` answers true or false.
 * Focus starts on Cancel (Enter never confirms by accident) and goes back to where it was when
 * the dialog closes.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";

export interface ConfirmOptions {
  title: string;
  body: ReactNode;
  confirm: string;
  cancel?: string;
  danger?: boolean;
}

interface Pending extends ConfirmOptions {
  resolve: (ok: boolean) => void;
}

export function useConfirm(): [ReactNode, (o: ConfirmOptions) => Promise<boolean>] {
  const [pending, setPending] = useState<Pending | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const back = useRef<HTMLElement | null>(null);

  const ask = useCallback((o: ConfirmOptions) => {
    back.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return new Promise<boolean>((resolve) => setPending({ ...o, resolve }));
  }, []);

  useEffect(() => {
    const d = ref.current;
    if (pending && d && !d.open) {
      d.showModal();
      cancel.current?.focus();
    }
  }, [pending]);

  const answer = (ok: boolean) => {
    const p = pending;
    ref.current?.close();
    setPending(null);
    p?.resolve(ok);
    const el = back.current;
    if (el && el.isConnected) el.focus();
  };

  const dialog = pending ? (
    <dialog
      ref={ref}
      className="dialog"
      data-testid="confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      onCancel={(ev) => {
        ev.preventDefault();
        answer(false);
      }}
    >
      <h2 id="confirm-title">{pending.title}</h2>
      <div id="confirm-body">{typeof pending.body === "string" ? <p>{pending.body}</p> : pending.body}</div>
      <div className="row end">
        <button ref={cancel} type="button" className="btn" data-testid="confirm-no" onClick={() => answer(false)}>
          {pending.cancel ?? "Cancel"}
        </button>
        <button type="button" className={`btn ${pending.danger ? "danger" : "primary"}`} data-testid="confirm-yes" onClick={() => answer(true)}>
          {pending.confirm}
        </button>
      </div>
    </dialog>
  ) : null;
  return [dialog, ask];
}
