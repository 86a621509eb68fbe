"""Tables. The schema is created only by the Alembic migrations in ``migrations/``.

Versioning tables:

- ``commits``: immutable, content-addressed (``id`` is a hash of parents, author, message,
  time and delta); ``network_id`` is the fork family that shares the history.
- ``commit_changes``: the commit's delta against its first parent, one row per touched
  entity with its full value after the commit (``NULL`` = removed). Storage per commit
  therefore grows with the change, not the graph.
- ``checkpoints``: every so often (see ``graph_store.CHECKPOINT_*``) the whole state of a
  commit, zlib-compressed JSON, so reading an old commit replays a bounded number of deltas.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from .db import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite forgets the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class User(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ApiToken(db.Model):  # type: ignore[name-defined,misc]
    """A bearer token; only its SHA-256 is stored. ``expires_at`` NULL: never expires."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    user: Mapped[User] = relationship()


class BrowserSession(db.Model):  # type: ignore[name-defined,misc]
    """A signed-in browser. The cookie carries a secret whose SHA-256 is ``id``; deleting
    the row (sign-out, password change) ends that session whatever the cookie says."""

    __tablename__ = "browser_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    user: Mapped[User] = relationship()


class Org(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "orgs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Membership(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "memberships"
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(10))
    user: Mapped[User] = relationship()
    org: Mapped[Org] = relationship()


