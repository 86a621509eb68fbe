/** One theory of change as a card: title (the link), organisation name, description, facts. */
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { api, type ExploreItem, type Graph } from "../../sync";
import { graphPath } from "../common/paths";
import { formatDate, plural } from "./words";

/** Titles of ToCs by "org/slug", asked once per page load (a fork's card names its upstream). */
const knownTitles = new Map<string, string>();

/**
 * The titles of these ToCs ("org/slug"): those given, and the others asked from the server
 * (each once; one the viewer cannot read stays unnamed).
 */
export function useTitles(given: Map<string, string>, wanted: readonly (string | null | undefined)[]): Map<string, string> {
  const [tick, setTick] = useState(0);
  const missing = [...new Set(wanted.filter((w): w is string => !!w && !given.has(w) && !knownTitles.has(w)))];
  const key = missing.join(" ");
  useEffect(() => {
    if (!key) return;
    let live = true;
    void Promise.all(
      key.split(" ").map(async (w) => {
        const [org, graph] = w.split("/");
        if (!org || !graph) return;
        try {
          knownTitles.set(w, (await api.graph(org, graph)).title);
        } catch {
          // Unreadable or gone: the card says "Fork of another theory of change".
        }
      }),
    ).then(() => live && setTick((t) => t + 1));
    return () => {
      live = false;
    };
  }, [key]);
  // `tick` moves when knownTitles has grown.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => new Map([...knownTitles, ...given]), [given, tick]);
}

/** The upstream's "org/slug" when the server gave it as a string. */
export function upstreamKey(up: ExploreItem["upstream"] | undefined): string | null {
  return typeof up === "string" ? up.split("#")[0]! : null;
}

/** "Fork of Youth Outcomes Framework" when the title is known. */
export function forkOfText(up: ExploreItem["upstream"] | undefined, titles: Map<string, string>, isPrivate?: boolean): string | null {
  if (!up) return isPrivate ? "Fork of a private theory of change" : null;
  if (typeof up === "string") {
    const title = titles.get(up.split("#")[0]!);
    return title ? `Fork of “${title}”` : "Fork of another theory of change";
  }
  const o = up as { org?: string; slug?: string; graph?: string; title?: string; org_name?: string };
  const title = o.title ?? titles.get(`${o.org}/${o.graph ?? o.slug}`);
  if (!title) return "Fork of another theory of change";
  return `Fork of “${title}”${o.org_name ? ` (${o.org_name})` : ""}`;
}

export function ExploreCard({ item, titles, actions }: { item: ExploreItem; titles: Map<string, string>; actions?: ReactNode }) {
  const forkOf = forkOfText(item.upstream, titles, item.upstream_private);
  const titleId = `toc-${item.org}-${item.slug}`;
  return (
    <li className="toc-card" data-testid="explore-card" data-toc={`${item.org}/${item.slug}`} aria-labelledby={titleId}>
      <h3 id={titleId} className="toc-card-title">
        <Link to={graphPath(item.org, item.slug)} data-testid="explore-open">
          {item.title}
        </Link>
      </h3>
      <p className="toc-card-org">
        by <Link to={`/${encodeURIComponent(item.org)}`}>{item.org_name || item.org}</Link>
      </p>
      {item.description ? <p className="toc-card-desc">{item.description}</p> : null}
      {item.matched_boxes?.length ? (
        <p className="toc-card-matched small">
          <span className="muted">Boxes that match: </span>
          {item.matched_boxes.map((l, i) => (
            <mark key={i}>{l}</mark>
          ))}
        </p>
      ) : null}
      <ul className="facts" aria-label="About this theory of change">
        <li>{plural(item.boxes ?? 0, "box", "boxes")}</li>
        {item.linked_by > 0 ? (
          <li className="fact-framework">
            Shared framework: {item.linked_by === 1 ? "1 theory of change links" : `${item.linked_by} theories of change link`} to it
          </li>
        ) : null}
        {forkOf ? <li>{forkOf}</li> : null}
        {item.updated_at ? <li>Updated {formatDate(item.updated_at, false)}</li> : null}
      </ul>
      {actions ? <div className="toc-card-actions">{actions}</div> : null}
    </li>
  );
}

export function GraphCard({ g, titles }: { g: Graph; titles: Map<string, string> }) {
  const forkOf = forkOfText(g.upstream, titles, g.upstream_private);
  return (
    <li className="toc-card" data-testid="graph-card" data-toc={`${g.org}/${g.slug}`}>
      <h3 className="toc-card-title">
        <Link to={graphPath(g.org, g.slug)}>{g.title}</Link>
      </h3>
      {g.description ? <p className="toc-card-desc">{g.description}</p> : null}
      <ul className="facts" aria-label="About this theory of change">
        <li className={`vis ${g.visibility}`}>{g.visibility === "public" ? "Public" : "Private to the organisation"}</li>
        {forkOf ? <li>{forkOf}</li> : null}
        {g.created_at ? <li>Created {formatDate(g.created_at, false)}</li> : null}
      </ul>
    </li>
  );
}
