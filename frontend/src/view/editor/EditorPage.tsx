/**
 * The editor: head (title, branch), toolbar, the diagram or the outline, and the side panel
 * (details of the selection, checks, history, collaborate, sector). On a phone the side panel
 * is a bottom sheet.
 */
import { useEffect, useState } from "react";
import { useBlocker } from "react-router";
import { Diagram } from "../diagram/Diagram";
import { Outline } from "../outline/Outline";
import { useToast } from "../shell/toasts";
import { useTitle } from "../shell/useTitle";
import { EditorContext } from "../toc/context";
import type { EditorController } from "../toc/controller";
import { EditorHead } from "./EditorHead";
import { Banners } from "./Banners";
import { LiveRegion } from "./LiveRegion";
import { SidePanel, type PanelId } from "./SidePanel";
import { Toolbar } from "./Toolbar";
import { useTestHook } from "./testHook";

export type { PanelId } from "./SidePanel";

/** How long leaving the page waits for pending edits to be saved. */
export const LEAVE_WAIT_MS = 5000;

function useLeaveGuard(ctl: EditorController): void {
  const toast = useToast();
  // Closing the tab or reloading with something unsent: the browser asks first.
  useEffect(() => {
    const onUnload = (ev: BeforeUnloadEvent) => {
      if (ctl.hasUnsaved) ev.preventDefault();
    };
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, [ctl]);
  // Moving to another page in the app: save first; stay (and say why) when that fails.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && ctl.hasUnsaved);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Fields send their text when they lose focus; give them a moment to do it.
    const blurred = document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined;
    void blurred;
    Promise.race([
      new Promise<void>((r) => setTimeout(r, 0)).then(() => ctl.settle()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("the server cannot be reached")), LEAVE_WAIT_MS);
      }),
    ]).then(
      () => blocker.proceed?.(),
      (err: Error) => {
        blocker.reset?.();
        toast(`You are still here: your changes are not saved yet (${err.message}).`, "error", 8000);
      },
    ).finally(() => clearTimeout(timer));
  }, [blocker, ctl, toast]);
}

/**
 * Leaving the page (closing the tab, going elsewhere): tell the others at once that this page
 * is gone (presence) and close the live stream; back from the browser's page cache, join again.
 */
function useLiveLifecycle(ctl: EditorController): void {
  useEffect(() => {
    const hide = () => ctl.leave();
    const show = (ev: PageTransitionEvent) => {
      if (ev.persisted) ctl.goLive();
    };
    window.addEventListener("pagehide", hide);
    window.addEventListener("pageshow", show);
    return () => {
      window.removeEventListener("pagehide", hide);
      window.removeEventListener("pageshow", show);
    };
  }, [ctl]);
}

export function EditorPage({ ctl, view, panel }: { ctl: EditorController; view: "diagram" | "outline"; panel?: PanelId }) {
  const title = ctl.store.getState().info.title;
  useTitle(title);
  useLeaveGuard(ctl);
  useLiveLifecycle(ctl);
  useTestHook(ctl);
  // Progress badges on the boxes: asked for now, after the head moves and when results are saved.
  useEffect(() => ctl.followProgress(), [ctl]);
  const [sheetOpen, setSheetOpen] = useState(false);
  return (
    <EditorContext.Provider value={ctl}>
      <div className="editor" data-testid="editor" data-editable={String(ctl.store.getState().canEdit)} data-view={view}>
        <EditorHead view={view} />
        <Toolbar />
        <Banners />
        <div className={`workspace${sheetOpen ? " sheet-open" : ""}`}>
          <section className="stage" aria-label={view === "diagram" ? "Diagram" : "Outline"}>
            {view === "diagram" ? <Diagram /> : <Outline />}
          </section>
          <SidePanel initial={panel} view={view} onSheet={setSheetOpen} />
        </div>
        <LiveRegion />
      </div>
    </EditorContext.Provider>
  );
}
