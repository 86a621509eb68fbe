/** Placeholder: to be built (issue 11). */
export function HomeOrLanding() {
  return <p className="muted">HomeOrLanding: not built yet.</p>;
}
