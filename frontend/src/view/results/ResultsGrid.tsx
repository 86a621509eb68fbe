/**
 * The results grid: indicators down, reporting periods across, one table per frequency. It
 * works like a spreadsheet (gridNav.ts has the keys): one cell is focused at a time (a roving
 * tab stop), typing replaces its value, F2 or a click on the focused cell edits it, Escape puts
 * it back, Enter / Tab / arrows move; a block copied from Excel, Google Sheets or LibreOffice
 * lands right and down from the focused cell. Nothing is sent until Save, which sends every
 * change as one batch (all or nothing); what is wrong is said per cell (red, with its message
 * in the cell's details and in the list above the grid, each a button that goes there), also
 * when the server refuses the batch (its 422 names the entries). Beside the grid the focused
 * cell's details: its note, source, categories and history (CellPanel). Read-only readers
 * move through it the same way and change nothing.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent, type MouseEvent } from "react";
import {
  buildBatch,
  cellKey,
  cleanCategories,
  editText,
  entryFor,
  issuesFromServer,
  parseClipboard,
  pasteCells,
  periodLabel,
  periodOf,
  problemsSummary,
  shownValue,
  splitCellKey,
  today,
  type CellDraft,
  type CellIssue,
  type Indicator,
  type IndicatorProgress,
  type StoredResult,
} from "../../model";
import { api, ApiError } from "../../sync";
import { errorText } from "../common/errors";
import { CellPanel } from "./CellPanel";
import { StatusBadge } from "./ProgressBits";
import { editAction, isBlock, move, navAction, type Move, type Pos, type Shape } from "./gridNav";
import type { GridSection } from "./sections";

export interface ResultsGridProps {
  org: string;
  graph: string;
  sections: GridSection[];
  /** The current result of each cell. */
  stored: ReadonlyMap<string, StoredResult>;
  readOnly: boolean;
  /** Results were saved (their stored rows). */
  onSaved: (rows: StoredResult[]) => void;
  /** Unsaved changes: how many cells (for the page's guard). */
  onDirty: (n: number) => void;
  announce: (text: string) => void;
  /** Each indicator's progress, when known (a badge in its row). */
  statuses?: Readonly<Record<string, IndicatorProgress>>;
}

const posKey = (p: Pos) => `${p.s}:${p.r}:${p.c}`;

interface CellProps {
  id: string;
  indicator: string;
  period: string;
  text: string;
  draft: boolean;
  problem: string | null;
  note: boolean;
  categories: boolean;
  focused: boolean;
  editing: string | null;
  label: string;
  pos: Pos;
  readOnly: boolean;
  onEditChange: (text: string) => void;
  onEditKey: (ev: KeyboardEvent<HTMLInputElement>) => void;
  onEditBlur: () => void;
}

const Cell = memo(function Cell(p: CellProps) {
  const cls = ["rg-cell", p.draft ? "draft" : "", p.problem ? "invalid" : "", p.focused ? "focused" : "", p.editing !== null ? "editing" : ""].filter(Boolean).join(" ");
  return (
    <td
      id={p.id}
      role="gridcell"
      className={cls}
      tabIndex={p.focused && p.editing === null ? 0 : -1}
      data-pos={posKey(p.pos)}
      data-testid="result-cell"
      data-indicator={p.indicator}
      data-period={p.period}
      aria-invalid={p.problem ? true : undefined}
      aria-readonly={p.readOnly || undefined}
    >
      {p.editing !== null ? (
        <input
          className="rg-input"
          aria-label={`${p.label} (Enter keeps it, Escape puts it back)`}
          value={p.editing}
          autoFocus
          data-testid="result-input"
          onChange={(ev) => p.onEditChange(ev.target.value)}
          onKeyDown={p.onEditKey}
          onBlur={p.onEditBlur}
          onFocus={(ev) => {
            const el = ev.currentTarget;
            const n = el.value.length;
            el.setSelectionRange(n, n);
          }}
        />
      ) : (
        <>
          <span className="rg-value">{p.text}</span>
          {p.note || p.categories ? (
            <span className="rg-marks" aria-hidden="true">
              {p.categories ? "▦" : ""}
              {p.note ? "✎" : ""}
            </span>
          ) : null}
          {p.draft ? <span className="sr-only"> (not saved yet)</span> : null}
          {p.note ? <span className="sr-only"> (has a note)</span> : null}
          {p.problem ? <span className="sr-only"> (problem: {p.problem})</span> : null}
        </>
      )}
    </td>
  );
});

