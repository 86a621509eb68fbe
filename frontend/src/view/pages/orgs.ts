import type { Graph, Template } from "../../sync/api";
import type { App } from "../app";
import { go } from "../app";
import { errorText, formatDate, h, replace, slugify } from "../dom";

export async function renderHome(app: App, root: HTMLElement): Promise<void> {
  await app.refreshMe();
  const orgs = app.me?.orgs ?? [];
  const error = h("div", { class: "form-error", role: "alert", "data-testid": "form-error" });
  const name = h("input", { id: "org-name", required: true, maxlength: 100, "data-testid": "org-name" });
  const slug = h("input", {
    id: "org-slug",
    required: true,
    pattern: "[a-z0-9][a-z0-9\\-]{0,62}",
    title: "Lower-case letters, digits and dashes",
    "data-testid": "org-slug",
  });
  let slugTouched = false;
  slug.addEventListener("input", () => (slugTouched = true));
  name.addEventListener("input", () => {
    if (!slugTouched) slug.value = slugify(name.value);
  });
  const form = h(
    "form",
    { class: "card form", "data-testid": "create-org-form" },
    h("h2", null, "Create an organisation"),
    h("div", { class: "field" }, h("label", { for: "org-name" }, "Name"), name),
    h("div", { class: "field" }, h("label", { for: "org-slug" }, "Short name (used in addresses)"), slug),
    error,
    h("button", { class: "btn primary", type: "submit", "data-testid": "create-org-submit" }, "Create organisation"),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    try {
      const org = await app.api.createOrg(slug.value.trim(), name.value.trim());
      await app.refreshMe();
      app.renderHeader();
      go(`/orgs/${encodeURIComponent(org.slug ?? slug.value.trim())}`);
    } catch (err) {
      error.textContent = errorText(err);
    }
  });
  replace(
    root,
    h(
      "div",
      { class: "page" },
      h("h1", null, `Welcome, ${app.user?.username ?? ""}`),
      h(
        "div",
        { class: "columns" },
        h(
          "section",
          { class: "card" },
          h("h2", null, "Your organisations"),
          orgs.length
            ? h(
                "ul",
                { class: "cards", "data-testid": "org-list" },
                orgs.map((o) =>
                  h("li", null, h("a", { href: `#/orgs/${encodeURIComponent(o.slug)}`, class: "card-link" }, h("strong", null, o.name), h("span", { class: "muted" }, ` · ${o.role}`))),
                ),
              )
            : h("p", { class: "muted" }, "You are not in an organisation yet. Create one to start a theory of change."),
        ),
        form,
      ),
    ),
  );
}

export async function renderOrg(app: App, root: HTMLElement, slug: string): Promise<void> {
  const [org, graphs, templates] = await Promise.all([
    app.api.org(slug),
    app.api.graphs(slug),
    app.api.templates().catch(() => [] as Template[]),
  ]);
  const myRole = app.me?.orgs.find((o) => o.slug === slug)?.role;
  const canCreate = !!myRole && myRole !== "viewer" && myRole !== "read";

  const list = graphs.length
    ? h(
        "ul",
        { class: "cards", "data-testid": "graph-list" },
        graphs.map((g: Graph) =>
          h(
            "li",
            { "data-testid": "graph-card" },
            h(
              "a",
              { class: "card-link", href: `#/g/${encodeURIComponent(g.org ?? slug)}/${encodeURIComponent(g.slug)}` },
              h("strong", null, g.title),
              h("span", { class: `badge ${g.visibility}` }, g.visibility === "public" ? "Public" : "Private"),
              g.upstream ? h("span", { class: "badge" }, "Fork") : null,
              g.description ? h("span", { class: "muted block" }, g.description) : null,
              g.created_at ? h("span", { class: "muted block small" }, `Created ${formatDate(g.created_at)}`) : null,
            ),
          ),
        ),
      )
    : h("p", { class: "muted" }, "No theories of change yet.");

  replace(
    root,
    h(
      "div",
      { class: "page" },
      h("h1", { "data-testid": "org-title" }, org.name ?? slug),
      h(
        "div",
        { class: "columns" },
        h("section", { class: "card" }, h("h2", null, "Theories of change"), list),
        h(
          "div",
          null,
          canCreate ? newGraphForm(app, slug, templates) : null,
          canCreate ? forkForm(app, slug) : null,
          h(
            "section",
            { class: "card" },
            h("h2", null, "Members"),
            org.members
              ? h(
                  "ul",
                  { class: "plain", "data-testid": "member-list" },
                  org.members.map((m) => h("li", null, `${m.username} `, h("span", { class: "muted" }, `(${m.role})`))),
                )
              : h("p", { class: "muted" }, "Only members of this organisation can see who belongs to it."),
          ),
        ),
      ),
    ),
  );
}

