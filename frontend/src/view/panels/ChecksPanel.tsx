/**
 * Checks: the server's findings about the version shown (boxes with no path to an impact,
 * outcomes without an indicator...), asked again after every save. Choosing a finding selects
 * its boxes and moves focus to the first one in the diagram.
 */
import { useEffect, useState } from "react";
import { api, type Finding } from "../../sync";
import { errorText } from "../common/errors";
import { useEditor, useEditorState } from "../toc/context";
import { findingsSummary, SEVERITY_WORDS, wholeNumbers } from "./words";
import "./panels.css";

const ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

export function ChecksPanel() {
  const ctl = useEditor();
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const head = useEditorState((s) => s.head);
  const nodes = useEditorState((s) => s.doc.nodes);
  const unsaved = useEditorState((s) => s.status !== "saved" || s.drafts.length > 0);
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    let live = true;
    // The first answer at once; later ones (after each save) a moment later, so a burst of
    // saves asks once.
    const t = setTimeout(
      () => {
        api.checks(org, graph, head).then(
          (r) => {
            if (!live) return;
            setFindings(r.findings ?? []);
            setChecked(head);
            setError("");
          },
          (err) => live && setError(errorText(err)),
        );
      },
      checked ? 500 : 0,
    );
    return () => {
      live = false;
      clearTimeout(t);
    };
    // `checked` only decides the delay; asking again when it changes would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org, graph, head]);

  const choose = (f: Finding) => {
    const ns = (f.nodes ?? []).filter((id) => id in ctl.state.doc.nodes);
    const es = (f.edges ?? []).filter((id) => id in ctl.state.doc.edges);
    ctl.select({ nodes: ns, edges: es }, { fromList: true });
    if (ns[0]) ctl.requestFocus("node", ns[0]);
    else ctl.requestFocus("diagram");
    const names = ns.map((id) => ctl.state.doc.nodes[id]?.label || "an untitled box");
    ctl.announce(names.length ? `Selected ${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}.` : "Selected the arrows this is about.");
  };

  let body;
  if (error) body = <p className="error-text" role="alert">Checks are not available: {error}</p>;
  else if (findings === null) body = <p className="muted" aria-busy="true">Checking…</p>;
  else if (!findings.length)
    body = (
      <p className="ok-text" data-testid="checks-ok">
        ✓ No problems found.
      </p>
    );
  else {
    const sorted = [...findings].sort((a, b) => (ORDER[a.severity] ?? 3) - (ORDER[b.severity] ?? 3));
    const counts: Record<string, number> = {};
    for (const f of sorted) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    body = (
      <>
        <p className="hint">{findingsSummary(counts)} Choose one to go to its box.</p>
        <ul className="findings">
          {sorted.map((f, i) => {
            const names = (f.nodes ?? []).map((id) => nodes[id]?.label).filter(Boolean) as string[];
            const content = (
              <>
                <span className="sev">{SEVERITY_WORDS[f.severity] ?? f.severity}</span>{" "}
                <span className="finding-text">{wholeNumbers(f.message)}</span>
                {names.length > 1 ? (
                  <span className="muted block small">
                    {names.slice(0, 4).join(", ")}
                    {names.length > 4 ? ` and ${names.length - 4} more` : ""}
                  </span>
                ) : null}
              </>
            );
            return (
              <li key={`${f.code}-${i}`}>
                {(f.nodes ?? []).length + (f.edges ?? []).length ? (
                  <button
                    type="button"
                    className={`finding sev-${f.severity}`}
                    data-testid="finding"
                    data-code={f.code}
                    data-nodes={(f.nodes ?? []).join(" ")}
                    onClick={() => choose(f)}
                  >
                    {content}
                  </button>
                ) : (
                  <div className={`finding sev-${f.severity}`} data-testid="finding" data-code={f.code} data-nodes="">
                    {content}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </>
    );
  }
  return (
    <div className="checks" data-testid="checks-panel">
      <h2>Checks</h2>
      {unsaved || (checked && checked !== head) ? <p className="hint">These results are for the last saved version.</p> : null}
      {body}
    </div>
  );
}
