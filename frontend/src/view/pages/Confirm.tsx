/** "Are you sure?" as a modal <dialog>: `const [dialog, confirm] = useConfirm()`, render `dialog`,
 * `if (await confirm({title, message, yes})) ...`. Focus starts on Cancel and returns to where it was. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";

export interface ConfirmOptions {
  title: string;
  message: ReactNode;
  yes: string;
  danger?: boolean;
}

interface Open extends ConfirmOptions {
  resolve: (ok: boolean) => void;
}

export function useConfirm(): [ReactNode, (o: ConfirmOptions) => Promise<boolean>] {
  const [open, setOpen] = useState<Open | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const back = useRef<HTMLElement | null>(null);

  const ask = useCallback(
    (o: ConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        back.current = document.activeElement as HTMLElement | null;
        setOpen({ ...o, resolve });
      }),
    [],
  );

  useEffect(() => {
    const d = ref.current;
    if (open && d && !d.open) {
      d.showModal();
      cancel.current?.focus();
    }
  }, [open]);

  const finish = (ok: boolean) => {
    const o = open;
    ref.current?.close();
    setOpen(null);
    o?.resolve(ok);
    const el = back.current;
    if (el && el.isConnected) el.focus();
  };

  const dialog = open ? (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      data-testid="confirm-dialog"
      onCancel={(ev) => {
        ev.preventDefault();
        finish(false);
      }}
    >
      <h2 id="confirm-title">{open.title}</h2>
      <div id="confirm-message">{typeof open.message === "string" ? <p>{open.message}</p> : open.message}</div>
      <div className="row end">
        <button ref={cancel} type="button" className="btn" data-testid="confirm-no" onClick={() => finish(false)}>
          Cancel
        </button>
        <button
          type="button"
          className={open.danger ? "btn danger" : "btn primary"}
          data-testid="confirm-yes"
          onClick={() => finish(true)}
        >
          {open.yes}
        </button>
      </div>
    </dialog>
  ) : null;
  return [dialog, ask];
}
