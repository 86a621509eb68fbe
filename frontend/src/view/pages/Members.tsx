/** /{org}/members: who belongs to an organisation; owners add people by username or e-mail,
 * change roles and remove people. */
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, ApiError, type Member, type Org } from "../../sync";
import { errorText } from "../common/errors";
import { useAuth } from "../shell/auth";
import { NotFound } from "../shell/NotFound";
import { useTitle } from "../shell/useTitle";
import { useConfirm } from "../common/ConfirmDialog";
import { FormError, SelectField, TextField } from "../common/fields";
import { useLoad } from "../common/useLoad";
import { aRole, memberErrorText, plural, ROLE_WORDS, ROLES, roleName } from "./words";
import "./pages.css";

export function Members() {
  const { org: slug = "" } = useParams();
  const { user } = useAuth();
  const loaded = useLoad(() => api.org(slug), [slug, user?.username]);
  const org = loaded.data;
  useTitle(org ? `Members of ${org.name}` : loaded.error ? "Not found" : "Members");

  if (loaded.error) {
    if (loaded.error instanceof ApiError && loaded.error.status === 404)
      return <NotFound what="No such organisation" detail={`There is no organisation at /${slug}.`} />;
    return <NotFound what="Something went wrong" detail={errorText(loaded.error)} />;
  }
  if (!org)
    return (
      <p className="page muted" aria-busy="true">
        Loading…
      </p>
    );
  return <MembersOf org={org} reload={loaded.reload} />;
}

function MembersOf({ org, reload }: { org: Org; reload(): Promise<void> }) {
  const { user, refresh } = useAuth();
  const navigate = useNavigate();
  const [dialog, confirm] = useConfirm();
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const owner = org.your_role === "owner";
  const members = org.members;
  const orgPath = `/${encodeURIComponent(org.slug)}`;

  const say = (text: string) => {
    setError("");
    setStatus(text);
  };
  const fail = (err: unknown, action: "add" | "role" | "remove", who: string) => {
    setStatus("");
    setError(memberErrorText(err, action, who, org.name) ?? errorText(err));
  };

  /** Whether the role changed. */
  const changeRole = async (m: Member, role: string): Promise<boolean> => {
    if (role === m.role) return true;
    setError("");
    setStatus("");
    const self = m.username === user?.username;
    if (self && m.role === "owner") {
      const ok = await confirm({
        title: `Stop being an owner of ${org.name}?`,
        body: `You will be ${roleName(role).toLowerCase()} and can no longer add or remove people or change roles, unless another owner makes you an owner again.`,
        confirm: `Become ${roleName(role).toLowerCase()}`,
        danger: true,
      });
      if (!ok) return false;
    }
    setBusyRow(m.username);
    try {
      await api.setMemberRole(org.slug, m.username, role);
      say(`${m.username} is now ${aRole(role)}.`);
      if (self) await refresh();
      await reload();
      return true;
    } catch (err) {
      fail(err, "role", m.username);
      await reload();
      return false;
    } finally {
      setBusyRow(null);
    }
  };

  const remove = async (m: Member) => {
    setError("");
    setStatus("");
    const self = m.username === user?.username;
    const ok = await confirm({
      title: self ? `Leave ${org.name}?` : `Remove ${m.username} from ${org.name}?`,
      body: self
        ? `You will no longer see ${org.name}'s private theories of change. An owner can add you again.`
        : `${m.username} will no longer see ${org.name}'s private theories of change or edit its theories of change. Their past changes stay in the history. You can add them again later.`,
      confirm: self ? "Leave" : `Remove ${m.username}`,
      danger: true,
    });
    if (!ok) return;
    setBusyRow(m.username);
    try {
      await api.removeMember(org.slug, m.username);
      if (self) {
        await refresh();
        void navigate("/");
        return;
      }
      say(`${m.username} was removed from ${org.name}.`);
      await reload();
    } catch (err) {
      fail(err, "remove", m.username);
    } finally {
      setBusyRow(null);
    }
  };

  return (
    <div className="page members-page" data-testid="members-page">
      <p className="crumbs">
        <Link to={orgPath}>{org.name}</Link> <span aria-hidden="true">›</span> Members
      </p>
      <h1>Members of {org.name}</h1>
      {!members ? (
        <div className="card">
          <p data-testid="members-hidden">
            Only members of {org.name} can see who belongs to it.{" "}
            {user ? "Ask one of its owners to add you." : <Link to={`/signin?next=${encodeURIComponent(`${orgPath}/members`)}`}>Sign in</Link>}
          </p>
        </div>
      ) : (
        <>
          <p className="muted">
            {plural(members.length, "person", "people")}.{" "}
            {owner
              ? "As an owner you can add people, change their roles and remove them."
              : "Only owners can add or remove people or change roles."}
          </p>
          <div className="members-grid">
            <section className="card" aria-labelledby="member-list-title">
              <h2 id="member-list-title">People</h2>
              <div role="status" className="ok-text status-line" data-testid="members-status">
                {status}
              </div>
              <FormError text={error} testid="members-error" />
              <ul className="member-list" data-testid="member-list">
                {members.map((m) => (
                  <MemberRow
                    key={`${m.username}:${m.role}`}
                    m={m}
                    you={m.username === user?.username}
                    owner={owner}
                    busy={busyRow === m.username}
                    onRole={(r) => changeRole(m, r)}
                    onRemove={() => void remove(m)}
                  />
                ))}
              </ul>
            </section>
            <div>
              {owner ? (
                <AddMember
                  org={org}
                  onAdded={async (m) => {
                    say(`${m.username} was added as ${aRole(m.role)}.`);
                    await reload();
                  }}
                  onError={(err, who) => fail(err, "add", who)}
                />
              ) : null}
              <section className="card roles-card" aria-labelledby="roles-title">
                <h2 id="roles-title">Roles</h2>
                <dl className="roles">
                  {ROLES.map((r) => (
                    <div key={r}>
                      <dt>{ROLE_WORDS[r]!.name}</dt>
                      <dd>{ROLE_WORDS[r]!.can}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            </div>
          </div>
        </>
      )}
      {dialog}
    </div>
  );
}

function MemberRow({
  m,
  you,
  owner,
  busy,
  onRole,
  onRemove,
}: {
  m: Member;
  you: boolean;
  owner: boolean;
  busy: boolean;
  onRole(role: string): Promise<boolean>;
  onRemove(): void;
}) {
  const roleId = `role-${m.username}`;
  const [role, setRole] = useState(m.role);
  const changed = role !== m.role;
  return (
    <li className="member" data-testid="member-row" data-username={m.username} data-role={m.role}>
      <div className="member-who">
        <span className="avatar" aria-hidden="true">
          {m.username.slice(0, 1).toUpperCase()}
        </span>
        <span>
          <strong>{m.username}</strong>
          {you ? <span className="muted"> (you)</span> : null}
          {m.email ? <span className="muted block small">{m.email}</span> : null}
        </span>
      </div>
      {owner ? (
        <div className="member-actions">
          <label className="sr-only" htmlFor={roleId}>
            Role of {m.username}
          </label>
          <select id={roleId} value={role} disabled={busy} onChange={(e) => setRole(e.target.value)} data-testid="member-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_WORDS[r]!.name}
              </option>
            ))}
          </select>
          {changed ? (
            <>
              <button
                type="button"
                className="btn small primary"
                disabled={busy}
                onClick={async () => {
                  if (!(await onRole(role))) setRole(m.role);
                }}
                aria-label={`Save ${m.username}'s role`}
                data-testid="member-role-save"
              >
                Save
              </button>
              <button type="button" className="btn small" disabled={busy} onClick={() => setRole(m.role)} data-testid="member-role-undo">
                Keep {roleName(m.role).toLowerCase()}
              </button>
            </>
          ) : (
          <button
            type="button"
            className="btn small danger"
            disabled={busy}
            onClick={onRemove}
            aria-label={you ? "Leave this organisation" : `Remove ${m.username}`}
            data-testid="member-remove"
          >
            {you ? "Leave" : "Remove"}
          </button>
          )}
        </div>
      ) : (
        <span className="role-pill" data-testid="member-role-text">
          {roleName(m.role)}
        </span>
      )}
    </li>
  );
}

