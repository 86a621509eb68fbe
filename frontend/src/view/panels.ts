/** Side panels of the editor: checks, history, collaboration, sector map; and the export menu. */
import { authorName, type Commit, type Finding, type Graph, type Proposal, type Sector, type SectorNode } from "../sync/api";
import { go } from "./app";
import { confirmDialog, errorText, formatDate, h, replace, shortId, toast } from "./dom";
import type { EditorPage } from "./pages/editor";

export interface Upstream {
  org: string;
  graph: string;
  branch?: string;
}

export function parseUpstream(u: Graph["upstream"]): Upstream | null {
  if (!u) return null;
  if (typeof u === "string") {
    const m = u.match(/^([^/]+)\/([^:#]+)(?::(.+))?$/);
    return m ? { org: m[1]!, graph: m[2]!, branch: m[3] } : null;
  }
  const graph = u.graph ?? u.slug;
  return u.org && graph ? { org: u.org, graph, branch: u.branch } : null;
}

// -- checks -------------------------------------------------------------------------------------

export class ChecksPanel {
  readonly root = h("div", { class: "checks", "data-testid": "checks-panel" });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;
  findings: Finding[] = [];

  constructor(private readonly ed: EditorPage) {
    replace(this.root, h("h2", null, "Checks"), h("p", { class: "muted" }, "Checking…"));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 600);
  }

  refresh(): void {
    const ref = this.ed.headCommit || this.ed.ref;
    const seq = ++this.seq;
    this.ed.api
      .checks(this.ed.org, this.ed.slug, ref)
      .then((r) => {
        if (seq !== this.seq) return;
        this.findings = r.findings ?? [];
        this.render();
      })
      .catch((err) => {
        if (seq !== this.seq) return;
        replace(this.root, h("h2", null, "Checks"), h("p", { class: "error-text" }, `Checks are not available: ${errorText(err)}`));
      });
  }

  private render(): void {
    const tab = document.getElementById("tab-checks");
    if (tab) tab.textContent = this.findings.length ? `Checks (${this.findings.length})` : "Checks";
    const pendingNote = this.ed.session?.hasUnsaved ? h("p", { class: "hint" }, "Results are for the last saved version.") : null;
    if (!this.findings.length) {
      replace(this.root, h("h2", null, "Checks"), pendingNote, h("p", { class: "ok-text", "data-testid": "checks-ok" }, "✓ No problems found."));
      return;
    }
    const order: Record<string, number> = { error: 0, warning: 1, info: 2 };
    const sorted = [...this.findings].sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3));
    replace(
      this.root,
      h("h2", null, "Checks"),
      pendingNote,
      h("p", { class: "hint" }, "Select a finding to show the boxes it is about."),
      h(
        "ul",
        { class: "findings" },
        sorted.map((f) =>
          h(
            "li",
            null,
            h(
              "button",
              {
                class: `finding sev-${f.severity}`,
                "data-testid": "finding",
                "data-code": f.code,
                "data-nodes": (f.nodes ?? []).join(" "),
                onclick: () => {
                  this.ed.canvas.select(f.nodes ?? [], f.edges ?? []);
                  this.ed.canvas.mark("finding", [...(f.nodes ?? []), ...(f.edges ?? [])]);
                  setTimeout(() => this.ed.canvas.mark("finding", []), 2500);
                },
              },
              h("span", { class: "sev" }, f.severity),
              " ",
              f.message,
              f.nodes?.length
                ? h("span", { class: "muted block" }, f.nodes.map((id) => this.ed.doc.nodes[id]?.label ?? id).slice(0, 4).join(", "))
                : null,
            ),
          ),
        ),
      ),
    );
  }
}

// -- history ------------------------------------------------------------------------------------

export class HistoryPanel {
  readonly root = h("div", { class: "history", "data-testid": "history-panel" });
  stale = true;
  private commits: Commit[] = [];
  private picked: string[] = [];

  constructor(private readonly ed: EditorPage) {}

  async load(): Promise<void> {
    if (!this.stale && this.commits.length) return this.render();
    replace(this.root, h("h2", null, "History"), h("p", { class: "muted" }, "Loading…"));
    try {
      this.commits = await this.ed.api.commits(this.ed.org, this.ed.slug, this.ed.branch ?? this.ed.ref, 100);
      this.stale = false;
      this.render();
    } catch (err) {
      replace(this.root, h("h2", null, "History"), h("p", { class: "error-text", role: "alert" }, errorText(err)));
    }
  }

