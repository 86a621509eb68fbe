import { Link, useRouteError } from "react-router";
import { errorText } from "../common/errors";
import { useTitle } from "./useTitle";

export function NotFound({ what = "Page not found", detail }: { what?: string; detail?: string }) {
  useTitle(what);
  return (
    <div className="page narrow">
      <h1>{what}</h1>
      {detail ? <p role="alert" data-testid="page-error">{detail}</p> : null}
      <p>
        <Link to="/">Go to the start page</Link> or <Link to="/explore">explore public theories of change</Link>.
      </p>
    </div>
  );
}

export function RouteError() {
  const err = useRouteError();
  return <NotFound what="Something went wrong" detail={errorText(err)} />;
}
