/** Placeholder: to be built (issue 11). */
export function HistoryPanel() {
  return <p className="muted">HistoryPanel: not built yet.</p>;
}