function AddMember({
  org,
  onAdded,
  onError,
}: {
  org: Org;
  onAdded(m: Member): Promise<void>;
  onError(err: unknown, who: string): void;
}) {
  const [who, setWho] = useState("");
  const [role, setRole] = useState("editor");
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState("");

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const w = who.trim();
    setFieldError("");
    if (!w) {
      setFieldError("Type the person's username or the e-mail of their account.");
      document.getElementById("member-user")?.focus();
      return;
    }
    setBusy(true);
    try {
      const m = await api.addMember(org.slug, w, role);
      setWho("");
      await onAdded(m);
    } catch (err) {
      // "No such account" and "already a member" are about what was typed: say it at the field.
      const text = memberErrorText(err, "add", w, org.name);
      if (err instanceof ApiError && (err.status === 404 || err.status === 409 || err.status === 422) && text) {
        setFieldError(text);
        document.getElementById("member-user")?.focus();
      } else onError(err, w);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} data-testid="member-add-form" aria-labelledby="add-member-title">
      <h2 id="add-member-title">Add a person</h2>
      <TextField
        id="member-user"
        label="Username or e-mail"
        testid="member-user"
        error={fieldError}
        alert
        hint="They need an account first: send them to the sign-up page, then add them here."
        value={who}
        autoComplete="off"
        spellCheck={false}
        placeholder="e.g. sam or sam@example.org"
        onChange={(e) => {
          setWho(e.target.value);
          setFieldError("");
        }}
      />
      <SelectField
        id="member-new-role"
        label="Role"
        testid="member-new-role"
        hint={`${roleName(role)}: ${ROLE_WORDS[role]?.can}.`}
        value={role}
        onChange={(e) => setRole(e.target.value)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_WORDS[r]!.name}
          </option>
        ))}
      </SelectField>
      <button className="btn primary" type="submit" disabled={busy} data-testid="member-add">
        {busy ? "Adding…" : `Add to ${org.name}`}
      </button>
    </form>
  );
}
