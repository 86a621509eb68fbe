/** Placeholder: to be built (issue 11). */
export function ChecksPanel() {
  return <p className="muted">ChecksPanel: not built yet.</p>;
}
