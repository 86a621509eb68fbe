/**
 * A chart's numbers as a table, closed under "Show the numbers": the text alternative of
 * the results and sector charts. The first cell of each row heads it (a period).
 *
 * @example
 * <NumbersTable caption="Jobs: expected and reported" head={["Period", "Reported"]}
 *   rows={[["Q1 2026", "12"]]} testId="chart-table" />
 */
export function NumbersTable(props: { caption: string; head: readonly string[]; rows: readonly (readonly string[])[]; testId: string }) {
  const { caption, head, rows, testId } = props;
  return (
    <details className="chart-table">
      <summary>Show the numbers</summary>
      <div className="table-scroll">
        <table className="data-table" data-testid={testId}>
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r[0]}>
                {r.map((c, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {c}
                    </th>
                  ) : (
                    <td key={i}>{c}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
