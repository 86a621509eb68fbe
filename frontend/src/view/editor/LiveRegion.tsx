/** Says what changed to screen-reader users (aria-live), from `controller.announce`. */
import { useEditorState } from "../toc/context";

export function LiveRegion() {
  const a = useEditorState((s) => s.announcement);
  // The same sentence twice in a row must still be read: vary it invisibly.
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="announcer">
      {a.text}
      {a.seq % 2 ? "\u200b" : ""}
    </div>
  );
}
