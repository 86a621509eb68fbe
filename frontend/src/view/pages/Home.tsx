/** "/": the landing page for visitors, the home page (organisations, their ToCs, what next) for people signed in. */
import { useMemo, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api, type Graph } from "../../sync";
import { errorText } from "../common/errors";
import { useAuth } from "../shell/auth";
import { useTitle } from "../shell/useTitle";
import { FormError, TextField } from "../common/fields";
import { SlugField } from "./forms";
import { ExploreCard, GraphCard, upstreamKey, useTitles } from "./TocCard";
import { TocSketch } from "./TocSketch";
import { useLoad } from "../common/useLoad";
import { aRole, fieldErrors, plural, RESERVED_ORG_NAMES, suggestSlug } from "./words";
import "./pages.css";

export function HomeOrLanding() {
  const { user } = useAuth();
  return user ? <Home /> : <Landing />;
}


const PROMISES = [
  {
    title: "Draw it together",
    text: "Activities, outputs, outcomes and impact as boxes and arrows. Your whole team edits the same diagram at once, on a laptop or a phone.",
  },
  {
    title: "Version it",
    text: "Every change is kept with who made it. Compare versions, go back, try ideas on a branch and propose them for review.",
  },
  {
    title: "Measure against it",
    text: "Put indicators, baselines and targets on each outcome. Checks point out outcomes nobody measures and links without evidence.",
  },
  {
    title: "Share it as a commons",
    text: "Publish your theory of change, fork a funder's or a network's framework, and link your outcomes to the shared ones.",
  },
];