  private render(): void {
    const ed = this.ed;
    const compareBtn = h(
      "button",
      {
        class: "btn small primary",
        "data-testid": "compare-selected",
        disabled: this.picked.length !== 2,
        onclick: () => {
          // Older first: order by position in the (newest-first) list.
          const [x, y] = this.picked;
          const ix = this.commits.findIndex((c) => c.id === x);
          const iy = this.commits.findIndex((c) => c.id === y);
          const [a, b] = ix > iy ? [x!, y!] : [y!, x!];
          go(`/g/${ed.org}/${ed.slug}?compare=${encodeURIComponent(a)}...${encodeURIComponent(b)}&branch=${encodeURIComponent(ed.branch ?? "")}`);
        },
      },
      "Compare selected",
    );
    const branchQ = ed.branch ? `&branch=${encodeURIComponent(ed.branch)}` : "";
    replace(
      this.root,
      h("h2", null, "History"),
      h("p", { class: "hint" }, "Tick two versions to compare them."),
      h("div", { class: "row" }, compareBtn, h("span", { class: "muted" }, `${this.picked.length} of 2 ticked`)),
      h(
        "ol",
        { class: "commits" },
        this.commits.map((c, i) => {
          const box = h("input", {
            type: "checkbox",
            id: `pick-${c.id}`,
            checked: this.picked.includes(c.id),
            "data-testid": "commit-pick",
            "aria-label": `Tick version ${shortId(c.id)} to compare`,
          });
          box.addEventListener("change", () => {
            if (box.checked) {
              this.picked.push(c.id);
              if (this.picked.length > 2) this.picked.shift();
            } else this.picked = this.picked.filter((x) => x !== c.id);
            this.render();
          });
          const isHead = c.id === ed.headCommit;
          return h(
            "li",
            { "data-testid": "commit", "data-commit": c.id, class: isHead ? "current" : "" },
            h("div", { class: "row" }, box, h("label", { for: `pick-${c.id}`, class: "commit-msg" }, c.message || "(no message)")),
            h(
              "div",
              { class: "muted small" },
              `${authorName(c.author)} · ${formatDate(c.created_at)} · `,
              h("code", null, shortId(c.id)),
              isHead ? " · current" : "",
              c.stats ? ` · ${Object.entries(c.stats).filter(([, v]) => v).map(([k, v]) => `${v} ${k}`).join(", ")}` : "",
            ),
            h(
              "div",
              { class: "row" },
              h("a", { class: "btn small", href: `#/g/${ed.org}/${ed.slug}?ref=${encodeURIComponent(c.id)}${branchQ}`, "data-testid": "commit-open" }, "View"),
              i < this.commits.length - 1 || c.parents?.length
                ? h(
                    "a",
                    {
                      class: "btn small",
                      href: `#/g/${ed.org}/${ed.slug}?compare=${encodeURIComponent(c.parents?.[0] ?? this.commits[i + 1]!.id)}...${encodeURIComponent(c.id)}${branchQ}`,
                      "data-testid": "commit-changes",
                    },
                    "Changes",
                  )
                : null,
              ed.editable && !isHead
                ? h("button", { class: "btn small", "data-testid": "commit-restore", onclick: () => void ed.restore(c.id) }, "Restore")
                : null,
            ),
          );
        }),
      ),
    );
  }
}

// -- collaborate ---------------------------------------------------------------------------------

/**
 * What opening a proposal from a fork publishes, in words, shown before it is opened: the fork's
 * version up to now becomes readable by everyone who can read ``upstream``; later changes do not
 * (on a public fork they were never private, so the sentence says only that they are not part of it).
 */
export function proposalNotice(upstream: string, forkVisibility: Graph["visibility"]): string {
  const published = `Opening a proposal publishes this version of your ToC (its changes up to now) to everyone who can read ${upstream}.`;
  return forkVisibility === "public"
    ? `${published} Changes you make afterwards are not part of the proposal unless you update it.`
    : `${published} Changes you make afterwards stay private unless you update the proposal.`;
}

export class CollaboratePanel {
  readonly root = h("div", { class: "collab", "data-testid": "collab-panel" });
  constructor(private readonly ed: EditorPage) {}

