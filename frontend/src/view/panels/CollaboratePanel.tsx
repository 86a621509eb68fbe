/** Placeholder: to be built (issue 11). */
export function CollaboratePanel() {
  return <p className="muted">CollaboratePanel: not built yet.</p>;
}
