/** The account and organisation pages' own fields: passwords, short names, who can see a ToC. */
import { SelectField, TextField, type TextFieldProps } from "../common/fields";

export const PASSWORD_HINT =
  "At least 8 characters and hard to guess: three or four unrelated words you picked at random work well.";

/**
 * A password: the `current` one (to sign in, or to confirm a change), a `new` one (with the
 * rules the server checks and the hint), or the new one `repeat`ed.
 */
export function PasswordField({ purpose, ...field }: TextFieldProps & { purpose: "current" | "new" | "repeat" }) {
  const rules = purpose === "new" ? { minLength: 8, maxLength: 200, hint: PASSWORD_HINT } : {};
  return <TextField type="password" autoComplete={purpose === "current" ? "current-password" : "new-password"} required {...rules} {...field} />;
}

/** A short name for an address (an organisation's, a ToC's): what the server accepts. */
export function SlugField(field: TextFieldProps) {
  return <TextField pattern="[a-z0-9][a-z0-9\-]{0,62}" title="Lower-case letters, digits and dashes" {...field} />;
}

/** Who can see a ToC: only its organisation (`owner`), or everyone. */
export function VisibilityField({
  owner,
  value,
  onChange,
  ...field
}: {
  id: string;
  label: string;
  testid: string;
  owner: string;
  value: "private" | "public";
  onChange: (value: "private" | "public") => void;
  error?: string;
}) {
  return (
    <SelectField {...field} value={value} onChange={(e) => onChange(e.target.value as "private" | "public")}>
      <option value="private">Only {owner}</option>
      <option value="public">Everyone: it is listed in Explore and can be forked</option>
    </SelectField>
  );
}
