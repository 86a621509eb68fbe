/** The open ToC's presence, as the components read it (re-rendering only when it matters to them). */
import { useMemo } from "react";
import { editingField, people } from "../../model";
import { useEditor, useEditorState } from "../toc/context";
import { markOf, presenceMarks, selectionSignature, type PresenceMark, type PresenceMarks } from "./marks";

/** The marks on boxes and arrows; a new object only when someone's selection changed. */
export function usePresenceMarks(): PresenceMarks {
  const ctl = useEditor();
  const sig = useEditorState((s) => selectionSignature(s.presence));
  // The signature stands for the table's selections: recompute when it changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => presenceMarks(ctl.state.presence), [sig, ctl]);
}

/** Who else has the ToC open, each once, by name. */
export function usePeopleHere(): PresenceMark[] {
  const list = useEditorState((s) =>
    people(s.presence)
      .map((p) => `${p.user}\u0001${p.name}`)
      .join("\u0002"),
  );
  return useMemo(
    () =>
      list
        ? list.split("\u0002").map((x) => {
            const [user, name] = x.split("\u0001") as [string, string];
            return markOf(user, name);
          })
        : [],
    [list],
  );
}

/** The others typing in one field of one entity, each once, by name. */
export function useEditingBy(id: string, name: string): PresenceMark[] {
  const sig = useEditorState((s) => {
    const names = editingField(s.presence, id, name);
    if (!names.length) return "";
    const users = Object.values(s.presence).filter((e) => e.field?.id === id && e.field.name === name);
    return names.map((n) => `${users.find((e) => e.name === n)!.user}\u0001${n}`).join("\u0002");
  });
  return useMemo(
    () =>
      sig
        ? sig.split("\u0002").map((x) => {
            const [user, n] = x.split("\u0001") as [string, string];
            return markOf(user, n);
          })
        : [],
    [sig],
  );
}
