/** Opens the ToC named in the address and shows the editor (or why it cannot). */
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { ApiError } from "../../sync";
import { errorText } from "../common/errors";
import { useAuth } from "../shell/auth";
import { NotFound } from "../shell/NotFound";
import { EditorController } from "../toc/controller";
import { EditorPage, type PanelId } from "./EditorPage";

export function EditorRoute({ view, panel }: { view: "diagram" | "outline"; panel?: PanelId }) {
  const { org = "", graph = "", "*": tail } = useParams();
  const loc = useLocation();
  const ref = tail || new URLSearchParams(loc.search).get("ref") || undefined;
  const { user } = useAuth();
  const [ctl, setCtl] = useState<EditorController | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    let opened: EditorController | null = null;
    setCtl(null);
    setError(null);
    EditorController.open({ org, graph, ref }).then(
      (c) => {
        if (live) {
          opened = c;
          setCtl(c);
        } else c.destroy();
      },
      (err) => live && setError(err),
    );
    return () => {
      live = false;
      opened?.destroy();
    };
  }, [org, graph, ref, user?.username]);

  if (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403 || error.status === 401))
      return user ? (
        <NotFound what="Not found" detail={`There is no theory of change at ${org}/${graph}, or you cannot see it.`} />
      ) : (
        <div className="page narrow">
          <h1>Sign in to see this</h1>
          <p>
            {org}/{graph} is private or does not exist.{" "}
            <Link to={`/signin?next=${encodeURIComponent(loc.pathname + loc.search)}`}>Sign in</Link> if you are a member.
          </p>
        </div>
      );
    return <NotFound what="Something went wrong" detail={errorText(error)} />;
  }
  if (!ctl)
    return (
      <p className="page muted" aria-busy="true">
        Loading {graph}…
      </p>
    );
  return <EditorPage key={`${org}/${graph}/${ref ?? ""}`} ctl={ctl} view={view} panel={panel} />;
}
