/**
 * Whether colleagues' changes arrive as they are made, beside the save pill: "Live",
 * "Connecting…", "Reconnecting…" (the editor polls meanwhile) or "Offline". Not announced on
 * every change (a flaky network would chatter); its title says what it means. On a narrow
 * desktop window "Live" is its green dot only (the word stays for screen readers), so the
 * toolbar keeps to one row; the states that need attention always show their words.
 */
import { useEditorState } from "../toc/context";
import type { LiveState } from "../toc/controller";

export function liveText(state: LiveState): { text: string; title: string } | null {
  switch (state) {
    case "live":
      return { text: "Live", title: "Changes by others appear here as they make them." };
    case "connecting":
      return { text: "Connecting…", title: "Joining the live channel." };
    case "reconnecting":
      return { text: "Reconnecting…", title: "The live channel dropped. Others' changes are checked every few seconds until it is back." };
    case "closed":
      return { text: "Offline", title: "Not live: others' changes are checked every few seconds." };
    default:
      return null;
  }
}

export function LiveBadge() {
  const live = useEditorState((s) => s.live);
  const revoked = useEditorState((s) => s.revoked);
  const t = liveText(live);
  if (!t) return null;
  return (
    <div className={`live-status ${live}`} data-testid="live-status" data-state={live} title={revoked ? "You no longer have access." : t.title}>
      <span className="live-dot" aria-hidden="true" />
      <span className="live-text">{t.text}</span>
    </div>
  );
}
