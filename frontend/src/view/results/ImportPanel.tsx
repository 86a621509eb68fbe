/**
 * Results from a spreadsheet file: download the template (one row per indicator and period
 * due), fill it in, check it (a dry run: every problem listed by row and column, and the first
 * rows as they will be read), then import it, every row or none.
 */
import { useId, useRef, useState } from "react";
import { periodLabel, type ImportReport } from "../../model";
import { api } from "../../sync";
import { errorText } from "../common/errors";

export function ImportPanel({
  org,
  graph,
  names,
  onImported,
  announce,
}: {
  org: string;
  graph: string;
  /** Indicator names by id, for the preview. */
  names: ReadonlyMap<string, string>;
  onImported: () => void;
  announce: (text: string) => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<{ file: File; report: ImportReport; final: boolean } | null>(null);
  const [busy, setBusy] = useState<"check" | "import" | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? "check" : "import");
    setError(null);
    try {
      const r = await api.importResults(org, graph, file, dryRun);
      setReport({ file, report: r, final: !dryRun });
      if (!dryRun && r.valid) {
        announce(`Imported ${r.rows} row${r.rows === 1 ? "" : "s"}.`);
        onImported();
        setFile(null);
        if (input.current) input.current.value = "";
      } else if (!r.valid) announce(`${r.problems.length} problem${r.problems.length === 1 ? "" : "s"} in the file: nothing was imported.`);
      else announce(`The file is ready: ${r.rows} row${r.rows === 1 ? "" : "s"} can be imported.`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const r = report?.report;
  const current = report && file && report.file === file;
  return (
    <section className="card import-panel" aria-labelledby={`${id}-h`} data-testid="results-import">
      <h2 id={`${id}-h`}>Import from a spreadsheet file</h2>
      <p>
        Download the template, fill in the <strong>value</strong> column (and categories, notes and sources if you have them), then check the
        file. Nothing is imported until you confirm, and then every row is imported or none.
      </p>
      <p className="row">
        <a className="btn small" href={api.resultsTemplateUrl(org, graph, "xlsx")} download data-testid="template-xlsx">
          Excel template (.xlsx)
        </a>
        <a className="btn small" href={api.resultsTemplateUrl(org, graph, "csv")} download data-testid="template-csv">
          CSV template
        </a>
      </p>
      <div className="field">
        <label htmlFor={`${id}-file`}>File to import (.csv or .xlsx; or an IATI .xml or CIDS .jsonld export)</label>
        <input
          ref={input}
          id={`${id}-file`}
          type="file"
          accept=".csv,.xlsx,.xml,.jsonld,.json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          data-testid="import-file"
          onChange={(ev) => {
            setFile(ev.target.files?.[0] ?? null);
            setError(null);
          }}
        />
      </div>
      <div className="row">
        <button type="button" className="btn" disabled={!file || !!busy} data-testid="import-check" onClick={() => void run(true)}>
          {busy === "check" ? "Checking…" : "Check the file"}
        </button>
        {current && r?.valid && !report.final ? (
          <button type="button" className="btn primary" disabled={!!busy} data-testid="import-run" onClick={() => void run(false)}>
            {busy === "import" ? "Importing…" : `Import ${r.rows} row${r.rows === 1 ? "" : "s"}`}
          </button>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert" data-testid="import-error">
          {error}
        </p>
      ) : null}
      {r ? (
        <div className="import-report" data-testid="import-report" aria-live="polite">
          {report.final && r.valid ? (
            <p className="ok-text" data-testid="import-done">
              Imported {r.rows} row{r.rows === 1 ? "" : "s"} from {report.file.name}.
            </p>
          ) : r.valid ? (
            <p className="ok-text" data-testid="import-valid">
              {report.file.name}: {r.rows} row{r.rows === 1 ? "" : "s"}, no problems found.
            </p>
          ) : (
            <p className="error-text" data-testid="import-invalid">
              <strong>
                {report.file.name}: {r.problems.length} problem{r.problems.length === 1 ? "" : "s"} in {r.rows} row{r.rows === 1 ? "" : "s"}.
              </strong>{" "}
              Nothing {report.final ? "was" : "will be"} imported until every row is right: fix them in the file and check it again.
            </p>
          )}
          {r.problems.length ? (
            <div className="table-scroll">
              <table className="data-table" data-testid="import-problems">
                <caption className="sr-only">Problems in the file, by row and column</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {r.problems.map((p, i) => (
                    <tr key={i} data-testid="import-problem">
                      <td>{p.row}</td>
                      <td>{p.column}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {r.preview.length && !report.final ? (
            <details className="import-preview">
              <summary>
                The first {r.preview.length} row{r.preview.length === 1 ? "" : "s"} as they will be read
              </summary>
              <div className="table-scroll">
                <table className="data-table" data-testid="import-preview">
                  <thead>
                    <tr>
                      <th scope="col">Indicator</th>
                      <th scope="col">Period</th>
                      <th scope="col">Value</th>
                      <th scope="col">Note</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.preview.map((e, i) => (
                      <tr key={i}>
                        <td>{names.get(e.indicator) ?? e.indicator}</td>
                        <td>{periodLabel(e.period)}</td>
                        <td>{e.value ?? e.text_value ?? (e.numerator != null ? `${e.numerator}/${e.denominator}` : "")}</td>
                        <td>{e.note ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
