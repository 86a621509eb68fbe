/**
 * What one inspector field holds while someone types in it, as pure functions (unit-tested in
 * tests/inspector.test.ts): the typed text (the draft) wins over any document update until
 * the person chooses; a colleague's change to the same field is kept beside it ("theirs").
 *
 * Values are compared as the field's text after `normalize` (what the document will hold:
 * "  Hello " -> "Hello" for a label), so our own edit coming back is never mistaken for a
 * colleague's.
 */
import { fieldMessages, type ApiError } from "../../sync";
import type { Op, Scalar } from "../../model";

export interface FieldState {
  /** The text in the field while it is being edited; null when it shows the document's value. */
  draft: string | null;
  /** The document's value (as normalized text) this field last agreed with: where editing started, or what it last sent. */
  sent: string;
  /** A colleague's value that arrived while editing, shown beside the field until the person chooses. */
  theirs: string | null;
  /** The person typed since editing began (until then a colleague's change simply shows in the field). */
  typed: boolean;
}

export type Normalize = (text: string) => string;
const same: Normalize = (t) => t;

export function idle(value: string): FieldState {
  return { draft: null, sent: value, theirs: null, typed: false };
}

/** The field got focus: start editing from the document's value (or go on with the draft). */
export function begin(s: FieldState, value: string): FieldState {
  if (s.draft !== null) return s;
  return { draft: value, sent: value, theirs: s.theirs, typed: false };
}

/** The person typed: the field holds `text`. */
export function typed(s: FieldState, text: string): FieldState {
  return { ...s, draft: text, typed: true };
}

/** What the field shows. */
export function shown(s: FieldState, value: string): string {
  return s.draft ?? value;
}

/** The normalized text to send now, or null when the document already has it (or nothing is typed). */
export function toSend(s: FieldState, value: string, normalize: Normalize = same): string | null {
  if (s.draft === null) return null;
  const t = normalize(s.draft);
  return t === value ? null : t;
}

/** Whether the field holds text the document does not have yet (the save pill says "Editing"). */
export function isDirty(s: FieldState, value: string, normalize: Normalize = same): boolean {
  return toSend(s, value, normalize) !== null;
}

/** `text` was handed to the document (it will come back as the field's value). */
export function sentAs(s: FieldState, text: string): FieldState {
  return { ...s, sent: text };
}

/**
 * The document's value of this field is now `value` (a local edit, a colleague's commit, an
 * undo). Our own value coming back changes nothing. While the person types, the text stays
 * and a colleague's value is kept beside the field (the same text as ours ends the notice);
 * in a field focused but not typed in yet, the new value simply shows. When not editing, the
 * field shows the new value; a notice stays only while our value is the one shown.
 */
export function docChanged(s: FieldState, value: string, normalize: Normalize = same): FieldState {
  if (value === s.sent) return s;
  if (s.draft !== null) {
    if (value === normalize(s.draft)) return { ...s, sent: value, theirs: null };
    if (!s.typed) return { ...s, draft: value, sent: value, theirs: null };
    return { ...s, theirs: value };
  }
  return idle(value);
}

/**
 * Enter: the person is done with this text (it was handed over); the field keeps focus, and a
 * colleague's later change simply shows in it, as in a field not typed in.
 */
export function settle(s: FieldState, normalize: Normalize = same): FieldState {
  if (s.draft === null || normalize(s.draft) !== s.sent) return s;
  return { ...s, typed: false };
}

/** Editing ended (the field lost focus, after sending what it held). */
export function end(s: FieldState): FieldState {
  return { ...s, draft: null, typed: false };
}

/** The person takes the colleague's value: the field shows it, and it is what to send (the document may have ours). */
export function takeTheirs(s: FieldState): { state: FieldState; send: string | null } {
  if (s.theirs === null) return { state: s, send: null };
  return { state: { draft: s.draft === null ? null : s.theirs, sent: s.theirs, theirs: null, typed: false }, send: s.theirs };
}

/** The person keeps their text: the notice goes. */
export function keepMine(s: FieldState): FieldState {
  return { ...s, theirs: null };
}

// -- text <-> values ---------------------------------------------------------------------------

/** A baseline or target as typed: a number when it is one, else the text; empty is null. */
export function toScalar(s: string): Scalar {
  const t = s.trim();
  if (t === "") return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

export function scalarText(v: Scalar | undefined): string {
  return v === null || v === undefined ? "" : String(v);
}

/** One item per non-empty line. */
export function lines(s: string): string[] {
  return s
    .split("\n")
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Tags written with commas. */
export function tagList(s: string): string[] {
  return s
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

export const normalizers = {
  trim: ((t) => t.trim()) as Normalize,
  lines: ((t) => lines(t).join("\n")) as Normalize,
  tags: ((t) => tagList(t).join(", ")) as Normalize,
  scalar: ((t) => scalarText(toScalar(t))) as Normalize,
};

/** A confidence as typed: a whole number from 0 to 100, or empty. */
export function confidenceProblem(t: string): string | null {
  const s = t.trim();
  if (s === "") return null;
  const v = Number(s);
  return Number.isInteger(v) && v >= 0 && v <= 100 ? null : "Confidence is a whole number from 0 to 100.";
}

/** A web address for evidence: http(s) or empty. */
export function urlProblem(t: string): string | null {
  const s = t.trim();
  return s === "" || /^https?:\/\/\S+$/i.test(s) ? null : "Use an address that starts with http:// or https://.";
}

// -- the server's messages at the field --------------------------------------------------------

function touches(op: Op, entity: string, field: string): boolean {
  if (op.op === "update_node" || op.op === "update_edge") return op.id === entity && field in op.set;
  if (op.op === "add_node") return op.node.id === entity;
  if (op.op === "add_edge") return op.edge.id === entity;
  return false;
}

/**
 * The server's messages about `field` of `entity` from the last refused batch: only when the
 * refused edits touched that field (a message about "label" is about the label that was sent).
 */
export function refusedMessages(
  refused: { ops: Op[]; error: ApiError } | null | undefined,
  entity: string,
  field: string,
): string[] {
  if (!refused || !refused.ops.some((op) => touches(op, entity, field))) return [];
  const found = new Set<string>(fieldMessages(refused.error, field));
  // The domain names where it went wrong as a path: {"ops/2/set/label": ["is too long"]}.
  const walk = (o: unknown, key: string | null): void => {
    if (typeof o === "string") {
      if (key && key.split("/").pop() === field) found.add(o);
    } else if (Array.isArray(o)) o.forEach((x) => walk(x, key));
    else if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) walk(v, k);
  };
  walk(refused.error.errors, null);
  return [...found];
}

// -- links to other ToCs -----------------------------------------------------------------------

/** "org/graph#node" split into its parts, or null. */
export function parseLinkTarget(target: string): { org: string; graph: string; node: string } | null {
  const m = /^([^/#\s]+)\/([^/#\s]+)#(.+)$/.exec(target);
  return m ? { org: m[1]!, graph: m[2]!, node: m[3]! } : null;
}

/** How a link reads: contributes to “Box” in Org / ToC; without names (not readable), still words. */
export function linkSentence(
  relation: "contributes_to" | "same_as",
  box: string | null,
  orgName: string | null,
  title: string | null,
): string {
  const verb = relation === "same_as" ? "Same as" : "Contributes to";
  const what = box ? `“${box}”` : "a box";
  const where = title ? ` in ${orgName ? `${orgName} / ` : ""}${title}` : " in a theory of change you cannot open";
  return `${verb} ${what}${where}`;
}
