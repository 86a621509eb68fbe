/** Placeholder: to be built (issue 11). */
export function ConnectButton() {
  return <p className="muted">ConnectButton: not built yet.</p>;
}