export function ResultsGrid(props: ResultsGridProps) {
  const { org, graph, sections, stored, readOnly, onSaved, onDirty, announce, statuses } = props;
  const [drafts, setDrafts] = useState<Map<string, CellDraft>>(() => new Map());
  const [pos, setPos] = useState<Pos>({ s: 0, r: 0, c: Math.max(0, (sections[0]?.periods.length ?? 1) - 1) });
  const [editing, setEditingState] = useState<{ text: string; original: string } | null>(null);
  // The edit as it is now, for handlers that run after it ended (a blur when the input goes away).
  const editingRef = useRef<{ text: string; original: string } | null>(null);
  const setEditing = (e: { text: string; original: string } | null) => {
    editingRef.current = e;
    setEditingState(e);
  };
  const [serverIssues, setServerIssues] = useState<CellIssue[]>([]);
  const [general, setGeneral] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [tried, setTried] = useState(false);
  const table = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);
  const panelRef = useRef<HTMLDivElement>(null);

  const shape: Shape = useMemo(() => ({ sections: sections.map((s) => ({ rows: s.rows.length, cols: s.periods.length })) }), [sections]);
  const indicators = useMemo(() => new Map(sections.flatMap((s) => s.rows.map((r) => [r.ind.id, r.ind] as [string, Indicator]))), [sections]);
  const names = useMemo(() => new Map([...indicators.values()].map((i) => [i.id, i.name])), [indicators]);
  const order = useMemo(() => sections.flatMap((s) => s.rows.map((r) => r.ind.id)), [sections]);
  const nowPeriods = useMemo(() => new Map(sections.map((s) => [s.frequency, periodOf(today(), s.frequency)])), [sections]);

  // Keep the focused cell inside the grid when its shape changes (a section added or gone).
  const at = (p: Pos) => {
    const sec = sections[p.s];
    const row = sec?.rows[p.r];
    const period = sec?.periods[p.c];
    return sec && row && period ? { sec, row, period, key: cellKey(row.ind.id, period) } : null;
  };
  const here = at(pos) ?? at({ s: 0, r: 0, c: 0 });

  useEffect(() => onDirty(drafts.size), [drafts, onDirty]);

  // The latest periods are on the right: show them first (a phone sees three columns).
  const periodsSig = sections.map((x) => x.periods.join(",")).join(";");
  useEffect(() => {
    for (const el of table.current?.querySelectorAll<HTMLElement>(".rg-scroll") ?? []) el.scrollLeft = el.scrollWidth;
  }, [periodsSig]);

  // Problems: what the cells hold (after a first Save attempt, or as soon as a cell is left with one), and the server's.
  const localIssues = useMemo(() => {
    const out: CellIssue[] = [];
    for (const [key, d] of drafts) {
      const { indicator, period } = splitCellKey(key);
      const ind = indicators.get(indicator);
      if (ind) out.push(...entryFor(ind, period, stored.get(key), d).problems);
    }
    return out;
  }, [drafts, indicators, stored]);
  const issues = useMemo(() => {
    const m = new Map<string, CellIssue[]>();
    for (const i of [...localIssues, ...serverIssues]) m.set(i.key, [...(m.get(i.key) ?? []), i]);
    return m;
  }, [localIssues, serverIssues]);
  const allIssues = useMemo(() => [...issues.values()].flat(), [issues]);

  const focusCell = useCallback((p: Pos) => {
    const el = table.current?.querySelector<HTMLElement>(`[data-pos="${posKey(p)}"]`);
    if (el) {
      el.focus({ preventScroll: false });
      el.scrollIntoView?.({ block: "nearest", inline: "nearest" });
    }
  }, []);

  useEffect(() => {
    if (!wantFocus.current || editing) return;
    wantFocus.current = false;
    focusCell(pos);
  }, [pos, editing, focusCell]);

  const goTo = (p: Pos) => {
    wantFocus.current = true;
    setPos(p);
  };

  const setDraft = useCallback(
    (key: string, patch: CellDraft) => {
      setDrafts((prev) => {
        const next = new Map(prev);
        const d = { ...(prev.get(key) ?? {}), ...patch };
        const { indicator, period } = splitCellKey(key);
        const ind = indicators.get(indicator);
        const st = stored.get(key);
        // A draft that changes nothing the stored value has is no draft.
        const r = ind ? entryFor(ind, period, st, d) : null;
        const same = !!r && r.entry === null && r.problems.length === 0;
        if (same) next.delete(key);
        else next.set(key, d);
        return next;
      });
      setServerIssues((prev) => prev.filter((i) => i.key !== key));
    },
    [indicators, stored],
  );

  const cellText = (key: string, ind: Indicator): string => {
    const d = drafts.get(key);
    if (d?.text !== undefined) return d.text;
    return shownValue(stored.get(key), ind);
  };

  const startEdit = (text: string | null) => {
    if (readOnly || !here) return;
    const d = drafts.get(here.key);
    const current = d?.text ?? editText(stored.get(here.key), here.row.ind);
    setEditing({ text: text ?? current, original: current });
  };

  const commit = (m: Move | null) => {
    const e = editingRef.current;
    if (!e || !here) return;
    setDraft(here.key, { text: e.text });
    setEditing(null);
    const next = m ? move(pos, m, shape) : pos;
    wantFocus.current = true;
    if (next) setPos(next);
    else setPos({ ...pos });
  };

  const onEditKey = (ev: KeyboardEvent<HTMLInputElement>) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      commit(null);
      openDetails();
      return;
    }
    const a = editAction(ev);
    if (a.kind === "none") return;
    ev.preventDefault();
    ev.stopPropagation();
    if (a.kind === "cancel") {
      setEditing(null);
      wantFocus.current = true;
      setPos({ ...pos });
      announce("Change undone: the cell has its value again.");
    } else commit(a.move);
  };

  const openDetails = () => {
    setTimeout(() => panelRef.current?.querySelector<HTMLElement>("textarea, input, button")?.focus(), 0);
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (editing || !(ev.target instanceof HTMLElement) || ev.target.getAttribute("role") !== "gridcell") return;
    const a = navAction(ev, readOnly);
    if (a.kind === "none") return;
    if (a.kind === "move") {
      const next = move(pos, a.move, shape);
      if (next === null) return; // Tab past the last cell: leave the grid
      ev.preventDefault();
      goTo(next);
    } else if (a.kind === "edit") {
      ev.preventDefault();
      startEdit(a.text);
    } else if (a.kind === "clear" && here) {
      ev.preventDefault();
      setDraft(here.key, { text: "" });
      announce(`Cleared ${here.row.ind.name}, ${periodLabel(here.period)}.`);
    } else if (a.kind === "details") {
      ev.preventDefault();
      openDetails();
    }
  };

  /** A click focuses a cell; a second click (or a double click) on it edits it. */
  const onClick = (ev: MouseEvent<HTMLDivElement>) => {
    const td = (ev.target as HTMLElement).closest<HTMLElement>("td[data-pos]");
    if (!td || editingRef.current) return;
    const [s, r, c] = td.dataset.pos!.split(":").map(Number) as [number, number, number];
    const same = pos.s === s && pos.r === r && pos.c === c;
    if ((same && document.activeElement === td) || ev.type === "dblclick") {
      if (!same) setPos({ s, r, c });
      if (!readOnly) {
        const sec = sections[s]!;
        const key = cellKey(sec.rows[r]!.ind.id, sec.periods[c]!);
        const d = drafts.get(key);
        const current = d?.text ?? editText(stored.get(key), sec.rows[r]!.ind);
        setEditing({ text: current, original: current });
      }
    } else if (!same) setPos({ s, r, c });
  };

  const onPaste = (ev: ClipboardEvent<HTMLDivElement>) => {
    if (readOnly || !here) return;
    const text = ev.clipboardData.getData("text/plain");
    const editing = editingRef.current;
    if (editing && !isBlock(text)) return; // text for the cell being edited
    ev.preventDefault();
    const block = parseClipboard(text);
    if (!block.length) return;
    if (editing && block.length === 1 && block[0]!.length === 1) {
      setEditing({ ...editing, text: block[0]![0]! });
      return;
    }
    setEditing(null);
    const sec = sections[pos.s]!;
    const r = pasteCells(block, { row: pos.r, col: pos.c }, { rows: sec.rows.length, cols: sec.periods.length });
    setDrafts((prev) => {
      const next = new Map(prev);
      for (const c of r.cells) {
        const key = cellKey(sec.rows[c.row]!.ind.id, sec.periods[c.col]!);
        next.set(key, { ...(prev.get(key) ?? {}), text: c.text });
      }
      return next;
    });
    const keys = new Set(r.cells.map((c) => cellKey(sec.rows[c.row]!.ind.id, sec.periods[c.col]!)));
    setServerIssues((prev) => prev.filter((i) => !keys.has(i.key)));
    const n = r.cells.length;
    announce(`Pasted ${n} value${n === 1 ? "" : "s"} from ${periodLabel(sec.periods[pos.c]!)} on.${r.clipped ? ` ${r.clipped} fell outside the grid and were left out.` : ""} Save to keep them.`);
    wantFocus.current = true;
    setPos({ ...pos });
  };

  const save = async () => {
    setTried(true);
    // A cell being typed in (Ctrl+S from it) saves what it holds too.
    let all = drafts;
    const typing = editingRef.current;
    if (typing && here) {
      all = new Map(drafts);
      all.set(here.key, { ...(drafts.get(here.key) ?? {}), text: typing.text });
      setDraft(here.key, { text: typing.text });
      setEditing(null);
      wantFocus.current = true;
      setPos({ ...pos });
    }
    const batch = buildBatch(all, indicators, stored, order);
    if (batch.problems.length) {
      announce(problemsSummary(batch.problems, names));
      return;
    }
    if (!batch.entries.length) {
      setDrafts(new Map());
      announce("Nothing to save: the values are as they were.");
      return;
    }
    setSaving(true);
    setGeneral([]);
    try {
      const rows = await api.saveResults(org, graph, batch.entries);
      setDrafts(new Map());
      setServerIssues([]);
      setTried(false);
      onSaved(rows);
      announce(`Saved ${batch.entries.length} result${batch.entries.length === 1 ? "" : "s"}.`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        const r = issuesFromServer(err.body ?? { errors: err.errors }, batch.keys, err.message || "The results were not saved.");
        setServerIssues(r.cells);
        setGeneral(r.general);
        const n = r.cells.length;
        announce(n ? `Not saved: ${n} problem${n === 1 ? "" : "s"} to fix, marked in the grid.` : `Not saved: ${r.general[0]}`);
      } else {
        setGeneral([`Not saved: ${errorText(err)}`]);
        announce(`Not saved: ${errorText(err)}`);
      }
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    setDrafts(new Map());
    setServerIssues([]);
    setGeneral([]);
    setEditing(null);
    setTried(false);
    announce("Changes discarded.");
  };

  // Ctrl+S saves (anywhere on the page).
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    if (readOnly) return;
    const onKey = (ev: globalThis.KeyboardEvent) => {
      if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") {
        ev.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly]);

  const where = (key: string) => {
    const { indicator, period } = splitCellKey(key);
    for (let s = 0; s < sections.length; s++) {
      const r = sections[s]!.rows.findIndex((x) => x.ind.id === indicator);
      const c = sections[s]!.periods.indexOf(period);
      if (r >= 0 && c >= 0) return { s, r, c };
    }
    return null;
  };

  const showProblems = tried || serverIssues.length > 0;
  const listed = showProblems ? allIssues : allIssues.filter((i) => !(editing && here && i.key === here.key));
  const dirty = drafts.size;

  if (!sections.length) return null;

  return (
    <div className="rg-wrap">
      {readOnly ? null : (
        <div className="rg-bar" data-testid="results-savebar">
          <button type="button" className="btn primary" data-testid="results-save" disabled={saving || (!dirty && !editing)} onClick={() => void save()}>
            {saving ? "Saving…" : "Save"}
          </button>
          <button type="button" className="btn" data-testid="results-discard" disabled={saving || !dirty} onClick={discard}>
            Discard changes
          </button>
          <span className="rg-status" data-testid="results-status" aria-live="polite">
            {dirty ? `${dirty} change${dirty === 1 ? "" : "s"} not saved yet` : "All results saved"}
          </span>
        </div>
      )}
      {general.length ? (
        <div className="form-error" role="alert" data-testid="results-general-error">
          {general.map((g, i) => (
            <p key={i}>{g}</p>
          ))}
        </div>
      ) : null}
      {listed.length ? (
        <div className="rg-problems" role={showProblems ? "alert" : undefined} data-testid="results-problems">
          <p>
            <strong>
              {listed.length === 1 ? "1 problem" : `${listed.length} problems`} to fix before saving:
            </strong>
          </p>
          <ul>
            {listed.slice(0, 12).map((i, n) => {
              const { indicator, period } = splitCellKey(i.key);
              const p = where(i.key);
              return (
                <li key={`${i.key}-${i.field}-${n}`}>
                  <button type="button" className="linklike" data-testid="results-problem" disabled={!p} onClick={() => p && goTo(p)}>
                    {names.get(indicator) ?? "An indicator"}, {periodLabel(period)}
                  </button>
                  : {i.message}
                </li>
              );
            })}
            {listed.length > 12 ? <li>…and {listed.length - 12} more.</li> : null}
          </ul>
        </div>
      ) : null}
      <div className="rg-layout">
        <div className="rg-tables" ref={table} onKeyDown={onKeyDown} onPaste={onPaste} onClick={onClick} onDoubleClick={onClick}>
          {sections.map((sec, s) => (
            <section key={sec.frequency} className="rg-section" aria-labelledby={`rg-h-${sec.frequency}`}>
              <h2 id={`rg-h-${sec.frequency}`}>{sec.title}</h2>
              {sec.cut ? <p className="hint">Showing the latest {sec.periods.length} periods ({sec.cut} earlier ones are in the CSV download).</p> : null}
              <div className="rg-scroll" data-testid={`results-grid-${sec.frequency}`}>
                <table role="grid" className="rg-table" aria-labelledby={`rg-h-${sec.frequency}`} aria-readonly={readOnly || undefined} data-testid="results-grid">
                  <thead>
                    <tr>
                      <th scope="col" className="rg-corner">
                        Indicator
                      </th>
                      {sec.periods.map((p) => (
                        <th key={p} scope="col" className={p === nowPeriods.get(sec.frequency) ? "now" : undefined}>
                          {periodLabel(p)}
                          {p === nowPeriods.get(sec.frequency) ? <span className="rg-now"> now</span> : null}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {sec.rows.map((row, r) => (
                      <tr key={row.ind.id} data-testid="result-row" data-indicator={row.ind.id}>
                        <th scope="row" className="rg-name">
                          <span className="rg-ind">{row.ind.name || "Untitled indicator"}</span>
                          {row.node.label && row.node.label !== row.ind.name ? <span className="rg-box">{row.node.label}</span> : null}
                          {statuses?.[row.ind.id] && statuses[row.ind.id]!.status !== "no_target" ? (
                            <span className="rg-st">
                              <span className="sr-only">, </span>
                              <StatusBadge status={statuses[row.ind.id]!.status} testId="result-row-status" />
                            </span>
                          ) : null}
                        </th>
                        {sec.periods.map((period, c) => {
                          const key = cellKey(row.ind.id, period);
                          const d = drafts.get(key);
                          const st = stored.get(key);
                          const focused = pos.s === s && pos.r === r && pos.c === c;
                          const cellIssues = issues.get(key);
                          const cats = d?.categories !== undefined ? cleanCategories(d.categories) : cleanCategories(st?.categories);
                          const note = (d?.note ?? st?.note ?? "").trim();
                          return (
                            <Cell
                              key={period}
                              id={`rc-${s}-${r}-${c}`}
                              indicator={row.ind.id}
                              period={period}
                              text={cellText(key, row.ind)}
                              draft={!!d}
                              problem={cellIssues && (showProblems || !focused || !editing) ? cellIssues[0]!.message : null}
                              note={!!note}
                              categories={!!cats}
                              focused={focused}
                              editing={focused && editing ? editing.text : null}
                              label={`${row.ind.name}, ${periodLabel(period)}`}
                              pos={{ s, r, c }}
                              readOnly={readOnly}
                              onEditChange={(t) => editingRef.current && setEditing({ ...editingRef.current, text: t })}
                              onEditKey={onEditKey}
                              onEditBlur={() => {
                                // Focus went elsewhere (a click outside): keep what was typed.
                                const e = editingRef.current;
                                if (e) {
                                  setDraft(key, { text: e.text });
                                  setEditing(null);
                                }
                              }}
                            />
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
          <p className="rg-legend hint" aria-hidden="true">
            <span className="rg-legend-draft">Yellow</span>: not saved yet · <span className="rg-legend-bad">!</span> a problem to fix · ▦ split by category · ✎ has a
            note
          </p>
        </div>
        {here ? (
          <CellPanel
            ref={panelRef}
            org={org}
            graph={graph}
            row={here.row}
            period={here.period}
            stored={stored.get(here.key)}
            draft={drafts.get(here.key)}
            issues={issues.get(here.key) ?? []}
            readOnly={readOnly}
            onChange={(patch) => setDraft(here.key, patch)}
            onBack={() => {
              wantFocus.current = true;
              setPos({ ...pos });
            }}
          />
        ) : null}
      </div>
    </div>
  );
}
