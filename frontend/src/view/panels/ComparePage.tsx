/** Placeholder: to be built (issue 11). */
export function ComparePage() {
  return <p className="muted">ComparePage: not built yet.</p>;
}
