/**
 * Working with others: branches (switch, make one, merge one into another), the original a
 * fork came from (bring in its changes, propose ours back), proposals, forking into one of
 * your organisations, and importing a file as a new version.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api, ApiError, type Branch, type Proposal } from "../../sync";
import { errorText } from "../common/errors";
import { SelectField, TextAreaField, TextField } from "../common/fields";
import { useEditor, useEditorState } from "../toc/context";
import { graphPath, proposalPath, treePath, upstreamOf } from "../common/paths";
import { useAuth } from "../shell/auth";
import { useToast } from "../shell/toasts";
import { useConfirm } from "../common/ConfirmDialog";
import { plural } from "./words";
import "./panels.css";

/** What opening a proposal from a fork publishes, said before it is opened. */
export function proposalNotice(upstreamTitle: string, forkVisibility: "private" | "public"): string {
  const published = `Opening a proposal publishes this version of your theory of change (its changes up to now) to everyone who can read ${upstreamTitle}.`;
  return forkVisibility === "public"
    ? `${published} Changes you make afterwards are not part of the proposal unless you update it.`
    : `${published} Changes you make afterwards stay private unless you update the proposal.`;
}

/** A branch name as the server accepts it (letters, digits, - _ . /), from what was typed. */
export function branchName(typed: string): string {
  return typed
    .trim()
    .replace(/\s+/g, "-")
    .replace(/[^A-Za-z0-9._/-]/g, "")
    .replace(/^[-./]+|[-./]+$/g, "");
}

/** One of the two branch lists of "Merge one branch into another" (its label is for screen readers). */
function BranchSelect({ id, label, branches, value, onChange }: { id: string; label: string; branches: readonly Branch[]; value: string; onChange: (name: string) => void }) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select id={id} data-testid={id} value={value} onChange={(ev) => onChange(ev.target.value)}>
        {branches.map((b) => (
          <option key={b.name} value={b.name}>
            {b.name}
          </option>
        ))}
      </select>
    </>
  );
}