class Graph(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "graphs"
    __table_args__ = (UniqueConstraint("org_id", "slug"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(63))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(10), default="private")
    default_branch: Mapped[str] = mapped_column(String(100), default="main")
    network_id: Mapped[int | None] = mapped_column(Integer, index=True, nullable=True)
    upstream_id: Mapped[int | None] = mapped_column(
        ForeignKey("graphs.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # results of a public graph are public only when its owners opt in (issue 13)
    results_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # shared measurement (issue 14): whether results on shared indicators flow to the
    # frameworks this graph reports to, and (on a framework) the k of its figures
    share_results: Mapped[str] = mapped_column(String(12), default="none", server_default="none")
    aggregate_k: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    org: Mapped[Org] = relationship()
    upstream: Mapped[Graph | None] = relationship(remote_side=[id])


class Branch(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "branches"
    __table_args__ = (UniqueConstraint("graph_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    graph_id: Mapped[int] = mapped_column(ForeignKey("graphs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    head: Mapped[str] = mapped_column(ForeignKey("commits.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Commit(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "commits"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    network_id: Mapped[int] = mapped_column(Integer, index=True)
    parent1: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    parent2: Mapped[str | None] = mapped_column(String(40), nullable=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    author_name: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    stats: Mapped[dict] = mapped_column(JSON)  # type: ignore[type-arg]
    generation: Mapped[int] = mapped_column(Integer)
    checkpoint_id: Mapped[str] = mapped_column(String(40), index=True)
    since_checkpoint: Mapped[int] = mapped_column(Integer)


class CommitChange(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "commit_changes"
    commit_id: Mapped[str] = mapped_column(
        ForeignKey("commits.id", ondelete="CASCADE"), primary_key=True
    )
    entity: Mapped[str] = mapped_column(String(1), primary_key=True)  # "n" or "e"
    entity_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str | None] = mapped_column(Text, nullable=True)  # canonical JSON or NULL


class Checkpoint(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "checkpoints"
    commit_id: Mapped[str] = mapped_column(
        ForeignKey("commits.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)  # zlib(JSON document)


class Proposal(db.Model):  # type: ignore[name-defined,misc]
    """A merge request from a branch of one graph (usually a fork) into a branch of another."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("graph_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    graph_id: Mapped[int] = mapped_column(ForeignKey("graphs.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    source_graph_id: Mapped[int | None] = mapped_column(
        ForeignKey("graphs.id", ondelete="SET NULL"), nullable=True
    )
    source_branch: Mapped[str] = mapped_column(String(100))
    target_branch: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    merged_commit: Mapped[str | None] = mapped_column(String(40), nullable=True)
    source_commit: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    graph: Mapped[Graph] = relationship(foreign_keys=[graph_id])
    source_graph: Mapped[Graph | None] = relationship(foreign_keys=[source_graph_id])
    author: Mapped[User | None] = relationship()


class ProposalComment(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "proposal_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author: Mapped[User | None] = relationship()


class ProposalVote(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "proposal_votes"
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NodeLink(db.Model):  # type: ignore[name-defined,misc]
    """Derived index of the ``links`` on nodes at each graph's default-branch head.

    Rebuilt for the touched nodes whenever a default branch moves (in the same
    transaction), so the sector map reads one indexed query instead of every graph.
    """

    __tablename__ = "node_links"
    graph_id: Mapped[int] = mapped_column(
        ForeignKey("graphs.id", ondelete="CASCADE"), primary_key=True
    )
    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    target: Mapped[str] = mapped_column(String(200), primary_key=True)  # org/graph#node
    target_graph: Mapped[str] = mapped_column(String(130), index=True)  # org/graph
    relation: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))


class NodeLabel(db.Model):  # type: ignore[name-defined,misc]
    """Derived index of the labels of the nodes at each graph's default-branch head, for
    searching the graphs' boxes (explore) without loading a tree.

    Kept like ``node_links``: the landing function rewrites the rows of the nodes a move of
    the default branch added, removed or relabelled, in the same transaction. ``folded``
    is ``label.lower()`` (Python's, so case is ignored the same way on every database).
    Graphs made before this table are indexed by ``toc-editor init-db``.
    """

    __tablename__ = "node_labels"
    graph_id: Mapped[int] = mapped_column(
        ForeignKey("graphs.id", ondelete="CASCADE"), primary_key=True
    )
    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    folded: Mapped[str] = mapped_column(Text)  # lower() may lengthen a label a little


class IndicatorReport(db.Model):  # type: ignore[name-defined,misc]
    """Derived index of the ``reports_to`` of the indicators at each graph's default-branch
    head (issue 14): which indicator of which graph reports to which shared indicator
    (``target`` "org/graph#indicator", split into ``target_graph`` and ``shared_id`` for
    the framework's queries). ``unit`` is what must match for its values to be put
    together (unit type, currency, scale, frequency; canonical JSON), so a framework that
    changes its indicator later can leave out the members that no longer match.

    Kept like ``node_links``: rewritten for the nodes a move of the default branch touched,
    in the same transaction.
    """

    __tablename__ = "indicator_reports"
    __table_args__ = (Index("ix_indicator_reports_target", "target_graph", "shared_id"),)
    graph_id: Mapped[int] = mapped_column(
        ForeignKey("graphs.id", ondelete="CASCADE"), primary_key=True
    )
    indicator_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    node_id: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))  # org/graph#indicator
    target_graph: Mapped[str] = mapped_column(String(130))  # org/graph
    shared_id: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(300), default="{}", server_default="{}")


class DerivedBlob(db.Model):  # type: ignore[name-defined,misc]
    """The shared second level of the derived-data cache (:mod:`.shared_cache`): diagrams
    and exports of immutable commits, for every worker and host. ``key`` is a hash of
    (code version, commit, kind, options); ``last_used`` (seconds since the epoch, by the
    database's clock) orders eviction."""

    __tablename__ = "derived_blobs"
    # eviction reads (last_used, size, key) only: from this index, not the rows' bodies
    __table_args__ = (Index("ix_derived_blobs_last_used", "last_used", "size", "key"),)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    last_used: Mapped[float] = mapped_column(Float)
    body: Mapped[bytes] = mapped_column(LargeBinary)


class DerivedClaim(db.Model):  # type: ignore[name-defined,misc]
    """Who is making a derived blob right now (one at a time per key, across workers and
    hosts) until ``expires``; with ``failure`` set, a failed attempt remembered until then."""

    __tablename__ = "derived_claims"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(32))
    expires: Mapped[float] = mapped_column(Float)
    failure: Mapped[str | None] = mapped_column(Text, nullable=True)


class LiveEventRow(db.Model):  # type: ignore[name-defined,misc]
    """A landed commit's live event too large for a PostgreSQL ``NOTIFY`` (8,000 bytes):
    written in the landing's own transaction, and its id notified instead
    (``toc_editor/live/postgres.py``). Rows are kept ``LIVE_EVENT_SECONDS`` by the
    database's clock (``created``, seconds since the epoch), then pruned by later writes."""

    __tablename__ = "live_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created: Mapped[float] = mapped_column(Float, index=True)
    payload: Mapped[str] = mapped_column(Text)


class Result(db.Model):  # type: ignore[name-defined,misc]
    """One reported value of an indicator for a period (issue 13): a time series beside the
    ToC, not a version of it. Append-only: rows are never updated or deleted (a graph's go
    with it); the current value of (graph, indicator, period) is the row with the highest
    ``id``, and the others are its history. ``node_id`` is where the indicator was when
    reported; ``categories`` holds per-category values, ``{"gender": {"female": 12}}``."""

    __tablename__ = "results"
    __table_args__ = (
        # ``value`` too: a framework's figures read it from the index alone (issue 14)
        Index(
            "ix_results_graph_indicator_period", "graph_id", "indicator_id", "period", "id", "value"
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    graph_id: Mapped[int] = mapped_column(ForeignKey("graphs.id", ondelete="CASCADE"))
    indicator_id: Mapped[str] = mapped_column(String(64))
    node_id: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    numerator: Mapped[float | None] = mapped_column(Float, nullable=True)
    denominator: Mapped[float | None] = mapped_column(Float, nullable=True)
    text_value: Mapped[str | None] = mapped_column(String(500), nullable=True)
    categories: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # type: ignore[type-arg]
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    source: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    reported_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    reported_by_name: Mapped[str] = mapped_column(String(40))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


PORTFOLIO_STATUSES = ("invited", "active", "declined", "left")


class PortfolioMember(db.Model):  # type: ignore[name-defined,misc]
    """An organisation in another's portfolio (issue 14): an intermediary (``portfolio_id``)
    invites a member organisation (``member_id``), whose owners accept or decline, and may
    leave later. One row per pair, whatever happened; a new invitation after a decline or
    a departure reuses it. ``answered_at``: when the member last accepted, declined or
    left (NULL while invited)."""

    __tablename__ = "portfolio_members"
    __table_args__ = (
        CheckConstraint("status IN ('invited', 'active', 'declined', 'left')", name="status"),
        CheckConstraint("portfolio_id <> member_id", name="not_itself"),
    )
    portfolio_id: Mapped[int] = mapped_column(
        ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    invited_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    portfolio: Mapped[Org] = relationship(foreign_keys=[portfolio_id])
    member: Mapped[Org] = relationship(foreign_keys=[member_id])
    inviter: Mapped[User | None] = relationship()


class CommitSummary(db.Model):  # type: ignore[name-defined,misc]
    """What a portfolio's listing needs of a commit's content (issue 14): its quality
    findings counted by severity and its indicators with their frequencies (JSON
    ``[[id, frequency], ...]``). Derived from an immutable commit, so made once, whoever
    asks, and kept; ``rules`` is a digest of the code that made it: code that counts
    otherwise makes its own rows (``services/commit_summaries.py``)."""

    __tablename__ = "commit_summaries"
    commit_id: Mapped[str] = mapped_column(
        ForeignKey("commits.id", ondelete="CASCADE"), primary_key=True
    )
    rules: Mapped[str] = mapped_column(String(16), primary_key=True)
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    infos: Mapped[int] = mapped_column(Integer)
    indicators: Mapped[str] = mapped_column(Text)
