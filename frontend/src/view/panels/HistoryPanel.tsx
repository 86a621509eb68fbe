/**
 * History of the branch shown: runs of one person's edits as one entry ("Ana made 14 changes ·
 * 3 min ago"), expandable to each change; compare any version with the current one, see what
 * a version changed, open it read-only, restore it (through the server, as a new version).
 */
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { api, type Commit } from "../../sync";
import { errorText } from "../common/errors";
import { useEditor, useEditorState } from "../toc/context";
import { comparePath, treePath } from "../common/paths";
import { useToast } from "../shell/toasts";
import { useConfirm } from "../common/ConfirmDialog";
import { commitMessage, fullDate, groupCommits, groupTitle, statsSentence, timeAgo, type CommitGroup } from "./words";
import "./panels.css";

const PAGE = 50;

export function HistoryPanel() {
  const ctl = useEditor();
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const branch = useEditorState((s) => s.branch);
  const head = useEditorState((s) => s.head);
  const canEdit = useEditorState((s) => s.canEdit);
  const defaultBranch = useEditorState((s) => s.info.default_branch);
  const toast = useToast();
  const [dialog, confirm] = useConfirm();
  const [commits, setCommits] = useState<Commit[] | null>(null);
  const [more, setMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState("");
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const ref = branch ?? head;

  // The first page, again whenever the branch moves (a save, a colleague's change).
  const [wanted, setWanted] = useState(PAGE);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api.commits(org, graph, ref, wanted).then(
        (cs) => {
          if (!live) return;
          setCommits(cs);
          setMore(cs.length === wanted);
          setError("");
        },
        (err) => live && setError(errorText(err)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [org, graph, ref, head, wanted]);

  const loadMore = async () => {
    if (!commits?.length) return;
    setLoadingMore(true);
    try {
      const older = await api.commits(org, graph, ref, PAGE, commits[commits.length - 1]!.id);
      setCommits([...commits, ...older]);
      setMore(older.length === PAGE);
      setWanted(commits.length + older.length);
    } catch (err) {
      toast(`Could not load older changes: ${errorText(err)}`, "error");
    } finally {
      setLoadingMore(false);
    }
  };

  const restore = useCallback(
    async (c: Commit) => {
      const when = fullDate(c.created_at);
      const ok = await confirm({
        title: "Restore this version?",
        body: `The ${branch ?? "current"} branch will be put back as it was on ${when}. This is saved as a new version: nothing in the history is lost, and you can undo it by restoring again.`,
        confirm: "Restore",
      });
      if (!ok) return;
      setBusy(true);
      try {
        await ctl.restore(c.id, `Restored the version of ${when}`);
        toast(`Restored the version of ${when}.`);
        void ctl.refreshLayout();
      } catch (err) {
        toast(`Could not restore: ${errorText(err)}`, "error", 8000);
      } finally {
        setBusy(false);
      }
    },
    [branch, confirm, ctl, toast],
  );

  const current = commits?.[0]?.id;
  const row = (c: Commit, inGroup: boolean) => {
    const isCurrent = c.id === current && !!branch;
    const stats = statsSentence(c.stats);
    return (
      <div className={`commit-row${isCurrent ? " current" : ""}`} data-testid="commit" data-commit={c.id}>
        <div className="commit-msg">{commitMessage(c)}</div>
        <div className="muted small">
          {inGroup ? null : <>{authorOf(c)} · </>}
          <time dateTime={c.created_at} title={fullDate(c.created_at)}>
            {timeAgo(c.created_at)}
          </time>
          {stats ? ` · ${stats}` : ""}
          {isCurrent ? " · current version" : ""}
        </div>
        <div className="row commit-actions">
          {c.parents?.[0] ? (
            <Link className="btn small" data-testid="commit-changes" to={comparePath(org, graph, c.parents[0], c.id) + branchQuery(branch)}>
              What changed
            </Link>
          ) : null}
          {!isCurrent ? (
            <>
              <Link className="btn small" data-testid="commit-compare" to={comparePath(org, graph, c.id, ref) + branchQuery(branch)}>
                Compare with now
              </Link>
              <Link className="btn small ghost" data-testid="commit-open" to={treePath(org, graph, c.id, defaultBranch)}>
                View
              </Link>
              {canEdit ? (
                <button type="button" className="btn small" data-testid="commit-restore" disabled={busy} onClick={() => void restore(c)}>
                  Restore
                </button>
              ) : null}
            </>
          ) : null}
        </div>
      </div>
    );
  };

  const group = (g: CommitGroup) => {
    const key = g.commits[0]!.id;
    if (g.commits.length === 1)
      return (
        <li key={key} className="commit-group" data-testid="commit-group" data-count={1}>
          {row(g.commits[0]!, false)}
        </li>
      );
    const newest = g.commits[0]!;
    const oldest = g.commits[g.commits.length - 1]!;
    const expanded = open.has(key);
    const listId = `group-${key}`;
    return (
      <li key={key} className="commit-group multi" data-testid="commit-group" data-count={g.commits.length}>
        <div className="group-head">
          <button
            type="button"
            className="group-toggle"
            aria-expanded={expanded}
            aria-controls={listId}
            data-testid="group-toggle"
            onClick={() => {
              const next = new Set(open);
              if (expanded) next.delete(key);
              else next.add(key);
              setOpen(next);
            }}
          >
            <span className="chev" aria-hidden="true">
              {expanded ? "▾" : "▸"}
            </span>
            <span className="commit-msg">{groupTitle(g)}</span>
          </button>
          <div className="muted small">
            <time dateTime={newest.created_at} title={`${fullDate(oldest.created_at)} to ${fullDate(newest.created_at)}`}>
              {timeAgo(newest.created_at)}
            </time>
            {newest.id === current && branch ? " · current version" : ""}
          </div>
          {oldest.parents?.[0] ? (
            <div className="row commit-actions">
              <Link className="btn small" data-testid="group-changes" to={comparePath(org, graph, oldest.parents[0], newest.id) + branchQuery(branch)}>
                What changed
              </Link>
            </div>
          ) : null}
        </div>
        {expanded ? (
          <ol className="group-commits" id={listId}>
            {g.commits.map((c) => (
              <li key={c.id}>{row(c, true)}</li>
            ))}
          </ol>
        ) : null}
      </li>
    );
  };

  return (
    <div className="history" data-testid="history-panel">
      <h2>History</h2>
      {dialog}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : commits === null ? (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      ) : (
        <>
          <p className="hint">
            {branch ? `Every saved version of ${branch}, newest first.` : "The versions before this one, newest first."} Open an entry to see
            each change.
          </p>
          <ol className="commits">{groupCommits(commits).map(group)}</ol>
          {more ? (
            <button type="button" className="btn small" data-testid="history-more" disabled={loadingMore} onClick={() => void loadMore()}>
              {loadingMore ? "Loading…" : "Show older changes"}
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}

function authorOf(c: Commit): string {
  const a = c.author;
  if (!a) return "Someone";
  return typeof a === "string" ? a : (a.username ?? a.name ?? "Someone");
}

/** Compare pages remember the branch they were opened from (to restore onto it). */
function branchQuery(branch: string | null): string {
  return branch ? `?branch=${encodeURIComponent(branch)}` : "";
}
