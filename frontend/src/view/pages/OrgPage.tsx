/** /{org}: an organisation's theories of change, a new one (blank, template, file, fork), its members, its portfolio and the portfolios it is in. */
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api, ApiError, type ExploreItem, type Graph, type Org, type Template } from "../../sync";
import { errorText } from "../common/errors";
import { Picker, type PickerOption } from "../common/Picker";
import { graphPath } from "../common/paths";
import { useAuth } from "../shell/auth";
import { NotFound } from "../shell/NotFound";
import { useTitle } from "../shell/useTitle";
import { FormError, SelectField, TextAreaField, TextField } from "../common/fields";
import { SlugField, VisibilityField } from "./forms";
import { GraphCard, upstreamKey, useTitles } from "./TocCard";
import { useLoad } from "../common/useLoad";
import { OrgPortfolios } from "../portfolio/OrgPortfolios";
import { aRole, canWrite, fieldErrors, plural, RESERVED_GRAPH_NAMES, suggestSlug } from "./words";
import "./pages.css";

type Start = "blank" | "template" | "import" | "fork";

interface OrgData {
  org: Org;
  graphs: Graph[];
}

export function OrgPage() {
  const { org: slug = "" } = useParams();
  const { user, me } = useAuth();
  const loc = useLocation();
  const loaded = useLoad(
    async (): Promise<OrgData> => {
      const [org, graphs] = await Promise.all([api.org(slug), api.graphs(slug)]);
      return { org, graphs };
    },
    [slug, user?.username],
  );
  const org = loaded.data?.org;
  const graphList = useMemo(() => loaded.data?.graphs ?? [], [loaded.data]);
  const given = useMemo(() => new Map(graphList.map((g) => [`${g.org}/${g.slug}`, g.title])), [graphList]);
  const titles = useTitles(
    given,
    graphList.map((g) => upstreamKey(g.upstream)),
  );
  useTitle(org?.name ?? (loaded.error ? "Not found" : slug));

  const role = org?.your_role ?? me?.orgs.find((o) => o.slug === slug)?.role ?? null;
  const writer = canWrite(role);

  // "/{org}#new-toc" (from the home page) goes to the form.
  useEffect(() => {
    if (loaded.data && loc.hash === "#new-toc") document.getElementById("g-start")?.focus();
  }, [loaded.data, loc.hash]);

  if (loaded.error) {
    if (loaded.error instanceof ApiError && loaded.error.status === 404)
      return <NotFound what="No such organisation" detail={`There is no organisation at /${slug}.`} />;
    return <NotFound what="Something went wrong" detail={errorText(loaded.error)} />;
  }
  if (!org || !loaded.data)
    return (
      <p className="page muted" aria-busy="true">
        Loading…
      </p>
    );

  const graphs = loaded.data.graphs;
  const members = org.members;

  return (
    <div className="page org-page" data-testid="org-page">
      <div className="page-head">
        <div>
          <h1 data-testid="org-title">{org.name}</h1>
          <p className="muted">
            {[
              graphs.length ? plural(graphs.length, "theory of change", "theories of change") : "",
              role ? `You are ${aRole(role)}` : !user ? "Public theories of change only" : "",
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
        {members ? (
          <div className="row">
            <Link className="btn" to={`/${encodeURIComponent(slug)}/portfolio`} data-testid="portfolio-link">
              Portfolio
            </Link>
            <Link className="btn" to={`/${encodeURIComponent(slug)}/members`} data-testid="members-link">
              Members ({members.length})
            </Link>
          </div>
        ) : null}
      </div>
      <div className={writer ? "org-grid" : ""}>
        <section aria-labelledby="tocs-title">
          {org.your_role ? <OrgPortfolios org={org} /> : null}
          <h2 id="tocs-title">Theories of change</h2>
          {graphs.length ? (
            <ul className="toc-grid compact" data-testid="graph-list">
              {graphs.map((g) => (
                <GraphCard key={g.slug} g={g} titles={titles} />
              ))}
            </ul>
          ) : (
            <div className="card empty" data-testid="no-graphs">
              {writer ? (
                <p>
                  No theory of change yet. Start one with the form
                  <span className="only-wide"> beside this</span>
                  <span className="only-narrow"> below</span>: a blank one, one of the templates, a file you have, or a
                  copy of a public one.
                </p>
              ) : (
                <p>{user ? "There is no theory of change here you can see." : "This organisation has published no theory of change."}</p>
              )}
            </div>
          )}
          {members && !writer ? (
            <p className="muted">
              Viewers can read and comment. Ask an owner to make you an editor to create theories of change here.
            </p>
          ) : null}
        </section>
        {writer ? (
          <aside>
            <NewTocForm org={org} />
          </aside>
        ) : null}
      </div>
    </div>
  );
}

function exploreOption(i: ExploreItem): PickerOption {
  return {
    id: `${i.org}/${i.slug}`,
    label: i.title,
    detail: `${i.org_name} · ${plural(i.boxes ?? 0, "box", "boxes")}${i.linked_by ? " · shared framework" : ""}`,
  };
}

function NewTocForm({ org }: { org: Org }) {
  const navigate = useNavigate();
  const [start, setStart] = useState<Start>("blank");
  const [title, setTitle] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<"private" | "public">("private");
  const [templateId, setTemplateId] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState<PickerOption | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const templates = useLoad(() => api.templates().catch(() => [] as Template[]), []);
  const tlist = useMemo(() => templates.data ?? [], [templates.data]);
  const template = tlist.find((t) => t.id === templateId) ?? tlist[0];

  const sourceSlug = source ? source.id.split("/")[1] ?? "" : "";
  const suggested = start === "fork" ? sourceSlug : suggestSlug(title, RESERVED_GRAPH_NAMES, "toc");
  const shownSlug = slugTouched ? slug : suggested;

  const searchPublic = useMemo(
    () => (q: string) => api.explore(q, { pageSize: 20 }).then((r) => r.items.filter((i) => i.org !== org.slug).map(exploreOption)),
    [org.slug],
  );

  const pickTemplate = (id: string) => {
    setTemplateId(id);
    const t = tlist.find((x) => x.id === id);
    if (t && !title) setTitle(t.title);
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setErrors({});
    setError("");
    if (start === "import" && !file) {
      setErrors({ file: "Choose a file to import." });
      document.getElementById("g-file")?.focus();
      return;
    }
    if (start === "fork" && !source) {
      setErrors({ source: "Choose the public theory of change to copy." });
      document.getElementById("g-source")?.focus();
      return;
    }
    setBusy(true);
    const s = shownSlug.trim();
    let made: Graph | null = null;
    try {
      if (start === "fork" && source) {
        const [from, fromGraph] = source.id.split("/") as [string, string];
        made = await api.fork(from, fromGraph, org.slug, s || undefined, visibility);
      } else {
        let document: unknown;
        if (start === "template") {
          if (!template) throw new Error("Choose a template.");
          const doc = await api.template(template.id);
          document = { nodes: doc.nodes ?? [], edges: doc.edges ?? [] };
        }
        made = await api.createGraph(org.slug, {
          slug: s,
          title: title.trim(),
          description: description.trim() || undefined,
          visibility,
          ...(document ? { document } : {}),
        });
        if (start === "import" && file) {
          try {
            await api.importFile(org.slug, made.slug ?? s, file);
          } catch (err) {
            setError(`The theory of change was created, but the file could not be imported: ${errorText(err)}`);
            setBusy(false);
            return;
          }
        }
      }
      void navigate(graphPath(made.org ?? org.slug, made.slug ?? s));
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 409) {
        setErrors({ slug: `${org.name} already has a theory of change called “${s}”. Choose another short name.` });
        document.getElementById("g-slug")?.focus();
        return;
      }
      const at = fieldErrors(err, { title: "The title", slug: "The short name", description: "The description", visibility: "Visibility" });
      setErrors(at);
      const first = ["title", "slug", "description"].find((k) => at[k]);
      if (first) document.getElementById(`g-${first}`)?.focus();
      else setError(errorText(err));
    }
  };

  return (
    <form id="new-toc" className="card form" data-testid="new-graph-form" onSubmit={submit} aria-labelledby="new-toc-title">
      <h2 id="new-toc-title">New theory of change</h2>
      <SelectField
        id="g-start"
        label="Start from"
        testid="graph-start"
        value={start}
        onChange={(e) => {
          const next = e.target.value as Start;
          setStart(next);
          setErrors({});
          if (next === "template" && !title && template) setTitle(template.title);
        }}
      >
        <option value="blank">A blank page</option>
        <option value="template">A template</option>
        <option value="import">A file (JSON, GraphML, CSV zip)</option>
        <option value="fork">A copy of a public theory of change (fork)</option>
      </SelectField>
      {start === "template" ? (
        <SelectField
          id="g-template"
          label="Template"
          testid="graph-template"
          value={template?.id ?? ""}
          onChange={(e) => pickTemplate(e.target.value)}
          hint={template?.description || undefined}
        >
          {tlist.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
              {typeof t.nodes === "number" ? ` (${plural(t.nodes, "box", "boxes")})` : ""}
            </option>
          ))}
        </SelectField>
      ) : null}
      {start === "import" ? (
        <TextField
          id="g-file"
          label="File"
          type="file"
          accept=".json,.graphml,.xml,.zip,application/json,application/zip"
          testid="graph-file"
          error={errors.file}
          hint="A ToC exported from this editor (JSON), a GraphML file, or a zip of nodes.csv and edges.csv."
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      ) : null}
      {start === "fork" ? (
        <Picker
          id="g-source"
          label="Public theory of change"
          search={searchPublic}
          value={source}
          onChange={setSource}
          placeholder="Type a title, an organisation or a box"
          testid="fork-source"
          error={errors.source}
          hint="Your copy stays linked to it: you can take in its updates and propose your changes back."
          noneText="No public theory of change matches."
          required
        />
      ) : (
        <>
          <TextField
            id="g-title"
            label="Title"
            required
            maxLength={200}
            placeholder="e.g. Youth employment programme"
            testid="graph-title"
            error={errors.title}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </>
      )}
      <SlugField
        id="g-slug"
        label="Short name, for its address"
        required={start !== "fork"}
        testid="graph-slug"
        error={errors.slug}
        hint={
          <>
            Lower-case letters, digits and dashes: <span className="addr">/{org.slug}/{shownSlug || "…"}</span>
          </>
        }
        value={shownSlug}
        onChange={(e) => {
          setSlugTouched(true);
          setSlug(e.target.value);
        }}
      />
      {start !== "fork" ? (
        <TextAreaField
          id="g-description"
          label="Description (optional)"
          rows={2}
          testid="graph-description"
          error={errors.description}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      ) : null}
      <VisibilityField
        id="g-visibility"
        label="Who can see it"
        testid="graph-visibility"
        owner={org.name}
        value={visibility}
        onChange={setVisibility}
        error={errors.visibility}
      />
      <FormError text={error} />
      <button className="btn primary" type="submit" disabled={busy} data-testid="graph-create-submit">
        {busy ? "Creating…" : start === "fork" ? "Fork into this organisation" : "Create"}
      </button>
    </form>
  );
}