  async load(): Promise<void> {
    const ed = this.ed;
    const up = parseUpstream(ed.graph.upstream);
    let proposals: Proposal[] = [];
    let proposalsError = "";
    try {
      proposals = await ed.api.proposals(ed.org, ed.slug);
    } catch (err) {
      proposalsError = errorText(err);
    }
    const sections: HTMLElement[] = [h("h2", null, "Collaborate")];

    // Upstream: pull and propose back.
    if (up) {
      sections.push(
        h(
          "section",
          { class: "subsection" },
          h("h3", null, "Shared original"),
          h("p", null, "This is a fork of ", h("a", { href: `#/g/${up.org}/${up.graph}` }, `${up.org}/${up.graph}`), "."),
          ed.editable
            ? h(
                "button",
                { class: "btn", "data-testid": "pull-upstream", onclick: () => void this.pull() },
                "Pull updates from the original",
              )
            : null,
        ),
      );
      if (ed.branch)
        sections.push(
          this.proposeForm(up.org, up.graph, `${ed.org}/${ed.slug}:${ed.branch}`, up.branch ?? null, "Propose your changes to the original", proposalNotice(`${up.org}/${up.graph}`, ed.graph.visibility)),
        );
    } else if (ed.branch && ed.branch !== ed.graph.default_branch) {
      sections.push(this.proposeForm(ed.org, ed.slug, ed.branch, ed.graph.default_branch, `Propose merging ${ed.branch} into ${ed.graph.default_branch}`));
    }

    // Fork.
    const orgs = ed.app.me?.orgs ?? [];
    const forkOrg = h(
      "select",
      { id: "fork-org", "data-testid": "fork-org" },
      orgs.map((o) => h("option", { value: o.slug }, o.name)),
    );
    const forkSlug = h("input", { id: "fork-slug", placeholder: ed.slug, "data-testid": "fork-slug" });
    sections.push(
      h(
        "section",
        { class: "subsection" },
        h("h3", null, "Fork"),
        orgs.length
          ? [
              h("p", { class: "hint" }, "Make a copy in one of your organisations that stays linked to this one."),
              h("div", { class: "field" }, h("label", { for: "fork-org" }, "Into organisation"), forkOrg),
              h("div", { class: "field" }, h("label", { for: "fork-slug" }, "Short name (optional)"), forkSlug),
              h(
                "button",
                {
                  class: "btn",
                  "data-testid": "fork",
                  onclick: async () => {
                    try {
                      const g = await ed.api.fork(ed.org, ed.slug, forkOrg.value, forkSlug.value.trim() || undefined);
                      toast(`Forked into ${g.org ?? forkOrg.value}.`, "success");
                      go(`/g/${encodeURIComponent(g.org ?? forkOrg.value)}/${encodeURIComponent(g.slug)}`);
                    } catch (err) {
                      toast(`Could not fork: ${errorText(err)}`, "error", 8000);
                    }
                  },
                },
                "Fork",
              ),
            ]
          : h("p", { class: "muted" }, "Create an organisation first to fork this ToC."),
      ),
    );

    // Proposals to this graph.
    sections.push(
      h(
        "section",
        { class: "subsection" },
        h("h3", null, "Proposals to this ToC"),
        proposalsError
          ? h("p", { class: "error-text" }, proposalsError)
          : proposals.length
            ? h(
                "ul",
                { class: "plain", "data-testid": "proposal-list" },
                proposals.map((p) =>
                  h(
                    "li",
                    null,
                    h("a", { href: `#/g/${ed.org}/${ed.slug}/proposals/${p.number}`, "data-testid": "proposal-link" }, `#${p.number} ${p.title}`),
                    h("span", { class: `badge status-${p.status}` }, p.status),
                  ),
                ),
              )
            : h("p", { class: "muted" }, "No proposals yet."),
      ),
    );
    replace(this.root, sections);
  }

