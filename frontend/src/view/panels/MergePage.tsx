/**
 * /{org}/{graph}/merge?source=&target=: merge a branch (or the original a fork came from,
 * source=upstream) into a branch. A clean merge is one click; conflicts go through the merge
 * view, one choice each.
 */
import { useEffect, useMemo, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api, ApiError, type Conflict, type Graph, type MergePreview, type Resolution, type Tree } from "../../sync";
import { errorText } from "../common/errors";
import { treePath, upstreamOf } from "../common/paths";
import { useAuth } from "../shell/auth";
import { NotFound } from "../shell/NotFound";
import { useToast } from "../shell/toasts";
import { useTitle } from "../shell/useTitle";
import { ChangeList } from "./ChangeList";
import { Crumbs } from "./Crumbs";
import { conflictLabeler, labelsOf, MergeView } from "./MergeView";
import { describeCompare } from "./words";
import "./panels.css";

interface Loaded {
  info: Graph;
  preview: MergePreview;
  target: Tree;
  source: Tree | null;
  upstreamTitle: string | null;
}

export function MergePage() {
  const { org = "", graph = "" } = useParams();
  const loc = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const { user } = useAuth();
  const q = new URLSearchParams(loc.search);
  const source = q.get("source") ?? "upstream";
  const targetParam = q.get("target");
  const [data, setData] = useState<Loaded | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState("");
  useTitle(data ? `Merge · ${data.info.title}` : "Merge");

  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    (async () => {
      const info = await api.graph(org, graph);
      const target = targetParam ?? info.default_branch;
      const [preview, targetTree] = await Promise.all([api.mergePreview(org, graph, source, target), api.tree(org, graph, target)]);
      const sourceTree = preview.source_head ? await api.tree(org, graph, preview.source_head).catch(() => null) : null;
      const up = upstreamOf(info.upstream);
      const upstreamTitle = source === "upstream" && up ? await api.graph(up.org, up.graph).then((g) => g.title, () => null) : null;
      if (live) {
        setData({ info, preview, target: targetTree, source: sourceTree, upstreamTitle });
        setConflicts(preview.conflicts ?? []);
      }
    })().catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [org, graph, source, targetParam, user?.username]);

  const labels = useMemo(() => {
    if (!data) return new Map<string, string>();
    const m = labelsOf(data.target.doc);
    if (data.source) labelsOf(data.source.doc, m);
    return m;
  }, [data]);

  if (error) {
    if (error instanceof ApiError && [401, 403, 404].includes(error.status))
      return <NotFound what="Nothing to merge here" detail={errorText(error)} />;
    return <NotFound what="Something went wrong" detail={errorText(error)} />;
  }
  if (!data || conflicts === null)
    return (
      <p className="page muted" aria-busy="true">
        Working out what the merge would do…
      </p>
    );

  const { info, preview } = data;
  const target = targetParam ?? info.default_branch;
  const back = treePath(org, graph, target, info.default_branch);
  const sourceWords = source === "upstream" ? (data.upstreamTitle ? `the original (${data.upstreamTitle})` : "the original") : source;
  const theirsName = source === "upstream" ? "Theirs (the original)" : `Theirs (${source})`;

  const merge = async (resolutions?: Resolution[]) => {
    setBusy(true);
    setFailed("");
    try {
      await api.merge(org, graph, source, target, source === "upstream" ? "Brought in the original's changes" : `Merged ${source} into ${target}`, resolutions);
      toast(source === "upstream" ? "The original's changes are in." : `Merged ${source} into ${target}.`);
      void navigate(back);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.conflicts.length) {
        setConflicts(err.conflicts);
        toast("New conflicts appeared meanwhile: please choose again.", "error");
        return;
      }
      if (resolutions) throw err;
      setFailed(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const theirs = preview.theirs;
  const items = theirs
    ? describeCompare(
        theirs,
        (id) => labels.get(id),
        (id) => data.source?.doc.nodes[id]?.kind ?? data.target.doc.nodes[id]?.kind,
        (id) => data.source?.doc.edges[id] ?? data.target.doc.edges[id],
      )
    : [];

  return (
    <div className="page merge-page" data-testid="merge-page">
      <Crumbs org={org} graph={graph} title={info.title}>
        Merge
      </Crumbs>
      <h1>
        Merge {sourceWords} into {target}
      </h1>
      {!info.can_write ? (
        <p className="notice">Only editors of this theory of change can merge into it.</p>
      ) : preview.result === "up_to_date" && !conflicts.length ? (
        <div className="card">
          <p data-testid="merge-up-to-date">
            Nothing to merge: {target} already has every change from {sourceWords}.
          </p>
          <Link className="btn" to={back}>
            Back to the editor
          </Link>
        </div>
      ) : conflicts.length ? (
        <section className="card" aria-labelledby="conflicts-title">
          <h2 id="conflicts-title">Choose what to keep</h2>
          <MergeView conflicts={conflicts} labelFor={conflictLabeler(labels)} names={{ ours: `Ours (${target})`, theirs: theirsName }} onSubmit={(r) => merge(r)} />
        </section>
      ) : (
        <section className="card" aria-labelledby="clean-title">
          <h2 id="clean-title">No conflicts</h2>
          <p>
            {preview.result === "fast_forward"
              ? `${target} has not changed since; it will simply take these changes.`
              : `The changes can be merged as they are. ${target} keeps its own changes too.`}
          </p>
          <div className="row">
            <button type="button" className="btn primary" data-testid="merge-submit" disabled={busy} onClick={() => void merge()}>
              {busy ? "Merging…" : "Merge"}
            </button>
            <Link className="btn" to={back}>
              Cancel
            </Link>
          </div>
          {failed ? (
            <p className="form-error" role="alert">
              {failed}
            </p>
          ) : null}
        </section>
      )}
      {items.length ? (
        <section className="card" aria-labelledby="incoming-title">
          <h2 id="incoming-title">What {sourceWords} changed</h2>
          <ChangeList items={items} />
        </section>
      ) : null}
    </div>
  );
}
