/** /account: change the password, sign out other browsers, make and revoke API tokens. */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, ApiError, fieldMessages, type ApiToken, type NewApiToken } from "../../sync";
import { errorText } from "../common/errors";
import { useAuth } from "../shell/auth";
import { useToast } from "../shell/toasts";
import { useTitle } from "../shell/useTitle";
import { useConfirm } from "../common/ConfirmDialog";
import { FormError, SelectField, TextField } from "../common/fields";
import { PasswordField } from "./forms";
import { useLoad } from "../common/useLoad";
import { fieldErrors, fieldSentence, formatDate, TOKEN_LIFETIMES, tokenExpiry } from "./words";
import "./pages.css";

export function Account() {
  useTitle("Your account");
  const { user, me } = useAuth();
  const [dialog, confirm] = useConfirm();
  if (!user)
    return (
      <div className="page narrow">
        <h1>Your account</h1>
        <p>
          <Link to="/signin?next=%2Faccount">Sign in</Link> to see your account.
        </p>
      </div>
    );
  return (
    <div className="page account-page" data-testid="account-page">
      <h1>Your account</h1>
      <p className="muted">
        Signed in as <strong>{user.username}</strong>
        {me?.email ? ` (${me.email})` : ""}.
      </p>
      <PasswordSection />
      <SessionsSection confirm={confirm} />
      <TokensSection confirm={confirm} />
      {dialog}
    </div>
  );
}

type Confirm = ReturnType<typeof useConfirm>[1];

function PasswordSection() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setErrors({});
    setError("");
    setDone("");
    if (next !== repeat) {
      setErrors({ repeat: "The two new passwords are not the same." });
      document.getElementById("repeat-password")?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.changePassword(current, next);
      // The server may start this session afresh (a new CSRF token); pick it up.
      await api.session().catch(() => null);
      setCurrent("");
      setNext("");
      setRepeat("");
      setDone("Your password is changed. Your other browsers are signed out.");
    } catch (err) {
      const at = fieldErrors(err, { current_password: "Current password", new_password: "New password" });
      if (err instanceof ApiError && (err.status === 401 || err.status === 403) && !at.current_password)
        at.current_password = err.message || "That is not your current password.";
      setErrors(at);
      if (at.current_password) document.getElementById("current-password")?.focus();
      else if (at.new_password) document.getElementById("new-password")?.focus();
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <p>
        Changing your password signs you out in all your other browsers. <strong>API tokens stay valid</strong> until they
        expire or you revoke them below.
      </p>
      <form className="form narrow-form" data-testid="password-form" onSubmit={submit}>
        <PasswordField
          purpose="current"
          id="current-password"
          label="Current password"
          testid="current-password"
          error={errors.current_password}
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <PasswordField
          purpose="new"
          id="new-password"
          label="New password"
          testid="new-password"
          error={errors.new_password}
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <PasswordField
          purpose="repeat"
          id="repeat-password"
          label="Repeat the new password"
          testid="repeat-password"
          error={errors.repeat}
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
        <FormError text={error} testid="password-error" />
        <button className="btn primary" type="submit" disabled={busy} data-testid="password-submit">
          {busy ? "Changing…" : "Change password"}
        </button>
        <p className="ok-text" role="status" data-testid="password-done">
          {done}
        </p>
      </form>
    </section>
  );
}

function SessionsSection({ confirm }: { confirm: Confirm }) {
  const toast = useToast();
  const [done, setDone] = useState("");
  const run = async () => {
    setDone("");
    const ok = await confirm({
      title: "Sign out your other browsers?",
      body:
        "Every other browser where you are signed in will have to sign in again. This browser stays signed in; API tokens keep working.",
      confirm: "Sign them out",
    });
    if (!ok) return;
    try {
      await api.signOutOtherSessions();
      await api.session().catch(() => null);
      setDone("Your other browsers are signed out.");
    } catch (err) {
      toast(`Could not sign out your other browsers: ${errorText(err)}`, "error", 8000);
    }
  };
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Other browsers</h2>
      <p>Signed in on a shared or lost computer? Sign out everywhere except here.</p>
      <button type="button" className="btn" onClick={() => void run()} data-testid="sign-out-others">
        Sign out my other browsers
      </button>
      <p role="status" className="ok-text" data-testid="sessions-done">
        {done}
      </p>
    </section>
  );
}

