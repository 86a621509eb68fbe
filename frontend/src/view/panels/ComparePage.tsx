/**
 * /{org}/{graph}/compare/{base}...{head}: what changed between two versions, as the server's
 * diff diagram (added green, removed red, changed amber) and as a list in words; pickers to
 * choose other versions; "Restore this version" onto a branch the reader may edit.
 */
import { useEffect, useMemo, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api, ApiError, authorName, type Branch, type Commit, type Compare, type Graph, type Tree } from "../../sync";
import { errorText } from "../common/errors";
import { SelectField } from "../common/fields";
import { comparePath, treePath } from "../common/paths";
import { useAuth } from "../shell/auth";
import { NotFound } from "../shell/NotFound";
import { useToast } from "../shell/toasts";
import { useTitle } from "../shell/useTitle";
import { ChangeList } from "./ChangeList";
import { Crumbs } from "./Crumbs";
import { useConfirm } from "../common/ConfirmDialog";
import { commitMessage, compareSummary, describeCompare, fullDate, listWords } from "./words";
import "./panels.css";

interface Loaded {
  info: Graph;
  branches: Branch[];
  diff: Compare;
  base: Tree;
  head: Tree;
  /** Recent versions of the branch the page was opened from (for the pickers, and authors). */
  history: Commit[];
  baseCommit: Commit | null;
  headCommit: Commit | null;
}

/** "a...b" -> ["a", "b"]; null when the address is not a range. */
export function splitSpec(spec: string): [string, string] | null {
  const i = spec.indexOf("...");
  if (i <= 0 || i + 3 >= spec.length) return null;
  return [spec.slice(0, i), spec.slice(i + 3)];
}

function versionWords(ref: string, commit: Commit | null, branches: Branch[]): string {
  if (branches.some((b) => b.name === ref)) return `the latest ${ref}`;
  if (!commit) return "an earlier version";
  const msg = commitMessage(commit);
  return `“${msg.length > 60 ? `${msg.slice(0, 59)}…` : msg}” (${fullDate(commit.created_at)})`;
}

function optionText(c: Commit): string {
  const msg = commitMessage(c);
  return `${fullDate(c.created_at)} · ${authorName(c.author)} · ${msg.length > 50 ? `${msg.slice(0, 49)}…` : msg}`;
}

