/** The changes between two versions, as lists a person reads: added, removed, changed. */
import type { ChangeItem } from "./words";
import { listWords } from "./words";

const HEADINGS: Record<ChangeItem["change"], string> = {
  added: "Added",
  removed: "Removed",
  changed: "Changed",
};

/** `by`: who made the changes, when one person did (a removed box says "removed by Ana"). */
export function ChangeList({ items, by, headingLevel = 3 }: { items: ChangeItem[]; by?: string[]; headingLevel?: 2 | 3 }) {
  if (!items.length) return <p className="muted" data-testid="no-changes">The two versions are the same.</p>;
  const H = headingLevel === 2 ? "h2" : "h3";
  const who = by && by.length ? listWords(by) : null;
  return (
    <div className="change-list" data-testid="change-list">
      {(["added", "removed", "changed"] as const).map((kind) => {
        const list = items.filter((i) => i.change === kind);
        if (!list.length) return null;
        return (
          <section key={kind} className={`diff-group ${kind}`}>
            <H>
              <span className={`change-mark ${kind}`} aria-hidden="true">
                {kind === "added" ? "+" : kind === "removed" ? "−" : "~"}
              </span>
              {HEADINGS[kind]} ({list.length})
            </H>
            <ul className="plain changes">
              {list.map((i) => (
                <li key={`${i.entity}-${i.id}`} data-testid="change" data-change={i.change} data-entity={i.entity} data-id={i.id}>
                  <span className="change-title">{i.title}</span>
                  {kind === "removed" ? <span className="muted"> {who ? `removed by ${who}` : "removed"}</span> : null}
                  {kind === "added" && who ? <span className="muted"> added by {who}</span> : null}
                  {i.details.length ? (
                    <ul className="plain change-details">
                      {i.details.map((d, n) => (
                        <li key={n}>{d}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
