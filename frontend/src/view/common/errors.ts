/** Words for errors, as a person reads them. */
import { ApiError, NetworkError } from "../../sync";

/**
 * One sentence for an error: the server's message once, with where it applies when that adds
 * something ("Short name: is taken"), never the same text twice.
 *
 * errorText(new Error("boom")) === "boom"
 */
export function errorText(err: unknown): string {
  if (err instanceof NetworkError) return "The server cannot be reached. Check your connection and try again.";
  if (err instanceof ApiError) return err.message || `The server answered ${err.status}.`;
  if (err instanceof Error) return err.message;
  return String(err);
}