function TokensSection({ confirm }: { confirm: Confirm }) {
  const toast = useToast();
  const tokens = useLoad(() => api.tokens(), []);
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [name, setName] = useState("");
  const [days, setDays] = useState(String(TOKEN_LIFETIMES[0]!.days));
  const [nameError, setNameError] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const create = async (ev: FormEvent) => {
    ev.preventDefault();
    setNameError("");
    setError("");
    setBusy(true);
    try {
      const t = await api.createToken(name.trim(), Number(days));
      setCreated(t);
      setName("");
      await tokens.reload();
    } catch (err) {
      const msgs = fieldMessages(err, "name");
      if (msgs.length) {
        setNameError(msgs.map((m) => fieldSentence("The name", m)).join(" "));
        document.getElementById("token-name")?.focus();
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (t: ApiToken) => {
    const label = t.name || "this token";
    const ok = await confirm({
      title: `Revoke “${label}”?`,
      body: "Anything that uses this token stops working at once. This cannot be undone; you can make a new token later.",
      confirm: "Revoke token",
      danger: true,
    });
    if (!ok) return;
    try {
      await api.revokeToken(t.id);
      toast(`Token “${label}” revoked.`);
      if (created && created.id === t.id) setCreated(null);
      await tokens.reload();
      heading.current?.focus();
    } catch (err) {
      toast(`Could not revoke the token: ${errorText(err)}`, "error", 8000);
    }
  };

  const list = tokens.data ?? [];
  return (
    <section className="card" aria-labelledby="tokens-title" data-testid="tokens-section">
      <h2 id="tokens-title" ref={heading} tabIndex={-1}>
        API tokens
      </h2>
      <p>
        A token lets a script or another tool use the API as you: it sends <code>Authorization: Bearer &lt;token&gt;</code>.
        It can do everything you can, so give each tool its own token and revoke the ones you no longer use.
      </p>
      {created ? <SecretBox token={created} /> : null}
      {tokens.error ? (
        <p className="error-text" role="alert">
          Could not load your tokens: {errorText(tokens.error)}
        </p>
      ) : tokens.loading && !tokens.data ? (
        <p className="muted">Loading…</p>
      ) : list.length ? (
        <div className="table-wrap">
          <table className="token-table" data-testid="token-list">
            <caption className="sr-only">Your API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => {
                const exp = tokenExpiry(t);
                return (
                  <tr key={String(t.id)} data-testid="token-row" data-token-id={String(t.id)}>
                    <th scope="row" data-label="Name">
                      {t.name || "Unnamed token"}
                    </th>
                    <td data-label="Created">{formatDate(t.created_at)}</td>
                    <td data-label="Expires" className={exp.expired ? "error-text" : ""}>
                      {exp.text}
                    </td>
                    <td data-label="Last used">{t.last_used_at ? formatDate(t.last_used_at) : "Never"}</td>
                    <td>
                      <button
                        type="button"
                        className="btn small danger"
                        aria-label={`Revoke ${t.name || "this token"}`}
                        data-testid="token-revoke"
                        onClick={() => void revoke(t)}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted" data-testid="no-tokens">
          You have no API tokens.
        </p>
      )}
      <form className="form token-form" data-testid="token-form" onSubmit={create}>
        <h3>New token</h3>
        <div className="token-form-row">
          <TextField
            id="token-name"
            label="Token name"
            required
            maxLength={100}
            placeholder="e.g. Monthly report script"
            testid="token-name"
            error={nameError}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <SelectField id="token-lifetime" label="Works for" testid="token-lifetime" value={days} onChange={(e) => setDays(e.target.value)}>
            {TOKEN_LIFETIMES.map((l) => (
              <option key={l.days} value={String(l.days)}>
                {l.label}
              </option>
            ))}
          </SelectField>
        </div>
        <FormError text={error} testid="token-error" />
        <button className="btn primary" type="submit" disabled={busy} data-testid="token-create">
          {busy ? "Creating…" : "Create token"}
        </button>
      </form>
    </section>
  );
}

/** The new token's secret, shown this once, with a copy button. */
function SecretBox({ token }: { token: NewApiToken }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState("");
  useEffect(() => {
    input.current?.focus();
  }, [token.token]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
    } catch {
      input.current?.select();
      document.execCommand("copy");
    }
    setCopied("Copied.");
  };
  return (
    <div className="secret-box" data-testid="new-token-box">
      <h3>Token “{token.name}” created</h3>
      <label htmlFor="new-token">Your new token</label>
      <div className="row secret-row">
        <input
          ref={input}
          id="new-token"
          className="secret"
          readOnly
          value={token.token}
          spellCheck={false}
          autoComplete="off"
          aria-describedby="new-token-warning"
          data-testid="new-token"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button className="btn" type="button" data-testid="copy-token" onClick={() => void copy()}>
          Copy
        </button>
        <span role="status" className="ok-text" data-testid="copy-status">
          {copied}
        </span>
      </div>
      <p id="new-token-warning" className="warning-text">
        Copy it now and keep it somewhere safe: it will not be shown again.
      </p>
    </div>
  );
}
