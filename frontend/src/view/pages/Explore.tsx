/** Placeholder: to be built (issue 11). */
export function Explore() {
  return <p className="muted">Explore: not built yet.</p>;
}
