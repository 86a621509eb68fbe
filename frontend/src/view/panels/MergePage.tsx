/** Placeholder: to be built (issue 11). */
export function MergePage() {
  return <p className="muted">MergePage: not built yet.</p>;
}
