/** The open ToC's controller, for every component inside the editor page. */
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { EditorController, EditorState } from "./controller";

export const EditorContext = createContext<EditorController | null>(null);

/** The controller of the ToC open on this page (for its actions: edit, select, undo...). */
export function useEditor(): EditorController {
  const ctl = useContext(EditorContext);
  if (!ctl) throw new Error("useEditor outside <EditorContext>");
  return ctl;
}

/**
 * A slice of the open ToC's state; the component re-renders only when that slice changes.
 * Pick a small, stable value (a node, a flag), not a new object each time.
 */
export function useEditorState<T>(pick: (s: EditorState) => T): T {
  return useStore(useEditor().store, pick);
}
