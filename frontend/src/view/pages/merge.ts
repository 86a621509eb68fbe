/** Merge a source (a branch, another graph's branch, or "upstream") into a branch, resolving conflicts. */
import type { Conflict, MergePreview } from "../../sync/api";
import type { App, Page } from "../app";
import { go } from "../app";
import { errorText, h, replace, toast } from "../dom";
import { mergeView } from "../mergeview";

export function conflictLabeler(labels: Map<string, string>) {
  return (c: Conflict) => {
    const l = labels.get(c.entity_id);
    return l ? `${c.entity === "edge" ? "Link" : "Box"} “${l}”` : `${c.entity} ${c.entity_id.slice(0, 8)}`;
  };
}

export async function labelsFor(app: App, org: string, graph: string, ref: string): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  try {
    const t = await app.api.tree(org, graph, ref);
    for (const n of Object.values(t.doc.nodes)) m.set(n.id, n.label);
    for (const e of Object.values(t.doc.edges)) m.set(e.id, `${t.doc.nodes[e.source]?.label ?? "?"} → ${t.doc.nodes[e.target]?.label ?? "?"}`);
  } catch {
    /* labels are a nicety */
  }
  return m;
}

export async function renderMergePage(app: App, root: HTMLElement, org: string, graph: string, q: URLSearchParams): Promise<Page> {
  const source = q.get("source") ?? "upstream";
  const g = await app.api.graph(org, graph);
  const target = q.get("target") ?? g.default_branch;
  const back = `/g/${org}/${graph}?ref=${encodeURIComponent(target)}`;
  let preview: MergePreview = await app.api.mergePreview(org, graph, source, target);
  const labels = await labelsFor(app, org, graph, target);
  const sourceName = source === "upstream" ? "the original (upstream)" : source;
  const body = h("div", null);
  const doMerge = async (resolutions?: { conflict: string; take: "ours" | "theirs" | "value"; value?: unknown }[]) => {
    try {
      await app.api.merge(org, graph, source, target, `Merge ${source === "upstream" ? "updates from the original" : source} into ${target}`, resolutions);
      toast("Merged.", "success");
      go(back);
    } catch (err) {
      if (err instanceof Error && "conflicts" in err && (err as { conflicts: Conflict[] }).conflicts.length) {
        preview = { ...preview, conflicts: (err as { conflicts: Conflict[] }).conflicts };
        toast("New conflicts appeared: please choose again.", "error");
        render();
        return;
      }
      throw new Error(errorText(err));
    }
  };
  const render = () => {
    replace(
      body,
      preview.conflicts?.length
        ? mergeView(preview.conflicts, conflictLabeler(labels), (r) => doMerge(r), { ours: `Ours (${target})`, theirs: `Theirs (${source === "upstream" ? "original" : source})` })
        : h(
            "div",
            null,
            h("p", null, "No conflicts: the changes can be merged as they are."),
            h("button", { class: "btn primary", "data-testid": "merge-submit", onclick: () => void doMerge().catch((e) => toast(errorText(e), "error")) }, "Merge"),
          ),
    );
  };
  render();
  replace(
    root,
    h(
      "div",
      { class: "page" },
      h("p", null, h("a", { href: `#${back}` }, `← Back to ${g.title}`)),
      h("h1", null, `Merge ${sourceName} into ${target}`),
      body,
    ),
  );
  return { destroy() {} };
}
