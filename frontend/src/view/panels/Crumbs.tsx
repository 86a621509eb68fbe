/** The line above the title of a ToC's own pages (compare, merge, proposal): back to its editor. */
import type { ReactNode } from "react";
import { Link } from "react-router";
import { graphPath } from "../common/paths";

export function Crumbs({ org, graph, title, children }: { org: string; graph: string; title: string; children: ReactNode }) {
  return (
    <p className="crumbs">
      <Link to={graphPath(org, graph)}>{title}</Link>
      <span aria-hidden="true"> / </span>
      <span>{children}</span>
    </p>
  );
}
