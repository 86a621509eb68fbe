/**
 * /{org}/{graph}/proposals/{n}: one proposal: what and why, the changes it proposes, support
 * (votes), the discussion, and for the receiving team: merge (through the merge view when
 * both sides changed the same thing) or close. Works on a phone.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { api, ApiError, authorName, type Compare, type Conflict, type Graph, type Proposal, type Resolution, type Tree } from "../../sync";
import { errorText } from "../common/errors";
import { comparePath, graphPath } from "../common/paths";
import { useAuth } from "../shell/auth";
import { NotFound } from "../shell/NotFound";
import { useToast } from "../shell/toasts";
import { useTitle } from "../shell/useTitle";
import { ChangeList } from "./ChangeList";
import { Crumbs } from "./Crumbs";
import { useConfirm } from "../common/ConfirmDialog";
import { conflictLabeler, labelsOf, MergeView } from "./MergeView";
import { describeCompare, fullDate, plural, timeAgo } from "./words";
import "./panels.css";

/** "org/graph:branch" -> its parts; null for words such as "a private fork". */
export function parseSource(source: string): { org: string; graph: string; branch: string } | null {
  const m = /^([^\s/]+)\/([^\s:]+):(\S+)$/.exec(source);
  return m ? { org: m[1]!, graph: m[2]!, branch: m[3]! } : null;
}

function voteCount(p: Proposal): number {
  const v = p.votes;
  if (typeof v === "number") return v;
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === "object") return Number(v.up ?? v.total ?? 0);
  return 0;
}

const STATUS_WORDS: Record<string, string> = { open: "open", merged: "merged", closed: "closed" };

