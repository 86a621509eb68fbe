/** Placeholder: to be built (issue 11). */
export function Members() {
  return <p className="muted">Members: not built yet.</p>;
}
