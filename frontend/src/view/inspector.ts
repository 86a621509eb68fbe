/**
 * The inspector: every field of the selected node or link, editable with the keyboard.
 * Each committed field change becomes one op (and one undo step).
 */
import { linkedTargets, makeEdge, makeIndicator } from "../model/doc";
import {
  EDGE_RELATIONS,
  HORIZONS,
  KIND_LABELS,
  LINK_RELATIONS,
  NODE_KINDS,
  RELATION_LABELS,
  STRENGTHS,
  type Doc,
  type Evidence,
  type Indicator,
  type Link,
  type Op,
  type Scalar,
  type TocEdge,
  type TocNode,
} from "../model/types";
import type { Suggestion } from "../sync/api";
import { h, replace } from "./dom";

export interface InspectorHooks {
  apply: (ops: Op[], label: string) => boolean;
  select: (nodes: string[], edges: string[]) => void;
  deleteSelection: () => void;
  suggest: (target: string) => Promise<Suggestion[]>;
  /** The graph shown: "org/graph" (for links: suggestions default to its upstream). */
  defaultLinkTarget: () => string;
}

let uid = 0;
const fid = (name: string) => `f-${name}-${++uid}`;

function toScalar(s: string): Scalar {
  const t = s.trim();
  if (t === "") return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

function lines(s: string): string[] {
  return s
    .split("\n")
    .map((x) => x.trim())
    .filter(Boolean);
}

function idOf(v: Suggestion["node"]): string {
  return typeof v === "string" ? v : v.id;
}
function labelOf(v: Suggestion["node"]): string {
  return typeof v === "string" ? v : (v.label ?? v.id);
}

export class Inspector {
  private doc: Doc = { nodes: {}, edges: {} };
  private sel: { nodes: string[]; edges: string[] } = { nodes: [], edges: [] };
  private lastKey = "";
  private lastEntity: unknown = null;
  private suggestions: Suggestion[] | null = null;
  private suggestionsFor = "";
  private suggestError = "";

  constructor(
    readonly root: HTMLElement,
    private readonly hooks: InspectorHooks,
    public readOnly: boolean,
  ) {}

  update(doc: Doc, sel: { nodes: string[]; edges: string[] }, force = false): void {
    this.doc = doc;
    this.sel = sel;
    const key = `${sel.nodes.join(",")}|${sel.edges.join(",")}|${this.readOnly}`;
    const entity =
      sel.nodes.length + sel.edges.length === 1
        ? (doc.nodes[sel.nodes[0] ?? ""] ?? doc.edges[sel.edges[0] ?? ""] ?? null)
        : null;
    const edgesKey = entity && sel.nodes.length === 1 ? Object.keys(doc.edges).length : 0;
    const fullKey = `${key}#${edgesKey}`;
    if (!force && fullKey === this.lastKey && entity === this.lastEntity) return;
    if (key !== this.lastKey.split("#")[0]) {
      this.suggestions = null;
      this.suggestError = "";
    }
    this.lastKey = fullKey;
    this.lastEntity = entity;
    this.render();
  }

  private render(): void {
    // Keep focus on the same field across a re-render.
    const active = document.activeElement as HTMLElement | null;
    const focusKey = active && this.root.contains(active) ? active.dataset.key : undefined;
    const selStart = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? active.selectionStart : null;

    const { nodes, edges } = this.sel;
    const count = nodes.length + edges.length;
    if (count === 0) {
      replace(
        this.root,
        h("h2", null, "Inspector"),
        h(
          "p",
          { class: "muted" },
          this.readOnly
            ? "Select a box or an arrow to see its details."
            : "Select a box or an arrow to edit it. Add boxes with the toolbar or the keys 1–4; drag the + handle of a selected box onto another to connect them.",
        ),
      );
    } else if (count > 1) {
      replace(
        this.root,
        h("h2", null, `${count} items selected`),
        h("p", null, `${nodes.length} box${nodes.length === 1 ? "" : "es"}, ${edges.length} arrow${edges.length === 1 ? "" : "s"}.`),
        this.readOnly
          ? null
          : h(
              "button",
              { class: "btn danger", "data-testid": "delete-selection", onclick: () => this.hooks.deleteSelection() },
              "Delete selected",
            ),
      );
    } else if (nodes.length === 1 && this.doc.nodes[nodes[0]!]) {
      this.renderNode(this.doc.nodes[nodes[0]!]!);
    } else if (edges.length === 1 && this.doc.edges[edges[0]!]) {
      this.renderEdge(this.doc.edges[edges[0]!]!);
    } else {
      replace(this.root, h("h2", null, "Inspector"), h("p", { class: "muted" }, "This item no longer exists."));
    }

    if (focusKey) {
      const el = this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`);
      if (el) {
        el.focus();
        if (selStart !== null && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) {
          try {
            el.setSelectionRange(selStart, selStart);
          } catch {
            /* number inputs do not support selection */
          }
        }
      }
    }
  }

  private updateNode(n: TocNode, set: Partial<Record<keyof TocNode, unknown>>, label: string): boolean {
    return this.hooks.apply([{ op: "update_node", id: n.id, set }], label);
  }
  private updateEdge(e: TocEdge, set: Partial<Record<keyof TocEdge, unknown>>, label: string): boolean {
    return this.hooks.apply([{ op: "update_edge", id: e.id, set }], label);
  }

  // -- generic fields ------------------------------------------------------------------------

  private textField(
    label: string,
    key: string,
    value: string,
    onCommit: (v: string) => boolean | void,
    opts: { multiline?: boolean; required?: boolean; hint?: string; maxLength?: number } = {},
  ): HTMLElement {
    const id = fid(key);
    const attrs = {
      id,
      "data-key": key,
      "data-testid": `field-${key}`,
      disabled: this.readOnly,
      required: opts.required,
      maxlength: opts.maxLength,
      "aria-describedby": opts.hint ? `${id}-hint` : undefined,
    };
    const input = opts.multiline ? h("textarea", { ...attrs, rows: 3 }) : h("input", { ...attrs, type: "text" });
    input.value = value;
    const error = h("div", { class: "field-error", role: "alert", id: `${id}-err` });
    input.addEventListener("change", () => {
      const v = input.value;
      if (opts.required && v.trim() === "") {
        error.textContent = `${label} cannot be empty.`;
        input.setAttribute("aria-invalid", "true");
        input.value = value;
        return;
      }
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      if (v !== value) {
        value = v; // Enter fires both our change and the browser's: commit once
        onCommit(v);
      }
    });
    if (!opts.multiline)
      input.addEventListener("keydown", (ev) => {
        if ((ev as KeyboardEvent).key === "Enter") input.dispatchEvent(new Event("change"));
        if ((ev as KeyboardEvent).key === "Escape") {
          input.value = value;
          input.blur();
        }
      });
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, label),
      input,
      opts.hint ? h("div", { class: "hint", id: `${id}-hint` }, opts.hint) : null,
      error,
    );
  }

  private selectField<T extends string>(
    label: string,
    key: string,
    value: T | null,
    options: readonly { value: T | ""; text: string }[],
    onCommit: (v: T | null) => void,
  ): HTMLElement {
    const id = fid(key);
    const sel = h(
      "select",
      { id, "data-key": key, "data-testid": `field-${key}`, disabled: this.readOnly },
      options.map((o) => h("option", { value: o.value, selected: (value ?? "") === o.value }, o.text)),
    );
    sel.addEventListener("change", () => onCommit(sel.value === "" ? null : (sel.value as T)));
    return h("div", { class: "field" }, h("label", { for: id }, label), sel);
  }

  private listField(label: string, key: string, value: string[], onCommit: (v: string[]) => void, hint: string): HTMLElement {
    return this.textField(label, key, value.join("\n"), (s) => onCommit(lines(s)), { multiline: true, hint });
  }

  // -- node ------------------------------------------------------------------------------------

  private renderNode(n: TocNode): void {
    const kindOptions = NODE_KINDS.map((k) => ({ value: k, text: KIND_LABELS[k] }));
    const fields: HTMLElement[] = [
      this.textField("Label", "label", n.label, (v) => this.updateNode(n, { label: v.trim() }, "Rename"), {
        required: true,
        maxLength: 300,
      }),
      this.selectField("Kind", "kind", n.kind, kindOptions, (v) => {
        if (!v) return;
        const set: Partial<Record<keyof TocNode, unknown>> = { kind: v };
        if (v !== "outcome" && n.horizon) set.horizon = null;
        this.updateNode(n, set, "Change kind");
      }),
    ];
    if (n.kind === "outcome") {
      fields.push(
        this.selectField(
          "Time horizon",
          "horizon",
          n.horizon,
          [{ value: "", text: "Not set" }, ...HORIZONS.map((x) => ({ value: x, text: `${x[0]!.toUpperCase()}${x.slice(1)} term` }))],
          (v) => this.updateNode(n, { horizon: v }, "Change horizon"),
        ),
      );
    }
    fields.push(
      this.textField("Description", "description", n.description, (v) => this.updateNode(n, { description: v }, "Edit description"), {
        multiline: true,
      }),
    );
    replace(
      this.root,
      h("h2", null, h("span", { class: `kind-dot ${n.kind}`, "aria-hidden": "true" }), `${KIND_LABELS[n.kind]}`),
      h("div", { class: "inspector-form", "data-testid": "node-inspector", "data-node-id": n.id }, fields),
      n.kind === "activity" ? null : this.indicatorsSection(n),
      this.listField("Assumptions", "assumptions", n.assumptions, (v) => this.updateNode(n, { assumptions: v }, "Edit assumptions"), "One assumption per line."),
      this.textField(
        "Tags",
        "tags",
        n.tags.join(", "),
        (v) =>
          this.updateNode(
            n,
            { tags: v.split(",").map((t) => t.trim()).filter(Boolean) },
            "Edit tags",
          ),
        { hint: "Separate tags with commas." },
      ),
      this.connectionsSection(n),
      this.linksSection(n),
      this.readOnly
        ? null
        : h(
            "div",
            { class: "row danger-zone" },
            h("button", { class: "btn danger", "data-testid": "delete-selection", onclick: () => this.hooks.deleteSelection() }, "Delete this box"),
          ),
    );
  }

  private indicatorsSection(n: TocNode): HTMLElement {
    const set = (inds: Indicator[], label: string) => this.updateNode(n, { indicators: inds }, label);
    const cols: { key: keyof Indicator; label: string; cls?: string }[] = [
      { key: "name", label: "Name", cls: "wide" },
      { key: "unit", label: "Unit" },
      { key: "baseline", label: "Baseline" },
      { key: "target", label: "Target" },
      { key: "source", label: "Source of data", cls: "wide" },
    ];
    const cards = n.indicators.map((ind, i) => {
      const inputs = cols.map((c) => {
        const input = h("input", {
          "data-key": `ind-${ind.id}-${c.key}`,
          "data-testid": `indicator-${c.key}`,
          value: ind[c.key] === null || ind[c.key] === undefined ? "" : String(ind[c.key]),
          disabled: this.readOnly,
          required: c.key === "name",
          placeholder: c.key === "unit" ? "%, people…" : undefined,
        });
        input.addEventListener("change", () => {
          let v: Scalar = c.key === "baseline" || c.key === "target" ? toScalar(input.value) : input.value.trim() || null;
          if (c.key === "name") {
            if (!input.value.trim()) {
              input.value = ind.name;
              return;
            }
            v = input.value.trim();
          }
          if (v === ind[c.key]) return;
          const cur = this.doc.nodes[n.id]?.indicators ?? n.indicators;
          const next = cur.map((x) => (x.id === ind.id ? { ...x, [c.key]: v } : x));
          set(next, "Edit indicator");
        });
        return { c, el: h("label", { class: c.cls ?? "" }, c.label, input) };
      });
      const [name, ...rest] = inputs;
      return h(
        "div",
        { class: "indicator", "data-testid": "indicator-row", role: "group", "aria-label": `Indicator ${i + 1}` },
        h(
          "div",
          { class: "ind-head" },
          name!.el,
          this.readOnly
            ? null
            : h(
                "button",
                {
                  class: "btn icon",
                  "aria-label": `Remove indicator ${ind.name}`,
                  title: "Remove indicator",
                  "data-testid": "remove-indicator",
                  onclick: () => set(n.indicators.filter((x) => x.id !== ind.id), "Remove indicator"),
                },
                "×",
              ),
        ),
        rest.map((r) => r.el),
      );
    });
    return h(
      "section",
      { class: "subsection", "aria-labelledby": `ind-h-${n.id}` },
      h("h3", { id: `ind-h-${n.id}` }, "Indicators"),
      cards.length ? h("div", { "data-testid": "indicators-table" }, cards) : h("p", { class: "muted" }, "No indicators yet: how will you know this happened?"),
      this.readOnly
        ? null
        : h(
            "button",
            {
              class: "btn small",
              "data-testid": "add-indicator",
              onclick: () => {
                const ind = makeIndicator("New indicator");
                if (set([...n.indicators, ind], "Add indicator")) {
                  queueMicrotask(() => {
                    const el = this.root.querySelector<HTMLInputElement>(`[data-key="ind-${ind.id}-name"]`);
                    el?.focus();
                    el?.select();
                  });
                }
              },
            },
            "+ Add indicator",
          ),
    );
  }

  private connectionsSection(n: TocNode): HTMLElement {
    const out = Object.values(this.doc.edges).filter((e) => e.source === n.id);
    const inc = Object.values(this.doc.edges).filter((e) => e.target === n.id);
    const item = (e: TocEdge, other: string, dir: "to" | "from") =>
      h(
        "li",
        null,
        h(
          "button",
          { class: "linklike", onclick: () => this.hooks.select([], [e.id]), "data-testid": "connection" },
          `${dir === "to" ? "→" : "←"} ${this.doc.nodes[other]?.label ?? other}`,
        ),
        e.relation !== "leads_to" ? h("span", { class: "muted" }, ` (${RELATION_LABELS[e.relation]})`) : null,
      );
    let adder: HTMLElement | null = null;
    if (!this.readOnly) {
      const id = fid("connect");
      const linked = linkedTargets(this.doc, n.id);
      const candidates = Object.values(this.doc.nodes)
        .filter((m) => m.id !== n.id && !linked.has(m.id))
        .sort((a, b) => a.label.localeCompare(b.label));
      const target = h(
        "select",
        { id, "data-testid": "connect-target", "data-key": "connect-target" },
        h("option", { value: "" }, "Choose a box…"),
        candidates.map((m) => h("option", { value: m.id }, `${KIND_LABELS[m.kind]}: ${m.label}`)),
      );
      const rel = h(
        "select",
        { "aria-label": "Relation", "data-testid": "connect-relation" },
        EDGE_RELATIONS.map((r) => h("option", { value: r }, RELATION_LABELS[r])),
      );
      adder = h(
        "div",
        { class: "field" },
        h("label", { for: id }, "Connect to"),
        h(
          "div",
          { class: "row" },
          rel,
          target,
          h(
            "button",
            {
              class: "btn small",
              "data-testid": "connect-add",
              onclick: () => {
                if (!target.value) return;
                const edge = makeEdge(n.id, target.value, { relation: rel.value as TocEdge["relation"] });
                this.hooks.apply([{ op: "add_edge", edge }], "Connect");
              },
            },
            "Connect",
          ),
        ),
      );
    }
    return h(
      "section",
      { class: "subsection" },
      h("h3", null, "Connections"),
      out.length + inc.length
        ? h("ul", { class: "plain" }, out.map((e) => item(e, e.target, "to")), inc.map((e) => item(e, e.source, "from")))
        : h("p", { class: "muted" }, "Not connected yet."),
      adder,
    );
  }

  private linksSection(n: TocNode): HTMLElement {
    const setLinks = (links: Link[], label: string) => this.updateNode(n, { links }, label);
    const rows = n.links.map((l, i) =>
      h(
        "li",
        { "data-testid": "link-row" },
        h("span", null, `${l.relation === "same_as" ? "Same as" : "Contributes to"} `, h("code", null, l.target)),
        this.readOnly
          ? null
          : h(
              "button",
              {
                class: "btn icon",
                "aria-label": `Remove link to ${l.target}`,
                "data-testid": "remove-link",
                onclick: () => setLinks(n.links.filter((_, j) => j !== i), "Remove link"),
              },
              "×",
            ),
      ),
    );
    let finder: HTMLElement | null = null;
    if (!this.readOnly) {
      const id = fid("linkgraph");
      const input = h("input", {
        id,
        placeholder: "org/graph",
        value: this.suggestionsFor || this.hooks.defaultLinkTarget(),
        "data-testid": "link-target-graph",
        "data-key": "link-target-graph",
      });
      const results = h("div", { "aria-live": "polite" });
      const showSuggestions = () => {
        if (this.suggestError) {
          replace(results, h("p", { class: "error-text" }, this.suggestError));
          return;
        }
        if (!this.suggestions) return replace(results);
        const mine = this.suggestions.filter((s) => idOf(s.node) === n.id);
        const list = mine.length ? mine : [];
        replace(
          results,
          list.length
            ? h(
                "ul",
                { class: "plain suggestions" },
                list.map((s) => {
                  const target = `${this.suggestionsFor}#${idOf(s.target_node)}`;
                  const already = n.links.some((l) => l.target === target);
                  return h(
                    "li",
                    { "data-testid": "suggestion" },
                    h("span", null, s.target_label ?? labelOf(s.target_node), h("span", { class: "muted" }, ` — ${s.reason} (${Math.round(s.score * 100) / 100})`)),
                    h(
                      "button",
                      {
                        class: "btn small",
                        disabled: already,
                        "data-testid": "accept-suggestion",
                        onclick: () => setLinks([...n.links, { target, relation: "contributes_to" }], "Link to shared ToC"),
                      },
                      already ? "Linked" : "Link",
                    ),
                  );
                }),
              )
            : h("p", { class: "muted" }, "No suggestions for this box in that ToC."),
        );
      };
      showSuggestions();
      const manualId = fid("manual");
      const manual = h("input", { id: manualId, placeholder: "org/graph#node-id", "data-testid": "link-manual" });
      const manualRel = h(
        "select",
        { "aria-label": "Link relation" },
        LINK_RELATIONS.map((r) => h("option", { value: r }, r === "same_as" ? "same as" : "contributes to")),
      );
      finder = h(
        "div",
        null,
        h(
          "div",
          { class: "field" },
          h("label", { for: id }, "Find matching boxes in a shared ToC"),
          h(
            "div",
            { class: "row" },
            input,
            h(
              "button",
              {
                class: "btn small",
                "data-testid": "suggest-links",
                onclick: async () => {
                  const t = input.value.trim();
                  if (!/^[^/#\s]+\/[^/#\s]+$/.test(t)) {
                    this.suggestError = "Write the shared ToC as org/graph, for example network/sector-toc.";
                    showSuggestions();
                    return;
                  }
                  replace(results, h("p", { class: "muted" }, "Looking for matches…"));
                  try {
                    this.suggestions = await this.hooks.suggest(t);
                    this.suggestionsFor = t;
                    this.suggestError = "";
                  } catch (err) {
                    this.suggestError = `Could not get suggestions: ${(err as Error).message}`;
                  }
                  showSuggestions();
                },
              },
              "Suggest",
            ),
          ),
        ),
        results,
        h(
          "div",
          { class: "field" },
          h("label", { for: manualId }, "Or link by address"),
          h(
            "div",
            { class: "row" },
            manualRel,
            manual,
            h(
              "button",
              {
                class: "btn small",
                onclick: () => {
                  const t = manual.value.trim();
                  if (!/^[a-z0-9-]+\/[a-z0-9-]+#[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(t)) {
                    replace(results, h("p", { class: "error-text", role: "alert" }, "A link looks like org/graph#node-id."));
                    return;
                  }
                  setLinks([...n.links, { target: t, relation: manualRel.value as Link["relation"] }], "Add link");
                },
              },
              "Add",
            ),
          ),
        ),
      );
    }
    return h(
      "section",
      { class: "subsection" },
      h("h3", null, "Links to shared theories of change"),
      n.links.length ? h("ul", { class: "plain" }, rows) : h("p", { class: "muted" }, "Not linked to a shared ToC."),
      finder,
    );
  }

  // -- edge ------------------------------------------------------------------------------------

  private renderEdge(e: TocEdge): void {
    const s = this.doc.nodes[e.source];
    const t = this.doc.nodes[e.target];
    const confId = fid("confidence");
    const conf = h("input", {
      id: confId,
      type: "number",
      min: 0,
      max: 100,
      step: 1,
      value: e.confidence ?? "",
      disabled: this.readOnly,
      "data-key": "confidence",
      "data-testid": "field-confidence",
    });
    const confErr = h("div", { class: "field-error", role: "alert" });
    conf.addEventListener("change", () => {
      const raw = conf.value.trim();
      if (raw === "") return void this.updateEdge(e, { confidence: null }, "Clear confidence");
      const v = Number(raw);
      if (!Number.isInteger(v) || v < 0 || v > 100) {
        confErr.textContent = "Confidence is a whole number from 0 to 100.";
        return;
      }
      confErr.textContent = "";
      this.updateEdge(e, { confidence: v }, "Set confidence");
    });
    replace(
      this.root,
      h("h2", null, "Link"),
      h(
        "p",
        { class: "edge-ends", "data-testid": "edge-inspector" },
        h("button", { class: "linklike", onclick: () => this.hooks.select([e.source], []) }, s?.label ?? e.source),
        " → ",
        h("button", { class: "linklike", onclick: () => this.hooks.select([e.target], []) }, t?.label ?? e.target),
      ),
      this.selectField(
        "Relation",
        "relation",
        e.relation,
        EDGE_RELATIONS.map((r) => ({ value: r, text: RELATION_LABELS[r] })),
        (v) => v && this.updateEdge(e, { relation: v }, "Change relation"),
      ),
      this.textField("Rationale", "rationale", e.rationale, (v) => this.updateEdge(e, { rationale: v }, "Edit rationale"), {
        multiline: true,
        hint: "Why does the one lead to the other?",
      }),
      this.listField("Assumptions", "assumptions", e.assumptions, (v) => this.updateEdge(e, { assumptions: v }, "Edit assumptions"), "One assumption per line."),
      this.evidenceSection(e),
      h("div", { class: "field" }, h("label", { for: confId }, "Confidence (0–100)"), conf, confErr),
      this.readOnly
        ? null
        : h(
            "div",
            { class: "row danger-zone" },
            h("button", { class: "btn danger", "data-testid": "delete-selection", onclick: () => this.hooks.deleteSelection() }, "Delete this link"),
          ),
    );
  }

  private evidenceSection(e: TocEdge): HTMLElement {
    const set = (ev: Evidence[], label: string) => this.updateEdge(e, { evidence: ev }, label);
    const rows = e.evidence.map((ev, i) => {
      const title = h("input", {
        "aria-label": `Evidence ${i + 1} title`,
        value: ev.title,
        disabled: this.readOnly,
        "data-key": `ev-${i}-title`,
        "data-testid": "evidence-title",
      });
      title.addEventListener("change", () => {
        if (!title.value.trim()) return void (title.value = ev.title);
        set(e.evidence.map((x, j) => (j === i ? { ...x, title: title.value.trim() } : x)), "Edit evidence");
      });
      const url = h("input", {
        "aria-label": `Evidence ${i + 1} web address`,
        type: "url",
        placeholder: "https://…",
        value: ev.url ?? "",
        disabled: this.readOnly,
        "data-key": `ev-${i}-url`,
        "data-testid": "evidence-url",
      });
      url.addEventListener("change", () => {
        const v = url.value.trim();
        if (v && !/^https?:\/\/\S+$/i.test(v)) {
          url.setAttribute("aria-invalid", "true");
          url.title = "Use an http:// or https:// address";
          return;
        }
        url.removeAttribute("aria-invalid");
        set(e.evidence.map((x, j) => (j === i ? { ...x, url: v || null } : x)), "Edit evidence");
      });
      const strength = h(
        "select",
        { "aria-label": `Evidence ${i + 1} strength`, disabled: this.readOnly, "data-testid": "evidence-strength" },
        h("option", { value: "" }, "Strength?"),
        STRENGTHS.map((s) => h("option", { value: s, selected: ev.strength === s }, s)),
      );
      strength.addEventListener("change", () =>
        set(e.evidence.map((x, j) => (j === i ? { ...x, strength: (strength.value || null) as Evidence["strength"] } : x)), "Edit evidence"),
      );
      return h(
        "tr",
        { "data-testid": "evidence-row" },
        h("td", null, title),
        h("td", null, url),
        h("td", null, strength),
        h(
          "td",
          null,
          this.readOnly
            ? null
            : h(
                "button",
                { class: "btn icon", "aria-label": `Remove evidence ${ev.title}`, onclick: () => set(e.evidence.filter((_, j) => j !== i), "Remove evidence") },
                "×",
              ),
        ),
      );
    });
    return h(
      "section",
      { class: "subsection" },
      h("h3", null, "Evidence"),
      e.evidence.length
        ? h(
            "table",
            { class: "grid-table" },
            h("thead", null, h("tr", null, h("th", null, "Title"), h("th", null, "Web address"), h("th", null, "Strength"), h("th", null, h("span", { class: "sr-only" }, "Actions")))),
            h("tbody", null, rows),
          )
        : h("p", { class: "muted" }, "No evidence recorded."),
      this.readOnly
        ? null
        : h(
            "button",
            {
              class: "btn small",
              "data-testid": "add-evidence",
              onclick: () => set([...e.evidence, { title: "New evidence", url: null, strength: null }], "Add evidence"),
            },
            "+ Add evidence",
          ),
    );
  }

  /** Focus the label field (after adding a node) so the user can type its name. */
  focusLabel(): void {
    const el = this.root.querySelector<HTMLInputElement>('[data-key="label"]');
    if (el) {
      el.focus();
      el.select();
    }
  }
}