export function ProposalPage() {
  const { org = "", graph = "", n = "" } = useParams();
  const num = Number(n);
  const { user } = useAuth();
  const toast = useToast();
  const [dialog, confirm] = useConfirm();
  const [info, setInfo] = useState<Graph | null>(null);
  const [p, setP] = useState<Proposal | null>(null);
  const [target, setTarget] = useState<Tree | null>(null);
  const [proposed, setProposed] = useState<Tree | null>(null);
  const [orgNames, setOrgNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [forced, setForced] = useState<Conflict[] | null>(null);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState("");
  const [note, setNote] = useState("");
  const [mergedParent, setMergedParent] = useState<string | null>(null);
  useTitle(p ? `${p.title} · proposal ${p.number}` : "Proposal");

  const load = useCallback(async () => {
    const [g, prop] = await Promise.all([api.graph(org, graph), api.proposal(org, graph, num)]);
    setInfo(g);
    setP(prop);
    return { g, prop };
  }, [org, graph, num]);

  useEffect(() => {
    let live = true;
    setError(null);
    load().then(
      async ({ g, prop }) => {
        // Names of the boxes, from the receiving ToC and from the proposed version.
        const [t, s] = await Promise.all([
          api.tree(org, graph, prop.target || g.default_branch).catch(() => null),
          prop.source_commit ? api.tree(org, graph, prop.source_commit).catch(() => null) : Promise.resolve(null),
        ]);
        if (!live) return;
        setTarget(t);
        setProposed(s);
        const src = parseSource(prop.source);
        const slugs = [...new Set([org, ...(src ? [src.org] : [])])];
        const names = await Promise.all(slugs.map((o) => api.org(o).then((x) => [o, x.name] as const, () => [o, o] as const)));
        if (live) setOrgNames(Object.fromEntries(names));
        const merged = typeof prop.merged_commit === "string" ? prop.merged_commit : null;
        if (merged) {
          const c = await api.commits(org, graph, merged, 1).catch(() => []);
          if (live && c[0]?.parents?.[0]) setMergedParent(c[0].parents[0]);
        }
      },
      (err) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [load, org, graph, user?.username]);

  const labels = useMemo(() => {
    const m = new Map<string, string>();
    // The receiving ToC's names first (conflicts are named as its team knows the boxes).
    if (target) labelsOf(target.doc, m);
    if (proposed) labelsOf(proposed.doc, m);
    return m;
  }, [proposed, target]);

  if (!Number.isInteger(num) || num <= 0) return <NotFound what="Not a proposal" />;
  if (error) {
    if (error instanceof ApiError && [401, 403, 404].includes(error.status))
      return <NotFound what="Not found" detail={`There is no proposal ${n} to ${org}/${graph}, or you cannot see it.`} />;
    return <NotFound what="Something went wrong" detail={errorText(error)} />;
  }
  if (!p || !info)
    return (
      <p className="page muted" aria-busy="true">
        Loading the proposal…
      </p>
    );

  const open = p.status === "open";
  const me = user?.username;
  const author = authorName(p.author);
  const isAuthor = !!me && author === me;
  const votes = voteCount(p);
  const voted = !!p.voted;
  const src = parseSource(p.source);
  const sameGraph = src && src.org === org && src.graph === graph;
  const conflicts = forced ?? p.preview?.conflicts ?? [];
  const diff: Compare | null = p.preview?.theirs ?? p.preview?.diff ?? null;
  const items = diff
    ? describeCompare(
        diff,
        (id) => labels.get(id),
        (id) => proposed?.doc.nodes[id]?.kind ?? target?.doc.nodes[id]?.kind,
        (id) => proposed?.doc.edges[id] ?? target?.doc.edges[id],
      )
    : [];
  const base = p.preview?.merge_base;
  const compareLink = open && base && p.source_commit ? comparePath(org, graph, base, p.source_commit) : mergedParent && typeof p.merged_commit === "string" ? comparePath(org, graph, mergedParent, p.merged_commit) : null;

  const run = async (what: string, f: () => Promise<unknown>, failText: string) => {
    setBusy(what);
    try {
      await f();
    } catch (err) {
      toast(`${failText}: ${errorText(err)}`, "error", 8000);
    } finally {
      setBusy("");
    }
  };

  const vote = () =>
    run(
      "vote",
      async () => {
        const q = (await api.vote(org, graph, num, !voted)) as Proposal | undefined;
        if (q && typeof q === "object" && "votes" in q) setP({ ...p, votes: q.votes, voted: q.voted });
        else await load();
      },
      "Could not vote",
    );

  const sendComment = async (ev: FormEvent) => {
    ev.preventDefault();
    const body = comment.trim();
    if (!body) return;
    await run(
      "comment",
      async () => {
        await api.comment(org, graph, num, body);
        setComment("");
        await load();
      },
      "Could not comment",
    );
  };

  const merge = async (resolutions?: Resolution[]) => {
    setBusy("merge");
    try {
      await api.mergeProposal(org, graph, num, resolutions);
      setForced(null);
      toast(`Proposal ${num} merged.`);
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setForced(err.conflicts);
        toast("Both sides changed the same things: choose what to keep, then merge.", "info", 7000);
        return;
      }
      if (resolutions) throw err;
      toast(`Could not merge: ${errorText(err)}`, "error", 8000);
    } finally {
      setBusy("");
    }
  };

  const close = async () => {
    const ok = await confirm({
      title: "Close this proposal?",
      body: "It will not be merged. It can be proposed again later.",
      confirm: "Close proposal",
      danger: true,
    });
    if (!ok) return;
    await run(
      "close",
      async () => {
        await api.closeProposal(org, graph, num);
        await load();
      },
      "Could not close",
    );
  };

  const update = async () => {
    const ok = await confirm({
      title: "Update this proposal?",
      body: `The proposal will show your theory of change as it is now: its latest version is published to everyone who can read ${info.title}, in place of the version proposed so far.`,
      confirm: "Update proposal",
    });
    if (!ok) return;
    await run(
      "update",
      async () => {
        const before = p.source_commit;
        const q = await api.updateProposal(org, graph, num);
        setForced(null);
        setNote(q?.source_commit && q.source_commit === before ? "Nothing new: the proposal already shows your latest version." : "The proposal now shows your latest version.");
        await load();
      },
      "Could not update the proposal",
    );
  };

  const sourceWords = !src ? (
    <span>{p.source}</span>
  ) : sameGraph ? (
    <>
      the branch <strong>{src.branch}</strong>
    </>
  ) : (
    <>
      <Link to={graphPath(src.org, src.graph)}>{orgNames[src.org] ?? src.org}’s copy</Link> (branch {src.branch})
    </>
  );

  return (
    <div className="page proposal-page" data-testid="proposal-page">
      {dialog}
      <Crumbs org={org} graph={graph} title={info.title}>
        Proposal {p.number}
      </Crumbs>
      <h1>
        {p.title} <span className="muted">#{p.number}</span>
      </h1>
      <p className="proposal-meta">
        <span className={`badge status-${p.status}`} data-testid="proposal-status">
          {STATUS_WORDS[p.status] ?? p.status}
        </span>{" "}
        <strong>{author}</strong> proposes changes from {sourceWords} to {orgNames[org] ?? "this organisation"}’s {p.target}
        {p.created_at ? (
          <>
            {" "}
            · <time dateTime={p.created_at} title={fullDate(p.created_at)}>{timeAgo(p.created_at)}</time>
          </>
        ) : null}
      </p>
      {p.description ? <p className="proposal-desc">{p.description}</p> : null}

      <div className="support row" aria-live="polite">
        <span data-testid="vote-count">{plural(votes, "supporter")}</span>
        {open && me ? (
          <button type="button" className="btn small" aria-pressed={voted} data-testid="vote" disabled={busy === "vote"} onClick={() => void vote()}>
            {voted ? "Withdraw my support" : "Support this proposal"}
          </button>
        ) : null}
        {!me ? <Link to={`/signin?next=${encodeURIComponent(location.pathname)}`}>Sign in to support or comment</Link> : null}
      </div>

      <div className="proposal-columns">
        <section className="card" aria-labelledby="changes-title" data-testid="proposed-version">
          <h2 id="changes-title">Proposed changes</h2>
          {items.length ? <ChangeList items={items} by={[author]} /> : diff ? <p className="muted">The proposed version adds nothing new.</p> : <p className="muted">{open ? "No preview available." : `This proposal is ${p.status}.`}</p>}
          {compareLink ? (
            <p>
              <Link to={compareLink} data-testid="proposal-compare">
                See the changes on the diagram
              </Link>
            </p>
          ) : null}
          {open ? (
            <p className="hint">
              This proposal shows the version proposed {p.created_at ? `on ${fullDate(p.created_at)}` : "when it was opened"}; later changes to the copy
              are not part of it unless the proposer updates it.
            </p>
          ) : null}
          {open && (p.can_update ?? isAuthor) ? (
            <div className="row">
              <button type="button" className="btn small" data-testid="proposal-update" disabled={busy === "update"} onClick={() => void update()}>
                Update proposal
              </button>
              <span className="hint">Publishes your latest version into this proposal.</span>
            </div>
          ) : null}
          {note ? (
            <p role="status" className="ok-text" data-testid="proposal-update-result">
              {note}
            </p>
          ) : null}
        </section>

        <section className="card" aria-labelledby="merge-title">
          <h2 id="merge-title">Decision</h2>
          {!open ? (
            <p>
              This proposal is {STATUS_WORDS[p.status] ?? p.status}.
            </p>
          ) : !info.can_write ? (
            <>
              <p className="muted">Editors of {info.title} decide whether to merge it.</p>
              {isAuthor ? (
                <button type="button" className="btn" data-testid="proposal-close" disabled={!!busy} onClick={() => void close()}>
                  Withdraw (close) the proposal
                </button>
              ) : null}
            </>
          ) : conflicts.length ? (
            <MergeView
              conflicts={conflicts}
              labelFor={conflictLabeler(labels)}
              names={{ ours: `Ours (${p.target})`, theirs: "Theirs (the proposal)" }}
              onSubmit={(r) => merge(r)}
              submitText="Merge with these choices"
            />
          ) : (
            <div className="row">
              <button type="button" className="btn primary" data-testid="proposal-merge" disabled={!!busy} onClick={() => void merge()}>
                {busy === "merge" ? "Merging…" : "Merge proposal"}
              </button>
              <button type="button" className="btn" data-testid="proposal-close" disabled={!!busy} onClick={() => void close()}>
                Close without merging
              </button>
            </div>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="discussion-title">
        <h2 id="discussion-title">Discussion</h2>
        {(p.comments ?? []).length ? (
          <ul className="comments" data-testid="comments">
            {(p.comments ?? []).map((c, i) => (
              <li key={i} data-testid="comment">
                <strong>{authorName(c.author)}</strong>{" "}
                {c.created_at ? (
                  <time className="muted small" dateTime={c.created_at} title={fullDate(c.created_at)}>
                    {timeAgo(c.created_at)}
                  </time>
                ) : null}
                <p>{c.body}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No comments yet.</p>
        )}
        {me ? (
          <form className="form comment-form" onSubmit={(ev) => void sendComment(ev)}>
            <label htmlFor="comment-body">Add a comment</label>
            <textarea id="comment-body" rows={3} required data-testid="comment-body" value={comment} onChange={(ev) => setComment(ev.target.value)} />
            <button type="submit" className="btn" data-testid="comment-submit" disabled={busy === "comment"}>
              Comment
            </button>
          </form>
        ) : null}
      </section>
    </div>
  );
}
