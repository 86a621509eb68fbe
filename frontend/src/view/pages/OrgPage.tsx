/** Placeholder: to be built (issue 11). */
export function OrgPage() {
  return <p className="muted">OrgPage: not built yet.</p>;
}
