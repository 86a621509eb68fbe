/** Placeholder: to be built (issue 11). */
export function Outline() {
  return <p className="muted">Outline: not built yet.</p>;
}