  /** ``notice``: what opening the proposal makes visible, said before the button (proposals from a fork). */
  private proposeForm(org: string, graph: string, source: string, targetBranch: string | null, heading: string, notice: string | null = null): HTMLElement {
    const ed = this.ed;
    const title = h("input", { id: "prop-title", required: true, maxlength: 200, "data-testid": "proposal-title" });
    const desc = h("textarea", { id: "prop-desc", rows: 3, "data-testid": "proposal-description" });
    const error = h("div", { class: "form-error", role: "alert" });
    const form = h(
      "form",
      { class: "subsection form", "data-testid": "proposal-form" },
      h("h3", null, heading),
      h("div", { class: "field" }, h("label", { for: "prop-title" }, "Title"), title),
      h("div", { class: "field" }, h("label", { for: "prop-desc" }, "What and why"), desc),
      notice ? h("p", { id: "prop-notice", class: "notice", "data-testid": "proposal-notice" }, notice) : null,
      error,
      h("button", { class: "btn primary", type: "submit", "aria-describedby": notice ? "prop-notice" : undefined, "data-testid": "proposal-submit" }, "Open proposal"),
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      error.textContent = "";
      try {
        await ed.session?.settle();
        let target = targetBranch;
        if (!target) target = (await ed.api.graph(org, graph)).default_branch;
        const p = await ed.api.createProposal(org, graph, { source, target, title: title.value.trim(), description: desc.value.trim() });
        toast(`Proposal #${p.number} opened.`, "success");
        go(`/g/${org}/${graph}/proposals/${p.number}`);
      } catch (err) {
        error.textContent = errorText(err);
      }
    });
    return form;
  }

  private async pull(): Promise<void> {
    const ed = this.ed;
    try {
      await ed.session?.settle();
      const preview = await ed.api.mergePreview(ed.org, ed.slug, "upstream", ed.branch!);
      if (preview.conflicts?.length) {
        toast(`${preview.conflicts.length} conflicts to resolve first.`, "info");
        go(`/g/${ed.org}/${ed.slug}/merge?source=upstream&target=${encodeURIComponent(ed.branch!)}`);
        return;
      }
      if (preview.result === "up_to_date") {
        toast("Already up to date with the original.", "success");
        return;
      }
      const ok = await confirmDialog("Pull updates?", "The original's changes will be merged into this ToC as a new version.", { confirm: "Pull updates" });
      if (!ok) return;
      await ed.api.merge(ed.org, ed.slug, "upstream", ed.branch!, "Pull updates from the original");
      await ed.reloadHead();
      toast("Updates pulled from the original.", "success");
    } catch (err) {
      if (ed.isApiError(err) && err.status === 409) {
        go(`/g/${ed.org}/${ed.slug}/merge?source=upstream&target=${encodeURIComponent(ed.branch!)}`);
        return;
      }
      toast(`Could not pull: ${errorText(err)}`, "error", 8000);
    }
  }
}

// -- sector map -------------------------------------------------------------------------------------

/** Contributions to a node from private graphs the viewer cannot read (counted, not named). */
function privateCount(n: SectorNode): number {
  return n.private_count ?? 0;
}

export class SectorPanel {
  readonly root = h("div", { class: "sector", "data-testid": "sector-panel" });
  private data: Sector | null = null;
  private shown = false;
  constructor(private readonly ed: EditorPage) {}

  async load(): Promise<void> {
    const ed = this.ed;
    replace(this.root, h("h2", null, "Sector map"), h("p", { class: "muted" }, "Loading…"));
    try {
      this.data = await ed.api.sector(ed.org, ed.slug, ed.branch ?? ed.ref);
    } catch (err) {
      replace(
        this.root,
        h("h2", null, "Sector map"),
        h("p", { class: "muted" }, "The sector map shows which organisations link their own outcomes into this ToC, and where nobody contributes yet."),
        h("p", { class: "error-text" }, errorText(err)),
      );
      return;
    }
    this.render();
  }

  private render(): void {
    const d = this.data!;
    const ed = this.ed;
    const gaps = new Set(d.gaps ?? []);
    const nodes = [...(d.nodes ?? [])].sort((a, b) => b.count - a.count);
    const orgs = new Set(nodes.flatMap((n) => n.contributors.map((c) => c.org)));
    const privateGraphs = d.private_graphs ?? 0;
    const toggle = h(
      "button",
      { class: "btn small", "aria-pressed": String(this.shown), "data-testid": "sector-toggle" },
      this.shown ? "Hide on the diagram" : "Show on the diagram",
    );
    toggle.addEventListener("click", () => {
      this.shown = !this.shown;
      this.paint();
      this.render();
    });
    replace(
      this.root,
      h("h2", null, "Sector map"),
      h(
        "p",
        null,
        `${orgs.size} organisation${orgs.size === 1 ? "" : "s"} link their work into this ToC`,
        privateGraphs > 0 ? ` (plus ${privateGraphs} private ToC${privateGraphs === 1 ? "" : "s"} you cannot see, counted but not named)` : "",
        `. ${gaps.size} box${gaps.size === 1 ? " has" : "es have"} no contributor yet.`,
      ),
      toggle,
      gaps.size
        ? h(
            "section",
            { class: "subsection" },
            h("h3", null, "Gaps: nobody contributes yet"),
            h(
              "ul",
              { class: "plain", "data-testid": "sector-gaps" },
              [...gaps].map((id) =>
                h("li", null, h("button", { class: "linklike", onclick: () => ed.canvas.select([id]) }, ed.doc.nodes[id]?.label ?? nodes.find((n) => n.id === id)?.label ?? id)),
              ),
            ),
          )
        : null,
      h(
        "section",
        { class: "subsection" },
        h("h3", null, "Contributions"),
        h(
          "table",
          { class: "grid-table", "data-testid": "sector-table" },
          h("thead", null, h("tr", null, h("th", { scope: "col" }, "Box"), h("th", { scope: "col" }, "Contributors"))),
          h(
            "tbody",
            null,
            nodes
              .filter((n) => n.count > 0)
              .map((n) =>
                h(
                  "tr",
                  null,
                  h("td", null, h("button", { class: "linklike", onclick: () => ed.canvas.select([n.id]) }, n.label)),
                  h(
                    "td",
                    null,
                    h("strong", null, String(n.count)),
                    h(
                      "ul",
                      { class: "plain small" },
                      n.contributors.map((c) => h("li", null, h("a", { href: `#/g/${c.org}/${c.graph}` }, `${c.org}/${c.graph}`), `: ${c.label}`)),
                      privateCount(n) > 0
                        ? h("li", { class: "muted", "data-testid": "sector-private" }, `${privateCount(n)} private contributor${privateCount(n) === 1 ? "" : "s"}`)
                        : null,
                    ),
                  ),
                ),
              ),
          ),
        ),
      ),
    );
  }

