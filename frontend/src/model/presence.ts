/**
 * Who else has this ToC open, what they selected and which field they type in: the live
 * channel's `presence` messages kept as a table keyed by connection (session), as pure
 * functions (the editor's store holds the table; tests/presence.test.ts is its table test).
 *
 * Presence is ephemeral: an entry lives until its connection says `gone`, or until nothing was
 * heard from it for the time-to-live (30 s: the others re-post every 10 s, so a silent entry
 * means a lost connection). The page's own connection is never an entry (the server echoes our
 * own presence back to us too). One person may have several entries (two tabs); `people`
 * lists each person once.
 */

export interface PresenceField {
  kind: "node" | "edge";
  id: string;
  /** The field's name in the document ("label", "description"...). */
  name: string;
}

/** A `presence` message as the server sends it. */
export interface PresenceMessage {
  session: string;
  user: string;
  display_name?: string | null;
  selection?: { nodes?: string[]; edges?: string[] } | null;
  field?: PresenceField | null;
  gone?: boolean;
}

export interface PresenceEntry {
  session: string;
  user: string;
  /** The name to show: the display name, or the username when there is none. */
  name: string;
  selection: { nodes: readonly string[]; edges: readonly string[] };
  field: PresenceField | null;
  /** When this entry was last heard from (ms, the caller's clock). */
  seenAt: number;
}

export type PresenceTable = Readonly<Record<string, PresenceEntry>>;

export const EMPTY_PRESENCE: PresenceTable = Object.freeze({});

/** How long an entry lives without news (the protocol's presence_ttl_s, 30 s). */
export const PRESENCE_TTL_MS = 30_000;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/**
 * The table after a message: added, updated or (gone) removed. `own` is this page's session:
 * its echo is ignored. `isNew` says the message came from a session not in the table, so the
 * caller re-posts its own presence for the newcomer.
 */
export function presenceReceived(
  table: PresenceTable,
  msg: PresenceMessage,
  own: string | null,
  now: number,
): { table: PresenceTable; isNew: boolean } {
  if (!msg || typeof msg.session !== "string" || msg.session === own) return { table, isNew: false };
  const known = msg.session in table;
  if (msg.gone) {
    if (!known) return { table, isNew: false };
    const rest = { ...table };
    delete rest[msg.session];
    return { table: rest, isNew: false };
  }
  const f = msg.field;
  const field =
    f && (f.kind === "node" || f.kind === "edge") && typeof f.id === "string" && typeof f.name === "string" ? { kind: f.kind, id: f.id, name: f.name } : null;
  const user = typeof msg.user === "string" && msg.user ? msg.user : "someone";
  const entry: PresenceEntry = {
    session: msg.session,
    user,
    name: (typeof msg.display_name === "string" && msg.display_name.trim()) || user,
    selection: { nodes: strings(msg.selection?.nodes), edges: strings(msg.selection?.edges) },
    field,
    seenAt: now,
  };
  return { table: { ...table, [msg.session]: entry }, isNew: !known };
}

/** The table without entries not heard from for `ttlMs` (the same table when none expired). */
export function expirePresence(table: PresenceTable, now: number, ttlMs = PRESENCE_TTL_MS): PresenceTable {
  const stale = Object.values(table).filter((e) => now - e.seenAt > ttlMs);
  if (!stale.length) return table;
  const rest = { ...table };
  for (const e of stale) delete rest[e.session];
  return rest;
}

/** Each person once (several tabs are one person), sorted by name. */
export function people(table: PresenceTable): { user: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const e of Object.values(table)) if (!seen.has(e.user)) seen.set(e.user, e.name);
  return [...seen].map(([user, name]) => ({ user, name })).sort((a, b) => a.name.localeCompare(b.name) || a.user.localeCompare(b.user));
}

/** The people who have a box (or an arrow) selected, each once, by name. */
export function selectedBy(table: PresenceTable, kind: "node" | "edge", id: string): { user: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const e of Object.values(table)) {
    const ids = kind === "node" ? e.selection.nodes : e.selection.edges;
    if (ids.includes(id) && !seen.has(e.user)) seen.set(e.user, e.name);
  }
  return [...seen].map(([user, name]) => ({ user, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Every selected box and arrow with the people who selected it (one pass for the diagram). */
export function selectionsByEntity(table: PresenceTable): { nodes: Map<string, string[]>; edges: Map<string, string[]> } {
  const nodes = new Map<string, string[]>();
  const edges = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, id: string, user: string) => {
    const list = m.get(id);
    if (!list) m.set(id, [user]);
    else if (!list.includes(user)) list.push(user);
  };
  for (const e of Object.values(table)) {
    for (const id of e.selection.nodes) add(nodes, id, e.user);
    for (const id of e.selection.edges) add(edges, id, e.user);
  }
  for (const m of [nodes, edges]) for (const list of m.values()) list.sort();
  return { nodes, edges };
}

/** The names of the people typing in one field ("label" of box n1), each once. */
export function editingField(table: PresenceTable, id: string, name: string): string[] {
  const names = new Set<string>();
  for (const e of Object.values(table)) if (e.field && e.field.id === id && e.field.name === name) names.add(e.name);
  return [...names].sort();
}

/**
 * Up to two initials of a name ("Ana Lima" -> "AL", "ben" -> "B"). A username in one piece is
 * split at its separators ("ana.lima", "ana-lima" -> "AL"), as people write their names there.
 */
export function initials(name: string): string {
  let words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 1) words = words[0]!.split(/[-_.]+/).filter(Boolean);
  if (!words.length) return "?";
  const first = (w: string) => (w.match(/[\p{L}\p{N}]/u)?.[0] ?? w[0]!).toUpperCase();
  return words.length === 1 ? first(words[0]!) : first(words[0]!) + first(words[words.length - 1]!);
}

/** A stable small number for a username (which of the view's presence colours is theirs). */
export function colourIndex(user: string, colours: number): number {
  let h = 0;
  for (let i = 0; i < user.length; i++) h = (Math.imul(h, 31) + user.charCodeAt(i)) >>> 0;
  return colours > 0 ? h % colours : 0;
}

/** "Ana", "Ana and Ben", "Ana, Ben and Cleo". */
export function namesSentence(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
