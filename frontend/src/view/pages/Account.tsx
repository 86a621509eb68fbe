/** Placeholder: to be built (issue 11). */
export function Account() {
  return <p className="muted">Account: not built yet.</p>;
}
