import type { ReactNode } from "react";
import { errorText } from "../common/errors";

/**
 * What a results page shows before its content: the results are not public, they could
 * not be loaded (with Try again), or they are still loading. `null` once there is
 * content to show.
 *
 * @example
 * resultsLoadState({ hidden: false, orgName: "Youth", error: null, loaded: false,
 *   what: "The dashboard", loading: "Loading…", retry }) // -> <p aria-busy>Loading…</p>
 */
export function resultsLoadState(props: {
  hidden: boolean;
  orgName: string;
  error: unknown;
  loaded: boolean;
  what: string;
  loading: string;
  retry: () => void;
}): ReactNode {
  const { hidden, orgName, error, loaded, what, loading, retry } = props;
  if (hidden) {
    return (
      <p className="notice" data-testid="results-hidden">
        The results of this theory of change are not public. Members of {orgName} can see them.
      </p>
    );
  }
  if (error) {
    return (
      <p className="form-error" role="alert">
        {what} could not be loaded: {errorText(error)}{" "}
        <button type="button" className="btn small" onClick={retry}>
          Try again
        </button>
      </p>
    );
  }
  if (!loaded) {
    return (
      <p className="muted" aria-busy="true">
        {loading}
      </p>
    );
  }
  return null;
}
