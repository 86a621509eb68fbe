/**
 * "Results of this ToC were saved": said to every page of the app that shows them (the
 * editor's badges, the dashboard) in this tab and, through a BroadcastChannel, in the others,
 * so their progress is asked for again. No framework; the view subscribes.
 */
type Listener = (org: string, graph: string) => void;

const listeners = new Set<Listener>();
const CHANNEL = "toc-results";
let channel: BroadcastChannel | null | undefined;

function getChannel(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
  channel?.addEventListener("message", (ev: MessageEvent) => {
    const d = ev.data as { org?: unknown; graph?: unknown } | null;
    if (d && typeof d.org === "string" && typeof d.graph === "string") for (const l of [...listeners]) l(d.org, d.graph);
  });
  return channel;
}

/** Results of org/graph changed (this page saved or imported them). */
export function resultsChanged(org: string, graph: string): void {
  for (const l of [...listeners]) l(org, graph);
  try {
    getChannel()?.postMessage({ org, graph });
  } catch {
    // A closed channel (the page is going away): the other tabs poll on their own.
  }
}

/** Hear about saved results of one ToC (any ToC when org/graph are empty). Returns the unsubscribe. */
export function onResultsChanged(org: string, graph: string, fn: () => void): () => void {
  getChannel();
  const l: Listener = (o, g) => {
    if ((!org || o === org) && (!graph || g === graph)) fn();
  };
  listeners.add(l);
  return () => listeners.delete(l);
}
