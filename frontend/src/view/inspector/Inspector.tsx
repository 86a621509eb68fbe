/** Placeholder: to be built (issue 11). */
export function Inspector() {
  return <p className="muted">Inspector: not built yet.</p>;
}
