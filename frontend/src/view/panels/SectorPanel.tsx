/** Placeholder: to be built (issue 11). */
export function SectorPanel() {
  return <p className="muted">SectorPanel: not built yet.</p>;
}
