/** A labelled input with a hint and an error slot next to it, both tied to the input for screen readers. */
import { fieldMessages } from "../sync/api";
import { h } from "./dom";

export interface Field {
  root: HTMLElement;
  input: HTMLInputElement;
  /** Show (or, with "", clear) a message next to the input. */
  setError(message: string): void;
}

/**
 * A server message about a field as a sentence that names the field: "is too easy to guess"
 * becomes "New password is too easy to guess"; a message that starts with a capital stays.
 */
export function fieldSentence(label: string, message: string): string {
  const m = message.trim();
  return /^[a-z]/.test(m) ? `${label} ${m}` : m;
}

export function labelledField(label: string, id: string, attrs: Record<string, unknown>, hint?: string): Field {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const input = h("input", { id, name: id, ...attrs, "aria-describedby": hint ? hintId : undefined });
  const error = h("p", { id: errorId, class: "field-error", "data-testid": `${id}-error` });
  const setError = (message: string) => {
    error.textContent = message;
    if (message) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", hint ? `${errorId} ${hintId}` : errorId);
    } else {
      input.removeAttribute("aria-invalid");
      if (hint) input.setAttribute("aria-describedby", hintId);
      else input.removeAttribute("aria-describedby");
    }
  };
  const root = h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    input,
    error,
    hint ? h("p", { id: hintId, class: "hint" }, hint) : null,
  );
  return { root, input, setError };
}

/**
 * Put each field's messages from ``err`` next to it (``fields`` maps the server's field name to
 * the form's field and label). Returns whether any field took a message, so the caller knows
 * whether to show the error in the form's general slot instead.
 */
export function showFieldErrors(err: unknown, fields: Record<string, [Field, string]>): boolean {
  let shown = false;
  for (const [name, [field, label]] of Object.entries(fields)) {
    const msgs = fieldMessages(err, name);
    field.setError(msgs.map((m) => fieldSentence(label, m)).join(" "));
    if (msgs.length) shown = true;
  }
  const first = Object.values(fields).find(([f]) => f.input.getAttribute("aria-invalid") === "true");
  first?.[0].input.focus();
  return shown;
}
