/** Sign in (/signin?next=...) and sign up (/signup?next=...). */
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, ApiError } from "../../sync";
import { errorText } from "../common/errors";
import { useAuth } from "../shell/auth";
import { useTitle } from "../shell/useTitle";
import { FormError, TextField } from "../common/fields";
import { PasswordField } from "./forms";
import { fieldErrors, safeNext } from "./words";
import "./pages.css";

function AlreadySignedIn({ username, next }: { username: string; next: string }) {
  return (
    <div className="page narrow">
      <div className="card">
        <h1>You are signed in</h1>
        <p>
          You are signed in as <strong>{username}</strong>.
        </p>
        <p>
          <Link className="btn primary" to={next}>
            Continue
          </Link>
        </p>
      </div>
    </div>
  );
}

export function SignIn() {
  useTitle("Sign in");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { user, signedIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  if (user && !busy) return <AlreadySignedIn username={user.username} next={next} />;

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setError("");
    setBusy(true);
    try {
      const u = await api.signIn(username.trim(), password);
      await signedIn(u);
      void navigate(next, { replace: true });
    } catch (err) {
      setBusy(false);
      setError(
        err instanceof ApiError && (err.status === 401 || err.status === 400 || err.status === 422)
          ? "That username and password do not match. Please try again."
          : errorText(err),
      );
    }
  };

  return (
    <div className="page narrow auth-page">
      <form className="card form" data-testid="signin-form" onSubmit={submit} noValidate={false}>
        <h1>Sign in</h1>
        {next !== "/" ? <p className="muted">Sign in to continue to the page you opened.</p> : null}
        <TextField
          id="signin-username"
          label="Username"
          autoComplete="username"
          required
          autoFocus
          testid="signin-username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <PasswordField
          purpose="current"
          id="signin-password"
          label="Password"
          testid="signin-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FormError text={error} />
        <button className="btn primary wide" type="submit" disabled={busy} data-testid="signin-submit">
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p>
          New here? <Link to={next !== "/" ? `/signup?next=${encodeURIComponent(next)}` : "/signup"}>Create an account</Link>
        </p>
      </form>
    </div>
  );
}

const SIGNUP_FIELDS = { username: "The username", email: "The e-mail", password: "The password" };

export function SignUp() {
  useTitle("Create an account");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { user, signedIn } = useAuth();
  const navigate = useNavigate();
  const [values, setValues] = useState({ username: "", email: "", password: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  if (user && !busy) return <AlreadySignedIn username={user.username} next={next} />;

  const set = (k: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setError("");
    setErrors({});
    setBusy(true);
    const username = values.username.trim();
    try {
      await api.signUp(username, values.email.trim(), values.password);
      const u = await api.signIn(username, values.password);
      await signedIn(u);
      void navigate(next, { replace: true });
    } catch (err) {
      setBusy(false);
      const at = fieldErrors(err, SIGNUP_FIELDS);
      setErrors(at);
      const first = Object.keys(SIGNUP_FIELDS).find((k) => at[k]);
      if (first) document.getElementById(`signup-${first}`)?.focus();
      else setError(errorText(err));
    }
  };

  return (
    <div className="page narrow auth-page">
      <form className="card form" data-testid="signup-form" onSubmit={submit}>
        <h1>Create an account</h1>
        <p className="muted">Free, for anyone working on a theory of change. You can create or join an organisation next.</p>
        <TextField
          id="signup-username"
          label="Username"
          autoComplete="username"
          required
          autoFocus
          pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{1,39}"
          title="2–40 letters, digits, dots, dashes or underscores"
          hint="What colleagues see next to your changes: 2–40 letters, digits, dots, dashes or underscores."
          testid="signup-username"
          error={errors.username}
          value={values.username}
          onChange={set("username")}
        />
        <TextField
          id="signup-email"
          label="E-mail"
          type="email"
          autoComplete="email"
          required
          hint="Colleagues can add you to their organisation with it."
          testid="signup-email"
          error={errors.email}
          value={values.email}
          onChange={set("email")}
        />
        <PasswordField
          purpose="new"
          id="signup-password"
          label="Password"
          testid="signup-password"
          error={errors.password}
          value={values.password}
          onChange={set("password")}
        />
        <FormError text={error} />
        <button className="btn primary wide" type="submit" disabled={busy} data-testid="signup-submit">
          {busy ? "Creating your account…" : "Create account"}
        </button>
        <p>
          Already have an account? <Link to={next !== "/" ? `/signin?next=${encodeURIComponent(next)}` : "/signin"}>Sign in</Link>
        </p>
      </form>
    </div>
  );
}
