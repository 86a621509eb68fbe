"""A believable version history for a seeded theory of change, worked back from its final
document. Pure: a document and a *story* in, a plan of dated events out; nothing is stored
(``services/seed.py`` lands the plan through the usual use cases).

A story (``seed_graphs/history/<template>.json``) says who worked on the ToC and how it
grew: the steps of its history in order, each one commit (a first sketch with fewer
boxes, the other outcomes, the arrows' rationale, indicators, renamed boxes, assumptions,
evidence, descriptions, tags, links to a shared framework, the indicators' reporting
definitions, and steps of its own that add boxes), which fields had other values before
a step (a box's earlier label, an arrow's earlier confidence, an earlier target), a draft
branch with a couple of commits, and, for a shared framework, a fork by a member
organisation whose change comes back upstream through a proposal and a merge.

Each version is the final document with the steps not yet taken undone, so the last
version on ``main`` is exactly the seed file's content. Commit messages are worked out from
what each step changed (counts, old and new labels, old and new values).

Examples
--------
>>> final = {"nodes": [
...     {"id": "a", "kind": "activity", "label": "Mentoring", "description": "Weekly."},
...     {"id": "o", "kind": "outcome", "label": "Confidence", "horizon": "short"},
...     {"id": "m", "kind": "impact", "label": "Good work"}],
...   "edges": [{"id": "e1", "source": "a", "target": "o", "rationale": "Trust."},
...             {"id": "e2", "source": "o", "target": "m"}]}
>>> story = load_story({"team": ["ana", "ben"], "start_days_ago": 60, "end_days_ago": 5,
...     "steps": [{"step": "sketch", "author": "ana"}, {"step": "outcomes", "author": "ben"},
...               {"step": ["rationale", "descriptions"], "author": "ben"},
...               {"step": "renames", "author": "ben"}],
...     "changes": [{"step": "renames", "node": "o", "field": "label", "from": "Self-belief"}]})
>>> events = plan_history(final, story, today=date(2026, 3, 2), key="demo")
>>> [(e.author, e.message) for e in events]  # doctest: +NORMALIZE_WHITESPACE
[('ana', 'First sketch: 1 activity and 1 impact'),
 ('ben', 'Add 1 short-term outcome and connect the pathways (2 arrows)'),
 ('ben', 'Write the rationale of 1 arrow; describe 1 box'),
 ('ben', 'Rename 1 box: “Self-belief” is now “Confidence”')]
>>> events[-1].document == normalized(final)
True
>>> [n["label"] for n in events[1].document["nodes"]]
['Mentoring', 'Self-belief', 'Good work']
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..domain.entities import INDICATOR_DEFINITION_FIELDS

__all__ = [
    "DEFINITION_FIELDS",
    "KNOWN_STEPS",
    "Comment",
    "Commit",
    "Event",
    "Fork",
    "ForkStory",
    "Merge",
    "Propose",
    "StartBranch",
    "Story",
    "StoryError",
    "Vote",
    "apply_edits",
    "load_story",
    "normalized",
    "plan_history",
]

DEFINITION_FIELDS = INDICATOR_DEFINITION_FIELDS
"""The indicator fields that say how results are reported and judged (issue 13): added
by the ``definitions`` step (the domain's list)."""

KNOWN_STEPS = (
    "sketch",
    "outcomes",
    "rationale",
    "indicators_outputs",
    "indicators_outcomes",
    "renames",
    "assumptions",
    "evidence",
    "descriptions",
    "tags",
    "links",
    "definitions",
)
"""Steps whose content is worked out from the final document; any other step name is the
story's own (it adds the boxes it names, and carries the changes bound to it)."""

_KIND_WORDS = {
    "activity": ("activity", "activities"),
    "output": ("output", "outputs"),
    "outcome": ("outcome", "outcomes"),
    "impact": ("impact", "impacts"),
}
_DEFAULT_SKETCH = ("activity", "output", "impact", "outcome:long")


class StoryError(ValueError):
    """A story that does not fit its document (names the place)."""


# -- the events of a plan -------------------------------------------------------------------


@dataclass(frozen=True)
class Commit:
    """A version on ``branch`` of the seeded graph (``on_fork``: of the member's fork).
    The first commit of the seeded graph creates it."""

    author: str
    at: datetime
    message: str
    document: dict[str, Any]
    branch: str = "main"
    on_fork: bool = False


@dataclass(frozen=True)
class StartBranch:
    """A new branch ``name`` of the seeded graph at the head of ``main``."""

    author: str
    at: datetime
    name: str


@dataclass(frozen=True)
class Fork:
    """The member organisation forks the seeded graph (at the head of ``main``)."""

    author: str
    at: datetime


@dataclass(frozen=True)
class Propose:
    """The member proposes its fork's ``main`` (as it is now) to the seeded graph's."""

    author: str
    at: datetime
    title: str
    description: str


@dataclass(frozen=True)
class Comment:
    author: str
    at: datetime
    body: str


@dataclass(frozen=True)
class Vote:
    author: str
    at: datetime


@dataclass(frozen=True)
class Merge:
    """A maintainer merges the open proposal into ``main``."""

    author: str
    at: datetime


Event = Commit | StartBranch | Fork | Propose | Comment | Vote | Merge


# -- the story ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    names: tuple[str, ...]
    author: str | None = None
    message: str | None = None
    nodes: tuple[str, ...] = ()  # boxes a story's own step adds


@dataclass(frozen=True)
class Change:
    step: str
    entity: str  # "node" | "edge" | "indicator"
    id: str
    field: str
    before: Any
    why: str = ""


@dataclass(frozen=True)
class BranchCommit:
    author: str
    message: str
    edits: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class ForkStory:
    org: str
    org_name: str
    slug: str
    team: tuple[str, ...]
    after: str
    nodes: tuple[str, ...]
    message: str
    title: str
    description: str
    merge_after: str
    merged_by: str
    discussion: tuple[tuple[str, str], ...] = ()
    votes: tuple[str, ...] = ()
    local: BranchCommit | None = None


@dataclass(frozen=True)
class Story:
    team: tuple[str, ...]
    steps: tuple[Step, ...]
    start_days_ago: int
    end_days_ago: int
    utc_offset: int = 0
    sketch: tuple[str, ...] = _DEFAULT_SKETCH
    changes: tuple[Change, ...] = ()
    branch: str | None = None
    branch_commits: tuple[BranchCommit, ...] = ()
    fork: ForkStory | None = None
    framework_name: str = ""
    results_public: bool = True
    """Whether the owners publish the results of the (public) ToC."""
    share_results: str = "none"
    """Where its results on shared indicators flow (issue 14): none, maintainers, members."""
    aggregate_k: int | None = None
    """On a framework: the k of its figures (None: the default)."""

    @property
    def step_names(self) -> list[str]:
        return [name for step in self.steps for name in step.names]


def _need(raw: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in raw:
        raise StoryError(f"{where}: {key} is missing")
    value = raw[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise StoryError(f"{where}/{key}: has the wrong type")
    return value


def _branch_commit(raw: Mapping[str, Any], where: str) -> BranchCommit:
    edits = _need(raw, "edits", list, where)
    return BranchCommit(
        _need(raw, "author", str, where), _need(raw, "message", str, where), tuple(edits)
    )


def load_story(raw: Mapping[str, Any]) -> Story:
    """A :class:`Story` from its JSON form (StoryError names what is wrong)."""
    team = tuple(_need(raw, "team", list, "story"))
    steps = []
    for i, item in enumerate(_need(raw, "steps", list, "story")):
        names = item["step"] if isinstance(item.get("step"), list) else [item.get("step")]
        if not names or not all(isinstance(n, str) and n for n in names):
            raise StoryError(f"steps/{i}/step: a step name or a list of them")
        author = item.get("author")
        if author is not None and author not in team:
            raise StoryError(f"steps/{i}/author: {author!r} is not in the team")
        custom = [n for n in names if n not in KNOWN_STEPS]
        if custom and not item.get("message"):
            raise StoryError(f"steps/{i}: the story's own step {custom[0]!r} needs a message")
        steps.append(Step(tuple(names), author, item.get("message"), tuple(item.get("nodes", []))))
    step_names = [n for s in steps for n in s.names]
    if not step_names or step_names[0] != "sketch":
        raise StoryError("steps: the first step is the sketch")
    if len(set(step_names)) != len(step_names):
        raise StoryError("steps: a step is named twice")
    changes = []
    for i, item in enumerate(raw.get("changes", [])):
        entity = next((k for k in ("node", "edge", "indicator") if k in item), None)
        if entity is None or item.get("step") not in step_names or "from" not in item:
            raise StoryError(f"changes/{i}: needs a step of the story, node|edge|indicator, from")
        changes.append(
            Change(
                item["step"], entity, item[entity], item["field"], item["from"], item.get("why", "")
            )
        )
    branch = raw.get("branch") or {}
    fork = None
    if raw.get("fork"):
        f = raw["fork"]
        for key in ("after", "merge_after"):
            if f.get(key) not in step_names:
                raise StoryError(f"fork/{key}: must name a step of the story")
        if step_names.index(f["after"]) >= step_names.index(f["merge_after"]):
            raise StoryError("fork: the merge must come after the fork")
        fork_team = tuple(_need(f, "team", list, "fork"))
        merged_by = _need(f, "merged_by", str, "fork")
        if merged_by not in team:
            raise StoryError("fork/merged_by: a maintainer (in the team) merges")
        fork = ForkStory(
            org=_need(f, "org", str, "fork"),
            org_name=_need(f, "org_name", str, "fork"),
            slug=_need(f, "slug", str, "fork"),
            team=fork_team,
            after=f["after"],
            nodes=tuple(_need(f, "nodes", list, "fork")),
            message=_need(f, "message", str, "fork"),
            title=_need(f, "title", str, "fork"),
            description=_need(f, "description", str, "fork"),
            merge_after=f["merge_after"],
            merged_by=merged_by,
            discussion=tuple((d["author"], d["body"]) for d in f.get("discussion", [])),
            votes=tuple(f.get("votes", [])),
            local=_branch_commit(f["local"], "fork/local") if f.get("local") else None,
        )
    share_results = raw.get("share_results", "none")
    if share_results not in ("none", "maintainers", "members"):
        raise StoryError("share_results: none, maintainers or members")
    aggregate_k = raw.get("aggregate_k")
    if aggregate_k is not None and (
        not isinstance(aggregate_k, int) or isinstance(aggregate_k, bool) or aggregate_k < 1
    ):
        raise StoryError("aggregate_k: a whole number from 1")
    return Story(
        team=team,
        steps=tuple(steps),
        start_days_ago=_need(raw, "start_days_ago", int, "story"),
        end_days_ago=_need(raw, "end_days_ago", int, "story"),
        utc_offset=int(raw.get("utc_offset", 0)),
        sketch=tuple(raw.get("sketch", _DEFAULT_SKETCH)),
        changes=tuple(changes),
        branch=branch.get("name"),
        branch_commits=tuple(
            _branch_commit(c, f"branch/commits/{i}")
            for i, c in enumerate(branch.get("commits", []))
        ),
        fork=fork,
        framework_name=raw.get("framework_name", ""),
        results_public=bool(raw.get("results_public", True)),
        share_results=share_results,
        aggregate_k=aggregate_k,
    )


# -- documents at each step -----------------------------------------------------------------


def _copy(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, scalars): several times faster than
    ``copy.deepcopy``, which the plan would otherwise spend most of its time in."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def normalized(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``{"nodes", "edges"}`` of a document (deep copies; other keys left out)."""
    return {"nodes": _copy(list(doc["nodes"])), "edges": _copy(list(doc["edges"]))}


class _Builder:
    """Versions of one final document: which boxes appear at which step, and the fields
    each step adds."""

    def __init__(self, final: Mapping[str, Any], story: Story) -> None:
        self.final = normalized(final)
        self.story = story
        self.order = {name: i for i, name in enumerate(story.step_names)}
        nodes = {n["id"]: n for n in self.final["nodes"]}
        self.nodes = nodes
        self.edges = {e["id"]: e for e in self.final["edges"]}
        self.indicators = {
            i["id"]: (n["id"], i) for n in self.final["nodes"] for i in n.get("indicators", [])
        }
        self.contributed: set[str] = set(story.fork.nodes) if story.fork else set()
        for node_id in self.contributed:
            if node_id not in nodes:
                raise StoryError(f"fork/nodes: no node {node_id!r}")
        self.appears: dict[str, str] = {}
        for step in story.steps:
            for node_id in step.nodes:
                if node_id not in nodes:
                    raise StoryError(f"step {step.names[0]!r}: no node {node_id!r}")
                self.appears[node_id] = step.names[0]
        for node_id, node in nodes.items():
            if node_id in self.appears or node_id in self.contributed:
                continue
            kind = node["kind"] + (f":{node.get('horizon')}" if node["kind"] == "outcome" else "")
            in_sketch = node["kind"] in story.sketch or kind in story.sketch
            self.appears[node_id] = (
                "sketch" if in_sketch or "outcomes" not in self.order else "outcomes"
            )
        self.edge_contributed = {
            e["id"]
            for e in self.final["edges"]
            if e["source"] in self.contributed or e["target"] in self.contributed
        }
        for change in story.changes:
            table = {"node": nodes, "edge": self.edges, "indicator": self.indicators}[change.entity]
            if change.id not in table:
                raise StoryError(f"changes: no {change.entity} {change.id!r}")

    def document(self, done: set[str], contributed: bool) -> dict[str, Any]:
        present = {
            node_id
            for node_id in self.nodes
            if (contributed if node_id in self.contributed else self.appears[node_id] in done)
        }
        nodes = []
        for node in self.final["nodes"]:
            if node["id"] not in present:
                continue
            node = _copy(node)
            frozen = node["id"] in self.contributed
            if not frozen:
                self._changes(node, "node", done)
                for indicator in node.get("indicators", []):
                    self._changes(indicator, "indicator", done)
                self._strip_node(node, done)
            self._strip_definitions(node, done)
            nodes.append(node)
        edges = []
        for edge in self.final["edges"]:
            if edge["source"] not in present or edge["target"] not in present:
                continue
            edge = _copy(edge)
            if edge["id"] not in self.edge_contributed:
                self._changes(edge, "edge", done)
                self._strip_edge(edge, done)
            edges.append(edge)
        return {"nodes": nodes, "edges": edges}

    def _undone(self, name: str, done: set[str]) -> bool:
        return name in self.order and name not in done

    def _changes(self, entity: dict[str, Any], kind: str, done: set[str]) -> None:
        pending = [
            c
            for c in self.story.changes
            if c.entity == kind and c.id == entity["id"] and c.step not in done
        ]
        for change in sorted(pending, key=lambda c: self.order[c.step], reverse=True):
            if change.before is None:
                entity.pop(change.field, None)
            else:
                entity[change.field] = _copy(change.before)

    def _strip_node(self, node: dict[str, Any], done: set[str]) -> None:
        early = node["kind"] in ("activity", "output")
        if self._undone("indicators_outputs" if early else "indicators_outcomes", done):
            node.pop("indicators", None)
        for step, key in (
            ("assumptions", "assumptions"),
            ("descriptions", "description"),
            ("tags", "tags"),
            ("links", "links"),
        ):
            if self._undone(step, done):
                node.pop(key, None)

    def _strip_definitions(self, node: dict[str, Any], done: set[str]) -> None:
        if self._undone("definitions", done):
            for indicator in node.get("indicators", []):
                for key in DEFINITION_FIELDS:
                    indicator.pop(key, None)

    def _strip_edge(self, edge: dict[str, Any], done: set[str]) -> None:
        if self._undone("rationale", done):
            edge.pop("rationale", None)
            edge.pop("confidence", None)
        if self._undone("assumptions", done):
            edge.pop("assumptions", None)
        if self._undone("evidence", done):
            edge.pop("evidence", None)


# -- what a step changed, in words ----------------------------------------------------------


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _join(parts: Sequence[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _kinds(nodes: Iterable[Mapping[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for node in nodes:
        key = node["kind"]
        if key == "outcome":
            key = f"{node.get('horizon') or 'short'}-term outcome"
        counts[key] = counts.get(key, 0) + 1
    order = ["activity", "output", "short-term outcome", "medium-term outcome"]
    order += ["long-term outcome", "impact"]
    words = []
    for key in order:
        if key in counts:
            one, many = _KIND_WORDS.get(key, (key, key + "s"))
            words.append(_plural(counts[key], one, many))
    return _join(words)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _by_id(doc: Mapping[str, Any], key: str) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in doc[key]}


def _indicator_counts(before: Mapping[str, Any], after: Mapping[str, Any], kinds: set[str]) -> str:
    had = {n["id"]: len(n.get("indicators", [])) for n in before["nodes"]}
    old = {i["id"] for n in before["nodes"] for i in n.get("indicators", [])}
    gained = [
        (n, len(n.get("indicators", [])) - had.get(n["id"], 0))
        for n in after["nodes"]
        if n["kind"] in kinds
    ]
    gained = [(n, k) for n, k in gained if k > 0]
    if not gained:
        return ""
    total = sum(k for _, k in gained)
    new = [i for n, _ in gained for i in n["indicators"] if i["id"] not in old]
    targets = sum(1 for i in new if i.get("target") is not None)
    aim = "each with a target" if targets == total else f"{targets} with a target"
    return f"add {_plural(total, 'indicator')} ({aim}) to {_kinds(n for n, _ in gained)}"


def _count_field(before: Mapping[str, Any], after: Mapping[str, Any], key: str, what: str) -> int:
    old = _by_id(before, what)
    return sum(1 for e in after[what] if e.get(key) and e.get(key) != old.get(e["id"], {}).get(key))


class _Words:
    def __init__(self, builder: _Builder) -> None:
        self.b = builder

    def label(self, node_id: str, doc: Mapping[str, Any]) -> str:
        return _short(_by_id(doc, "nodes")[node_id]["label"], 50)

    def change(self, change: Change, after: Mapping[str, Any]) -> str:
        why = f" ({change.why})" if change.why else ""
        if change.entity == "node" and change.field == "label":
            new = _by_id(after, "nodes")[change.id]["label"]
            return f"“{_short(str(change.before))}” is now “{_short(new)}”{why}"
        if change.entity == "edge":
            edge = _by_id(after, "edges")[change.id]
            arrow = f"“{self.label(edge['source'], after)}” → “{self.label(edge['target'], after)}”"
            value = edge.get(change.field)
            if change.field == "confidence":
                return f"confidence in {arrow} from {change.before} to {value}{why}"
            return f"{change.field} of {arrow} changed{why}"
        if change.entity == "indicator":
            node_id, _ = self.b.indicators[change.id]
            node = _by_id(after, "nodes")[node_id]
            indicator = next(i for i in node["indicators"] if i["id"] == change.id)
            value = indicator.get(change.field)
            name = _short(indicator["name"], 60)
            return f"{change.field} of “{name}” from {change.before} to {value}{why}"
        node = _by_id(after, "nodes")[change.id]
        return f"{change.field} of “{_short(node['label'], 50)}” changed{why}"

    def step(self, name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
        changes = [self.change(c, after) for c in self.b.story.changes if c.step == name]
        old_nodes = _by_id(before, "nodes")
        added = [n for n in after["nodes"] if n["id"] not in old_nodes]
        new_edges = len(after["edges"]) - len(before["edges"])
        if name == "sketch":
            return _kinds(added) + (f", with {_plural(new_edges, 'arrow')}" if new_edges else "")
        if name == "outcomes":
            return f"add {_kinds(added)} and connect the pathways ({_plural(new_edges, 'arrow')})"
        if name == "rationale":
            n = _count_field(before, after, "rationale", "edges")
            return f"write the rationale of {_plural(n, 'arrow')}" + (
                " and how confident we are in each"
                if any(e.get("confidence") for e in after["edges"])
                else ""
            )
        if name == "indicators_outputs":
            return _indicator_counts(before, after, {"activity", "output"})
        if name == "indicators_outcomes":
            return _indicator_counts(before, after, {"outcome", "impact"})
        if name == "renames":
            return f"rename {_plural(len(changes), 'box', 'boxes')}: " + "; ".join(changes)
        if name == "assumptions":
            boxes = _count_field(before, after, "assumptions", "nodes")
            arrows = _count_field(before, after, "assumptions", "edges")
            return "write down the assumptions behind " + _join(
                [
                    _plural(boxes, "box", "boxes") if boxes else "",
                    _plural(arrows, "arrow") if arrows else "",
                ]
            )
        if name == "evidence":
            n = _count_field(before, after, "evidence", "edges")
            text = f"add evidence to {_plural(n, 'arrow')}"
            return text + ("; " + "; ".join(changes) if changes else "")
        if name == "descriptions":
            n = _count_field(before, after, "description", "nodes")
            return f"describe {_plural(n, 'box', 'boxes')}"
        if name == "tags":
            n = _count_field(before, after, "tags", "nodes")
            return f"tag {_plural(n, 'box', 'boxes')} by theme"
        if name == "links":
            targets = sorted(
                {
                    link["target"].split("#")[0]
                    for n in after["nodes"]
                    for link in n.get("links", [])
                }
            )
            n = _count_field(before, after, "links", "nodes")
            where = self.b.story.framework_name or _join(targets)
            return f"link {_plural(n, 'box', 'boxes')} to {where}"
        if name == "definitions":
            return self._definitions(after)
        parts = [f"add {_kinds(added)}"] if added else []
        return "; ".join(parts + changes)

    def _definitions(self, after: Mapping[str, Any]) -> str:
        indicators = [i for n in after["nodes"] for i in n.get("indicators", [])]
        defined = [i for i in indicators if any(k in i for k in DEFINITION_FIELDS)]
        quarterly = sum(1 for i in defined if i.get("frequency") == "quarterly")
        decrease = sum(1 for i in defined if i.get("direction") == "decrease")
        split = [i for i in defined if i.get("disaggregations")]
        names = sorted({d["name"].replace("_", " ") for i in split for d in i["disaggregations"]})
        text = (
            f"say how {_plural(len(defined), 'indicator')} are reported: unit type, direction "
            f"({decrease} where lower is better), frequency ({quarterly} quarterly), "
            "baseline and target dates"
        )
        if split:
            text += f"; {_plural(len(split), 'indicator')} broken down by {_join(names)}"
        return text


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# -- edits (a draft branch, a fork's own change) --------------------------------------------


def apply_edits(doc: Mapping[str, Any], edits: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """``doc`` with small edits applied (a new dict)::

        {"node": id, "set": {...}}   {"edge": id, "set": {...}}   {"indicator": id, "set": {...}}
        {"add_node": {...}}   {"add_edge": {...}}   {"add_indicator": {...}, "to": node id}

    >>> d = {"nodes": [{"id": "a", "kind": "impact", "label": "x",
    ...                 "indicators": [{"id": "i", "name": "n", "target": 3}]}], "edges": []}
    >>> apply_edits(d, [{"indicator": "i", "set": {"target": 4}}])["nodes"][0]["indicators"]
    [{'id': 'i', 'name': 'n', 'target': 4}]
    """
    out = normalized(doc)
    nodes = _by_id(out, "nodes")
    edges = _by_id(out, "edges")
    indicators = {i["id"]: i for n in out["nodes"] for i in n.get("indicators", [])}
    for i, edit in enumerate(edits):
        if "add_node" in edit:
            out["nodes"].append(_copy(dict(edit["add_node"])))
            nodes = _by_id(out, "nodes")
        elif "add_edge" in edit:
            out["edges"].append(_copy(dict(edit["add_edge"])))
        elif "add_indicator" in edit:
            item = _copy(dict(edit["add_indicator"]))
            nodes[edit["to"]].setdefault("indicators", []).append(item)
            indicators[item["id"]] = item
        else:
            kind = next((k for k in ("node", "edge", "indicator") if k in edit), None)
            table = {"node": nodes, "edge": edges, "indicator": indicators}.get(kind or "", {})
            target = table.get(edit.get(kind or "", ""))
            if target is None:
                raise StoryError(f"edits/{i}: nothing to edit with {dict(edit)!r}")
            for key, value in edit["set"].items():
                if value is None:
                    target.pop(key, None)
                else:
                    target[key] = _copy(value)
    return out


# -- the plan -------------------------------------------------------------------------------


@dataclass
class _Clock:
    """Working-day times in the organisation's time zone, from ``start`` to ``end``."""

    rng: random.Random
    utc_offset: int
    last: datetime | None = None
    times: list[datetime] = field(default_factory=list)

    def spread(self, start: date, end: date, count: int) -> list[datetime]:
        if count <= 0:
            return []
        weights = [self.rng.uniform(0.5, 1.5) for _ in range(count)]
        span = max(0, (end - start).days)
        total = sum(weights[1:]) or 1.0
        days = [0.0]
        for w in weights[1:]:
            days.append(days[-1] + span * w / total)
        return [self.at(start + timedelta(days=round(d)), end) for d in days]

    def at(self, day: date, latest: date) -> datetime:
        """A working time on ``day``: a Saturday becomes the Friday before, a Sunday the
        Monday after unless that is later than ``latest``."""
        if day.weekday() == 6 and day + timedelta(days=1) <= latest:
            day += timedelta(days=1)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        local = datetime.combine(day, time(self.rng.randint(9, 17), self.rng.randint(0, 59)))
        moment = (local - timedelta(hours=self.utc_offset)).replace(tzinfo=UTC)
        if self.last is not None and moment <= self.last:
            moment = self.last + timedelta(minutes=self.rng.randint(7, 50))
        self.last = moment
        return moment


def plan_history(final: Mapping[str, Any], story: Story, *, today: date, key: str) -> list[Event]:
    """The dated events that build the seeded graph's history, oldest first.

    ``key`` seeds the random choices (authors where the story names none, times), so a plan
    is the same every time for the same ``today``; the last ``main`` commit holds exactly
    ``final``'s nodes and edges.
    """
    rng = random.Random(f"seed-history:{key}")
    builder = _Builder(final, story)
    words = _Words(builder)
    fork = story.fork

    # Lay out the sequence first, then date it.
    seq: list[tuple[str, Any]] = []
    done: set[str] = set()
    contributed = False
    previous = {"nodes": [], "edges": []}
    team_cycle = list(story.team)
    rng.shuffle(team_cycle)
    for index, step in enumerate(story.steps):
        done |= set(step.names)
        doc = builder.document(done, contributed)
        if doc != previous:
            summary = "; ".join(words.step(n, previous, doc) for n in step.names)
            template = step.message or ("first sketch: {summary}" if index == 0 else "{summary}")
            message = template.replace("{summary}", summary)
            author = step.author or team_cycle[index % len(team_cycle)]
            seq.append(("commit", (author, _sentence(message), doc)))
            previous = doc
        if fork is not None and fork.after in step.names:
            seq.extend(_fork_events(builder, fork, done))
        if fork is not None and fork.merge_after in step.names:
            seq.append(("merge", fork.merged_by))
            contributed = True
            previous = builder.document(done, contributed)
    if previous != builder.final:  # pragma: no cover - by construction
        raise StoryError("the last version is not the final document")
    last_main = previous

    clock = _Clock(rng, story.utc_offset)
    start = today - timedelta(days=story.start_days_ago)
    end = today - timedelta(days=story.end_days_ago)
    times = clock.spread(start, end, len(seq))
    events: list[Event] = []
    for (kind, data), at in zip(seq, times, strict=True):
        events.append(_event(kind, data, at))
    if story.branch:
        author = story.branch_commits[0].author if story.branch_commits else story.team[0]
        later = clock.spread(
            end + timedelta(days=1), today - timedelta(days=1), 1 + len(story.branch_commits)
        )
        events.append(StartBranch(author, later[0], story.branch))
        doc = last_main
        for commit, at in zip(story.branch_commits, later[1:], strict=True):
            doc = apply_edits(doc, commit.edits)
            events.append(Commit(commit.author, at, commit.message, doc, branch=story.branch))
    return events


def _fork_events(builder: _Builder, fork: ForkStory, done: set[str]) -> list[tuple[str, Any]]:
    member = fork.team[0]
    proposed = builder.document(done, True)
    out: list[tuple[str, Any]] = [
        ("fork", member),
        ("fork_commit", (member, fork.message, proposed)),
        ("propose", (member, fork.title, fork.description)),
    ]
    for author, body in fork.discussion:
        out.append(("comment", (author, body)))
    for voter in fork.votes:
        out.append(("vote", voter))
    if fork.local is not None:
        out.append(
            (
                "fork_commit",
                (fork.local.author, fork.local.message, apply_edits(proposed, fork.local.edits)),
            )
        )
    return out


def _event(kind: str, data: Any, at: datetime) -> Event:
    if kind == "commit":
        author, message, doc = data
        return Commit(author, at, message, doc)
    if kind == "fork_commit":
        author, message, doc = data
        return Commit(author, at, message, doc, on_fork=True)
    if kind == "fork":
        return Fork(data, at)
    if kind == "propose":
        author, title, description = data
        return Propose(author, at, title, description)
    if kind == "comment":
        return Comment(data[0], at, data[1])
    if kind == "vote":
        return Vote(data, at)
    assert kind == "merge"
    return Merge(data, at)
