/** Fork a public ToC into one of your organisations, chosen from a list (never typed). */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api, ApiError, type ExploreItem } from "../../sync";
import { errorText } from "../common/errors";
import { Picker, type PickerOption } from "../common/Picker";
import { graphPath } from "../common/paths";
import { useAuth } from "../shell/auth";
import { useToast } from "../shell/toasts";
import { FieldNotes, FormError } from "../common/fields";
import { SlugField, VisibilityField } from "./forms";
import { canWrite, fieldErrors, roleName } from "./words";

/** With more organisations than this, the choice is a searchable list instead of radio buttons. */
const RADIO_MAX = 6;

export function ForkDialog({ item, onClose }: { item: ExploreItem; onClose(): void }) {
  const { me } = useAuth();
  const navigate = useNavigate();
  const toast = useToast();
  const ref = useRef<HTMLDialogElement>(null);
  const back = useRef<Element | null>(null);
  const targets = (me?.orgs ?? []).filter((o) => canWrite(o.role));
  const [into, setInto] = useState<string>(targets.length === 1 ? targets[0]!.slug : "");
  const [slug, setSlug] = useState(item.slug);
  const [visibility, setVisibility] = useState<"private" | "public">("private");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    back.current = document.activeElement;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      const el = back.current as HTMLElement | null;
      if (el?.isConnected) el.focus();
    };
  }, []);

  const intoName = targets.find((o) => o.slug === into)?.name ?? "";

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setErrors({});
    setError("");
    if (!into) {
      setErrors({ org: "Choose the organisation to put your copy in." });
      return;
    }
    setBusy(true);
    try {
      const g = await api.fork(item.org, item.slug, into, slug.trim() || undefined, visibility);
      toast(`Forked “${item.title}” into ${intoName}.`);
      onClose();
      void navigate(graphPath(g.org ?? into, g.slug));
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 409) {
        setErrors({ slug: `${intoName} already has a theory of change called “${slug.trim()}”. Choose another short name.` });
        document.getElementById("fork-slug")?.focus();
        return;
      }
      const at = fieldErrors(err, { slug: "The short name", org: "The organisation" });
      setErrors(at);
      if (!at.slug && !at.org) setError(errorText(err));
    }
  };

  const options: PickerOption[] = targets.map((o) => ({ id: o.slug, label: o.name, detail: roleName(o.role) }));
  const chosen = options.find((o) => o.id === into) ?? null;

  return (
    <dialog
      ref={ref}
      className="dialog fork-dialog"
      aria-labelledby="fork-title"
      data-testid="fork-dialog"
      onCancel={(ev) => {
        ev.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit}>
        <h2 id="fork-title">Fork “{item.title}”</h2>
        <p>
          Your organisation gets its own copy of this theory of change by {item.org_name}, linked to the original: you can
          change it freely, take in later updates of the original and propose your changes back.
        </p>
        {!targets.length ? (
          <p className="notice" data-testid="fork-no-org">
            You need an organisation where you can edit to put your copy in.{" "}
            <Link to="/" onClick={onClose}>
              Create an organisation
            </Link>{" "}
            first.
          </p>
        ) : targets.length <= RADIO_MAX ? (
          <fieldset className="choice-list" aria-describedby={errors.org ? "fork-org-error" : undefined}>
            <legend>Into which organisation?</legend>
            {targets.map((o) => (
              <label key={o.slug} className="choice-card">
                <input
                  type="radio"
                  name="fork-into"
                  value={o.slug}
                  checked={into === o.slug}
                  onChange={() => setInto(o.slug)}
                  data-testid="fork-into-option"
                />
                <span>
                  <strong>{o.name}</strong> <span className="muted small">({roleName(o.role)})</span>
                </span>
              </label>
            ))}
            <FieldNotes id="fork-org" error={errors.org} />
          </fieldset>
        ) : (
          <Picker
            id="fork-into"
            label="Into which organisation?"
            options={options}
            value={chosen}
            onChange={(o) => setInto(o?.id ?? "")}
            placeholder="Type to find your organisation"
            testid="fork-into"
            error={errors.org}
            required
          />
        )}
        {targets.length ? (
          <SlugField
            id="fork-slug"
            label="Short name of your copy"
            required
            hint={
              into ? (
                <>
                  Its address will be <span className="addr">/{into}/{slug || "…"}</span>
                </>
              ) : (
                "Lower-case letters, digits and dashes."
              )
            }
            testid="fork-slug"
            error={errors.slug}
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
          />
        ) : null}
        {targets.length ? (
          <VisibilityField
            id="fork-visibility"
            label="Who can see your copy"
            testid="fork-visibility"
            owner={intoName || "your organisation"}
            value={visibility}
            onChange={setVisibility}
          />
        ) : null}
        <FormError text={error} testid="fork-error" />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose} data-testid="fork-cancel">
            Cancel
          </button>
          {targets.length ? (
            <button type="submit" className="btn primary" disabled={busy} data-testid="fork-submit">
              {busy ? "Forking…" : intoName ? `Fork into ${intoName}` : "Fork"}
            </button>
          ) : null}
        </div>
      </form>
    </dialog>
  );
}
