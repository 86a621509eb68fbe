/** Placeholder: to be built (issue 11). */
export function ExportMenu() {
  return <p className="muted">ExportMenu: not built yet.</p>;
}
