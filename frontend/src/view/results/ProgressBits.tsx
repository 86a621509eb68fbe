/**
 * Progress as every screen shows it: a status badge (a mark and a word on the status's tint,
 * never colour alone), a small bar of the progress made against the progress expected, and
 * "At risk upstream because “Young people coached” is behind" with the boxes named (buttons
 * that go to them, where there is somewhere to go).
 */
import { Fragment } from "react";
import { ratioWords, STATUS_MARKS, STATUS_WORDS, UPSTREAM_WORD, type Status, type UpstreamReason } from "../../model";
import { upstreamLook } from "../palette";
import "./progress.css";

export function StatusBadge({ status, testId = "status-badge", className = "" }: { status: Status; testId?: string; className?: string }) {
  return (
    <span className={`status-badge st-${status}${className ? ` ${className}` : ""}`} data-status={status} data-testid={testId}>
      <span className="st-mark" aria-hidden="true">
        {STATUS_MARKS[status]}
      </span>
      {STATUS_WORDS[status]}
    </span>
  );
}

/** The share of the expected progress made (0..1 filled); its words for screen readers. */
export function ProgressBar({ ratio, fraction, className = "" }: { ratio: number | null; fraction: number | null; className?: string }) {
  if (fraction === null) return null;
  return (
    <span className={`progress-bar${className ? ` ${className}` : ""}`} role="img" aria-label={ratioWords(ratio)} data-testid="progress-bar" data-fraction={fraction.toFixed(2)}>
      <span className="progress-fill" style={{ width: `${Math.round(fraction * 100)}%` }} />
    </span>
  );
}

function reasonWord(r: UpstreamReason): string {
  return r.status ? STATUS_WORDS[r.status].toLowerCase() : "at risk";
}

/** "⚠ At risk upstream because “A” is behind and “B” is off track" (the nearest three named). */
export function UpstreamNote({ reasons, onPick }: { reasons: readonly UpstreamReason[]; onPick?: (id: string) => void }) {
  if (!reasons.length) return null;
  const named = reasons.slice(0, 3);
  const more = reasons.length - named.length;
  const parts = named.map((r) => (
    <Fragment key={r.id}>
      {onPick ? (
        <button type="button" className="linklike" data-testid="upstream-reason" onClick={() => onPick(r.id)}>
          “{r.label || "a box"}”
        </button>
      ) : (
        <span data-testid="upstream-reason">“{r.label || "a box"}”</span>
      )}{" "}
      is {reasonWord(r)}
    </Fragment>
  ));
  const all = more > 0 ? [...parts, <Fragment key="more">{`${more} more ${more === 1 ? "is" : "are"} behind or off track`}</Fragment>] : parts;
  return (
    <p className="upstream-note" data-testid="upstream-note">
      <span className="up-mark" aria-hidden="true">
        {upstreamLook().mark}
      </span>{" "}
      <strong>{UPSTREAM_WORD}</strong> because{" "}
      {all.map((p, i) => (
        <Fragment key={i}>
          {i > 0 ? (i === all.length - 1 ? " and " : ", ") : null}
          {p}
        </Fragment>
      ))}
      .
    </p>
  );
}
