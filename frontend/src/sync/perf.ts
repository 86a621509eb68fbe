/**
 * Performance marks read by the benchmark (bench/bench_editor.py) through
 * `performance.getEntriesByType("mark")`. Each name keeps only its latest mark, so a long
 * editing session does not pile them up.
 *
 * - toc:tree-received   the tree response is parsed
 * - toc:data-received   tree and layout responses are parsed (first load of the editor)
 * - toc:first-paint     the canvas has drawn the laid-out diagram and the frame is on screen
 * - toc:edit            a local edit was queued (BranchSession.edit)
 * - toc:commit-sent     just before the commit POST
 * - toc:commit-acked    the commit POST answered 201
 * - toc:saved           nothing is unsaved any more and the status says so
 */
export function perfMark(name: string): void {
  if (typeof performance === "undefined" || typeof performance.mark !== "function") return;
  try {
    performance.clearMarks(name);
    performance.mark(name);
  } catch {
    /* marks are diagnostics only */
  }
}
