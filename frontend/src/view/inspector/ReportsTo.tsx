/**
 * Shared measurement in the inspector (issue 14). In an indicator's card, "Reports to a shared
 * indicator": a choice among the shared indicators of the framework boxes this box links to
 * (GET .../links/indicators?target=), with the server's reason at the field when it refuses
 * the choice (a unit that does not match, say). Under a box's indicators, for each linked
 * framework box with shared indicators this ToC does not report to yet, "Add the shared
 * indicators of “…”": copies of their definitions, each set to report to its original.
 */
import { useEffect, useId, useMemo, useState } from "react";
import { Link as RouterLink } from "react-router";
import { makeIndicator, parseReportsTo, reporterOf, reportsToMessages, reportsToProblem, type Indicator, type LinkOffers, type TocNode } from "../../model";
import { api } from "../../sync";
import { graphPath } from "../common/paths";
import { useEditor, useEditorState } from "../toc/context";
import { parseLinkTarget } from "./draft";
import type { SetIndicator } from "./IndicatorMeasure";
import { useNames } from "./LinkPicker";

// The offers of each framework box, once per page and ToC (every card of a box asks for the same).
const offersCache = new Map<string, Promise<LinkOffers | null>>();

function loadOffers(org: string, graph: string, target: string): Promise<LinkOffers | null> {
  const key = `${org}/${graph}|${target}`;
  let p = offersCache.get(key);
  if (!p) {
    p = api.linkOffers(org, graph, target).catch(() => null);
    offersCache.set(key, p);
  }
  return p;
}

/** The shared indicators offered by each framework box this box links to (null: none to be had; absent: loading). */
function useOffers(node: TocNode): Map<string, LinkOffers | null> {
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const targets = useMemo(() => [...new Set(node.links.map((l) => l.target))].sort(), [node.links]);
  const key = `${org}/${graph}|${targets.join(" ")}`;
  const [got, setGot] = useState<{ key: string; map: Map<string, LinkOffers | null> } | null>(null);
  useEffect(() => {
    let live = true;
    void Promise.all(targets.map(async (t) => [t, await loadOffers(org, graph, t)] as const)).then((pairs) => {
      if (live) setGot({ key, map: new Map(pairs) });
    });
    return () => {
      live = false;
    };
  }, [org, graph, key, targets]);
  return got?.key === key ? got.map : new Map();
}

/** A framework's title ("Youth employment framework"), or its address while unknown. */
function useFrameworkTitle(target: string): string {
  const t = parseLinkTarget(target);
  const names = useNames(t?.org ?? "", t?.graph ?? "");
  return names?.title ?? (t ? `${t.org}/${t.graph}` : target);
}

function OfferGroup({ offers, doc, ind }: { offers: LinkOffers; doc: ReturnType<typeof useDoc>; ind: Indicator }) {
  const title = useFrameworkTitle(offers.target);
  return (
    <optgroup label={`“${offers.label}” in ${title}`}>
      {offers.indicators.map((o) => {
        const taken = reporterOf(doc, o.reports_to, ind.id);
        return (
          <option key={o.reports_to} value={o.reports_to} disabled={!!taken}>
            {o.definition.name ?? o.indicator}
            {taken ? ` (“${taken.name}” reports to it)` : ""}
          </option>
        );
      })}
    </optgroup>
  );
}

function useDoc() {
  return useEditorState((s) => s.doc);
}