export function ComparePage() {
  const { org = "", graph = "", spec = "" } = useParams();
  const loc = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const { user } = useAuth();
  const [dialog, confirm] = useConfirm();
  const range = splitSpec(spec);
  const [baseRef, headRef] = range ?? ["", ""];
  const fromBranch = new URLSearchParams(loc.search).get("branch");
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [img, setImg] = useState<"loading" | "ok" | "failed">("loading");
  const [full, setFull] = useState(false);
  const [busy, setBusy] = useState(false);
  useTitle(data ? `Changes · ${data.info.title}` : "Changes");

  useEffect(() => {
    if (!range) return;
    let live = true;
    setData(null);
    setError(null);
    setImg("loading");
    (async () => {
      const [info, branches, diff, base, head] = await Promise.all([
        api.graph(org, graph),
        api.branches(org, graph).catch(() => [] as Branch[]),
        api.compare(org, graph, baseRef, headRef),
        api.tree(org, graph, baseRef),
        api.tree(org, graph, headRef),
      ]);
      const line = fromBranch && branches.some((b) => b.name === fromBranch) ? fromBranch : headRef;
      const [history, baseOne, headOne] = await Promise.all([
        api.commits(org, graph, line, 100).catch(() => [] as Commit[]),
        api.commits(org, graph, base.commit, 1).catch(() => [] as Commit[]),
        api.commits(org, graph, head.commit, 1).catch(() => [] as Commit[]),
      ]);
      if (live)
        setData({ info, branches, diff, base, head, history, baseCommit: baseOne[0] ?? null, headCommit: headOne[0] ?? null });
    })().catch((err) => live && setError(err));
    return () => {
      live = false;
    };
    // `range` is derived from spec
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org, graph, spec, fromBranch, user?.username]);

  const items = useMemo(() => {
    if (!data) return [];
    const { base, head } = data;
    const labelOf = (id: string) => head.doc.nodes[id]?.label || base.doc.nodes[id]?.label;
    const kindOf = (id: string) => head.doc.nodes[id]?.kind ?? base.doc.nodes[id]?.kind;
    const ends = (id: string) => head.doc.edges[id] ?? base.doc.edges[id];
    return describeCompare(data.diff, labelOf, kindOf, ends);
  }, [data]);

  // Who made the changes: the authors of the versions between base and head, when head's
  // history reaches base.
  const authors = useMemo(() => {
    if (!data) return undefined;
    const all = data.history;
    const start = all.findIndex((c) => c.id === data.head.commit);
    const stop = all.findIndex((c) => c.id === data.base.commit);
    if (start < 0 || stop < 0 || stop < start) return undefined;
    return [...new Set(all.slice(start, stop).map((c) => authorName(c.author)))];
  }, [data]);

  if (!range) return <NotFound what="Not a comparison" detail="A comparison's address ends in compare/OLDER...NEWER." />;
  if (error) {
    if (error instanceof ApiError && [401, 403, 404].includes(error.status))
      return <NotFound what="Not found" detail={`These versions of ${org}/${graph} do not exist, or you cannot see them.`} />;
    return <NotFound what="Something went wrong" detail={errorText(error)} />;
  }
  if (!data)
    return (
      <p className="page muted" aria-busy="true">
        Loading the comparison…
      </p>
    );

  const { info, branches } = data;
  const editBranch = fromBranch && branches.some((b) => b.name === fromBranch) ? fromBranch : info.default_branch;
  const editHead = branches.find((b) => b.name === editBranch)?.head;
  const back = treePath(org, graph, editBranch, info.default_branch);
  const q = fromBranch ? `?branch=${encodeURIComponent(fromBranch)}` : "";

  // Options for the pickers: the branches, then the versions of the branch, plus the ones shown.
  const options: { value: string; text: string }[] = [
    ...branches.map((b) => ({ value: b.name, text: `${b.name} (latest)` })),
    ...data.history.map((c) => ({ value: c.id, text: optionText(c) })),
  ];
  for (const [ref, c] of [
    [baseRef, data.baseCommit],
    [headRef, data.headCommit],
  ] as const)
    if (!options.some((o) => o.value === ref)) options.push({ value: ref, text: c ? optionText(c) : ref });
  const versions = options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.text}
    </option>
  ));

  const pick = (which: "base" | "head", value: string) => {
    const [b, h] = which === "base" ? [value, headRef] : [baseRef, value];
    void navigate(comparePath(org, graph, b, h) + q);
  };

  // A side can be restored when it is a version (not a branch) other than the branch's head.
  const restorable = info.can_write
    ? ([
        ["base", baseRef, data.base.commit, data.baseCommit],
        ["head", headRef, data.head.commit, data.headCommit],
      ] as const).filter(([, ref, commit]) => !branches.some((b) => b.name === ref) && commit !== editHead)
    : [];

  const restore = async (commit: string, c: Commit | null) => {
    const when = c ? fullDate(c.created_at) : "";
    const ok = await confirm({
      title: "Restore this version?",
      body: `The ${editBranch} branch will be put back as it was${when ? ` on ${when}` : ""}. This is saved as a new version: nothing in the history is lost.`,
      confirm: "Restore",
    });
    if (!ok) return;
    setBusy(true);
    try {
      await api.restore(org, graph, editBranch, commit, when ? `Restored the version of ${when}` : "Restored an earlier version");
      toast(`Restored${when ? ` the version of ${when}` : ""} on ${editBranch}.`);
      void navigate(back);
    } catch (err) {
      toast(`Could not restore: ${errorText(err)}`, "error", 8000);
    } finally {
      setBusy(false);
    }
  };

  const svg = api.compareRenderUrl(org, graph, baseRef, headRef, "svg");
  const pdf = api.compareRenderUrl(org, graph, baseRef, headRef, "pdf");
  const summary = compareSummary(data.diff);

  return (
    <div className="page compare-page" data-testid="compare-page">
      {dialog}
      <Crumbs org={org} graph={graph} title={info.title}>
        Compare versions
      </Crumbs>
      <h1>What changed</h1>
      <p className="lead">
        From {versionWords(baseRef, data.baseCommit, branches)} to {versionWords(headRef, data.headCommit, branches)}
        .{authors?.length ? <> Changes by {listWords(authors)}.</> : null}
      </p>
      <form className="version-pickers" onSubmit={(ev) => ev.preventDefault()} aria-label="Versions to compare">
        <SelectField id="compare-base" label="Older version" testid="compare-base" value={baseRef} onChange={(ev) => pick("base", ev.target.value)}>
          {versions}
        </SelectField>
        <button type="button" className="btn small swap" data-testid="compare-swap" aria-label="Swap the two versions" onClick={() => void navigate(comparePath(org, graph, headRef, baseRef) + q)}>
          ⇄ Swap
        </button>
        <SelectField id="compare-head" label="Newer version" testid="compare-head" value={headRef} onChange={(ev) => pick("head", ev.target.value)}>
          {versions}
        </SelectField>
      </form>

      <div className="compare-banner" data-testid="compare-banner" role="status">
        <strong>{summary}.</strong>
        <div className="row">
          <Link className="btn small" to={back} data-testid="compare-close">
            Back to the editor
          </Link>
          {restorable.map(([side, , commit, c]) => (
            <button
              key={side}
              type="button"
              className="btn small primary"
              data-testid="restore-this"
              data-side={side}
              disabled={busy}
              onClick={() => void restore(commit, c)}
            >
              {`Restore the ${side === "base" ? "older" : "newer"} version`}
            </button>
          ))}
        </div>
      </div>

      <div className="compare-body">
        <section className="card compare-changes" aria-labelledby="changes-title">
          <h2 id="changes-title">Changes</h2>
          <ChangeList items={items} by={authors?.length === 1 ? authors : undefined} />
        </section>
        <section className="card compare-diagram" aria-labelledby="diagram-title">
          <div className="row spread">
            <h2 id="diagram-title">Diagram</h2>
            <div className="row">
              <button type="button" className="btn small" aria-pressed={full} data-testid="compare-zoom" onClick={() => setFull(!full)}>
                {full ? "Fit to width" : "Full size"}
              </button>
              <a className="btn small" href={svg} target="_blank" rel="noopener" data-testid="compare-diagram">
                Open the diagram
              </a>
              <a className="btn small" href={pdf} download data-testid="compare-pdf">
                PDF
              </a>
            </div>
          </div>
          <p className="legend-line small" aria-hidden="true">
            <span className="chip added">added</span> <span className="chip removed">removed</span> <span className="chip changed">changed</span>
          </p>
          <div className={`diff-figure${full ? " full" : ""}`} tabIndex={0} aria-label="Diagram of the changes (scrolls)">
            {img === "loading" ? <p className="muted">Drawing the diagram…</p> : null}
            {img === "failed" ? <p className="error-text">The diagram could not be drawn; the list of changes is complete.</p> : null}
            <img
              src={svg}
              data-testid="compare-image"
              alt={`Diagram of the two versions: ${summary}. Added boxes are green, removed ones red, changed ones amber.`}
              hidden={img === "failed"}
              onLoad={() => setImg("ok")}
              onError={() => setImg("failed")}
            />
          </div>
        </section>
      </div>
    </div>
  );
}
