/**
 * Results from a spreadsheet file: download the template (one row per indicator and period
 * due), fill it in, check it (a dry run: every problem listed by row and column, and the first
 * rows as they will be read), then import it, every row or none (view/common/ImportCheck).
 */
import { periodLabel, type ImportReport } from "../../model";
import { api } from "../../sync";
import { ImportCheck, ImportPreview, type ImportWords } from "../common/ImportCheck";

const rows = (n: number) => `${n} row${n === 1 ? "" : "s"}`;

const WORDS: ImportWords<ImportReport> = {
  title: "Import from a spreadsheet file",
  fileLabel: "File to import (.csv or .xlsx; or an IATI .xml or CIDS .jsonld export)",
  run: (r) => `Import ${rows(r.rows)}`,
  running: "Importing…",
  done: (r, file) => `Imported ${rows(r.rows)} from ${file}.`,
  ready: (r) => `${rows(r.rows)}, no problems found.`,
  refused: (final) => `Nothing ${final ? "was" : "will be"} imported until every row is right: fix them in the file and check it again.`,
};

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
  return (
    <ImportCheck<ImportReport>
      testid="results-import"
      words={WORDS}
      accept=".csv,.xlsx,.xml,.jsonld,.json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      run={(file, dryRun) => api.importResults(org, graph, file, dryRun)}
      onImported={onImported}
      announce={announce}
      intro={
        <>
          <p>
            Download the template, fill in the <strong>value</strong> column (and categories, notes and sources if you have them), then check
            the file. Nothing is imported until you confirm, and then every row is imported or none.
          </p>
          <p className="row">
            <a className="btn small" href={api.resultsTemplateUrl(org, graph, "xlsx")} download data-testid="template-xlsx">
              Excel template (.xlsx)
            </a>
            <a className="btn small" href={api.resultsTemplateUrl(org, graph, "csv")} download data-testid="template-csv">
              CSV template
            </a>
          </p>
        </>
      }
      preview={(r) =>
        r.preview.length ? (
          <ImportPreview count={r.preview.length}>
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
          </ImportPreview>
        ) : null
      }
    />
  );
}
