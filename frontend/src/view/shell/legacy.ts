/**
 * The address an old hash-router link means, or null.
 *
 * legacyHashTarget("#/g/acme/plan?ref=draft") === "/acme/plan/tree/draft"
 * legacyHashTarget("#/orgs/acme") === "/acme"
 */
export function legacyHashTarget(hash: string): string | null {
  if (!hash.startsWith("#/")) return null;
  const [path = "", query = ""] = hash.slice(1).split("?", 2);
  const parts = path.split("/").filter(Boolean);
  const q = new URLSearchParams(query);
  const [first, a, b, c, d] = parts;
  if (!first) return "/";
  if (first === "orgs" && a) return `/${a}`;
  if (first === "g" && a && b) {
    if (c === "proposals" && d) return `/${a}/${b}/proposals/${d}`;
    if (c === "merge") return `/${a}/${b}/merge${query ? `?${query}` : ""}`;
    const cmp = q.get("compare");
    if (cmp) return `/${a}/${b}/compare/${cmp}`;
    const ref = q.get("ref");
    return ref ? `/${a}/${b}/tree/${ref}` : `/${a}/${b}`;
  }
  return `/${parts.join("/")}${query ? `?${query}` : ""}`;
}
