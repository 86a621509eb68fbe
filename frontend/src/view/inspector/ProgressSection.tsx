/**
 * A box's progress in its details (issue 13): its status, how much of the expected progress
 * it made, and when it is at risk upstream, the boxes that make it so (each a button that
 * goes there); each indicator's own status and reason sit in its card (IndicatorStatus).
 */
import { useMemo } from "react";
import { Link } from "react-router";
import { dayLabel, hasReported, progressByNode, ratioWords, type Indicator } from "../../model";
import { graphPath } from "../common/paths";
import { ProgressBar, StatusBadge, UpstreamNote } from "../results/ProgressBits";
import { useEditor, useEditorState } from "../toc/context";

export function ProgressSection({ nodeId }: { nodeId: string }) {
  const ctl = useEditor();
  const progress = useEditorState((s) => s.progress);
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const bp = useMemo(() => progressByNode(progress).get(nodeId), [progress, nodeId]);
  if (!progress || !bp || (!bp.status && !bp.atRisk)) return null;
  return (
    <section className="subsection progress-section" aria-labelledby={`progress-h-${nodeId}`} data-testid="node-progress">
      <h3 id={`progress-h-${nodeId}`}>Progress</h3>
      {bp.status ? (
        <p className="row">
          <StatusBadge status={bp.status} testId="node-status" />
          {bp.fraction !== null ? (
            <>
              <ProgressBar ratio={bp.ratio} fraction={bp.fraction} />
              <span className="small">{ratioWords(bp.ratio)}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {bp.atRisk ? (
        <UpstreamNote
          reasons={bp.reasons}
          onPick={(id) => {
            ctl.select({ nodes: [id], edges: [] });
            ctl.requestFocus("node", id);
          }}
        />
      ) : null}
      <p className="hint">
        As of {dayLabel(progress.as_of)} ·{" "}
        <Link to={`${graphPath(org, graph)}/results`} data-testid="node-results-link">
          Results
        </Link>{" "}
        ·{" "}
        <Link to={`${graphPath(org, graph)}/dashboard/pathway?to=${encodeURIComponent(nodeId)}`} data-testid="node-pathway-link">
          Pathway to this box
        </Link>
      </p>
    </section>
  );
}

/** One indicator's status and why, in its card. */
export function IndicatorStatus({ ind }: { ind: Indicator }) {
  const p = useEditorState((s) => (hasReported(s.progress) ? s.progress?.indicators[ind.id] : undefined));
  if (!p) return null;
  return (
    <p className="ind-status span-6" data-testid="indicator-status">
      <StatusBadge status={p.status} testId="indicator-status-badge" /> <span className="small">{p.reason}</span>
    </p>
  );
}
