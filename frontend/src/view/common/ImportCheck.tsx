/**
 * A file imported in two steps, for every import of rows (results, a portfolio's invitations):
 * choose the file, check it (a dry run: every problem listed by row and column), then import it,
 * every row or none. What the rows are, the words, the template links and the preview are the
 * caller's.
 */
import { useId, useRef, useState, type ReactNode } from "react";
import type { ImportProblem } from "../../model";
import { errorText } from "./errors";
import "./importCheck.css";

/** What a dry run (or the import) answers. */
export interface CheckedFile {
  rows: number;
  valid: boolean;
  problems: ImportProblem[];
}

export interface ImportWords<R extends CheckedFile> {
  title: string;
  /** The label of the file field. */
  fileLabel: string;
  /** The button that imports a checked file: "Import 12 rows". */
  run(r: R): string;
  /** That button while it works: "Importing…". */
  running: string;
  /** Said once it is done: "Imported 12 rows from results.csv." */
  done(r: R, fileName: string): string;
  /** A checked file without problems: "12 rows, no problems found." */
  ready(r: R): string;
  /** After the problems are counted: nothing happens until every row is right. */
  refused(final: boolean): string;
}

export function ImportCheck<R extends CheckedFile>({
  testid,
  words,
  accept,
  intro,
  run,
  onImported,
  announce,
  preview,
}: {
  testid: string;
  words: ImportWords<R>;
  accept: string;
  /** What to put in the file, and its template. */
  intro: ReactNode;
  run(file: File, dryRun: boolean): Promise<R>;
  onImported(r: R): void;
  announce(text: string): void;
  /** The first rows as they will be read (shown after a dry run). */
  preview?: (r: R) => ReactNode;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<{ file: File; report: R; final: boolean } | null>(null);
  const [busy, setBusy] = useState<"check" | "import" | null>(null);
  const [error, setError] = useState<string | null>(null);

  const go = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? "check" : "import");
    setError(null);
    try {
      const r = await run(file, dryRun);
      setReport({ file, report: r, final: !dryRun });
      const problems = `${r.problems.length} problem${r.problems.length === 1 ? "" : "s"} in the file`;
      if (!dryRun && r.valid) {
        announce(words.done(r, file.name));
        onImported(r);
        setFile(null);
        if (input.current) input.current.value = "";
      } else if (!r.valid) announce(`${problems}. ${words.refused(!dryRun)}`);
      else announce(`${file.name}: ${words.ready(r)}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const r = report?.report;
  const current = report && file && report.file === file;
  const shownPreview = r && !report.final && preview ? preview(r) : null;
  return (
    <section className="card import-panel" aria-labelledby={`${id}-h`} data-testid={testid}>
      <h2 id={`${id}-h`}>{words.title}</h2>
      {intro}
      <div className="field">
        <label htmlFor={`${id}-file`}>{words.fileLabel}</label>
        <input
          ref={input}
          id={`${id}-file`}
          type="file"
          accept={accept}
          data-testid="import-file"
          onChange={(ev) => {
            setFile(ev.target.files?.[0] ?? null);
            setError(null);
          }}
        />
      </div>
      <div className="row">
        <button type="button" className="btn" disabled={!file || !!busy} data-testid="import-check" onClick={() => void go(true)}>
          {busy === "check" ? "Checking…" : "Check the file"}
        </button>
        {current && r?.valid && !report.final ? (
          <button type="button" className="btn primary" disabled={!!busy} data-testid="import-run" onClick={() => void go(false)}>
            {busy === "import" ? words.running : words.run(r)}
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
              {words.done(r, report.file.name)}
            </p>
          ) : r.valid ? (
            <p className="ok-text" data-testid="import-valid">
              {report.file.name}: {words.ready(r)}
            </p>
          ) : (
            <p className="error-text" data-testid="import-invalid">
              <strong>
                {report.file.name}: {r.problems.length} problem{r.problems.length === 1 ? "" : "s"} in {r.rows} row{r.rows === 1 ? "" : "s"}.
              </strong>{" "}
              {words.refused(report.final)}
            </p>
          )}
          {r.problems.length ? <ImportProblems problems={r.problems} /> : null}
          {shownPreview}
        </div>
      ) : null}
    </section>
  );
}

/** The problems of a file, by row (the header is row 1) and column. */
export function ImportProblems({ problems }: { problems: ImportProblem[] }) {
  return (
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
          {problems.map((p, i) => (
            <tr key={i} data-testid="import-problem">
              <td>{p.row}</td>
              <td>{p.column}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The first rows of a checked file as they will be read, folded away. */
export function ImportPreview({ count, children }: { count: number; children: ReactNode }) {
  return (
    <details className="import-preview">
      <summary>
        The first {count} row{count === 1 ? "" : "s"} as they will be read
      </summary>
      <div className="table-scroll">{children}</div>
    </details>
  );
}
