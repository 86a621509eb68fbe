/** One proposal: description, what would change, votes, comments, merge (with the merge view). */
import { authorName, type Compare, type Conflict, type Proposal, type Resolution } from "../../sync/api";
import type { App, Page } from "../app";
import { confirmDialog, errorText, formatDate, formatValue, h, replace, shortId, toast } from "../dom";
import { mergeView } from "../mergeview";
import { conflictLabeler, labelsFor } from "./merge";

function voteCount(p: Proposal): number {
  const v = p.votes;
  if (typeof v === "number") return v;
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === "object") return Number(v.up ?? v.total ?? 0);
  return 0;
}

function votedByMe(p: Proposal, me: string | undefined): boolean {
  if (typeof p.voted === "boolean") return p.voted;
  if (Array.isArray(p.votes) && me)
    return p.votes.some((v) => v === me || (typeof v === "object" && v && ((v as { username?: string }).username === me || (v as { user?: string }).user === me)));
  return false;
}

/** A proposal's source as the API gives it: a name ("org/graph:branch") in code, or words such as "a private fork". */
function sourceName(source: string): HTMLElement {
  return /^[^\s/]+\/[^\s:]+(:\S+)?$/.test(source) ? h("code", null, source) : h("span", { class: "source-words" }, source);
}

/** The commit a proposal is frozen at: the API's `source_commit`, else its preview's source head. */
export function proposedCommit(p: Proposal): string | null {
  const c = p.source_commit ?? p.preview?.source_head;
  return typeof c === "string" && c ? c : null;
}