export function Landing() {
  useTitle(null);
  const preview = useLoad(() => api.explore("", { pageSize: 6 }), []);
  const items = useMemo(() => preview.data?.items ?? [], [preview.data]);
  const given = useMemo(() => new Map(items.map((i) => [`${i.org}/${i.slug}`, i.title])), [items]);
  const titles = useTitles(
    given,
    items.map((i) => upstreamKey(i.upstream)),
  );
  return (
    <div className="landing" data-testid="landing">
      <section className="hero" aria-labelledby="hero-title">
        <div className="hero-inner">
          <div className="hero-text">
          <p className="eyebrow">Theory of change editor</p>
          <h1 id="hero-title">Plan the change you want to make, together</h1>
          <p className="lead">
            A shared editor for the theory of change of <strong>charities</strong>, <strong>social enterprises</strong>,{" "}
            <strong>funders</strong> and the <strong>organisations in their networks</strong>: draw it with your team,
            keep every version, measure your work against it and share it for others to build on.
          </p>
          <div className="row cta">
            <Link className="btn primary big" to="/signup" data-testid="landing-signup">
              Sign up free
            </Link>
            <Link className="btn big" to="/explore" data-testid="landing-explore">
              Explore public theories of change
            </Link>
          </div>
          <p className="small hero-signin">
            Already have an account? <Link to="/signin">Sign in</Link>
          </p>
          </div>
          <TocSketch />
        </div>
      </section>

      <section className="page promises" aria-label="What it does">
        <ul className="promise-list">
          {PROMISES.map((p, i) => (
            <li key={p.title} className="promise">
              <span className="promise-step" aria-hidden="true">
                {i + 1}
              </span>
              <div>
                <h2>{p.title}</h2>
                <p>{p.text}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section className="page" aria-labelledby="preview-title">
        <div className="section-head">
          <h2 id="preview-title">Public theories of change</h2>
          <Link to="/explore">See all{preview.data ? ` ${preview.data.total}` : ""}</Link>
        </div>
        {preview.error ? (
          <p className="muted">The public theories of change cannot be listed just now.</p>
        ) : preview.loading && !items.length ? (
          <p className="muted" aria-busy="true">
            Loading…
          </p>
        ) : items.length ? (
          <ul className="toc-grid" data-testid="landing-preview">
            {items.map((it) => (
              <ExploreCard key={`${it.org}/${it.slug}`} item={it} titles={titles} />
            ))}
          </ul>
        ) : (
          <p className="muted">Nobody has published a theory of change yet. Yours could be the first.</p>
        )}
      </section>
    </div>
  );
}

/** The create-organisation form: name, short name suggested from it. */
export function CreateOrgForm({ first }: { first: boolean }) {
  const { refresh } = useAuth();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const shownSlug = touched ? slug : suggestSlug(name, RESERVED_ORG_NAMES, "org");

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setErrors({});
    setError("");
    setBusy(true);
    try {
      const org = await api.createOrg(shownSlug.trim(), name.trim());
      await refresh();
      void navigate(`/${encodeURIComponent(org.slug ?? shownSlug.trim())}`);
    } catch (err) {
      setBusy(false);
      const at = fieldErrors(err, { name: "The name", slug: "The short name" });
      setErrors(at);
      if (at.name) document.getElementById("org-name")?.focus();
      else if (at.slug) document.getElementById("org-slug")?.focus();
      else setError(errorText(err));
    }
  };

  return (
    <form className="card form" data-testid="create-org-form" onSubmit={submit} aria-labelledby="create-org-title">
      <h2 id="create-org-title">{first ? "Create your organisation" : "Create another organisation"}</h2>
      <p className="hint">
        {first
          ? "Your team's theories of change live in it. You become its owner and can add colleagues by e-mail."
          : "For another team, programme or partnership."}
      </p>
      <TextField
        id="org-name"
        label="Name"
        required
        maxLength={200}
        placeholder="e.g. Bright Path Futures"
        testid="org-name"
        error={errors.name}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <SlugField
        id="org-slug"
        label="Short name, for its address"
        required
        hint={
          <>
            Lower-case letters, digits and dashes. Its page will be at{" "}
            <span className="addr">{location.host}/{shownSlug || "…"}</span>
          </>
        }
        testid="org-slug"
        error={errors.slug}
        value={shownSlug}
        onChange={(e) => {
          setTouched(true);
          setSlug(e.target.value);
        }}
      />
      <FormError text={error} />
      <button className="btn primary" type="submit" disabled={busy} data-testid="create-org-submit">
        {busy ? "Creating…" : "Create organisation"}
      </button>
    </form>
  );
}

interface OrgWithGraphs {
  slug: string;
  name: string;
  role: string;
  graphs: Graph[] | null;
}

export function Home() {
  const { user, me } = useAuth();
  useTitle("Home");
  const orgs = me?.orgs ?? [];
  const key = orgs.map((o) => o.slug).join(",");
  const loaded = useLoad(
    () =>
      Promise.all(
        orgs.map(
          async (o): Promise<OrgWithGraphs> => ({ ...o, graphs: await api.graphs(o.slug).catch(() => null) }),
        ),
      ),
    // The list of organisations is what matters, not the object.
    [key],
  );
  const withGraphs = loaded.data ?? orgs.map((o) => ({ ...o, graphs: null }));
  const allGraphs = useMemo(() => (loaded.data ?? []).flatMap((o) => o.graphs ?? []), [loaded.data]);
  const given = useMemo(() => new Map(allGraphs.map((g) => [`${g.org}/${g.slug}`, g.title])), [allGraphs]);
  const titles = useTitles(
    given,
    allGraphs.map((g) => upstreamKey(g.upstream)),
  );

  if (!orgs.length) {
    return (
      <div className="page home" data-testid="home">
        <h1>Welcome, {user?.username}</h1>
        <p className="lead">
          You are not in an organisation yet. Theories of change belong to organisations, so here is how to start:
        </p>
        <div className="next-steps" data-testid="next-steps">
          <CreateOrgForm first />
          <section className="card" aria-labelledby="explore-next">
            <h2 id="explore-next">Or start from someone else’s</h2>
            <p>
              Browse the theories of change that charities, funders and networks have published. Fork one to make your
              own copy that stays linked to the original.
            </p>
            <Link className="btn" to="/explore" data-testid="home-explore">
              Explore public theories of change
            </Link>
            <p className="hint">To fork one you need an organisation to put the copy in: create it here first.</p>
          </section>
          <section className="card" aria-labelledby="join-next">
            <h2 id="join-next">Joining your team?</h2>
            <p>
              If your organisation already uses this editor, ask one of its owners to add you on its Members page with
              your username <strong>{user?.username}</strong>
              {me?.email ? (
                <>
                  {" "}
                  or your e-mail <strong>{me.email}</strong>
                </>
              ) : null}
              . It will show up here.
            </p>
          </section>
        </div>
      </div>
    );
  }

  return (
    <div className="page home" data-testid="home">
      <h1>Welcome, {user?.username}</h1>
      <div className="home-grid">
        <section aria-labelledby="your-orgs">
          <h2 id="your-orgs" className="sr-only">
            Your organisations
          </h2>
          <ul className="org-list" data-testid="org-list">
            {withGraphs.map((o) => (
              <li key={o.slug} className="card org-block" data-testid="org-block">
                <div className="section-head">
                  <h3 className="org-block-title">
                    <Link to={`/${encodeURIComponent(o.slug)}`}>{o.name}</Link>
                  </h3>
                  <span className="muted small">
                    You are {aRole(o.role)}
                    {o.graphs ? ` · ${plural(o.graphs.length, "theory of change", "theories of change")}` : ""}
                  </span>
                </div>
                {o.graphs === null ? (
                  loaded.loading ? (
                    <p className="muted" aria-busy="true">
                      Loading…
                    </p>
                  ) : (
                    <p className="muted">Its theories of change cannot be listed just now.</p>
                  )
                ) : o.graphs.length ? (
                  <ul className="toc-grid compact">
                    {o.graphs.slice(0, 6).map((g) => (
                      <GraphCard key={g.slug} g={g} titles={titles} />
                    ))}
                  </ul>
                ) : (
                  <p className="muted">
                    No theory of change yet.{" "}
                    <Link to={`/${encodeURIComponent(o.slug)}#new-toc`}>Start one</Link>.
                  </p>
                )}
                {o.graphs && o.graphs.length > 6 ? (
                  <p>
                    <Link to={`/${encodeURIComponent(o.slug)}`}>All {o.graphs.length} theories of change</Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
        <aside className="home-side">
          <section className="card" aria-labelledby="explore-side">
            <h2 id="explore-side">Find a framework</h2>
            <p>See what others have published, fork a theory of change, or link your outcomes to a shared framework.</p>
            <Link className="btn" to="/explore">
              Explore public theories of change
            </Link>
          </section>
          <CreateOrgForm first={false} />
        </aside>
      </div>
    </div>
  );
}