  private paint(): void {
    const d = this.data;
    const ed = this.ed;
    if (!d || !this.shown) {
      ed.canvas.mark("sector-gap", []);
      ed.canvas.mark("sector-covered", []);
      ed.canvas.setBadges(new Map());
      return;
    }
    ed.canvas.mark("sector-gap", d.gaps ?? []);
    ed.canvas.mark("sector-covered", (d.nodes ?? []).filter((n) => n.count > 0).map((n) => n.id));
    ed.canvas.setBadges(new Map((d.nodes ?? []).filter((n) => n.count > 0).map((n) => [n.id, `${n.count} contributor${n.count > 1 ? "s" : ""}`])));
  }
}

// -- export ------------------------------------------------------------------------------------------

export function exportMenu(ed: EditorPage): HTMLElement {
  const items: [string, string, () => string][] = [
    ["SVG diagram", "svg", () => ed.api.renderUrl(ed.org, ed.slug, ref(), "svg")],
    ["PNG image", "png", () => ed.api.renderUrl(ed.org, ed.slug, ref(), "png")],
    ["PDF diagram", "pdf", () => ed.api.renderUrl(ed.org, ed.slug, ref(), "pdf")],
    ["Word report (.docx)", "docx", () => ed.api.exportUrl(ed.org, ed.slug, ref(), "docx")],
    ["JSON (open format)", "json", () => ed.api.exportUrl(ed.org, ed.slug, ref(), "json")],
    ["GraphML (yEd, Gephi)", "graphml", () => ed.api.exportUrl(ed.org, ed.slug, ref(), "graphml")],
    ["CSV (zip of nodes and edges)", "csv", () => ed.api.exportUrl(ed.org, ed.slug, ref(), "csv.zip")],
    ["CIDS JSON-LD", "cids", () => ed.api.exportUrl(ed.org, ed.slug, ref(), "cids.jsonld")],
    ["IATI XML", "iati", () => ed.api.exportUrl(ed.org, ed.slug, ref(), "iati.xml")],
  ];
  function ref(): string {
    return ed.headCommit || ed.ref;
  }
  const note = h("p", { class: "hint" });
  const list = h("ul", { class: "menu", role: "list" });
  const details = h(
    "details",
    { class: "export-menu", "data-testid": "export-menu" },
    h("summary", { class: "btn tool", "data-testid": "export-open" }, "Export ▾"),
    h("div", { class: "menu-pop" }, note, list),
  );
  const fill = () => {
    note.textContent = ed.session?.hasUnsaved ? "Some changes are still being saved; exports show the last saved version." : `Version ${shortId(ref())}`;
    replace(
      list,
      items.map(([label, key, url]) =>
        h("li", null, h("a", { href: url(), download: "", "data-testid": `export-${key}`, onclick: () => (details.open = false) }, label)),
      ),
    );
  };
  details.addEventListener("toggle", () => {
    if (details.open) fill();
  });
  details.addEventListener("keydown", (ev) => {
    if ((ev as KeyboardEvent).key === "Escape") {
      details.open = false;
      (details.querySelector("summary") as HTMLElement).focus();
    }
  });
  return details;
}
