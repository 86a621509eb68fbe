/**
 * The inspector's field rules (view/inspector/draft.ts): what a field shows and sends while
 * someone types in it and the document changes under it.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/sync";
import type { Op } from "../src/model";
import {
  begin,
  confidenceProblem,
  docChanged,
  end,
  idle,
  isDirty,
  keepMine,
  linkSentence,
  normalizers,
  parseLinkTarget,
  refusedMessages,
  sentAs,
  settle,
  shown,
  takeTheirs,
  toScalar,
  toSend,
  typed,
  urlProblem,
  type FieldState,
  type Normalize,
} from "../src/view/inspector/draft";

type Step =
  | ["focus"]
  | ["type", string]
  | ["send"]
  | ["enter"]
  | ["doc", string]
  | ["blur"]
  | ["theirs"]
  | ["mine"];

/** Play steps on a field whose document value starts at `start`; returns what it shows, holds and sent. */
function play(start: string, steps: Step[], normalize: Normalize = (t) => t) {
  let s: FieldState = idle(start);
  let value = start;
  const sent: string[] = [];
  const send = (t: string | null) => {
    if (t === null) return;
    s = sentAs(s, t);
    sent.push(t);
    value = t; // our edit applies locally at once
    s = docChanged(s, value, normalize);
  };
  for (const step of steps) {
    switch (step[0]) {
      case "focus":
        s = begin(s, value);
        break;
      case "type":
        s = typed(s.draft === null ? begin(s, value) : s, step[1]);
        break;
      case "send":
        send(toSend(s, value, normalize));
        break;
      case "enter":
        send(toSend(s, value, normalize));
        s = settle(s, normalize);
        break;
      case "doc":
        value = step[1];
        s = docChanged(s, value, normalize);
        break;
      case "blur":
        send(toSend(s, value, normalize));
        s = end(s);
        break;
      case "theirs": {
        const r = takeTheirs(s);
        s = r.state;
        send(r.send === value ? null : r.send);
        break;
      }
      case "mine":
        s = keepMine(s);
        break;
    }
  }
  return { shows: shown(s, value), value, theirs: s.theirs, sent, dirty: isDirty(s, value, normalize) };
}

describe("a field being typed in", () => {
  const cases: { name: string; start: string; steps: Step[]; shows: string; value: string; theirs: string | null; sent: string[]; dirty?: boolean }[] = [
    { name: "typing holds the text, unsent", start: "A", steps: [["focus"], ["type", "Ab"]], shows: "Ab", value: "A", theirs: null, sent: [], dirty: true },
    { name: "a pause sends it", start: "A", steps: [["focus"], ["type", "Ab"], ["send"]], shows: "Ab", value: "Ab", theirs: null, sent: ["Ab"], dirty: false },
    { name: "typing on after a send keeps the text", start: "A", steps: [["focus"], ["type", "Ab"], ["send"], ["type", "Abc"]], shows: "Abc", value: "Ab", theirs: null, sent: ["Ab"], dirty: true },
    { name: "leaving sends the rest", start: "A", steps: [["focus"], ["type", "Ab"], ["send"], ["type", "Abc"], ["blur"]], shows: "Abc", value: "Abc", theirs: null, sent: ["Ab", "Abc"] },
    { name: "nothing typed sends nothing", start: "A", steps: [["focus"], ["blur"]], shows: "A", value: "A", theirs: null, sent: [] },
    { name: "typing back to the start sends nothing", start: "A", steps: [["focus"], ["type", "Ab"], ["type", "A"], ["blur"]], shows: "A", value: "A", theirs: null, sent: [] },
    {
      name: "a colleague's change while typing is kept beside, not written in",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["doc", "Theirs"]],
      shows: "Mine",
      value: "Theirs",
      theirs: "Theirs",
      sent: [],
      dirty: true,
    },
    {
      name: "the draft wins when sent; the notice stays until the person chooses",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["doc", "Theirs"], ["send"]],
      shows: "Mine",
      value: "Mine",
      theirs: "Theirs",
      sent: ["Mine"],
    },
    {
      name: "use theirs: the field and the document get their text",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["doc", "Theirs"], ["send"], ["theirs"]],
      shows: "Theirs",
      value: "Theirs",
      theirs: null,
      sent: ["Mine", "Theirs"],
    },
    {
      name: "use theirs before anything was sent sends nothing (the document has theirs)",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["doc", "Theirs"], ["theirs"], ["blur"]],
      shows: "Theirs",
      value: "Theirs",
      theirs: null,
      sent: [],
    },
    {
      name: "keep mine: the notice goes, the text is sent on leaving",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["doc", "Theirs"], ["mine"], ["blur"]],
      shows: "Mine",
      value: "Mine",
      theirs: null,
      sent: ["Mine"],
    },
    {
      name: "leaving without choosing sends mine and keeps the notice",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["doc", "Theirs"], ["blur"]],
      shows: "Mine",
      value: "Mine",
      theirs: "Theirs",
      sent: ["Mine"],
    },
    {
      name: "a colleague typing the same text ends the notice",
      start: "A",
      steps: [["focus"], ["type", "Same"], ["doc", "Other"], ["doc", "Same"]],
      shows: "Same",
      value: "Same",
      theirs: null,
      sent: [],
      dirty: false,
    },
    {
      name: "focused but not typed in: a colleague's change simply shows",
      start: "A",
      steps: [["focus"], ["doc", "Theirs"]],
      shows: "Theirs",
      value: "Theirs",
      theirs: null,
      sent: [],
      dirty: false,
    },
    {
      name: "after Enter the text is finished: a colleague's change shows in the field",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["enter"], ["doc", "Theirs"]],
      shows: "Theirs",
      value: "Theirs",
      theirs: null,
      sent: ["Mine"],
    },
    {
      name: "typing again after Enter is protected again",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["enter"], ["type", "Mine too"], ["doc", "Theirs"]],
      shows: "Mine too",
      value: "Theirs",
      theirs: "Theirs",
      sent: ["Mine"],
    },
    {
      name: "after keep mine, a further change is offered again",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["doc", "Theirs"], ["mine"], ["doc", "Third"]],
      shows: "Mine",
      value: "Third",
      theirs: "Third",
      sent: [],
    },
    { name: "not editing: the document's value shows", start: "A", steps: [["doc", "B"]], shows: "B", value: "B", theirs: null, sent: [] },
    {
      name: "after leaving, a newer change clears an old notice",
      start: "A",
      steps: [["focus"], ["type", "Mine"], ["doc", "Theirs"], ["blur"], ["doc", "Third"]],
      shows: "Third",
      value: "Third",
      theirs: null,
      sent: ["Mine"],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const r = play(c.start, c.steps);
      expect(r.shows).toBe(c.shows);
      expect(r.value).toBe(c.value);
      expect(r.theirs).toBe(c.theirs);
      expect(r.sent).toEqual(c.sent);
      if (c.dirty !== undefined) expect(r.dirty).toBe(c.dirty);
    });

  it("our own trimmed text coming back is not a colleague's change", () => {
    const r = play("A", [["focus"], ["type", "Hello "], ["send"]], normalizers.trim);
    expect(r).toMatchObject({ shows: "Hello ", value: "Hello", theirs: null, sent: ["Hello"], dirty: false });
    const r2 = play("A", [["focus"], ["type", "Hello "], ["send"], ["type", "Hello w"], ["blur"]], normalizers.trim);
    expect(r2.sent).toEqual(["Hello", "Hello w"]);
  });

  it("lists and numbers compare as the document holds them", () => {
    expect(play("a", [["focus"], ["type", "a\n"], ["blur"]], normalizers.lines).sent).toEqual([]);
    expect(play("a", [["focus"], ["type", "a\n b \n"], ["blur"]], normalizers.lines).sent).toEqual(["a\nb"]);
    expect(play("20", [["focus"], ["type", "20.0"], ["blur"]], normalizers.scalar).sent).toEqual([]);
    expect(play("", [["focus"], ["type", " 60 "], ["blur"]], normalizers.scalar).sent).toEqual(["60"]);
    expect(play("x, y", [["focus"], ["type", "x,y,"], ["blur"]], normalizers.tags).sent).toEqual([]);
  });
});

