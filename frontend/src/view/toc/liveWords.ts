/**
 * The sentences of live editing, in one place for the banners, the fields and the screen
 * reader: "Ana replaced your text in ‘label’ of “Box”", "Ana is editing this label".
 */
import { namesSentence, type Overwrite } from "../../model";

/** How a field is named in a sentence ("label", "time horizon"); a part ("indicators.<id>:unit") by its last word. */
const FIELD_WORDS: Record<string, string> = {
  label: "label",
  kind: "level",
  horizon: "time horizon",
  description: "description",
  indicators: "indicators",
  assumptions: "assumptions",
  tags: "tags",
  links: "links",
  relation: "relation",
  rationale: "reasoning",
  evidence: "evidence",
  confidence: "confidence",
  name: "name",
  unit: "unit",
  baseline: "baseline",
  target: "target",
  source: "source",
  title: "title",
  url: "address",
  vocabulary: "vocabulary",
  code: "code",
};

export function fieldWord(name: string): string {
  const last = name.split(/[.:]/).pop() ?? name;
  return FIELD_WORDS[last] ?? FIELD_WORDS[name] ?? last.replace(/_/g, " ");
}

/** Fields set by picking a value (the rest are typed). */
const CHOSEN = new Set(["kind", "horizon", "relation", "confidence", "strength"]);

/** "Ana replaced your text in ‘label’ of “Box title”" ("your choice" for a picked value). */
export function replacedSentence(n: Pick<Overwrite, "field"> & { by: string; what: string }): string {
  const yours = CHOSEN.has(n.field) ? "your choice" : "your text";
  return `${n.by} replaced ${yours} in ‘${fieldWord(n.field)}’ of “${n.what || "an untitled box"}”.`;
}

/** "Ana is editing this label", "Ana and Ben are editing this description". */
export function editingSentence(names: readonly string[], field: string): string {
  if (!names.length) return "";
  return `${namesSentence(names)} ${names.length === 1 ? "is" : "are"} editing this ${fieldWord(field)}.`;
}
