"""The example content ``toc-editor seed`` loads: the ToCs of ``seed_graphs/``, each with the
history its story tells (``seed_graphs/history/<template>.json``, planned by
:mod:`.seed_history`), worked on by the organisations' staff, with a draft branch, and for the
shared framework a member's fork, its proposal and the merge.

Everything goes through the use cases a person would use (accounts, graphs, versioning,
forks, proposals), acting as the seed's people at the past times the plan gives (``Ctx.at``),
so the landing function is still the only writer of commits and branches. A ToC that exists
already is left alone, so seeding twice adds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..domain import model
from ..storage.models import Proposal, User
from . import accounts, forks, graphs, proposals, results, templates, versioning
from .context import Ctx
from .errors import Invalid
from .seed_history import (
    Comment,
    Commit,
    Event,
    Fork,
    Merge,
    Propose,
    StartBranch,
    Story,
    StoryError,
    Vote,
    load_story,
    plan_history,
)
from .seed_results import Report, plan_results

__all__ = ["DEMO_USER", "Seeded", "seed", "story_of"]

DEMO_USER = "demo"
EMAIL_DOMAIN = "example.org"
"""The seed's colleagues get ``<username>@example.org`` (a domain reserved for examples) and
no password (nobody signs in as them): they author the history; people sign in as ``demo``."""


@dataclass
class Seeded:
    """What seeding one ToC did."""

    org: str
    slug: str
    boxes: int
    versions: int = 1
    authors: list[str] = field(default_factory=list)
    branch: str | None = None
    fork: str | None = None
    results: int = 0
    indicators: int = 0
    measured: int = 0

    def line(self) -> str:
        """The CLI's line for it."""
        who = f" by {', '.join(self.authors)}" if self.authors else ""
        extra = f"; branch {self.branch}" if self.branch else ""
        extra += f"; forked by {self.fork}, proposed back and merged" if self.fork else ""
        if self.results:
            extra += f"; {self.results} results for {self.measured} of {self.indicators} indicators"
        versions = f"{self.versions} version{'s' if self.versions != 1 else ''}"
        return f"seeded {self.org}/{self.slug} ({self.boxes} boxes, {versions}{who}{extra})"


def story_of(template_id: str) -> Story | None:
    """The story of a seed template, or None when it has none (it is seeded as one version)."""
    path = templates.seed_dir() / "history" / f"{template_id}.json"
    if not path.exists():
        return None
    try:
        return load_story(json.loads(path.read_text(encoding="utf-8")))
    except (StoryError, ValueError) as exc:
        raise Invalid(f"{path.name}: {exc}", where="seed") from None


def seed(
    ctx: Ctx,
    password: str,
    *,
    today: date | None = None,
    echo: Callable[[str], None] = lambda line: None,
) -> list[Seeded]:
    """Load every seed template not loaded yet; returns what was seeded (empty: nothing new).

    ``password`` is the demo account's (made when missing); ``today`` dates the histories
    (default: today, UTC).
    """
    today = today or datetime.now(UTC).date()
    demo = accounts.user_named(ctx, DEMO_USER)
    if demo is None:
        # The demo account's password is documented (README: demo / demo-password), so it is
        # weak on purpose: seeding skips the strength rule, and only for this account.
        demo = accounts.register(
            ctx, DEMO_USER, "demo@localhost", password, allow_weak_password=True
        )
    people = _People(ctx, demo)
    done = []
    for template_id, doc in templates.templates():
        meta = doc.get("seed") or {}
        org = meta.get("org", "demo")
        slug = meta.get("slug", template_id.split("-", 1)[-1])
        people.org(org, meta.get("org_name", org), ())
        if graphs.graph_named(ctx, org, slug) is not None:
            continue
        problems = templates.validate_against_schema(doc)
        if problems:
            raise Invalid(f"{template_id}: " + "; ".join(problems), where="seed")
        story = story_of(template_id)
        if story is None:
            seeded = _one_version(ctx, people, org, slug, doc, meta)
        else:
            seeded = _with_history(ctx, people, org, slug, doc, meta, story, today, template_id)
        echo(seeded.line())
        done.append(seeded)
    ctx.user, ctx.at = None, None
    return done


class _People:
    """The seed's accounts and organisations, made on first use (demo owns every org)."""

    def __init__(self, ctx: Ctx, demo: User) -> None:
        self.ctx = ctx
        self.demo = demo
        self.users: dict[str, User] = {DEMO_USER: demo}

    def user(self, username: str) -> User:
        if username not in self.users:
            found = accounts.user_named(self.ctx, username)
            if found is None:
                self.ctx.user = None
                found = accounts.register(self.ctx, username, f"{username}@{EMAIL_DOMAIN}", None)
            self.users[username] = found
        return self.users[username]

    def org(self, slug: str, name: str, editors: tuple[str, ...]) -> None:
        self.ctx.user, self.ctx.at = self.demo, None
        if accounts.org_named(self.ctx, slug) is None:
            accounts.create_org(self.ctx, slug, name)
        found = accounts.org_named(self.ctx, slug)
        assert found is not None
        members = {m.user_id for m in accounts.members(self.ctx, found) or []}
        for username in editors:
            person = self.user(username)
            if person.id not in members:
                self.ctx.user = self.demo
                accounts.add_member(self.ctx, slug, username, "editor")

    def act(self, username: str, at: datetime | None) -> None:
        self.ctx.user, self.ctx.at = self.user(username), at


