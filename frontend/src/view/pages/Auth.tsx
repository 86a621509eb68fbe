/** Placeholder: to be built (issue 11). */
export function SignIn() {
  return <p className="muted">SignIn: not built yet.</p>;
}
export function SignUp() {
  return <p className="muted">SignUp: not built yet.</p>;
}
