/** Addresses of the app's screens (see App.tsx's routes). */
import type { Graph } from "../../sync";

const enc = encodeURIComponent;

/** graphPath("acme", "plan") === "/acme/plan" */
export function graphPath(org: string, graph: string): string {
  return `/${enc(org)}/${enc(graph)}`;
}

/** The editor on a branch (the default branch has the short address). */
export function treePath(org: string, graph: string, ref: string, defaultBranch = "main"): string {
  return ref === defaultBranch ? graphPath(org, graph) : `${graphPath(org, graph)}/tree/${enc(ref)}`;
}

/** comparePath("a", "g", "1234", "main") === "/a/g/compare/1234...main" */
export function comparePath(org: string, graph: string, base: string, head: string): string {
  return `${graphPath(org, graph)}/compare/${enc(base)}...${enc(head)}`;
}

export function proposalPath(org: string, graph: string, n: number): string {
  return `${graphPath(org, graph)}/proposals/${n}`;
}

/** The graph a fork came from, whatever shape the server gave it in. */
export function upstreamOf(up: Graph["upstream"]): { org: string; graph: string; branch?: string } | null {
  if (!up) return null;
  if (typeof up === "string") {
    const [org, graph] = up.split("#")[0]!.split("/");
    return org && graph ? { org, graph } : null;
  }
  const graph = up.graph ?? up.slug;
  return up.org && graph ? { org: up.org, graph, branch: up.branch } : null;
}
