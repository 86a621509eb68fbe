/**
 * The inspector's fields: a labelled text input or text area that keeps its own text while
 * focused (useDraftField), with its hint, its problem, the server's message about it and a
 * colleague's change offered beside it; and a select that applies at once.
 */
import { useEffect, useId, useRef, type ReactNode, type Ref } from "react";
import { useEditingBy } from "../presence/usePresence";
import { useAuth } from "../shell/auth";
import { useEditor, useEditorState } from "../toc/context";
import { editingSentence } from "../toc/liveWords";
import "../presence/presence.css";
import { refusedMessages, type Normalize } from "./draft";
import { useDraftField } from "./useDraftField";

export interface TextFieldProps {
  /** The entity the field belongs to and the field's name there (for the server's messages). */
  entity: string;
  field: string;
  /** Unique within the entity when one field name has several inputs (indicator 2's unit). */
  part?: string;
  label: ReactNode;
  value: string;
  send: (text: string, merge: string) => void;
  normalize?: Normalize;
  problem?: (text: string) => string | null;
  multiline?: boolean;
  rows?: number;
  hint?: string;
  maxLength?: number;
  placeholder?: string;
  inputMode?: "numeric" | "decimal" | "url" | "text";
  testId?: string;
  readOnly?: boolean;
  className?: string;
  inputRef?: Ref<HTMLInputElement | HTMLTextAreaElement | null>;
  /** The label is visually hidden (a table cell, say); still read out. */
  hiddenLabel?: boolean;
  /** A date field ("YYYY-MM-DD", the browser's date picker) instead of text. */
  type?: "text" | "date";
}

/** Long values are cut in the notice (the whole text is in its title). */
function short(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t === "") return "nothing (they cleared it)";
  return t.length > 120 ? `“${t.slice(0, 117)}…”` : `“${t}”`;
}

function RemoteNotice({
  theirs,
  onTheirs,
  onMine,
}: {
  theirs: string;
  onTheirs: () => void;
  onMine: () => void;
}) {
  const by = useEditorState((s) => s.remoteBy?.by ?? null);
  const { user } = useAuth();
  const who = by === null ? "A colleague" : user && by === user.username ? "You (in another window)" : by;
  return (
    <div className="remote-change" role="status" data-testid="remote-change" title={theirs}>
      <span>
        {who} changed this to {short(theirs)}. Your text stays until you choose.
      </span>
      <span className="row">
        <button type="button" className="btn small" data-testid="use-theirs" onClick={onTheirs}>
          Use theirs
        </button>
        <button type="button" className="btn small ghost" data-testid="keep-my-text" onClick={onMine}>
          Keep mine
        </button>
      </span>
    </div>
  );
}

/**
 * "Ana is editing this label": others typing in this field right now (live presence). Polite:
 * said once by screen readers, and it blocks nothing (the last one to send wins, and the other
 * is offered the choice beside the field).
 */
function OthersEditing({ id, name }: { id: string; name: string }) {
  const people = useEditingBy(id, name);
  return (
    <p className="field-presence" role="status" data-testid="field-presence">
      {people.length ? (
        <>
          <span className="dot" style={{ background: people[0]!.colour }} aria-hidden="true" />
          {editingSentence(
            people.map((x) => x.name),
            name,
          )}
        </>
      ) : null}
    </p>
  );
}

/** Tell the others (presence) that this page types in the field while it has focus. */
function useReportEditing(id: string, name: string): { focus(): void; blur(): void } {
  const ctl = useEditor();
  useEffect(
    () => () => {
      // The field goes away (another box selected) while focused: it is not typed in any more.
      const cur = ctl.state.editingField;
      if (cur && cur.id === id && cur.name === name) ctl.setEditingField(null);
    },
    [ctl, id, name],
  );
  return {
    focus: () => ctl.setEditingField({ id, name }),
    blur: () => {
      const cur = ctl.state.editingField;
      if (cur && cur.id === id && cur.name === name) ctl.setEditingField(null);
    },
  };
}

