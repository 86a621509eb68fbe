/** Pure helpers for the pages: names suggested from titles, dates, token expiry, sentences. */
import { ApiError, fieldMessages } from "../../sync";

/**
 * A short name (for addresses) suggested from a title: lower case, ASCII letters, digits and
 * dashes, at most 60 characters.
 *
 * slugify("Bright Path Futures!") === "bright-path-futures"
 * slugify("Écoles d’été") === "ecoles-d-ete"
 */
export function slugify(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** The app's own first address segments (/explore, /signin...): no organisation may be one. */
export const RESERVED_ORG_NAMES = [
  "about", "account", "admin", "api", "assets", "docs", "explore", "graphs", "health",
  "help", "login", "logout", "new", "orgs", "search", "settings", "signin", "signout",
  "signup", "static", "swagger-ui", "users",
];
/** An organisation's own pages (/{org}/members...): no ToC may be called one. */
export const RESERVED_GRAPH_NAMES = ["history", "members", "new", "portfolio", "settings"];

/**
 * A short name suggested from a name, steering clear of the reserved ones.
 *
 * suggestSlug("Explore", RESERVED_ORG_NAMES, "org") === "explore-org"
 */
export function suggestSlug(name: string, reserved: readonly string[], suffix: string): string {
  const s = slugify(name);
  return reserved.includes(s) ? `${s}-${suffix}` : s;
}

/** A date (and time) as people read it, in their locale; "" for nothing. */
export function formatDate(s: string | undefined | null, withTime = true): string {
  if (!s) return "";
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return d.toLocaleString(undefined, withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" });
}

/** How long a new API token may live, in days, as offered in the form (the first is the default). */
export const TOKEN_LIFETIMES: { days: number; label: string }[] = [
  { days: 90, label: "90 days" },
  { days: 30, label: "30 days" },
  { days: 7, label: "7 days" },
  { days: 365, label: "1 year" },
];

/** When a token stops working, in words; `expired` once that time has passed. */
export function tokenExpiry(t: { expires_at: string | null }, now: Date = new Date()): { text: string; expired: boolean } {
  if (!t.expires_at) return { text: "Never", expired: false };
  const at = new Date(t.expires_at);
  if (Number.isNaN(at.getTime())) return { text: t.expires_at, expired: false };
  const expired = at.getTime() <= now.getTime();
  return { text: expired ? `Expired ${formatDate(t.expires_at)}` : formatDate(t.expires_at), expired };
}

/**
 * A server message about a field as a sentence that names the field: "is too easy to guess"
 * becomes "New password is too easy to guess"; a message that starts with a capital stays.
 */
export function fieldSentence(label: string, message: string): string {
  const m = message.trim();
  if (!/^[a-z]/.test(m)) return m;
  // "the username 'x' is taken" already names the field: only its first letter changes.
  const named = label.toLowerCase().replace(/^the /, "");
  if (m.toLowerCase().replace(/^the /, "").startsWith(named)) return m.charAt(0).toUpperCase() + m.slice(1);
  // "not an email address" -> "The e-mail is not an email address"
  if (/^(not|a|an|too) /.test(m)) return `${label} is ${m}`;
  return `${label} ${m}`;
}

/**
 * The messages `err` has for each of the form's fields, as sentences naming the field
 * (`fields` maps the server's field name to the label the form shows). Fields without a
 * message are left out.
 *
 * fieldErrors(err422, { password: "The password" }) -> { password: "The password is too short." }
 */
export function fieldErrors(err: unknown, fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, label] of Object.entries(fields)) {
    const msgs = fieldMessages(err, name);
    if (msgs.length) out[name] = msgs.map((m) => fieldSentence(label, m)).join(" ");
  }
  return out;
}

/** Where to go after signing in: only an address of this app (never another site). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/^\/(signin|signup)(\/|\?|$)/.test(next)) return "/";
  return next;
}

export const ROLES = ["owner", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** A role as the members page says it, with what it allows. */
export const ROLE_WORDS: Record<string, { name: string; can: string }> = {
  owner: { name: "Owner", can: "edits, manages members and settings" },
  editor: { name: "Editor", can: "edits the organisation's theories of change" },
  viewer: { name: "Viewer", can: "reads and comments" },
};

export function roleName(role: string | null | undefined): string {
  return (role && ROLE_WORDS[role]?.name) || (role ?? "");
}

/** A role with its article: "an owner", "an editor", "a viewer". */
export function aRole(role: string): string {
  const name = roleName(role).toLowerCase();
  return `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`;
}

/** Whether this role may create and edit ToCs in an organisation. */
export function canWrite(role: string | null | undefined): boolean {
  return role === "owner" || role === "editor";
}

/**
 * What went wrong with a change to the members, in a sentence that names the organisation and
 * the person (the server's messages name slugs). `action` is what was tried.
 */
export function memberErrorText(
  err: unknown,
  action: "add" | "role" | "remove",
  who: string,
  orgName: string,
): string | null {
  if (!(err instanceof ApiError)) return null;
  if (err.status === 404 && action === "add")
    return `No account has the username or e-mail “${who}”. Ask them to sign up first, then add them here.`;
  if (err.status === 404) return `${who} is no longer a member of ${orgName}.`;
  if (err.status === 409 && action === "add")
    return `${who} is already a member of ${orgName}. Change their role in the list instead.`;
  if (err.status === 409)
    return `${orgName} needs at least one owner. Make someone else an owner first, then ${
      action === "remove" ? "remove" : "change"
    } ${who}.`;
  if (err.status === 403) return `Only owners of ${orgName} can change its members.`;
  if (err.status === 422) {
    const msgs = [...fieldMessages(err, "user"), ...fieldMessages(err, "role")];
    if (msgs.length) return msgs.map((m) => m.charAt(0).toUpperCase() + m.slice(1)).join(" ");
  }
  return null;
}

/** "1 box", "12 boxes"; "1 organisation", "3 organisations". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
