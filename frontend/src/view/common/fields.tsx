/**
 * Labelled fields with a hint and an error under them, tied to the control for screen readers:
 * the one markup every form uses (the pages, the Picker). The error's id is `${id}-error` (its
 * test id too, unless told otherwise), the hint's `${id}-hint`.
 */
import {
  forwardRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

export interface FieldBits {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  testid?: string;
  className?: string;
  /** Read the error out as soon as it appears (role=alert), for one set after the fact. */
  alert?: boolean;
}

/** What a control's aria-describedby names: its error first, then its hint. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The error and the hint under a control. */
export function FieldNotes({
  id,
  hint,
  error,
  errorTestid = `${id}-error`,
  alert,
}: {
  id: string;
  hint?: ReactNode;
  error?: string;
  errorTestid?: string;
  alert?: boolean;
}) {
  return (
    <>
      {error ? (
        <p id={`${id}-error`} className="field-error" role={alert ? "alert" : undefined} data-testid={errorTestid}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </>
  );
}

/** The props that tie a control to its label (by id) and to its notes. */
function tie({ id, hint, error, testid }: FieldBits) {
  return { id, name: id, "data-testid": testid, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, hint, error) };
}

/** The label, the control and its notes. */
function Field({ id, label, hint, error, className, alert, children }: FieldBits & { children: ReactNode }) {
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      <FieldNotes id={id} hint={hint} error={error} alert={alert} />
    </div>
  );
}

export type TextFieldProps = FieldBits & Omit<InputHTMLAttributes<HTMLInputElement>, "id">;

/** <label> + <input> + error + hint. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { id, label, hint, error, testid, className, alert, ...input },
  ref,
) {
  const bits = { id, label, hint, error, testid, className, alert };
  return (
    <Field {...bits}>
      <input ref={ref} {...tie(bits)} {...input} />
    </Field>
  );
});

export type TextAreaFieldProps = FieldBits & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">;

/** <label> + <textarea> + error + hint. */
export function TextAreaField({ id, label, hint, error, testid, className, alert, ...area }: TextAreaFieldProps) {
  const bits = { id, label, hint, error, testid, className, alert };
  return (
    <Field {...bits}>
      <textarea {...tie(bits)} {...area} />
    </Field>
  );
}

export type SelectFieldProps = FieldBits & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & { children: ReactNode };

/** <label> + <select> + error + hint. */
export function SelectField({ id, label, hint, error, testid, className, alert, children, ...select }: SelectFieldProps) {
  const bits = { id, label, hint, error, testid, className, alert };
  return (
    <Field {...bits}>
      <select {...tie(bits)} {...select}>
        {children}
      </select>
    </Field>
  );
}

/** The form's message for what no single field explains (role=alert: read out when it appears). */
export function FormError({ text, testid = "form-error" }: { text: string; testid?: string }) {
  return (
    <div className="form-error" role="alert" data-testid={testid}>
      {text}
    </div>
  );
}