export function TextField(p: TextFieldProps) {
  const key = `${p.entity}:${p.field}${p.part ? `:${p.part}` : ""}`;
  /** The field's name as presence says it: "label", or "indicators.<id>:unit" for one of several. */
  const presenceName = p.part ? `${p.field}.${p.part}` : p.field;
  const editing = useReportEditing(p.entity, presenceName);
  const f = useDraftField({ fieldKey: key, value: p.value, send: p.send, normalize: p.normalize, problem: p.problem });
  const id = useId();
  const own = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const refused = useEditorState((s) => s.refused);
  const server = p.part ? [] : refusedMessages(refused, p.entity, p.field);
  const message = f.problem ?? (server.length ? server.join(" ") : null);
  const hintId = p.hint ? `${id}-hint` : undefined;
  const errId = message ? `${id}-err` : undefined;
  const setRef = (el: HTMLInputElement | HTMLTextAreaElement | null) => {
    own.current = el;
    const r = p.inputRef;
    if (typeof r === "function") r(el);
    else if (r) (r as { current: HTMLInputElement | HTMLTextAreaElement | null }).current = el;
  };
  const common = {
    id,
    ref: setRef,
    value: f.text,
    readOnly: p.readOnly,
    maxLength: p.maxLength,
    placeholder: p.placeholder,
    inputMode: p.inputMode,
    "data-testid": p.testId,
    "data-key": key,
    "aria-invalid": message ? true : undefined,
    "aria-describedby": [errId, hintId].filter(Boolean).join(" ") || undefined,
    onFocus: () => {
      f.focus();
      if (!p.readOnly) editing.focus();
    },
    onChange: (ev: { target: { value: string } }) => f.change(ev.target.value),
  };
  return (
    <div
      className={`field${p.className ? ` ${p.className}` : ""}`}
      onBlur={(ev) => {
        // Focus moving to the notice's buttons stays within the field.
        if (!ev.currentTarget.contains(ev.relatedTarget as Node | null)) {
          f.leave();
          editing.blur();
        }
      }}
    >
      <label htmlFor={id} className={p.hiddenLabel ? "sr-only" : undefined}>
        {p.label}
      </label>
      {p.multiline ? (
        <textarea {...common} rows={p.rows ?? 3} onKeyDown={(ev) => ev.key === "Escape" && f.flush()} />
      ) : (
        <input
          {...common}
          type={p.type ?? "text"}
          onKeyDown={(ev) => {
            if (ev.key === "Enter") {
              ev.preventDefault();
              f.flush();
            } else if (ev.key === "Escape") f.flush();
          }}
        />
      )}
      {message ? (
        <p className="field-error" id={errId} role="alert" data-testid="field-message">
          {message}
        </p>
      ) : null}
      {p.hint ? (
        <p className="hint" id={hintId}>
          {p.hint}
        </p>
      ) : null}
      <OthersEditing id={p.entity} name={presenceName} />
      {f.theirs !== null ? (
        <RemoteNotice
          theirs={f.theirs}
          onTheirs={() => {
            f.useTheirs();
            const el = own.current;
            if (el && !p.readOnly) {
              el.focus();
              const n = el.value.length;
              el.setSelectionRange(n, n);
            }
          }}
          onMine={() => {
            f.keepMine();
            own.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}

export interface SelectFieldProps<T extends string> {
  label: ReactNode;
  value: T | "";
  options: readonly { value: T | ""; text: string }[];
  onChange: (v: T | "") => void;
  testId?: string;
  readOnly?: boolean;
  hint?: string;
  className?: string;
  hiddenLabel?: boolean;
}

/** A choice that applies as soon as it is made (one undo step). */
export function SelectField<T extends string>(p: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className={`field${p.className ? ` ${p.className}` : ""}`}>
      <label htmlFor={id} className={p.hiddenLabel ? "sr-only" : undefined}>
        {p.label}
      </label>
      <select
        id={id}
        value={p.value}
        disabled={p.readOnly}
        data-testid={p.testId}
        aria-describedby={p.hint ? `${id}-hint` : undefined}
        onChange={(ev) => p.onChange(ev.target.value as T | "")}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
      {p.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
}
