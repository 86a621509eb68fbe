/** The merge view: one row per conflict with base / ours / theirs and a choice for each. */
import type { Conflict, Resolution } from "../sync/api";
import { formatValue, h } from "./dom";

export function mergeView(
  conflicts: Conflict[],
  labelFor: (c: Conflict) => string,
  onSubmit: (resolutions: Resolution[]) => Promise<void>,
  names: { ours: string; theirs: string } = { ours: "Ours", theirs: "Theirs" },
): HTMLElement {
  const error = h("div", { class: "form-error", role: "alert", "data-testid": "merge-error" });
  const rows = conflicts.map((c, i) => {
    const name = `conflict-${i}`;
    const isString = typeof c.ours === "string" || typeof c.theirs === "string";
    const custom = h("textarea", {
      rows: 2,
      "aria-label": `Your own value for ${labelFor(c)}`,
      "data-testid": "merge-custom-value",
      disabled: true,
    });
    custom.value = isString ? String(c.ours ?? c.theirs ?? "") : JSON.stringify(c.ours ?? c.theirs ?? null, null, 1);
    const radio = (value: string, label: string, testid: string, checked = false) => {
      const id = `${name}-${value}`;
      const input = h("input", { type: "radio", name, id, value, checked, "data-testid": testid });
      input.addEventListener("change", () => (custom.disabled = value !== "value"));
      return h("label", { for: id, class: "choice" }, input, label);
    };
    const cell = (title: string, v: unknown, cls: string) =>
      h("div", { class: `mv-cell ${cls}` }, h("div", { class: "mv-head" }, title), h("pre", null, formatValue(v)));
    return {
      c,
      name,
      custom,
      isString,
      el: h(
        "fieldset",
        { class: "conflict", "data-testid": "merge-conflict", "data-conflict": c.id },
        h("legend", null, `${labelFor(c)}${c.field ? ` — ${c.field}` : ""}`),
        h("p", { class: "muted" }, c.entity_id ? c.message.replace(new RegExp(`(?:node|edge|link) ${c.entity_id.replace(/[^A-Za-z0-9_-]/g, "\\$&")}`), labelFor(c)) : c.message),
        h("div", { class: "mv-grid" }, cell("Base (before both)", c.base, "base"), cell(names.ours, c.ours, "ours"), cell(names.theirs, c.theirs, "theirs")),
        h(
          "div",
          { class: "row choices", role: "radiogroup", "aria-label": "Which to keep" },
          radio("ours", `Keep ${names.ours.toLowerCase()}`, "merge-take-ours", true),
          radio("theirs", `Take ${names.theirs.toLowerCase()}`, "merge-take-theirs"),
          radio("value", "Write my own", "merge-take-value"),
        ),
        custom,
      ),
    };
  });
  const submit = h("button", { class: "btn primary", type: "submit", "data-testid": "merge-submit" }, "Merge with these choices");
  const form = h(
    "form",
    { class: "merge-view", "data-testid": "merge-view" },
    h("p", null, `${conflicts.length} conflict${conflicts.length === 1 ? "" : "s"}: both sides changed the same thing. Choose what to keep for each.`),
    rows.map((r) => r.el),
    error,
    submit,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    const resolutions: Resolution[] = [];
    for (const r of rows) {
      const take = (form.querySelector(`input[name="${r.name}"]:checked`) as HTMLInputElement | null)?.value as Resolution["take"];
      if (take === "value") {
        let value: unknown = r.custom.value;
        if (!r.isString) {
          try {
            value = JSON.parse(r.custom.value);
          } catch {
            error.textContent = `The value for “${labelFor(r.c)}” is not valid JSON.`;
            r.custom.focus();
            return;
          }
        }
        resolutions.push({ conflict: r.c.id, take, value });
      } else resolutions.push({ conflict: r.c.id, take: take ?? "ours" });
    }
    submit.disabled = true;
    try {
      await onSubmit(resolutions);
    } catch (err) {
      error.textContent = (err as Error).message;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