export async function renderProposal(app: App, root: HTMLElement, org: string, graph: string, n: number): Promise<Page> {
  const g = await app.api.graph(org, graph);
  const labels = await labelsFor(app, org, graph, g.default_branch);
  let forced: Conflict[] | null = null;
  let updateResult = "";

  const render = async () => {
    const p = await app.api.proposal(org, graph, n);
    for (const x of [...(p.preview?.diff?.nodes?.added ?? []), ...(p.preview?.diff?.nodes?.removed ?? [])]) if (!labels.has(x.id)) labels.set(x.id, x.label);
    const open = p.status === "open";
    const conflicts = forced ?? p.preview?.conflicts ?? [];
    // The preview's `theirs` is what the proposal changes since the merge base.
    const diff = (p.preview?.diff ?? p.preview?.theirs) as Compare | undefined;
    const me = app.user?.username;
    const voted = votedByMe(p, me);
    const frozen = proposedCommit(p);
    const mayUpdate = open && !!me && (typeof p.can_update === "boolean" ? p.can_update : authorName(p.author) === me);

    const doUpdate = async () => {
      const ok = await confirmDialog(
        "Update this proposal?",
        `The proposal will show your ToC as it is now: its current version (all its changes up to now) is published to everyone who can read ${org}/${graph}, in place of the version proposed so far.`,
        { confirm: "Update proposal" },
      );
      if (!ok) return;
      try {
        const before = frozen;
        const q = await app.api.updateProposal(org, graph, n);
        const after = q ? proposedCommit(q) : null;
        forced = null;
        updateResult =
          after && after === before
            ? "Nothing new to publish: the proposal already shows your latest version."
            : `Proposal updated${after ? ` to version ${shortId(after)}` : ""}.`;
      } catch (err) {
        updateResult = `Could not update the proposal: ${errorText(err)}`;
      }
      await render();
      (root.querySelector("[data-testid=proposal-update-result]") as HTMLElement | null)?.focus();
    };

    const comment = h("textarea", { id: "comment-body", rows: 3, required: true, "data-testid": "comment-body" });
    const commentForm = h(
      "form",
      { class: "form" },
      h("label", { for: "comment-body" }, "Add a comment"),
      comment,
      h("button", { class: "btn", type: "submit", "data-testid": "comment-submit" }, "Comment"),
    );
    commentForm.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (!comment.value.trim()) return;
      try {
        await app.api.comment(org, graph, n, comment.value.trim());
        await render();
      } catch (err) {
        toast(`Could not comment: ${errorText(err)}`, "error");
      }
    });

    const doMerge = async (resolutions?: Resolution[]) => {
      try {
        await app.api.mergeProposal(org, graph, n, resolutions);
        forced = null;
        toast(`Proposal #${n} merged.`, "success");
        await render();
      } catch (err) {
        if (app.api && err instanceof Error && "status" in err && (err as { status: number }).status === 409) {
          forced = (err as unknown as { conflicts: Conflict[] }).conflicts ?? [];
          toast("There are conflicts to resolve before merging.", "info");
          await render();
          return;
        }
        throw new Error(errorText(err));
      }
    };

    const diffList = (title: string, items: { id: string; label?: string }[], cls: string) =>
      items.length
        ? h("div", { class: `diff-group ${cls}` }, h("h3", null, `${title} (${items.length})`), h("ul", { class: "plain" }, items.map((x) => h("li", null, x.label ?? labels.get(x.id) ?? x.id))))
        : null;

    replace(
      root,
      h(
        "div",
        { class: "page", "data-testid": "proposal-page" },
        h("p", null, h("a", { href: `#/g/${org}/${graph}` }, `← ${g.title}`)),
        h("h1", null, `#${p.number} ${p.title}`),
        h(
          "p",
          null,
          h("span", { class: `badge status-${p.status}`, "data-testid": "proposal-status" }, p.status),
          ` ${authorName(p.author)} wants to merge `,
          sourceName(p.source),
          " into ",
          h("code", null, p.target),
          p.created_at ? ` · ${formatDate(p.created_at)}` : "",
        ),
        p.description ? h("p", { class: "proposal-desc" }, p.description) : null,
        h(
          "section",
          { class: "card proposed-version", "aria-labelledby": "proposed-version-title", "data-testid": "proposed-version" },
          h("h2", { id: "proposed-version-title" }, "Proposed version"),
          h(
            "p",
            null,
            frozen ? ["This proposal shows version ", h("code", { "data-testid": "proposed-commit" }, shortId(frozen)), " of "] : "This proposal shows the version of ",
            sourceName(p.source),
            " that was proposed. Changes made there afterwards are not part of it",
            open ? " unless the proposer updates the proposal." : ".",
          ),
          mayUpdate
            ? h(
                "div",
                { class: "row" },
                h("button", { class: "btn", type: "button", "data-testid": "proposal-update", onclick: () => void doUpdate() }, "Update proposal"),
                h("span", { class: "hint" }, "Publishes your ToC's latest version into this proposal."),
              )
            : null,
          updateResult
            ? h("p", { role: "status", tabindex: "-1", class: updateResult.startsWith("Could not") ? "error-text" : "ok-text", "data-testid": "proposal-update-result" }, updateResult)
            : null,
        ),
        h(
          "div",
          { class: "row" },
          h("span", { "data-testid": "vote-count" }, `${voteCount(p)} supporter${voteCount(p) === 1 ? "" : "s"}`),
          open
            ? h(
                "button",
                {
                  class: "btn small",
                  "aria-pressed": String(voted),
                  "data-testid": "vote",
                  onclick: async () => {
                    try {
                      await app.api.vote(org, graph, n, !voted);
                      await render();
                    } catch (err) {
                      toast(`Could not vote: ${errorText(err)}`, "error");
                    }
                  },
                },
                voted ? "Withdraw support" : "👍 Support",
              )
            : null,
        ),
        h(
          "div",
          { class: "columns" },
          h(
            "section",
            { class: "card" },
            h("h2", null, "What would change"),
            diff
              ? [
                  diffList("Boxes added", diff.nodes.added, "added"),
                  diffList("Boxes removed", diff.nodes.removed, "removed"),
                  diffList("Boxes changed", diff.nodes.changed.map((c) => ({ id: c.id, label: `${labels.get(c.id) ?? c.id}: ${Object.keys(c.fields).join(", ")}` })), "changed"),
                  diffList("Links added", diff.edges.added.map((e) => ({ id: e.id, label: `${labels.get(e.source) ?? "?"} → ${labels.get(e.target) ?? "?"}` })), "added"),
                  diffList("Links removed", diff.edges.removed.map((e) => ({ id: e.id, label: `${labels.get(e.source) ?? "?"} → ${labels.get(e.target) ?? "?"}` })), "removed"),
                  diffList("Links changed", diff.edges.changed.map((c) => ({ id: c.id, label: `${labels.get(c.id) ?? "a link"}: ${Object.keys(c.fields).join(", ")}` })), "changed"),
                  diff.nodes.changed.length
                    ? h(
                        "details",
                        null,
                        h("summary", null, "Field by field"),
                        h(
                          "ul",
                          { class: "plain small" },
                          diff.nodes.changed.flatMap((c) =>
                            Object.entries(c.fields).map(([f, v]) => h("li", null, `${labels.get(c.id) ?? c.id} — ${f}: `, h("del", null, formatValue(v.before)), " → ", h("ins", null, formatValue(v.after)))),
                          ),
                        ),
                      )
                    : null,
                ]
              : h("p", { class: "muted" }, "No preview available."),
          ),
          h(
            "section",
            { class: "card" },
            h("h2", null, "Merge"),
            !open
              ? h("p", null, `This proposal is ${p.status}.`)
              : !g.can_write
                ? h("p", { class: "muted" }, "Only members of the receiving organisation can merge.")
                : conflicts.length
                  ? mergeView(conflicts, conflictLabeler(labels), (r) => doMerge(r), { ours: `Ours (${p.target})`, theirs: `Theirs (proposal)` })
                  : h(
                      "div",
                      { class: "row" },
                      h("button", { class: "btn primary", "data-testid": "proposal-merge", onclick: () => void doMerge().catch((e) => toast(errorText(e), "error", 8000)) }, "Merge proposal"),
                      h(
                        "button",
                        {
                          class: "btn",
                          "data-testid": "proposal-close",
                          onclick: async () => {
                            if (!(await confirmDialog("Close this proposal?", "It will not be merged. It can be proposed again later.", { confirm: "Close proposal", danger: true }))) return;
                            await app.api.closeProposal(org, graph, n).catch((e) => toast(errorText(e), "error"));
                            await render();
                          },
                        },
                        "Close without merging",
                      ),
                    ),
          ),
        ),
        h(
          "section",
          { class: "card" },
          h("h2", null, "Discussion"),
          h(
            "ul",
            { class: "comments", "data-testid": "comments" },
            (p.comments ?? []).map((c) => h("li", { "data-testid": "comment" }, h("strong", null, authorName(c.author)), h("span", { class: "muted" }, ` ${formatDate(c.created_at)}`), h("p", null, c.body))),
          ),
          commentForm,
        ),
      ),
    );
  };
  await render();
  return { destroy() {} };
}
