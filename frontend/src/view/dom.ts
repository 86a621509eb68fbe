/** A few DOM helpers: no framework, just elements. */

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") {
        el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
      } else if (k === "class") {
        el.className = String(v);
      } else if (k === "style" && typeof v === "object") {
        Object.assign(el.style, v);
      } else if (k === "value" && "value" in el) {
        (el as HTMLInputElement).value = String(v);
      } else if (k === "checked" || k === "selected" || k === "disabled" || k === "hidden" || k === "multiple") {
        (el as unknown as Record<string, boolean>)[k] = Boolean(v);
        if (k === "hidden" || k === "disabled") el.setAttribute(k, "");
      } else if (v === true) {
        el.setAttribute(k, "");
      } else {
        el.setAttribute(k, String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, children);
}

let toastRegion: HTMLElement | null = null;

/** A short message in a polite live region. */
export function toast(message: string, kind: "info" | "error" | "success" = "info", ms = 4500): void {
  if (!toastRegion) {
    toastRegion = h("div", { class: "toasts", role: "status", "aria-live": "polite", "data-testid": "toasts" });
    document.body.appendChild(toastRegion);
  }
  const t = h("div", { class: `toast toast-${kind}` }, message);
  toastRegion.appendChild(t);
  setTimeout(() => t.remove(), ms);
}

/** A modal confirm built on <dialog>; resolves true if confirmed. */
export function confirmDialog(
  title: string,
  message: string,
  opts: { confirm?: string; danger?: boolean } = {},
): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = h(
      "button",
      { class: opts.danger ? "btn danger" : "btn primary", value: "yes", "data-testid": "confirm-yes" },
      opts.confirm ?? "Confirm",
    );
    const no = h("button", { class: "btn", value: "no", "data-testid": "confirm-no" }, "Cancel");
    const dlg = h(
      "dialog",
      { class: "dialog", "aria-labelledby": "dlg-title", "data-testid": "confirm-dialog" },
      h("form", { method: "dialog" }, h("h2", { id: "dlg-title" }, title), h("p", null, message), h("div", { class: "row end" }, no, yes)),
    );
    document.body.appendChild(dlg);
    dlg.addEventListener("close", () => {
      resolve(dlg.returnValue === "yes");
      dlg.remove();
    });
    dlg.showModal();
    no.focus();
  });
}

/** A modal with one text field; resolves the text or null. */
export function promptDialog(title: string, label: string, initial = "", testid = "prompt"): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h("input", { id: "prompt-input", value: initial, required: true, "data-testid": `${testid}-input` });
    const dlg = h(
      "dialog",
      { class: "dialog", "aria-labelledby": "prompt-title" },
      h(
        "form",
        { method: "dialog" },
        h("h2", { id: "prompt-title" }, title),
        h("label", { for: "prompt-input" }, label),
        input,
        h(
          "div",
          { class: "row end" },
          h("button", { class: "btn", value: "no", formnovalidate: true }, "Cancel"),
          h("button", { class: "btn primary", value: "yes", "data-testid": `${testid}-ok` }, "OK"),
        ),
      ),
    );
    document.body.appendChild(dlg);
    dlg.addEventListener("close", () => {
      resolve(dlg.returnValue === "yes" ? input.value.trim() : null);
      dlg.remove();
    });
    dlg.showModal();
    input.focus();
    input.select();
  });
}

export function slugify(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

export function shortId(id: string): string {
  return id.slice(0, 7);
}

export function formatDate(s: string | undefined | null): string {
  if (!s) return "";
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Show a value from a conflict or a diff in a readable way. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "(empty)";
  if (typeof v === "string") return v === "" ? "(empty)" : v;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.length ? v.join("; ") : "(none)";
  if (typeof v === "object" && v && "label" in v && typeof (v as { label: unknown }).label === "string")
    return `${(v as { label: string }).label}`;
  return JSON.stringify(v, null, 1);
}

export function errorText(err: unknown): string {
  if (err && typeof err === "object" && "message" in err) {
    const e = err as { message: string; errors?: unknown };
    let detail = "";
    if (e.errors && typeof e.errors === "object") {
      const flat: string[] = [];
      const walk = (o: unknown, path: string) => {
        if (Array.isArray(o) && o.every((x) => typeof x === "string")) flat.push(`${path}: ${o.join(", ")}`);
        else if (typeof o === "string") flat.push(`${path}: ${o}`);
        else if (o && typeof o === "object")
          for (const [k, v] of Object.entries(o)) walk(v, path ? `${path}.${k}` : k);
      };
      walk(e.errors, "");
      if (flat.length) detail = ` (${flat.slice(0, 4).join("; ")})`;
    }
    return `${e.message}${detail}`;
  }
  return String(err);
}
