/**
 * The side panel's tabs. On a wide screen it sits beside the diagram; on a phone it is a
 * bottom sheet that opens when a box is selected or a tab is chosen, and can be closed.
 */
import { useEffect, useRef, useState } from "react";
import { Inspector, type EditorView } from "../inspector/Inspector";
import { ChecksPanel } from "../panels/ChecksPanel";
import { HistoryPanel } from "../panels/HistoryPanel";
import { CollaboratePanel } from "../panels/CollaboratePanel";
import { SectorPanel } from "../panels/SectorPanel";
import { useEditorState } from "../toc/context";

export type PanelId = "inspector" | "checks" | "history" | "collab" | "sector";

const TABS: { id: PanelId; label: string }[] = [
  { id: "inspector", label: "Details" },
  { id: "checks", label: "Checks" },
  { id: "history", label: "History" },
  { id: "collab", label: "Collaborate" },
  { id: "sector", label: "Sector" },
];

function Panel({ id, view }: { id: PanelId; view: EditorView }) {
  switch (id) {
    case "inspector":
      return <Inspector view={view} />;
    case "checks":
      return <ChecksPanel />;
    case "history":
      return <HistoryPanel />;
    case "collab":
      return <CollaboratePanel />;
    case "sector":
      return <SectorPanel />;
  }
}

export function SidePanel({ initial, view, onSheet }: { initial?: PanelId; view: EditorView; onSheet: (open: boolean) => void }) {
  const [tab, setTab] = useState<PanelId>(initial ?? "inspector");
  const [sheet, setSheet] = useState(!!initial);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const panelRequest = useEditorState((s) => s.panelRequest);
  // A box chosen in the diagram or the outline shows its details; one chosen from a panel's
  // list (Checks, Sector) leaves that list open, so the next finding is one click away.
  const fromList = useEditorState((s) => s.selectedFromList);
  const selectSeq = useEditorState((s) => s.selectSeq);
  const selected = useEditorState((s) => s.selection.nodes.length + s.selection.edges.length);
  useEffect(() => {
    if (selectSeq && selected > 0) {
      if (!fromList) setTab("inspector");
      setSheet(true);
    }
  }, [selectSeq, selected, fromList]);
  // A new box (or Enter on one) wants its label typed: show the details whatever tab is open.
  const labelRequest = useEditorState((s) => (s.focusRequest?.target === "label" ? s.focusRequest.seq : 0));
  useEffect(() => {
    if (!labelRequest) return;
    setTab("inspector");
    setSheet(true);
  }, [labelRequest]);
  useEffect(() => {
    if (!panelRequest) return;
    setTab(panelRequest.panel);
    setSheet(true);
  }, [panelRequest]);
  useEffect(() => onSheet(sheet), [sheet, onSheet]);
  const choose = (id: PanelId, focus = false) => {
    setTab(id);
    setSheet(true);
    if (focus) tabs.current[TABS.findIndex((t) => t.id === id)]?.focus();
  };
  return (
    <aside className={`sidebar${sheet ? " open" : ""}`} aria-label="Details and tools" data-testid="sidebar">
      <div className="sheet-handle">
        <button type="button" className="btn small ghost" aria-expanded={sheet} data-testid="sheet-toggle" onClick={() => setSheet(!sheet)}>
          {sheet ? "Hide panel" : "Show panel"}
        </button>
      </div>
      <div className="tabs" role="tablist" aria-label="Panels">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-controls={`panel-${t.id}`}
            aria-selected={tab === t.id}
            tabIndex={tab === t.id ? 0 : -1}
            data-testid={`tab-${t.id}`}
            onClick={() => choose(t.id)}
            onKeyDown={(ev) => {
              if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") return;
              const next = TABS[(i + (ev.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!;
              choose(next.id, true);
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={0} data-testid={`panel-${tab}`}>
        <Panel id={tab} view={view} />
      </div>
    </aside>
  );
}
