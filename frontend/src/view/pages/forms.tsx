/** Labelled fields with a hint and an error next to them, tied to the input for screen readers. */
import { forwardRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

interface FieldBits {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  testid?: string;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Extras({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {error ? (
        <p id={`${id}-error`} className="field-error" data-testid={`${id}-error`}>
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

export type TextFieldProps = FieldBits & Omit<InputHTMLAttributes<HTMLInputElement>, "id">;

/** <label> + <input> + error + hint. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { id, label, hint, error, testid, className, ...input },
  ref,
) {
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        ref={ref}
        id={id}
        name={id}
        data-testid={testid}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
});

export type SelectFieldProps = FieldBits & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & { children: ReactNode };

export function SelectField({ id, label, hint, error, testid, className, children, ...select }: SelectFieldProps) {
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={id}
        data-testid={testid}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {children}
      </select>
      <Extras id={id} hint={hint} error={error} />
    </div>
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

export const PASSWORD_HINT =
  "At least 8 characters and hard to guess: three or four unrelated words you picked at random work well.";
