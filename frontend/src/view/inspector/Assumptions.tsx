/** Assumptions of a box or an arrow: one per line, sent while typing like every field. */
import { useEditor } from "../toc/context";
import { lines, normalizers } from "./draft";
import { TextField } from "./fields";

export function Assumptions({
  kind,
  id,
  value,
  readOnly,
}: {
  kind: "node" | "edge";
  id: string;
  value: string[];
  readOnly: boolean;
}) {
  const ctl = useEditor();
  return (
    <TextField
      entity={id}
      field="assumptions"
      label="Assumptions"
      value={value.join("\n")}
      multiline
      rows={3}
      normalize={normalizers.lines}
      hint={kind === "node" ? "What must hold for this to happen? One per line." : "What must hold for the one to lead to the other? One per line."}
      testId="field-assumptions"
      readOnly={readOnly}
      send={(text, merge) =>
        ctl.edit(
          [kind === "node" ? { op: "update_node", id, set: { assumptions: lines(text) } } : { op: "update_edge", id, set: { assumptions: lines(text) } }],
          "Edit assumptions",
          { merge },
        )
      }
    />
  );
}
