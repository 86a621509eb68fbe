/** Results of indicators that are no longer in the ToC: kept, shown apart, read-only. */
import { periodLabel, reporterName, type StoredResult } from "../../model";
import type { ArchivedIndicator } from "./sections";

function value(r: StoredResult): string {
  if (typeof r.value === "number") return String(r.value);
  if (r.numerator != null && r.denominator != null) return `${r.numerator}/${r.denominator}`;
  return r.text_value ?? "";
}

export function ArchivedResults({ archived }: { archived: ArchivedIndicator[] }) {
  return (
    <section className="card archived-results" aria-labelledby="archived-h" data-testid="results-archived">
      <h2 id="archived-h">Archived indicators</h2>
      <p className="hint">These indicators were removed from the theory of change. Their results are kept, and can no longer be changed.</p>
      {archived.map((a) => (
        <div key={a.id} className="archived-indicator" data-testid="archived-indicator" data-indicator={a.id}>
          <h3>
            Removed indicator <code>{a.id.slice(0, 8)}</code>
            {a.nodeLabel ? <span className="muted small"> (was in “{a.nodeLabel}”)</span> : null}
          </h3>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Value</th>
                  <th scope="col">Note</th>
                  <th scope="col">Reported by</th>
                </tr>
              </thead>
              <tbody>
                {a.results.map((r) => (
                  <tr key={r.id}>
                    <td>{periodLabel(r.period)}</td>
                    <td>{value(r)}</td>
                    <td>{r.note ?? ""}</td>
                    <td>{reporterName(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
