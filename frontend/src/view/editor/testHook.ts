/**
 * `window.tocEditor`: what the browser tests read (the document the page shows, the save
 * status) and a shortcut to select a box by its label. Not used by the app itself.
 */
import { useEffect } from "react";
import type { EditorController } from "../toc/controller";

export function useTestHook(ctl: EditorController): void {
  useEffect(() => {
    const byLabel = (label: string) => Object.values(ctl.state.doc.nodes).find((n) => n.label === label);
    (window as unknown as { tocEditor?: unknown }).tocEditor = {
      doc: () => ctl.state.doc,
      status: () => (ctl.state.canEdit ? ctl.state.status : "read-only"),
      head: () => ctl.state.head,
      /** The live channel: "connecting", "live", "reconnecting", "closed" (or "off" on a single version). */
      live: () => ctl.state.live,
      /** Who else is here: their usernames, each once. */
      others: () => [...new Set(Object.values(ctl.state.presence).map((p) => p.user))].sort(),
      nodeIdByLabel: (label: string) => byLabel(label)?.id ?? null,
      /** Select the arrow from one box to another (both by label). */
      selectEdgeByLabels: (source: string, target: string) => {
        const s = byLabel(source)?.id;
        const t = byLabel(target)?.id;
        const e = Object.values(ctl.state.doc.edges).find((x) => x.source === s && x.target === t);
        if (e) ctl.select({ nodes: [], edges: [e.id] });
        return !!e;
      },
      selectByLabel: (label: string) => {
        const n = byLabel(label);
        if (n) ctl.select({ nodes: [n.id], edges: [] });
        return !!n;
      },
    };
    return () => {
      delete (window as unknown as { tocEditor?: unknown }).tocEditor;
    };
  }, [ctl]);
}
