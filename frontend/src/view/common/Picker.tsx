/**
 * A searchable list to choose one thing from (an organisation, a public ToC, a box): a text
 * field that filters a list as you type, the ARIA 1.2 combobox pattern. Never a typed id.
 *
 *   <Picker id="fork-into" label="Into organisation" options={orgs} value={v} onChange={setV} />
 *   <Picker id="source" label="Public ToC" search={(q) => api.explore(q).then(toOptions)} ... />
 *
 * Keys: type to filter, Down/Up move, Enter chooses, Escape closes the list (a second Escape
 * clears the text). The field's `data-testid` is `testid`; each option's is `${testid}-option`.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { describedBy, FieldNotes } from "./fields";
import { filterOptions, type PickerOption } from "./pickerFilter";
import "./picker.css";

export type { PickerOption } from "./pickerFilter";
export { filterOptions } from "./pickerFilter";

export interface PickerProps {
  /** The input's id (its <label> points at it). */
  id: string;
  label: ReactNode;
  value: PickerOption | null;
  onChange(option: PickerOption | null): void;
  /** A fixed list, filtered here as the person types. */
  options?: readonly PickerOption[];
  /** Or: ask for options as the person types (called ~200 ms after the last key, "" first). */
  search?: (query: string) => Promise<PickerOption[]>;
  placeholder?: string;
  hint?: ReactNode;
  error?: string;
  testid?: string;
  /** Said when nothing matches. */
  noneText?: string;
  disabled?: boolean;
  required?: boolean;
}

export function Picker({
  id,
  label,
  value,
  onChange,
  options,
  search,
  placeholder,
  hint,
  error,
  testid,
  noneText = "Nothing matches.",
  disabled,
  required,
}: PickerProps) {
  const listId = `${id}-list`;
  const statusId = useId();
  const [text, setText] = useState(value?.label ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [found, setFound] = useState<PickerOption[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  // The text follows the chosen value, except when typing is what un-chose it.
  const selfCleared = useRef(false);
  const chosenId = value?.id ?? null;
  const chosenLabel = value?.label ?? "";
  useEffect(() => {
    if (chosenId !== null) setText(chosenLabel);
    else if (!selfCleared.current) setText("");
    selfCleared.current = false;
  }, [chosenId, chosenLabel]);

  const query = value && text === value.label ? "" : text;
  const local = useMemo(() => (options ? filterOptions(options, query) : null), [options, query]);

  useEffect(() => {
    if (!search || !open) return;
    let live = true;
    setSearching(true);
    const t = setTimeout(
      () => {
        search(query).then(
          (r) => {
            if (!live) return;
            setFound(r);
            setSearchError("");
            setSearching(false);
          },
          (err: unknown) => {
            if (!live) return;
            setSearchError(err instanceof Error ? err.message : String(err));
            setSearching(false);
          },
        );
      },
      found === null ? 0 : 200,
    );
    return () => {
      live = false;
      clearTimeout(t);
    };
    // `found` only decides whether the first search waits; it must not start another.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, open, query]);

  const shown = local ?? found ?? [];
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));

  useEffect(() => {
    if (!open) return;
    const el = list.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    el?.scrollIntoView({ block: "nearest" });
  }, [open, activeIndex]);

  const choose = (o: PickerOption) => {
    onChange(o);
    setText(o.label);
    setOpen(false);
  };

  const status = !open
    ? ""
    : searching && !shown.length
      ? "Searching…"
      : searchError
        ? `Could not search: ${searchError}`
        : shown.length
          ? `${shown.length} ${shown.length === 1 ? "choice" : "choices"}; use the arrow keys and Enter to choose.`
          : noneText;

  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      <div className="picker-box">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && shown.length ? `${id}-opt-${activeIndex}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          aria-required={required || undefined}
          data-testid={testid}
          data-chosen={value?.id ?? ""}
          placeholder={placeholder}
          disabled={disabled}
          value={text}
          onChange={(ev) => {
            setText(ev.target.value);
            setActive(0);
            setOpen(true);
            if (value) {
              selfCleared.current = true;
              onChange(null);
            }
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            if (value) setText(value.label);
          }}
          onKeyDown={(ev) => {
            if (ev.key === "ArrowDown") {
              ev.preventDefault();
              if (!open) setOpen(true);
              else setActive(Math.min(activeIndex + 1, shown.length - 1));
            } else if (ev.key === "ArrowUp") {
              ev.preventDefault();
              setActive(Math.max(activeIndex - 1, 0));
            } else if (ev.key === "Home" && open) {
              setActive(0);
            } else if (ev.key === "End" && open) {
              setActive(Math.max(0, shown.length - 1));
            } else if (ev.key === "Enter") {
              if (open && shown[activeIndex]) {
                ev.preventDefault();
                choose(shown[activeIndex]);
              }
            } else if (ev.key === "Escape") {
              if (open) {
                ev.preventDefault();
                ev.stopPropagation();
                setOpen(false);
              } else if (text) {
                ev.preventDefault();
                setText("");
                onChange(null);
              }
            }
          }}
        />
        {open ? (
          <ul ref={list} id={listId} role="listbox" className="picker-list" aria-label={typeof label === "string" ? label : undefined}>
            {shown.map((o, i) => (
              <li
                key={o.id}
                id={`${id}-opt-${i}`}
                role="option"
                data-index={i}
                aria-selected={i === activeIndex}
                className={`picker-option${i === activeIndex ? " active" : ""}${value?.id === o.id ? " chosen" : ""}`}
                data-testid={testid ? `${testid}-option` : undefined}
                data-id={o.id}
                onMouseDown={(ev) => ev.preventDefault()}
                onMouseMove={() => i !== activeIndex && setActive(i)}
                onClick={() => choose(o)}
              >
                <span className="picker-label">{o.label}</span>
                {o.detail ? <span className="picker-detail">{o.detail}</span> : null}
              </li>
            ))}
            {!shown.length ? (
              <li className="picker-empty" role="presentation">
                {status}
              </li>
            ) : null}
          </ul>
        ) : (
          <ul id={listId} role="listbox" hidden aria-label={typeof label === "string" ? label : undefined} />
        )}
      </div>
      <span id={statusId} className="sr-only" role="status" aria-live="polite">
        {status}
      </span>
      <FieldNotes id={id} hint={hint} error={error} errorTestid={testid ? `${testid}-error` : undefined} />
    </div>
  );
}