def _one_version(
    ctx: Ctx, people: _People, org: str, slug: str, doc: dict[str, Any], meta: dict[str, Any]
) -> Seeded:
    people.act(DEMO_USER, None)
    body = {"nodes": doc["nodes"], "edges": doc["edges"]}
    graphs.create_graph(
        ctx,
        org,
        slug=slug,
        title=doc.get("title", slug),
        description=doc.get("description", ""),
        visibility=meta.get("visibility", "public"),
        document=body,
        message=f"Seed: {doc.get('title', slug)}",
    )
    return Seeded(org, slug, len(body["nodes"]), authors=[DEMO_USER])


def _with_history(
    ctx: Ctx,
    people: _People,
    org: str,
    slug: str,
    doc: dict[str, Any],
    meta: dict[str, Any],
    story: Story,
    today: date,
    key: str,
) -> Seeded:
    people.org(org, meta.get("org_name", org), story.team)
    fork = story.fork
    if fork is not None:
        people.org(fork.org, fork.org_name, fork.team)
    events = plan_history(doc, story, today=today, key=key)
    seeded = Seeded(org, slug, len(doc["nodes"]), branch=story.branch)
    proposal: Proposal | None = None
    created = False
    for event in events:
        people.act(event.author, event.at)
        if isinstance(event, Commit):
            if event.on_fork:
                assert fork is not None
                _replace(ctx, fork.org, fork.slug, "main", event)
            elif not created:
                graphs.create_graph(
                    ctx,
                    org,
                    slug=slug,
                    title=doc.get("title", slug),
                    description=doc.get("description", ""),
                    visibility=meta.get("visibility", "public"),
                    document=event.document,
                    message=event.message,
                )
                created = True
            else:
                _replace(ctx, org, slug, event.branch, event)
        elif isinstance(event, StartBranch):
            graphs.create_branch(ctx, org, slug, event.name, "main")
        elif isinstance(event, Fork):
            assert fork is not None
            forks.fork(ctx, org, slug, fork.org, fork.slug)
            seeded.fork = f"{fork.org}/{fork.slug}"
        elif isinstance(event, Propose):
            assert fork is not None
            proposal = proposals.open_proposal(
                ctx, org, slug, f"{fork.org}/{fork.slug}:main", None, event.title, event.description
            )
        else:
            assert proposal is not None
            _discuss(ctx, org, slug, proposal.number, event)
    graph = graphs.graph_named(ctx, org, slug)
    assert graph is not None
    history = versioning.log(ctx, graph, "main", limit=1000)
    seeded.versions = len(history)
    seeded.authors = list(dict.fromkeys(c.author_name for c in reversed(history)))
    _results(ctx, people, seeded, doc, story, events, today, key)
    settings: dict[str, Any] = {}
    if story.results_public:  # owners opt in to publishing a public graph's results
        settings["results_public"] = True
    if story.share_results != "none":  # and to sharing them with the framework (issue 14)
        settings["share_results"] = story.share_results
    if story.aggregate_k is not None:  # a framework's k (lowered for a handful of members)
        settings["aggregate_k"] = story.aggregate_k
    if settings:
        people.act(DEMO_USER, None)
        graphs.update_graph(ctx, org, slug, settings)
    return seeded


def _results(
    ctx: Ctx,
    people: _People,
    seeded: Seeded,
    doc: dict[str, Any],
    story: Story,
    events: list[Event],
    today: date,
    key: str,
) -> None:
    """Two years of results, written through the results service in the batches their
    reporters entered them (one call per reporter and time)."""
    pairs = [(n["id"], i) for n in doc["nodes"] for i in n.get("indicators", [])]
    reports = plan_results(
        pairs,
        today=today,
        key=key,
        reporters=story.team,
        utc_offset=story.utc_offset,
        entered_from=_indicators_in_place(events, {d["id"] for _, d in pairs}),
    )
    batch: list[Report] = []
    for report in [*reports, None]:
        if batch and (
            report is None or (report.reporter, report.at) != (batch[0].reporter, batch[0].at)
        ):
            people.act(batch[0].reporter, batch[0].at)
            results.write(ctx, seeded.org, seeded.slug, [r.entry() for r in batch])
            batch = []
        if report is not None:
            batch.append(report)
    seeded.results = len(reports)
    seeded.indicators = len(pairs)
    seeded.measured = len({r.indicator for r in reports})


def _indicators_in_place(events: list[Event], wanted: set[str]) -> datetime | None:
    """A few days after the first version on main that holds every indicator: when past
    results were entered (before, the ToC had nowhere to keep them)."""
    for event in events:
        if isinstance(event, Commit) and event.branch == "main" and not event.on_fork:
            have = {i["id"] for n in event.document["nodes"] for i in n.get("indicators", [])}
            if wanted <= have:
                day = event.at + timedelta(days=3)
                return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)
    return None


def _replace(ctx: Ctx, org: str, slug: str, branch: str, event: Commit) -> None:
    versioning.replace_content(
        ctx, org, slug, branch, model.from_document(event.document), event.message
    )


def _discuss(ctx: Ctx, org: str, slug: str, number: int, event: Event) -> None:
    row = proposals.get(ctx, org, slug, number)
    if isinstance(event, Comment):
        proposals.comment(ctx, row, event.body)
    elif isinstance(event, Vote):
        proposals.vote(ctx, row, True)
    elif isinstance(event, Merge):
        result, _ = proposals.merge(ctx, row, None)
        if result != "merged":  # pragma: no cover - the story moves main after the fork
            raise Invalid(f"the seed's proposal landed as {result}, not as a merge", where="seed")
