/** Placeholder: to be built (issue 11). */
export function ProposalPage() {
  return <p className="muted">ProposalPage: not built yet.</p>;
}
