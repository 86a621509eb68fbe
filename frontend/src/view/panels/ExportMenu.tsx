/**
 * Export ▾ in the toolbar: the version shown as a picture (SVG, PNG, PDF), a Word report, or
 * an open data format. The server names each download after the ToC, the branch and the date
 * (e.g. brightpath-main-2026-12-02.pdf). Edits still on their way are saved first.
 */
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { api } from "../../sync";
import { useEditor, useEditorState } from "../toc/context";
import { useToast } from "../shell/toasts";
import { errorText } from "../common/errors";
import "./panels.css";

interface Item {
  key: string;
  label: string;
  hint: string;
  url: (org: string, graph: string, ref: string) => string;
}

const PICTURES: Item[] = [
  { key: "pdf", label: "PDF", hint: "to print or share", url: (o, g, r) => api.renderUrl(o, g, r, "pdf") },
  { key: "png", label: "PNG image", hint: "for slides", url: (o, g, r) => api.renderUrl(o, g, r, "png") },
  { key: "svg", label: "SVG image", hint: "sharp at any size", url: (o, g, r) => api.renderUrl(o, g, r, "svg") },
  { key: "docx", label: "Word report", hint: "diagram, boxes and indicators", url: (o, g, r) => api.exportUrl(o, g, r, "docx") },
];
const DATA: Item[] = [
  { key: "json", label: "JSON", hint: "this app's open format", url: (o, g, r) => api.exportUrl(o, g, r, "json") },
  { key: "graphml", label: "GraphML", hint: "yEd, Gephi", url: (o, g, r) => api.exportUrl(o, g, r, "graphml") },
  { key: "csv", label: "CSV", hint: "spreadsheets (a zip of two files)", url: (o, g, r) => api.exportUrl(o, g, r, "csv.zip") },
  { key: "cids", label: "CIDS", hint: "Common Impact Data Standard", url: (o, g, r) => api.exportUrl(o, g, r, "cids.jsonld") },
  { key: "iati", label: "IATI", hint: "results for aid reporting", url: (o, g, r) => api.exportUrl(o, g, r, "iati.xml") },
];

export function ExportMenu() {
  const ctl = useEditor();
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const branch = useEditorState((s) => s.branch);
  const head = useEditorState((s) => s.head);
  const saving = useEditorState((s) => s.status !== "saved" || s.drafts.length > 0);
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);
  // A branch is named in the address (the download is called after it); a single version by its id.
  const ref = branch ?? head;

  useEffect(() => {
    if (!open) return;
    const away = (ev: PointerEvent) => {
      if (root.current && !root.current.contains(ev.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);

  const chosen = async (ev: MouseEvent<HTMLAnchorElement>) => {
    const a = ev.currentTarget;
    if (a.dataset.settled === "1") {
      a.dataset.settled = "";
      setOpen(false);
      return;
    }
    if (!ctl.hasUnsaved) {
      setOpen(false);
      return;
    }
    // Save first, so the file has what is on the screen, then download.
    ev.preventDefault();
    try {
      (document.activeElement as HTMLElement | null)?.blur?.();
      await ctl.settle();
      a.dataset.settled = "1";
      a.click();
    } catch (err) {
      toast(`Could not save before exporting: ${errorText(err)}`, "error", 8000);
    }
  };

  const item = (i: Item) => (
    <li key={i.key}>
      <a href={i.url(org, graph, ref)} download data-testid={`export-${i.key}`} onClick={(ev) => void chosen(ev)}>
        <span className="export-label">{i.label}</span> <span className="export-hint">{i.hint}</span>
      </a>
    </li>
  );

  return (
    <details
      ref={root}
      className="export-menu"
      data-testid="export-menu"
      open={open}
      onToggle={(ev) => setOpen((ev.currentTarget as HTMLDetailsElement).open)}
      onKeyDown={(ev) => {
        if (ev.key === "Escape" && open) {
          ev.stopPropagation();
          setOpen(false);
          summary.current?.focus();
        }
      }}
    >
      <summary ref={summary} className="btn tool" data-testid="export-open" aria-haspopup="true">
        Export <span aria-hidden="true">▾</span>
      </summary>
      <div className="menu-pop" role="group" aria-label="Download this version">
        <p className="hint">
          {saving ? "Your latest changes are saved first." : branch ? `The latest version of ${branch}.` : "The version shown."}
        </p>
        <h3 className="menu-title">Pictures and reports</h3>
        <ul className="menu">{PICTURES.map(item)}</ul>
        <h3 className="menu-title">Data</h3>
        <ul className="menu">{DATA.map(item)}</ul>
      </div>
    </details>
  );
}
