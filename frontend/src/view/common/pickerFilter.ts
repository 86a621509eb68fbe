/** Matching for the searchable picker (Picker.tsx): pure, so it is unit-tested. */

export interface PickerOption {
  /** What the caller gets back (an org slug, "org/graph", a node id...); never shown. */
  id: string;
  /** What the person reads and searches: a name, a title, a box label. */
  label: string;
  /** A second line (organisation name, level, description), searched too. */
  detail?: string;
}

/** Lower case without accents, for comparing what people type. fold("Écoles") === "ecoles" */
export function fold(s: string): string {
  return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/**
 * The options whose label or detail contain every word of `query` (ignoring case and
 * accents), best first: labels that start with the query, then labels that contain it,
 * then the rest; otherwise in the given order. An empty query keeps every option.
 */
export function filterOptions<T extends PickerOption>(options: readonly T[], query: string): T[] {
  const q = fold(query.trim());
  if (!q) return [...options];
  const words = q.split(/\s+/);
  const scored: { o: T; rank: number; i: number }[] = [];
  options.forEach((o, i) => {
    const label = fold(o.label);
    const all = `${label} ${fold(o.detail ?? "")}`;
    if (!words.every((w) => all.includes(w))) return;
    const rank = label.startsWith(q) ? 0 : label.includes(q) ? 1 : 2;
    scored.push({ o, rank, i });
  });
  scored.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return scored.map((s) => s.o);
}
