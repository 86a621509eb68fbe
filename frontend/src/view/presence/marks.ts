/**
 * Presence as the view draws it: a colour and initials per person, and which boxes and arrows
 * each has selected. The colours all carry white text at 4.5:1 or more (WCAG AA), and none is
 * the orange of this page's own selection or the blue of the outline's.
 */
import { colourIndex, initials, selectionsByEntity, type PresenceTable } from "../../model";

export const PRESENCE_COLOURS = ["#a16207", "#0f766e", "#6d28d9", "#be185d", "#15803d", "#0369a1", "#b91c1c", "#334155"] as const;

/** A person's colour: always the same one for a username. */
export function presenceColour(user: string): string {
  return PRESENCE_COLOURS[colourIndex(user, PRESENCE_COLOURS.length)]!;
}

/** One person on a box or an arrow (or in the list of who is here). */
export interface PresenceMark {
  user: string;
  name: string;
  initials: string;
  colour: string;
}

export function markOf(user: string, name: string): PresenceMark {
  return { user, name, initials: initials(name), colour: presenceColour(user) };
}

export interface PresenceMarks {
  nodes: ReadonlyMap<string, readonly PresenceMark[]>;
  edges: ReadonlyMap<string, readonly PresenceMark[]>;
}

/**
 * What of the table the diagram draws, as one string: it changes only when someone selects
 * something else or comes or goes (not on every heartbeat), so the view recomputes the marks
 * only then.
 */
export function selectionSignature(table: PresenceTable): string {
  return Object.values(table)
    .map((e) => `${e.user}\u0001${e.name}\u0001${e.selection.nodes.join(",")}\u0001${e.selection.edges.join(",")}`)
    .sort()
    .join("\u0002");
}

/** The marks on every box and arrow someone selected. */
export function presenceMarks(table: PresenceTable): PresenceMarks {
  const names = new Map<string, string>();
  for (const e of Object.values(table)) if (!names.has(e.user)) names.set(e.user, e.name);
  const { nodes, edges } = selectionsByEntity(table);
  const toMarks = (m: Map<string, string[]>) => new Map([...m].map(([id, users]) => [id, users.map((u) => markOf(u, names.get(u) ?? u))]));
  return { nodes: toMarks(nodes), edges: toMarks(edges) };
}

/** "Selected by Ana Lima and ben." for a screen reader, or "". */
export function selectedBySentence(marks: readonly PresenceMark[] | undefined): string {
  if (!marks?.length) return "";
  const names = marks.map((m) => m.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `Selected by ${list}.`;
}