describe("values as typed", () => {
  it.each([
    ["", null],
    ["  ", null],
    ["20", 20],
    ["-3.5", -3.5],
    [" 60 ", 60],
    ["60%", "60%"],
    ["about 10", "about 10"],
  ])("toScalar(%j) is %j", (text, v) => expect(toScalar(text)).toBe(v));

  it.each([
    ["", null],
    ["0", null],
    ["100", null],
    ["55", null],
    ["101", "Confidence is a whole number from 0 to 100."],
    ["-1", "Confidence is a whole number from 0 to 100."],
    ["5.5", "Confidence is a whole number from 0 to 100."],
    ["high", "Confidence is a whole number from 0 to 100."],
  ])("confidenceProblem(%j)", (text, msg) => expect(confidenceProblem(text)).toBe(msg));

  it.each([
    ["", true],
    ["https://example.org/report.pdf", true],
    ["http://x.y", true],
    ["example.org", false],
    ["ftp://x", false],
  ])("urlProblem(%j) accepts: %s", (text, ok) => expect(urlProblem(text) === null).toBe(ok));
});

describe("the server's messages at the field", () => {
  const err = new ApiError(422, "invalid", "ops/0/set/label: label is too long", { json: { "ops/0/set/label": ["label is too long"] } });
  const ops: Op[] = [{ op: "update_node", id: "n1", set: { label: "x".repeat(400) } }];
  it.each([
    ["n1", "label", ["label is too long"]],
    ["n1", "description", []],
    ["n2", "label", []],
  ])("%s.%s gets %j", (entity, field, msgs) => expect(refusedMessages({ ops, error: err }, entity, field)).toEqual(msgs));
  it("nothing refused, nothing said", () => expect(refusedMessages(null, "n1", "label")).toEqual([]));
  it("flask-smorest's nested messages work too", () => {
    const e2 = new ApiError(422, "invalid", "Invalid", { json: { ops: { 0: { set: { label: ["Longer than maximum length 300."] } } } } });
    expect(refusedMessages({ ops, error: e2 }, "n1", "label")).toEqual(["Longer than maximum length 300."]);
  });
});

describe("links read as sentences", () => {
  it.each([
    ["network/sector#abc", { org: "network", graph: "sector", node: "abc" }],
    ["network/sector", null],
    ["bad", null],
  ])("parseLinkTarget(%j)", (t, want) => expect(parseLinkTarget(t)).toEqual(want));
  it.each([
    ["contributes_to", "Fewer children out of school", "Education Network", "Sector ToC", "Contributes to “Fewer children out of school” in Education Network / Sector ToC"],
    ["same_as", "Literacy", null, "Sector ToC", "Same as “Literacy” in Sector ToC"],
    ["contributes_to", null, "Education Network", "Sector ToC", "Contributes to a box in Education Network / Sector ToC"],
    ["contributes_to", null, null, null, "Contributes to a box in a theory of change you cannot open"],
  ] as const)("%s %s %s %s", (rel, box, org, title, text) => expect(linkSentence(rel, box, org, title)).toBe(text));
  it("never shows an id", () => expect(linkSentence("contributes_to", null, null, null)).not.toMatch(/#|[0-9a-f]{8}-/));
});
