/**
 * The pathway view: pick an impact or an outcome and see the chain feeding it, nearest first
 * (the boxes leading to it directly, then those two steps before, and so on), each box with its
 * status, the share of expected progress, what is at risk upstream of it, and its indicators
 * with their status and why. The choice is in the address (?to=<box id>), so it can be shared.
 */
import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import {
  distanceWords,
  hasReported,
  KIND_LABELS,
  pathwayCounts,
  pathwayEnds,
  pathwayTo,
  progressByNode,
  ratioWords,
  STATUS_WORDS,
  statusOf,
  type Dashboard,
  type Doc,
  type PathwayStep,
  type Progress,
  type Status,
} from "../../model";
import { ProgressBar, StatusBadge, UpstreamNote } from "./ProgressBits";

function countsSentence(counts: Record<Status | "none", number>, total: number, label: string): string {
  const parts = (["off_track", "behind", "no_recent_data", "on_track"] as const).filter((s) => counts[s]).map((s) => `${counts[s]} ${STATUS_WORDS[s].toLowerCase()}`);
  const none = counts.none + counts.no_target;
  if (none) parts.push(`${none} without a status`);
  const n = total - 1;
  return n
    ? `${n} box${n === 1 ? "" : "es"} lead${n === 1 ? "s" : ""} to “${label}”. Of the whole pathway: ${parts.join(", ")}.`
    : `Nothing leads to “${label}” yet: draw arrows into it in the editor.`;
}

export function PathwayView({ doc, progress, dashboard, base }: { doc: Doc; progress: Progress; dashboard: Dashboard; base: string }) {
  const [params, setParams] = useSearchParams();
  const ends = useMemo(() => pathwayEnds(doc), [doc]);
  const wanted = params.get("to");
  const to = wanted && doc.nodes[wanted] ? wanted : (ends[0]?.id ?? null);
  const steps = useMemo(() => (to ? pathwayTo(doc, to) : []), [doc, to]);
  const byNode = useMemo(() => progressByNode(progress), [progress]);
  const reported = hasReported(progress);
  const indicatorReason = useMemo(() => new Map(dashboard.indicators.map((i) => [i.id, i])), [dashboard]);
  const groups = useMemo(() => {
    const out: { distance: number; steps: PathwayStep[] }[] = [];
    for (const s of steps) {
      const last = out[out.length - 1];
      if (last && last.distance === s.distance) last.steps.push(s);
      else out.push({ distance: s.distance, steps: [s] });
    }
    return out;
  }, [steps]);

  if (!ends.length)
    return (
      <p className="notice" data-testid="pathway-empty">
        This theory of change has no outcome or impact yet, so there is no pathway to show.
      </p>
    );
  const target = to ? doc.nodes[to] : undefined;
  const go = (id: string) => {
    const next = new URLSearchParams(params);
    next.set("to", id);
    setParams(next, { replace: false });
    requestAnimationFrame(() => document.getElementById("pathway-summary")?.focus());
  };
  return (
    <div className="pathway" data-testid="pathway">
      <div className="field pathway-pick">
        <label htmlFor="pathway-to">Show the pathway to</label>
        <select id="pathway-to" value={to ?? ""} data-testid="pathway-to" onChange={(ev) => go(ev.target.value)}>
          {ends.map((n) => (
            <option key={n.id} value={n.id}>
              {KIND_LABELS[n.kind]}
              {n.horizon ? ` (${n.horizon} term)` : ""}: {n.label || "untitled"}
            </option>
          ))}
        </select>
      </div>
      {target ? (
        <p id="pathway-summary" className="pathway-summary" tabIndex={-1} data-testid="pathway-summary">
          {countsSentence(pathwayCounts(steps, byNode), steps.length, target.label)}
        </p>
      ) : null}
      {groups.map((g) => (
        <section key={g.distance} className={`pathway-step${g.distance === 0 ? " chosen" : ""}`} aria-labelledby={`pw-h-${g.distance}`}>
          <h2 id={`pw-h-${g.distance}`}>{distanceWords(g.distance)}</h2>
          <ul className="pathway-boxes">
            {g.steps.map((s) => {
              const bp = byNode.get(s.node.id);
              return (
                <li key={s.node.id} className={`pathway-box kind-${s.node.kind}`} data-testid="pathway-box" data-id={s.node.id} data-status={bp?.status ?? undefined}>
                  <div className="pw-head">
                    <span className={`kind-dot ${s.node.kind}`} aria-hidden="true" />
                    <span className="pw-kind">{KIND_LABELS[s.node.kind]}</span>
                    <h3 className="pw-label">{s.node.label || "Untitled"}</h3>
                  </div>
                  <p className="pw-status">
                    {bp?.status ? <StatusBadge status={bp.status} testId="pathway-status" /> : <span className="muted small">No status (no indicator with data)</span>}
                    {bp && bp.fraction !== null ? (
                      <>
                        <ProgressBar ratio={bp.ratio} fraction={bp.fraction} />
                        <span className="small">{ratioWords(bp.ratio)}</span>
                      </>
                    ) : null}
                  </p>
                  {bp?.atRisk ? <UpstreamNote reasons={bp.reasons} /> : null}
                  {s.node.indicators.length ? (
                    <ul className="pw-indicators">
                      {s.node.indicators.map((ind) => {
                        const p = reported ? progress.indicators[ind.id] : undefined;
                        const st = p?.status ?? (reported ? statusOf(indicatorReason.get(ind.id)?.status) : null);
                        return (
                          <li key={ind.id} data-testid="pathway-indicator">
                            {st ? <StatusBadge status={st} testId="pathway-indicator-status" /> : null} <strong>{ind.name}</strong>
                            {p?.reason ? <span className="small muted"> {p.reason}</span> : null}
                          </li>
                        );
                      })}
                    </ul>
                  ) : null}
                  {s.feeds.length ? (
                    <p className="small pw-feeds">
                      Leads to{" "}
                      {s.feeds.map((f, i) => (
                        <span key={f}>
                          {i ? ", " : ""}
                          {f === to ? (
                            <strong>“{doc.nodes[f]?.label}”</strong>
                          ) : (
                            <button type="button" className="linklike" onClick={() => go(f)} title="Show the pathway to this box">
                              “{doc.nodes[f]?.label}”
                            </button>
                          )}
                        </span>
                      ))}
                    </p>
                  ) : null}
                  {s.node.kind !== "activity" && s.node.id !== to && s.distance > 0 && (s.node.kind === "outcome" || s.node.kind === "impact") ? (
                    <button type="button" className="linklike small" onClick={() => go(s.node.id)} data-testid="pathway-go">
                      Pathway to this box
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      <p className="hint">
        <Link to={base}>Open the diagram</Link> to change the pathway.
      </p>
    </div>
  );
}
