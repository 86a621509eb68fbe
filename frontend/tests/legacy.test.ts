import { describe, expect, it } from "vitest";
import { legacyHashTarget } from "../src/view/shell/legacy";

describe("old hash-router links", () => {
  it.each([
    ["", null],
    ["#main", null],
    ["#/", "/"],
    ["#/signin", "/signin"],
    ["#/orgs/acme", "/acme"],
    ["#/g/acme/plan", "/acme/plan"],
    ["#/g/acme/plan?ref=draft", "/acme/plan/tree/draft"],
    ["#/g/acme/plan?compare=abc...main", "/acme/plan/compare/abc...main"],
    ["#/g/acme/plan/proposals/3", "/acme/plan/proposals/3"],
    ["#/g/acme/plan/merge?source=draft&target=main", "/acme/plan/merge?source=draft&target=main"],
  ])("%s -> %s", (hash, expected) => {
    expect(legacyHashTarget(hash)).toBe(expected);
  });
});
