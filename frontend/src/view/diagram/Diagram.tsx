/** Placeholder: to be built (issue 11). */
export function Diagram() {
  return <p className="muted">Diagram: not built yet.</p>;
}