/** "Reports to a shared indicator" in an indicator's card. */
export function ReportsToField({ node, ind, index, readOnly, set }: { node: TocNode; ind: Indicator; index: number; readOnly: boolean; set: SetIndicator }) {
  const id = useId();
  const doc = useDoc();
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const offers = useOffers(node);
  const refused = useEditorState((s) => s.refused);
  const current = ind.reports_to ?? "";
  const offered = useMemo(() => [...offers.values()].filter((o): o is LinkOffers => !!o && o.indicators.length > 0), [offers]);
  const known = offered.some((o) => o.indicators.some((x) => x.reports_to === current));
  const messages = useMemo(() => {
    if (!refused || !refused.ops.some((op) => op.op === "update_node" && op.id === node.id && "indicators" in op.set)) return [];
    const names = new Map(offered.flatMap((o) => o.indicators.map((x) => [x.reports_to, x.definition.name ?? x.indicator] as const)));
    return reportsToMessages(refused.error.errors, node.id, index).map((m) => reportsToProblem(m, (a) => names.get(a)));
  }, [refused, node.id, index, offered]);
  const parsed = parseReportsTo(current);
  if (!offered.length && !current) return null;
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  return (
    <div className="field span-6 reports-to" data-testid="reports-to">
      <label htmlFor={id}>Reports to a shared indicator</label>
      <select
        id={id}
        value={current}
        disabled={readOnly}
        data-testid="reports-to-select"
        aria-invalid={messages.length ? true : undefined}
        aria-describedby={[messages.length ? errId : "", hintId].filter(Boolean).join(" ")}
        onChange={(ev) => set({ reports_to: ev.target.value || null }, ev.target.value ? "Report to a shared indicator" : "Stop reporting to a shared indicator")}
      >
        <option value="">Does not report to a shared indicator</option>
        {current && !known ? <option value={current}>{parsed ? `“${parsed.indicator}” in ${parsed.framework}` : current}</option> : null}
        {offered.map((o) => (
          <OfferGroup key={o.target} offers={o} doc={doc} ind={ind} />
        ))}
      </select>
      {messages.length ? (
        <p className="field-error" id={errId} role="alert" data-testid="reports-to-message">
          {messages.join(" ")}
        </p>
      ) : null}
      <p className="hint" id={hintId}>
        {current && parsed ? (
          <>
            Its results reach the framework only as you choose on your <RouterLink to={`${graphPath(org, graph)}/results`}>results page</RouterLink>. See the framework’s{" "}
            <RouterLink to={`${graphPath(parsed.org, parsed.graph)}/sector`}>sector dashboard</RouterLink>.
          </>
        ) : (
          "The shared indicators of the boxes this box links to. Its unit and frequency must match the shared one’s."
        )}
      </p>
    </div>
  );
}

function Offer({ node, offers, readOnly }: { node: TocNode; offers: LinkOffers; readOnly: boolean }) {
  const ctl = useEditor();
  const doc = useDoc();
  const title = useFrameworkTitle(offers.target);
  const missing = offers.indicators.filter((o) => !reporterOf(doc, o.reports_to));
  if (!missing.length) return null;
  const names = missing.map((o) => `“${o.definition.name ?? o.indicator}”`).join(", ");
  const add = () => {
    const cur = ctl.state.doc.nodes[node.id];
    if (!cur) return;
    const copies = missing.filter((o) => !reporterOf(ctl.state.doc, o.reports_to)).map((o) => makeIndicator(o.definition.name ?? o.indicator, { ...o.definition, reports_to: o.reports_to }));
    if (!copies.length) return;
    if (ctl.edit([{ op: "update_node", id: node.id, set: { indicators: [...cur.indicators, ...copies] } }], `Add the shared indicators of “${offers.label}”`))
      ctl.announce(`Added ${copies.length} shared indicator${copies.length === 1 ? "" : "s"}, each reporting to ${title}. Set your own baseline and target.`);
  };
  return (
    <div className="shared-offer" data-testid="shared-offer" data-target={offers.target}>
      <p>
        “{offers.label}” in {title} has {missing.length === 1 ? "a shared indicator" : `${missing.length} shared indicators`} this theory of change does not report to yet: {names}.
      </p>
      {readOnly ? null : (
        <button type="button" className="btn small" data-testid="add-shared-indicators" onClick={add}>
          Add the shared indicators of “{offers.label}”
        </button>
      )}
      <p className="hint">Each is copied with its unit and how it is measured, and set to report to the framework’s. You set your own baseline and target.</p>
    </div>
  );
}

/** Under a box's indicators: the shared indicators of the framework boxes it links to, to add. */
export function SharedOffers({ node, readOnly }: { node: TocNode; readOnly: boolean }) {
  const offers = useOffers(node);
  const shown = [...offers.values()].filter((o): o is LinkOffers => !!o && o.indicators.length > 0);
  if (readOnly || !shown.length) return null;
  return (
    <>
      {shown.map((o) => (
        <Offer key={o.target} node={node} offers={o} readOnly={readOnly} />
      ))}
    </>
  );
}
