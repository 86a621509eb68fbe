/**
 * Who else has this ToC open, in the editor's head: a list of people, each an avatar with their
 * initials in their colour and their name (read out; shown as a tooltip, and beside the avatar
 * when only one or two are here). Up to four avatars, then "+3": on a phone the head keeps
 * its room.
 */
import { usePeopleHere } from "./usePresence";
import "./presence.css";

const SHOWN = 4;

export function PresenceList() {
  const here = usePeopleHere();
  if (!here.length) return null;
  const shown = here.slice(0, SHOWN);
  const more = here.slice(SHOWN);
  const withNames = here.length <= 2;
  return (
    <div className="presence-here" data-testid="presence-list">
      <span className="sr-only" id="presence-here-title">
        Also here:
      </span>
      <ul aria-labelledby="presence-here-title">
        {shown.map((p) => (
          <li key={p.user} className="presence-person" data-testid="presence-person" data-user={p.user} title={`${p.name} has this open`}>
            <span className="avatar" style={{ background: p.colour }} aria-hidden="true">
              {p.initials}
            </span>
            <span className={withNames ? "presence-name" : "sr-only"}>{p.name}</span>
          </li>
        ))}
        {more.length ? (
          <li className="presence-person more" title={more.map((p) => p.name).join(", ")}>
            <span className="avatar more" aria-hidden="true">
              +{more.length}
            </span>
            <span className="sr-only">and {more.map((p) => p.name).join(", ")}</span>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