function newGraphForm(app: App, org: string, templates: Template[]): HTMLElement {
  const error = h("div", { class: "form-error", role: "alert", "data-testid": "form-error" });
  const title = h("input", { id: "g-title", required: true, maxlength: 200, "data-testid": "graph-title" });
  const slug = h("input", {
    id: "g-slug",
    required: true,
    pattern: "[a-z0-9][a-z0-9\\-]{0,62}",
    title: "Lower-case letters, digits and dashes",
    "data-testid": "graph-slug",
  });
  let touched = false;
  slug.addEventListener("input", () => (touched = true));
  title.addEventListener("input", () => {
    if (!touched) slug.value = slugify(title.value);
  });
  const desc = h("textarea", { id: "g-desc", rows: 2, "data-testid": "graph-description" });
  const visibility = h(
    "select",
    { id: "g-vis", "data-testid": "graph-visibility" },
    h("option", { value: "private" }, "Private: only my organisation"),
    h("option", { value: "public" }, "Public: anyone can see and fork it"),
  );
  const start = h(
    "select",
    { id: "g-start", "data-testid": "graph-start" },
    h("option", { value: "blank" }, "A blank canvas"),
    h("option", { value: "template" }, "A template"),
    h("option", { value: "import" }, "A file (JSON, GraphML, CSV zip)"),
  );
  const template = h(
    "select",
    { id: "g-template", "data-testid": "graph-template" },
    templates.map((t) =>
      h("option", { value: t.id }, `${t.title}${typeof t.nodes === "number" ? ` (${t.nodes} boxes)` : ""}`),
    ),
  );
  const file = h("input", {
    id: "g-file",
    type: "file",
    accept: ".json,.graphml,.xml,.zip,application/json,application/zip",
    "data-testid": "graph-file",
  });
  const templateField = h("div", { class: "field", hidden: true }, h("label", { for: "g-template" }, "Template"), template);
  const fileField = h("div", { class: "field", hidden: true }, h("label", { for: "g-file" }, "File"), file);
  const templateHint = h("p", { class: "hint" });
  const syncStart = () => {
    templateField.hidden = start.value !== "template";
    fileField.hidden = start.value !== "import";
    const t = templates.find((x) => x.id === template.value);
    templateHint.textContent = start.value === "template" && t?.description ? t.description : "";
  };
  start.addEventListener("change", syncStart);
  template.addEventListener("change", () => {
    const t = templates.find((x) => x.id === template.value);
    if (t && !title.value) {
      title.value = t.title;
      title.dispatchEvent(new Event("input"));
    }
    syncStart();
  });
  const submit = h("button", { class: "btn primary", type: "submit", "data-testid": "graph-create-submit" }, "Create");
  const form = h(
    "form",
    { class: "card form", "data-testid": "new-graph-form" },
    h("h2", null, "New theory of change"),
    h("div", { class: "field" }, h("label", { for: "g-start" }, "Start from"), start),
    templateField,
    templateHint,
    fileField,
    h("div", { class: "field" }, h("label", { for: "g-title" }, "Title"), title),
    h("div", { class: "field" }, h("label", { for: "g-slug" }, "Short name (used in addresses)"), slug),
    h("div", { class: "field" }, h("label", { for: "g-desc" }, "Description (optional)"), desc),
    h("div", { class: "field" }, h("label", { for: "g-vis" }, "Who can see it"), visibility),
    error,
    submit,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    try {
      let document: unknown;
      if (start.value === "template") {
        if (!template.value) throw new Error("Choose a template.");
        const doc = await app.api.template(template.value);
        document = { nodes: doc.nodes ?? [], edges: doc.edges ?? [] };
      }
      const f = file.files?.[0];
      if (start.value === "import" && !f) throw new Error("Choose a file to import.");
      const g = await app.api.createGraph(org, {
        slug: slug.value.trim(),
        title: title.value.trim(),
        description: desc.value.trim() || undefined,
        visibility: visibility.value as "private" | "public",
        ...(document ? { document } : {}),
      });
      const gslug = g.slug ?? slug.value.trim();
      if (start.value === "import" && f) {
        try {
          await app.api.importFile(org, gslug, f);
        } catch (err) {
          error.textContent = `The ToC was created, but the file could not be imported: ${errorText(err)}`;
          submit.disabled = false;
          return;
        }
      }
      go(`/g/${encodeURIComponent(org)}/${encodeURIComponent(gslug)}`);
    } catch (err) {
      error.textContent = errorText(err);
      submit.disabled = false;
    }
  });
  syncStart();
  return form;
}

function forkForm(app: App, org: string): HTMLElement {
  const error = h("div", { class: "form-error", role: "alert" });
  const src = h("input", { id: "fork-src", placeholder: "network/sector-toc", required: true, pattern: "[^/\\s]+/[^/\\s]+", "data-testid": "fork-source" });
  const form = h(
    "form",
    { class: "card form" },
    h("h2", null, "Fork a shared theory of change"),
    h("p", { class: "hint" }, "Make your own copy of a public ToC that stays linked to it, so you can pull its updates and propose changes back."),
    h("div", { class: "field" }, h("label", { for: "fork-src" }, "Shared ToC (organisation/short-name)"), src),
    error,
    h("button", { class: "btn", type: "submit", "data-testid": "fork-submit" }, "Fork into this organisation"),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    const [o, g] = src.value.trim().split("/") as [string, string];
    try {
      const fork = await app.api.fork(o, g, org);
      go(`/g/${encodeURIComponent(fork.org ?? org)}/${encodeURIComponent(fork.slug)}`);
    } catch (err) {
      error.textContent = errorText(err);
    }
  });
  return form;
}