export function CollaboratePanel() {
  const ctl = useEditor();
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const info = useEditorState((s) => s.info);
  const branches = useEditorState((s) => s.branches);
  const branch = useEditorState((s) => s.branch);
  const head = useEditorState((s) => s.head);
  const canEdit = useEditorState((s) => s.canEdit);
  const { me, user } = useAuth();
  const toast = useToast();
  const navigate = useNavigate();
  const [dialog, confirm] = useConfirm();
  const up = upstreamOf(info.upstream);
  const [upTitle, setUpTitle] = useState<string | null>(null);
  const [upOrgName, setUpOrgName] = useState<string | null>(null);
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [mine, setMine] = useState<Proposal[]>([]);
  const [propError, setPropError] = useState("");
  const [busy, setBusy] = useState("");

  useEffect(() => {
    let live = true;
    api.proposals(org, graph).then(
      (ps) => live && setProposals(ps),
      (err) => live && setPropError(errorText(err)),
    );
    if (up) {
      api.graph(up.org, up.graph).then((g) => live && setUpTitle(g.title), () => undefined);
      api.org(up.org).then((o) => live && setUpOrgName(o.name), () => undefined);
      api.proposals(up.org, up.graph).then(
        (ps) => live && setMine(ps.filter((p) => p.source.startsWith(`${org}/${graph}:`))),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org, graph, up?.org, up?.graph]);

  const run = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    try {
      await f();
    } finally {
      setBusy("");
    }
  };

  // -- the original ---------------------------------------------------------------------------
  const mergePage = (source: string, target: string) =>
    `${graphPath(org, graph)}/merge?source=${encodeURIComponent(source)}&target=${encodeURIComponent(target)}`;

  const pull = () =>
    run("pull", async () => {
      if (!branch) return;
      try {
        await ctl.settle();
        const preview = await api.mergePreview(org, graph, "upstream", branch);
        if (preview.conflicts?.length) {
          toast(`${plural(preview.conflicts.length, "conflict")} to resolve first.`);
          void navigate(mergePage("upstream", branch));
          return;
        }
        if (preview.result === "up_to_date") {
          toast("Already up to date with the original.");
          return;
        }
        const ok = await confirm({
          title: "Bring in the original's changes?",
          body: `The changes made to ${upTitle ?? "the original"} since you forked it will be merged into ${branch} as a new version. Your own changes stay.`,
          confirm: "Bring them in",
        });
        if (!ok) return;
        const r = await api.merge(org, graph, "upstream", branch, "Brought in the original's changes");
        const commit = typeof r.commit === "string" ? r.commit : r.commit?.id;
        await ctl.reload(commit);
        void ctl.refreshLayout();
        toast("Updates pulled from the original.");
        ctl.announce("The original's changes are in.");
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          void navigate(mergePage("upstream", branch));
          return;
        }
        toast(`Could not bring in the changes: ${errorText(err)}`, "error", 8000);
      }
    });

  // -- branches ---------------------------------------------------------------------------------
  const [newName, setNewName] = useState("");
  const [branchError, setBranchError] = useState("");
  const makeBranch = (ev: FormEvent) => {
    ev.preventDefault();
    const name = branchName(newName);
    if (!name) {
      setBranchError("Give the branch a name, for example draft-2027.");
      return;
    }
    void run("branch", async () => {
      setBranchError("");
      try {
        await ctl.settle();
        await api.createBranch(org, graph, name, ctl.session?.head ?? head);
        toast(`Branch “${name}” made from this version.`);
        setNewName("");
        void navigate(treePath(org, graph, name, info.default_branch));
      } catch (err) {
        setBranchError(errorText(err));
      }
    });
  };
  const others = branches.filter((b) => b.name !== branch);
  const [mergeFrom, setMergeFrom] = useState(others[0]?.name ?? "");
  const [mergeInto, setMergeInto] = useState(branch ?? info.default_branch);

  // -- proposals --------------------------------------------------------------------------------
  const [title, setTitle] = useState("");
  const [desc, setDesc] = useState("");
  const [propFormError, setPropFormError] = useState("");
  const propose = (ev: FormEvent, toOrg: string, toGraph: string, source: string, target: string | null) => {
    ev.preventDefault();
    void run("propose", async () => {
      setPropFormError("");
      try {
        await ctl.settle();
        const into = target ?? (await api.graph(toOrg, toGraph)).default_branch;
        const p = await api.createProposal(toOrg, toGraph, { source, target: into, title: title.trim(), description: desc.trim() });
        toast(`Proposal ${p.number} opened.`);
        void navigate(proposalPath(toOrg, toGraph, p.number));
      } catch (err) {
        setPropFormError(errorText(err));
      }
    });
  };
  const proposeForm = (heading: string, toOrg: string, toGraph: string, source: string, target: string | null, notice: string | null) => (
    <form className="subsection form" data-testid="proposal-form" onSubmit={(ev) => propose(ev, toOrg, toGraph, source, target)}>
      <h3>{heading}</h3>
      <TextField id="prop-title" label="Title" required maxLength={200} testid="proposal-title" value={title} onChange={(ev) => setTitle(ev.target.value)} />
      <TextAreaField id="prop-desc" label="What and why" rows={3} testid="proposal-description" value={desc} onChange={(ev) => setDesc(ev.target.value)} />
      {notice ? (
        <p id="prop-notice" className="notice" data-testid="proposal-notice">
          {notice}
        </p>
      ) : null}
      {propFormError ? (
        <p className="form-error" role="alert">
          {propFormError}
        </p>
      ) : null}
      <button type="submit" className="btn primary" aria-describedby={notice ? "prop-notice" : undefined} data-testid="proposal-submit" disabled={busy === "propose"}>
        Open proposal
      </button>
    </form>
  );

  // -- fork ---------------------------------------------------------------------------------------
  const forkable = (me?.orgs ?? []).filter((o) => o.role !== "viewer");
  const [forkOrg, setForkOrg] = useState(forkable[0]?.slug ?? "");
  const [forkSlug, setForkSlug] = useState("");
  const [forkError, setForkError] = useState("");
  useEffect(() => {
    if (!forkOrg && forkable[0]) setForkOrg(forkable[0].slug);
  }, [forkOrg, forkable]);
  const fork = (ev: FormEvent) => {
    ev.preventDefault();
    void run("fork", async () => {
      setForkError("");
      try {
        const g = await api.fork(org, graph, forkOrg, forkSlug.trim() || undefined);
        const name = forkable.find((o) => o.slug === forkOrg)?.name ?? forkOrg;
        toast(`Copied into ${name}.`);
        void navigate(graphPath(g.org ?? forkOrg, g.slug));
      } catch (err) {
        setForkError(errorText(err));
      }
    });
  };

  // -- import ---------------------------------------------------------------------------------------
  const file = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState("");
  const importFile = (ev: FormEvent) => {
    ev.preventDefault();
    const f = file.current?.files?.[0];
    if (!f || !branch) {
      setImportError("Choose a file first.");
      return;
    }
    void run("import", async () => {
      setImportError("");
      const ok = await confirm({
        title: "Replace the content with this file?",
        body: `Everything on ${branch} will be replaced by the content of ${f.name}. This is saved as a new version: the current one stays in the history.`,
        confirm: "Import",
      });
      if (!ok) return;
      try {
        await ctl.settle();
        const c = await api.importFile(org, graph, f, { branch, message: `Imported ${f.name}` });
        await ctl.reload(c.id);
        void ctl.refreshLayout();
        if (file.current) file.current.value = "";
        toast(`Imported ${f.name}.`);
        ctl.announce(`Imported ${f.name} as a new version.`);
      } catch (err) {
        setImportError(`The file could not be imported: ${errorText(err)}`);
      }
    });
  };

  const isDefault = branch === info.default_branch;
  const upName = upTitle ? `${upTitle}${upOrgName ? ` (${upOrgName})` : ""}` : up ? `${up.org}/${up.graph}` : "";

  return (
    <div className="collab" data-testid="collab-panel">
      <h2>Collaborate</h2>
      {dialog}

      {up ? (
        <section className="subsection" aria-labelledby="collab-original">
          <h3 id="collab-original">The original</h3>
          <p>
            This is a copy (fork) of <Link to={graphPath(up.org, up.graph)}>{upName}</Link>.
          </p>
          {canEdit && branch ? (
            <button type="button" className="btn" data-testid="pull-upstream" disabled={busy === "pull"} onClick={() => void pull()}>
              Bring in the original's changes
            </button>
          ) : null}
          {mine.length ? (
            <>
              <h4>Your proposals to the original</h4>
              <ul className="plain" data-testid="my-proposals">
                {mine.map((p) => (
                  <li key={p.number}>
                    <Link to={proposalPath(up.org, up.graph, p.number)}>{p.title}</Link> <span className={`badge status-${p.status}`}>{p.status}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {up && branch && user && info.can_write
        ? proposeForm("Propose your changes to the original", up.org, up.graph, `${org}/${graph}:${branch}`, up.branch ?? null, proposalNotice(upName, info.visibility))
        : !up && branch && !isDefault && info.can_write
          ? proposeForm(`Propose merging ${branch} into ${info.default_branch}`, org, graph, `${org}/${graph}:${branch}`, info.default_branch, null)
          : null}

      <section className="subsection" aria-labelledby="collab-proposals">
        <h3 id="collab-proposals">Proposals to this theory of change</h3>
        {propError ? (
          <p className="error-text">{propError}</p>
        ) : proposals === null ? (
          <p className="muted">Loading…</p>
        ) : proposals.length ? (
          <ul className="plain proposal-list" data-testid="proposal-list">
            {proposals.map((p) => (
              <li key={p.number}>
                <Link to={proposalPath(org, graph, p.number)} data-testid="proposal-link">
                  {p.title}
                </Link>{" "}
                <span className={`badge status-${p.status}`}>{p.status}</span>
                <span className="muted small block">
                  #{p.number} by {typeof p.author === "string" ? p.author : (p.author?.username ?? "someone")}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No proposals yet.</p>
        )}
      </section>

      <section className="subsection" aria-labelledby="collab-branches">
        <h3 id="collab-branches">Branches</h3>
        <p className="hint">A branch is a separate line of work: edits there leave {info.default_branch} alone until you merge them.</p>
        <ul className="plain branch-list" data-testid="branch-list">
          {branches.map((b) => (
            <li key={b.name}>
              {b.name === branch ? (
                <strong aria-current="true">{b.name} (shown)</strong>
              ) : (
                <Link to={treePath(org, graph, b.name, info.default_branch)} data-testid="branch-link">
                  {b.name}
                </Link>
              )}
              {b.name === info.default_branch ? <span className="muted small"> · main line</span> : null}
            </li>
          ))}
        </ul>
        {info.can_write ? (
          <form className="form inline-form" onSubmit={makeBranch}>
            <label htmlFor="branch-name">New branch from this version</label>
            <div className="row">
              <input id="branch-name" data-testid="branch-name-input" placeholder="draft-2027" value={newName} onChange={(ev) => setNewName(ev.target.value)} />
              <button type="submit" className="btn" data-testid="branch-name-ok" disabled={busy === "branch"}>
                Make branch
              </button>
            </div>
            {branchError ? (
              <p className="form-error" role="alert">
                {branchError}
              </p>
            ) : null}
          </form>
        ) : null}
        {info.can_write && branches.length > 1 ? (
          <form
            className="form inline-form"
            data-testid="merge-branches"
            onSubmit={(ev) => {
              ev.preventDefault();
              if (mergeFrom && mergeInto && mergeFrom !== mergeInto) void navigate(mergePage(mergeFrom, mergeInto));
            }}
          >
            <span className="form-label">Merge one branch into another</span>
            <div className="row">
              <BranchSelect id="merge-from" label="Merge from" branches={branches} value={mergeFrom} onChange={setMergeFrom} />
              <span aria-hidden="true">into</span>
              <BranchSelect id="merge-into" label="Merge into" branches={branches} value={mergeInto} onChange={setMergeInto} />
              <button type="submit" className="btn" data-testid="merge-review" disabled={!mergeFrom || mergeFrom === mergeInto}>
                Review the merge
              </button>
            </div>
          </form>
        ) : null}
      </section>

      <section className="subsection" aria-labelledby="collab-fork">
        <h3 id="collab-fork">Make your own copy (fork)</h3>
        {!user ? (
          <p className="muted">
            <Link to={`/signin?next=${encodeURIComponent(location.pathname)}`}>Sign in</Link> to copy this theory of change into your organisation.
          </p>
        ) : forkable.length ? (
          <form className="form" onSubmit={fork}>
            <p className="hint">A copy in one of your organisations that stays linked to this one: you can bring in its later changes and propose yours back.</p>
            <SelectField id="fork-org" label="Into organisation" testid="fork-org" value={forkOrg} onChange={(ev) => setForkOrg(ev.target.value)}>
              {forkable.map((o) => (
                <option key={o.slug} value={o.slug}>
                  {o.name}
                </option>
              ))}
            </SelectField>
            <TextField
              id="fork-slug"
              label="Short name in the address (optional)"
              testid="fork-slug"
              placeholder={graph}
              value={forkSlug}
              onChange={(ev) => setForkSlug(ev.target.value)}
            />
            {forkError ? (
              <p className="form-error" role="alert">
                {forkError}
              </p>
            ) : null}
            <button type="submit" className="btn" data-testid="fork" disabled={busy === "fork" || !forkOrg}>
              Fork
            </button>
          </form>
        ) : (
          <p className="muted">
            To make a copy, you need an organisation where you can edit. <Link to="/">Create one</Link>.
          </p>
        )}
      </section>

      {canEdit && branch ? (
        <section className="subsection" aria-labelledby="collab-import">
          <h3 id="collab-import">Import a file</h3>
          <form className="form" onSubmit={importFile}>
            <p className="hint">Replace the content of {branch} with a file: JSON (this app's format), GraphML (yEd, Gephi) or a zip of CSV files. The current version stays in the history.</p>
            <TextField
              id="import-file"
              ref={file}
              label="File"
              type="file"
              accept=".json,.graphml,.xml,.zip,application/json,application/xml,application/zip"
              testid="import-file"
            />
            {importError ? (
              <p className="form-error" role="alert" data-testid="import-error">
                {importError}
              </p>
            ) : null}
            <button type="submit" className="btn" data-testid="import-submit" disabled={busy === "import"}>
              Import
            </button>
          </form>
        </section>
      ) : null}
    </div>
  );
}
