/** A small picture of a theory of change for the landing page (decorative: the text says it all),
 * in the editor's own palette so it looks like what people will draw. */
import type { NodeKind } from "../../model";
import { kindLook } from "../palette";

const ROWS: { kind: NodeKind; level: string; boxes: string[] }[] = [
  { kind: "impact", level: "Impact", boxes: ["Young people find good, secure jobs"] },
  { kind: "outcome", level: "Outcomes", boxes: ["Digital skills", "Confidence at interviews"] },
  { kind: "output", level: "Outputs", boxes: ["120 young people complete the course", "Mentor matches"] },
  { kind: "activity", level: "Activities", boxes: ["Weekly coding clubs", "Mentoring by employers"] },
];

export function TocSketch() {
  return (
    <div className="toc-sketch" aria-hidden="true">
      {ROWS.map((r, i) => {
        const look = kindLook(r.kind);
        return (
          <div key={r.kind} className="sketch-row">
            <span className="sketch-level">{r.level}</span>
            <div className="sketch-boxes">
              {r.boxes.map((b) => (
                <span
                  key={b}
                  className="sketch-box"
                  style={{
                    background: look.fill,
                    borderColor: look.border,
                    color: look.text,
                    borderRadius: look.rounded ? 8 : 2,
                    borderStyle: look.double ? "double" : "solid",
                    borderWidth: look.double ? 4 : 2,
                    fontWeight: look.bold ? 700 : 500,
                  }}
                >
                  {b}
                </span>
              ))}
            </div>
            {i < ROWS.length - 1 ? <span className="sketch-arrow">▲</span> : null}
          </div>
        );
      })}
    </div>
  );
}
