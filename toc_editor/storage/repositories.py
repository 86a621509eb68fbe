"""Small repositories, one per aggregate: the queries the use cases need, by name.

Each wraps the unit of work's session; none commits (:class:`~.uow.UnitOfWork` does).
Commits and their content are the :class:`~.repository.GraphStore`'s.

- :class:`Accounts`: users, API tokens, browser sessions;
- :class:`Orgs`: organisations and their memberships;
- :class:`Graphs`: graphs, their branches, and the index of outcome links;
- :class:`Proposals`: proposals, their comments and votes;
- :class:`Results`: the indicator results reported beside a graph (append-only);
- :class:`Reports`: the index of indicators reporting to shared ones, and a framework's
  grouped reads of its members (issue 14);
- :class:`Portfolios`: organisations in an intermediary's portfolio, and the grouped
  queries of its listing (one per kind of fact, for every member at once).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    delete,
    distinct,
    exists,
    func,
    insert,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased, contains_eager

from .models import (
    ApiToken,
    Branch,
    BrowserSession,
    Commit,
    CommitChange,
    CommitSummary,
    Graph,
    IndicatorReport,
    Membership,
    NodeLabel,
    NodeLink,
    Org,
    PortfolioMember,
    Proposal,
    ProposalComment,
    ProposalVote,
    Result,
    User,
)


class _Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: Any) -> Any:
        """Add a new row and give it its id (flushed, not committed)."""
        self.session.add(row)
        self.session.flush()
        return row

    def delete(self, row: Any) -> None:
        self.session.delete(row)
        self.session.flush()


# Statements every request runs are built once: building one costs as much as running it.
_TOKEN_AND_USER = (
    select(ApiToken.id, ApiToken.expires_at, ApiToken.last_used_at, User)
    .join(User, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("digest"))
)
_USER_BY_SESSION = (
    select(User)
    .join(BrowserSession, BrowserSession.user_id == User.id)
    .where(BrowserSession.id == bindparam("digest"), BrowserSession.expires_at > bindparam("now"))
)


class Accounts(_Repository):
    def user(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username))

    def by_name_or_email(self, who: str) -> list[User]:
        """The accounts called ``who`` (usernames are unique regardless of case: at most
        one), or, when ``who`` has an ``@``, those whose e-mail is ``who`` regardless of
        case (e-mails are not unique: maybe several), by username."""
        column = User.email if "@" in who else User.username
        query = select(User).where(func.lower(column) == who.lower()).order_by(User.username)
        return list(self.session.scalars(query))

    def username_taken(self, username: str) -> bool:
        """Usernames are unique regardless of case."""
        query = select(User.id).where(func.lower(User.username) == username.lower())
        return self.session.scalar(query) is not None

    def token_and_user(
        self, digest: str
    ) -> tuple[int, datetime | None, datetime | None, User] | None:
        """``(token id, expires_at, last_used_at, user)`` of the token with this hash."""
        row = self.session.execute(_TOKEN_AND_USER, {"digest": digest}).first()
        return None if row is None else tuple(row)  # type: ignore[return-value]

    def touch_token(self, token_id: int, now: datetime, unless_since: datetime) -> None:
        """Set ``last_used_at`` to ``now`` unless it is already after ``unless_since``."""
        self.session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token_id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < unless_since),
            )
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )

    def tokens(self, user_id: int) -> list[ApiToken]:
        """A user's tokens, newest first."""
        query = (
            select(ApiToken)
            .where(ApiToken.user_id == user_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
        return list(self.session.scalars(query))

    def delete_token(self, token_id: int, user_id: int) -> bool:
        """Delete the token if it is this user's; whether one was deleted."""
        gone = self.session.execute(
            delete(ApiToken)
            .where(ApiToken.id == token_id, ApiToken.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
        return bool(gone.rowcount == 1)  # type: ignore[attr-defined]

    def user_by_session(self, digest: str, now: datetime) -> User | None:
        return self.session.scalar(_USER_BY_SESSION, {"digest": digest, "now": now})

    def end_sessions(
        self,
        *,
        digest: str | None = None,
        user_id: int | None = None,
        expired_by: datetime | None = None,
        keep: str | None = None,
    ) -> int:
        """Delete browser sessions: one by its hash, or a user's (expired ones only, or all
        but ``keep``); how many."""
        query = delete(BrowserSession)
        if digest is not None:
            query = query.where(BrowserSession.id == digest)
        if user_id is not None:
            query = query.where(BrowserSession.user_id == user_id)
        if expired_by is not None:
            query = query.where(BrowserSession.expires_at <= expired_by)
        if keep is not None:
            query = query.where(BrowserSession.id != keep)
        ended = self.session.execute(query.execution_options(synchronize_session=False))
        return int(ended.rowcount)  # type: ignore[attr-defined]


class Orgs(_Repository):
    def by_slug(self, slug: str) -> Org | None:
        return self.session.scalar(select(Org).where(Org.slug == slug))

    def membership(self, org_id: int, user_id: int) -> Membership | None:
        return self.session.get(Membership, (org_id, user_id))

    def memberships_of(self, user_id: int) -> list[Membership]:
        """A user's memberships, by organisation slug."""
        query = select(Membership).join(Org).where(Membership.user_id == user_id)
        return list(self.session.scalars(query.order_by(Org.slug)))

    def members(self, org_id: int) -> list[Membership]:
        """An organisation's memberships, by username."""
        query = select(Membership).join(User).where(Membership.org_id == org_id)
        return list(self.session.scalars(query.order_by(User.username)))

    def by_slugs(self, slugs: Iterable[str]) -> dict[str, Org]:
        """The organisations of these slugs that exist, by slug (one query per 500)."""
        wanted = sorted(set(slugs))
        found: dict[str, Org] = {}
        for start in range(0, len(wanted), 500):
            query = select(Org).where(Org.slug.in_(wanted[start : start + 500]))
            found.update((org.slug, org) for org in self.session.scalars(query))
        return found

    def owner_count(self, org_id: int) -> int:
        query = select(func.count()).where(Membership.org_id == org_id, Membership.role == "owner")
        return int(self.session.scalar(query) or 0)

    def lock(self, org_id: int) -> None:
        """Take the organisation's turn for membership changes until the transaction ends:
        a no-op write to its row (PostgreSQL locks the row; SQLite begins writing now).
        Raises SQLAlchemy's ``OperationalError`` when the turn does not come in time."""
        self.session.execute(
            update(Org)
            .where(Org.id == org_id)
            .values(name=Org.name)
            .execution_options(synchronize_session=False)
        )


_GRAPH_BY_SLUGS = (  # the graph with its organisation loaded in the same query
    select(Graph)
    .join(Org)
    .options(contains_eager(Graph.org))
    .where(Org.slug == bindparam("org"), Graph.slug == bindparam("slug"))
)
_GRAPH_AND_ROLE = (  # and a user's role in its organisation (NULL: not a member)
    select(Graph, Membership.role)
    .select_from(Graph)
    .join(Org, Org.id == Graph.org_id)
    .outerjoin(
        Membership,
        and_(Membership.org_id == Graph.org_id, Membership.user_id == bindparam("user")),
    )
    .options(contains_eager(Graph.org))
    .where(Org.slug == bindparam("org"), Graph.slug == bindparam("slug"))
)
_GRAPH_ROLE_BRANCH = (  # and a branch of the graph with its head commit (NULL: no branch)
    _GRAPH_AND_ROLE.add_columns(Branch, Commit)
    .outerjoin(Branch, and_(Branch.graph_id == Graph.id, Branch.name == bindparam("branch")))
    .outerjoin(Commit, Commit.id == Branch.head)
)
_GRAPH_AND_BRANCH_HEAD = (
    select(Graph, Commit)
    .join(Org, Org.id == Graph.org_id)
    .outerjoin(Branch, and_(Branch.graph_id == Graph.id, Branch.name == bindparam("ref")))
    .outerjoin(Commit, Commit.id == Branch.head)
    .options(contains_eager(Graph.org))
    .where(Org.slug == bindparam("org"), Graph.slug == bindparam("slug"))
)
_BRANCH_HEAD = (
    select(Commit)
    .join(Branch, Branch.head == Commit.id)
    .where(Branch.graph_id == bindparam("graph"), Branch.name == bindparam("name"))
)
_TIPS = union(
    select(Branch.head).where(Branch.graph_id == bindparam("graph")),
    select(Proposal.source_commit).where(
        Proposal.graph_id == bindparam("graph"), Proposal.source_commit.is_not(None)
    ),
)


_LABELS = NodeLabel.__table__
# Core statements, built once: a commit that changes a label runs one of them.
_LABEL = insert(_LABELS)
_RELABEL = (
    update(_LABELS)
    .where(_LABELS.c.graph_id == bindparam("graph"), _LABELS.c.node_id == bindparam("node"))
    .values(label=bindparam("new_label"), folded=bindparam("new_folded"))
)
_UNLABEL_GRAPH = delete(_LABELS).where(_LABELS.c.graph_id == bindparam("graph"))
_UNLABEL_NODES = delete(_LABELS).where(
    _LABELS.c.graph_id == bindparam("graph"),
    _LABELS.c.node_id.in_(bindparam("nodes", expanding=True)),
)


class Graphs(_Repository):
    def by_slugs(self, org_slug: str, slug: str) -> Graph | None:
        """The graph ``org_slug/slug`` with its organisation (one query)."""
        return self.session.scalar(_GRAPH_BY_SLUGS, {"org": org_slug, "slug": slug})

    def with_role(
        self, org_slug: str, slug: str, user_id: int | None, branch: str | None = None
    ) -> tuple[Graph, str | None, Branch | None, Commit | None] | None:
        """The graph ``org_slug/slug`` with its organisation, and the role of the user
        ``user_id`` there (None: not a member, or no user), in one query; with ``branch``,
        that branch and its head commit's row too (None, None: no such branch)."""
        params = {"org": org_slug, "slug": slug, "user": user_id}
        if branch is not None:
            row = self.session.execute(_GRAPH_ROLE_BRANCH, {**params, "branch": branch}).first()
            return None if row is None else (row[0], row[1], row[2], row[3])
        row = self.session.execute(_GRAPH_AND_ROLE, params).first()
        return None if row is None else (row[0], row[1], None, None)

    def with_branch_head(
        self, org_slug: str, slug: str, ref: str
    ) -> tuple[Graph, Commit | None] | None:
        """The graph and the head commit of its branch ``ref`` (None: no such branch)."""
        row = self.session.execute(
            _GRAPH_AND_BRANCH_HEAD, {"org": org_slug, "slug": slug, "ref": ref}
        ).first()
        return None if row is None else (row[0], row[1])

    def by_id(self, graph_id: int) -> Graph | None:
        return self.session.get(Graph, graph_id)

    def in_org(self, org_id: int) -> list[Graph]:
        query = select(Graph).where(Graph.org_id == org_id).order_by(Graph.slug)
        return list(self.session.scalars(query))

    def slug_taken(self, org_id: int, slug: str) -> bool:
        query = select(Graph.id).where(Graph.org_id == org_id, Graph.slug == slug)
        return self.session.scalar(query) is not None

    def forks_of(self, graph_id: int) -> list[Graph]:
        return list(self.session.scalars(select(Graph).where(Graph.upstream_id == graph_id)))

    def branch(self, graph_id: int, name: str) -> Branch | None:
        query = select(Branch).where(Branch.graph_id == graph_id, Branch.name == name)
        return self.session.scalar(query)

    def branch_by_id(self, branch_id: int) -> Branch | None:
        return self.session.get(Branch, branch_id)

    def branches(self, graph_id: int) -> list[Branch]:
        query = select(Branch).where(Branch.graph_id == graph_id).order_by(Branch.name)
        return list(self.session.scalars(query))

    def head_of(self, branch_id: int) -> str | None:
        """A branch's head as the database holds it now (not the loaded row's)."""
        return self.session.scalar(select(Branch.head).where(Branch.id == branch_id))

    def head_commit(self, graph_id: int, name: str) -> Commit | None:
        """The head commit of the graph's branch ``name`` (one query)."""
        return self.session.scalar(_BRANCH_HEAD, {"graph": graph_id, "name": name})

    def tips(self, graph_id: int) -> list[str]:
        """The graph's branch heads and the versions proposed to it."""
        return list(self.session.scalars(_TIPS, {"graph": graph_id}))

    # -- the index of links to shared ToCs ---------------------------------------------

    def links_to(self, target_graph: str) -> list[tuple[NodeLink, Graph]]:
        """Every indexed link into the graph ``org/slug``, with the graph that holds it."""
        query = (
            select(NodeLink, Graph)
            .join(Graph, Graph.id == NodeLink.graph_id)
            .where(NodeLink.target_graph == target_graph)
        )
        return [(link, graph) for link, graph in self.session.execute(query)]

    def links_from(self, graph_id: int) -> list[NodeLink]:
        return list(self.session.scalars(select(NodeLink).where(NodeLink.graph_id == graph_id)))

    def unindex(self, graph_id: int, node_ids: Sequence[str] | None = None) -> None:
        """Forget the indexed links of these nodes (None: of the whole graph)."""
        if node_ids is None:
            self.session.execute(delete(NodeLink).where(NodeLink.graph_id == graph_id))
            return
        for start in range(0, len(node_ids), 500):
            chunk = node_ids[start : start + 500]
            self.session.execute(
                delete(NodeLink).where(NodeLink.graph_id == graph_id, NodeLink.node_id.in_(chunk))
            )

    def index(self, rows: Iterable[NodeLink]) -> None:
        self.session.add_all(rows)
        self.session.flush()

    # -- the index of labels (explore's search of boxes) ---------------------------------

    def unindex_labels(self, graph_id: int, node_ids: Sequence[str] | None = None) -> None:
        """Forget the indexed labels of these nodes (None: of the whole graph)."""
        if node_ids is None:
            self.session.execute(_UNLABEL_GRAPH, {"graph": graph_id})
            return
        for start in range(0, len(node_ids), 500):
            chunk = node_ids[start : start + 500]
            self.session.execute(_UNLABEL_NODES, {"graph": graph_id, "nodes": chunk})

    def index_labels(self, rows: Sequence[dict[str, Any]]) -> None:
        """Add rows ``{graph_id, node_id, label, folded}`` (one executemany)."""
        if rows:
            self.session.execute(_LABEL, list(rows))

    def relabel(self, rows: Sequence[dict[str, Any]]) -> None:
        """Change the label of indexed nodes: rows ``{graph_id, node_id, label, folded}``
        (one executemany)."""
        if rows:
            params = [
                {"graph": r["graph_id"], "node": r["node_id"], "new_label": r["label"],
                 "new_folded": r["folded"]}
                for r in rows
            ]  # fmt: skip
            self.session.execute(_RELABEL, params)

    def without_labels(self) -> list[int]:
        """Ids of the graphs with no indexed label: empty, or made before the index."""
        labelled = exists().where(NodeLabel.graph_id == Graph.id)
        return list(self.session.scalars(select(Graph.id).where(~labelled).order_by(Graph.id)))

    def label_count(self, graph_id: int) -> int:
        query = select(func.count()).where(NodeLabel.graph_id == graph_id)
        return int(self.session.scalar(query) or 0)

    def matching_labels(
        self, graph_ids: Sequence[int], words: Sequence[str], per_graph: int
    ) -> dict[int, list[str]]:
        """Up to ``per_graph`` labels (alphabetically) of each graph whose folded text holds
        one of ``words``."""
        if not graph_ids:
            return {}
        rank = (
            func.row_number()
            .over(partition_by=NodeLabel.graph_id, order_by=(NodeLabel.folded, NodeLabel.node_id))
            .label("rank")
        )
        ranked = (
            select(NodeLabel.graph_id, NodeLabel.label, rank)
            .where(
                NodeLabel.graph_id.in_(graph_ids),
                or_(*(NodeLabel.folded.contains(w, autoescape=True) for w in words)),
            )
            .subquery()
        )
        query = (
            select(ranked.c.graph_id, ranked.c.label)
            .where(ranked.c.rank <= per_graph)
            .order_by(ranked.c.graph_id, ranked.c.rank)
        )
        found: dict[int, list[str]] = {}
        for graph_id, label in self.session.execute(query):
            found.setdefault(graph_id, []).append(label)
        return found

    def public_listing(
        self, words: Sequence[str], *, frameworks_only: bool, offset: int, limit: int
    ) -> tuple[int, list[Any]]:
        """Public graphs for explore, and how many there are in all: each of ``words``
        (lower case; none: every public graph) in the title, the graph's slug, the
        organisation's name or slug, or a label at the default branch's head (the
        ``node_labels`` index), each word anywhere; with ``frameworks_only``, only graphs
        another graph links into. Graphs whose names hold every word come first, then the
        most recently updated.

        Each row: ``Graph`` (with ``org`` loaded), ``updated_at`` (the default branch's last
        move), ``stats`` (its head commit's), ``upstream_org``, ``upstream_slug``,
        ``upstream_public``, ``upstream_org_id`` (None: no upstream), ``linked_by``
        (other graphs linking into it, private ones too: a count names nobody).
        """
        upstream, upstream_org = aliased(Graph), aliased(Org)
        linked_by = (
            select(func.count(distinct(NodeLink.graph_id)))
            .where(
                NodeLink.target_graph == Org.slug + "/" + Graph.slug,
                NodeLink.graph_id != Graph.id,
            )
            .correlate(Graph, Org)
            .scalar_subquery()
        )
        query: Select[Any] = (
            select(
                Graph,
                Branch.updated_at,
                Commit.stats,
                upstream_org.slug,
                upstream.slug,
                upstream.visibility == "public",
                upstream.org_id,
                linked_by.label("linked_by"),
            )
            .join(Org, Org.id == Graph.org_id)
            .outerjoin(
                Branch, and_(Branch.graph_id == Graph.id, Branch.name == Graph.default_branch)
            )
            .outerjoin(Commit, Commit.id == Branch.head)
            .outerjoin(upstream, upstream.id == Graph.upstream_id)
            .outerjoin(upstream_org, upstream_org.id == upstream.org_id)
            .options(contains_eager(Graph.org))
            .where(Graph.visibility == "public")
        )
        order: list[Any] = []
        if words:

            def by_name(word: str) -> Any:
                columns = (Graph.title, Graph.slug, Org.name, Org.slug)
                return or_(*(func.lower(c).contains(word, autoescape=True) for c in columns))

            def in_boxes(word: str) -> Any:
                return exists().where(
                    NodeLabel.graph_id == Graph.id,
                    NodeLabel.folded.contains(word, autoescape=True),
                )

            query = query.where(and_(*(or_(by_name(w), in_boxes(w)) for w in words)))
            order.append(case((and_(*(by_name(w) for w in words)), 0), else_=1))
        if frameworks_only:
            query = query.where(linked_by > 0)
        total = self.session.scalar(
            select(func.count()).select_from(query.with_only_columns(Graph.id).subquery())
        )
        order += [Branch.updated_at.desc(), Org.slug, Graph.slug]
        rows = self.session.execute(query.order_by(*order).offset(offset).limit(limit))
        return int(total or 0), list(rows)


class Proposals(_Repository):
    def by_number(self, graph_id: int, number: int) -> Proposal | None:
        query = select(Proposal).where(Proposal.graph_id == graph_id, Proposal.number == number)
        return self.session.scalar(query)

    def by_id(self, proposal_id: int) -> Proposal | None:
        return self.session.get(Proposal, proposal_id)

    def lock(self, row: Proposal) -> None:
        """Take the proposal's turn until the transaction ends (a no-op write: PostgreSQL
        locks the row, SQLite begins writing), then reload it: what another writer
        committed meanwhile (a merge, a close) is seen, never overwritten."""
        self.session.execute(
            update(Proposal)
            .where(Proposal.id == row.id)
            .values(status=Proposal.status)
            .execution_options(synchronize_session=False)
        )
        self.session.refresh(row)

    def next_number(self, graph_id: int) -> int:
        query = select(func.max(Proposal.number)).where(Proposal.graph_id == graph_id)
        return 1 + (self.session.scalar(query) or 0)

    def of_graph(self, graph_id: int, status: str | None = None) -> list[Proposal]:
        """A graph's proposals, newest first."""
        query = select(Proposal).where(Proposal.graph_id == graph_id)
        if status:
            query = query.where(Proposal.status == status)
        return list(self.session.scalars(query.order_by(Proposal.number.desc())))

    def comments(self, proposal_id: int) -> list[ProposalComment]:
        query = select(ProposalComment).where(ProposalComment.proposal_id == proposal_id)
        return list(self.session.scalars(query.order_by(ProposalComment.id)))

    def vote(self, proposal_id: int, user_id: int) -> ProposalVote | None:
        return self.session.get(ProposalVote, (proposal_id, user_id))

    def vote_count(self, proposal_id: int) -> int:
        query = select(func.count()).where(ProposalVote.proposal_id == proposal_id)
        return int(self.session.scalar(query) or 0)


class Results(_Repository):
    """Results are appended, never updated or deleted: the current value of (graph,
    indicator, period) is its row with the highest id, the others its history. Every
    query here reads the index (graph_id, indicator_id, period, id)."""

    def append(self, rows: Sequence[Result]) -> list[Result]:
        """Add rows in order (so their ids follow it) and give them their ids."""
        self.session.add_all(rows)
        self.session.flush()
        return list(rows)

    def append_rows(self, rows: Sequence[dict[str, Any]]) -> int:
        """Add rows given as column -> value, in order, without making objects (an import
        of 10,000 rows: about 0.3 s instead of 2); how many."""
        if rows:
            self.session.execute(insert(Result.__table__), list(rows))
        return len(rows)

    def current(self, graph_id: int, indicator_id: str | None = None) -> list[Result]:
        """The current row of every (indicator, period) of a graph (or of one indicator),
        by indicator and period."""
        latest = select(func.max(Result.id)).where(Result.graph_id == graph_id)
        if indicator_id is not None:
            latest = latest.where(Result.indicator_id == indicator_id)
        latest = latest.group_by(Result.indicator_id, Result.period)
        query = (
            select(Result)
            .where(Result.id.in_(latest.scalar_subquery()))
            .order_by(Result.indicator_id, Result.period)
        )
        return list(self.session.scalars(query))

    def history(self, graph_id: int, indicator_id: str, period: str | None = None) -> list[Result]:
        """Every row of an indicator (in one period), newest first: the audit trail."""
        query = select(Result).where(
            Result.graph_id == graph_id, Result.indicator_id == indicator_id
        )
        if period is not None:
            query = query.where(Result.period == period)
        return list(self.session.scalars(query.order_by(Result.id.desc())))

    def indicator_ids(self, graph_id: int) -> set[str]:
        """The ids of the indicators a graph has results for."""
        query = select(Result.indicator_id).where(Result.graph_id == graph_id).distinct()
        return set(self.session.scalars(query))


_REPORTS = IndicatorReport.__table__
_REPORTING_TO = (  # the member indicators reporting to a framework, with their graphs
    select(
        _REPORTS.c.graph_id,
        _REPORTS.c.indicator_id,
        _REPORTS.c.node_id,
        _REPORTS.c.shared_id,
        _REPORTS.c.unit,
        Org.slug.label("org_slug"),
        Graph.slug,
        Graph.title,
        Graph.visibility,
        Graph.results_public,
        Graph.share_results,
    )
    .join(Graph, Graph.id == _REPORTS.c.graph_id)
    .join(Org, Org.id == Graph.org_id)
    .where(_REPORTS.c.target_graph == bindparam("key"))
)


class Reports(_Repository):
    """``indicator_reports``, the index of ``reports_to`` at each graph's default head,
    and the reads a framework makes of its members: each one grouped query, whatever the
    number of members, read as the driver's plain tuples (a framework of 4,000 members
    reads 480,000 results: SQLAlchemy's row objects and type processing would cost more
    than the query)."""

    def _tuples(self, query: Any) -> list[tuple[Any, ...]]:
        """The rows of ``query`` as the DB-API driver gives them (no type processing)."""
        connection = self.session.connection()
        compiled = query.compile(
            dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
        )
        params = compiled.params
        args: Any = [params[k] for k in compiled.positiontup] if compiled.positional else params
        cursor = connection.connection.cursor()
        try:
            cursor.execute(str(compiled), args)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def unindex(self, graph_id: int, node_ids: Sequence[str] | None = None) -> None:
        """Forget the indexed indicators of these nodes (None: of the whole graph)."""
        query = delete(_REPORTS).where(_REPORTS.c.graph_id == graph_id)
        if node_ids is None:
            self.session.execute(query)
            return
        for start in range(0, len(node_ids), 500):
            chunk = list(node_ids[start : start + 500])
            self.session.execute(query.where(_REPORTS.c.node_id.in_(chunk)))

    def index(self, rows: Sequence[dict[str, Any]]) -> None:
        """Add rows given as column -> value (one statement)."""
        if rows:
            self.session.execute(insert(_REPORTS), list(rows))

    def of_graph(self, graph_id: int) -> list[Any]:
        """The indexed rows of a graph, by indicator id."""
        query = select(_REPORTS).where(_REPORTS.c.graph_id == graph_id)
        return list(self.session.execute(query.order_by(_REPORTS.c.indicator_id)))

    def reporting_to(self, key: str, shared_id: str | None = None) -> list[tuple[Any, ...]]:
        """Rows of ``graph_id, indicator_id, node_id, shared_id, unit, org_slug, slug,
        title, visibility, results_public, share_results``: every indicator reporting to
        the framework ``key`` ("org/graph"; to its indicator ``shared_id``)."""
        query = _REPORTING_TO.params(key=key)
        if shared_id is not None:
            query = query.where(_REPORTS.c.shared_id == shared_id)
        return self._tuples(query)

    def anyone_reports_to(self, key: str) -> bool:
        """Whether an indicator of any graph reports to the framework ``key`` (one index
        probe)."""
        query = select(_REPORTS.c.graph_id).where(_REPORTS.c.target_graph == key).limit(1)
        return self.session.execute(query).first() is not None

    def graphs_of_user(self, key: str, user_id: int) -> list[tuple[int, str, str, str]]:
        """``(graph id, org slug, graph slug, share_results)`` of the graphs reporting to
        ``key`` whose organisation the user has a role in."""
        query = (
            select(Graph.id, Org.slug, Graph.slug, Graph.share_results)
            .select_from(_REPORTS)
            .join(Graph, Graph.id == _REPORTS.c.graph_id)
            .join(Org, Org.id == Graph.org_id)
            .join(
                Membership,
                and_(Membership.org_id == Graph.org_id, Membership.user_id == user_id),
            )
            .where(_REPORTS.c.target_graph == key)
            .distinct()
        )
        return [(g, org, slug, consent) for g, org, slug, consent in self.session.execute(query)]

    def current_values(
        self,
        key: str,
        shared_id: str,
        *,
        consents: Sequence[str] = (),
        own: Sequence[int] = (),
        parts: bool = False,
        text: bool = False,
        categories: bool = False,
    ) -> list[tuple[Any, ...]]:
        """The results of the indicators reporting to the shared indicator
        ``key#shared_id``, of the graphs that share with ``consents``, have public
        results, or are among ``own``: rows of ``graph_id, period, value``, then
        ``numerator, denominator`` (with ``parts``), ``text_value`` (with ``text``), the
        categories as JSON text (with ``categories``; None for none), then the row's
        ``id``, in no particular order, a period's older values included: the current one
        is the highest ``id`` (the caller keeps it, which costs less than grouping in the
        query). A graph has at most one indicator reporting to a shared one, so
        ``graph_id`` names the member.

        Only the columns asked for: each costs a tenth more on SQLite, 480,000 times for
        a framework of 4,000 members (one query per shared indicator reads no more rows
        than one for all: on PostgreSQL about the same time, on SQLite less)."""
        columns: list[Any] = [Result.graph_id, Result.period, Result.value]
        if parts:
            columns += [Result.numerator, Result.denominator]
        if text:
            columns.append(Result.text_value)
        if categories:
            columns.append(func.nullif(cast(Result.categories, Text), "null"))
        who: list[Any] = [and_(Graph.visibility == "public", Graph.results_public)]
        if consents:
            who.append(Graph.share_results.in_(list(consents)))
        if own:
            who.append(Graph.id.in_(list(own)))
        query = (
            select(*columns, Result.id)
            .select_from(_REPORTS)
            .join(Graph, Graph.id == _REPORTS.c.graph_id)
            .join(
                Result,
                and_(
                    Result.graph_id == _REPORTS.c.graph_id,
                    Result.indicator_id == _REPORTS.c.indicator_id,
                ),
            )
            .where(_REPORTS.c.target_graph == key, _REPORTS.c.shared_id == shared_id, or_(*who))
        )
        return self._tuples(query)

    def indexed(self) -> bool:
        """Whether any indicator is indexed at all."""
        return self.session.scalar(select(_REPORTS.c.graph_id).limit(1)) is not None

    def graphs_that_may_report(self) -> list[int]:
        """Graphs in a fork network one of whose commits holds a ``reports_to`` (a text
        search of the stored deltas): the graphs to index when none is (graphs made
        before the index)."""
        networks = (
            select(Commit.network_id)
            .join(CommitChange, CommitChange.commit_id == Commit.id)
            .where(CommitChange.entity == "n", CommitChange.data.contains('"reports_to"'))
            .distinct()
        )
        query = select(Graph.id).where(Graph.network_id.in_(networks)).order_by(Graph.id)
        return list(self.session.scalars(query))


_ACTIVE = "active"
_MEMBER_GRAPHS = (  # the active members' graphs (joined through the portfolio's rows)
    select(Graph.id)
    .join(
        PortfolioMember,
        and_(
            PortfolioMember.member_id == Graph.org_id,
            PortfolioMember.portfolio_id == bindparam("portfolio"),
            PortfolioMember.status == _ACTIVE,
        ),
    )
    .scalar_subquery()
)


class Portfolios(_Repository):
    """Rows of ``portfolio_members`` and the listing's grouped queries: each reads every
    active member's graphs at once, joined through the portfolio's rows, never a query per
    member or per graph."""

    def entry(self, portfolio_id: int, member_id: int) -> PortfolioMember | None:
        return self.session.get(PortfolioMember, (portfolio_id, member_id))

    def entries(self, portfolio_id: int) -> list[tuple[PortfolioMember, Org, str | None]]:
        """Every row of a portfolio with the member organisation and the inviter's
        username (None: their account is gone), by the member's slug."""
        query = (
            select(PortfolioMember, Org, User.username)
            .join(Org, Org.id == PortfolioMember.member_id)
            .outerjoin(User, User.id == PortfolioMember.invited_by)
            .where(PortfolioMember.portfolio_id == portfolio_id)
            .order_by(Org.slug)
        )
        return [(row, org, name) for row, org, name in self.session.execute(query)]

    def of_member(
        self, member_id: int, status: str | None = None
    ) -> list[tuple[PortfolioMember, Org, str | None]]:
        """The rows naming an organisation as member (invitations, memberships...) with
        the portfolio organisation and the inviter's username, by the portfolio's slug."""
        query = (
            select(PortfolioMember, Org, User.username)
            .join(Org, Org.id == PortfolioMember.portfolio_id)
            .outerjoin(User, User.id == PortfolioMember.invited_by)
            .where(PortfolioMember.member_id == member_id)
        )
        if status is not None:
            query = query.where(PortfolioMember.status == status)
        return [
            (row, org, name) for row, org, name in self.session.execute(query.order_by(Org.slug))
        ]

    def size(self, portfolio_id: int) -> int:
        """How many organisations a portfolio holds, whatever their status."""
        query = select(func.count()).where(PortfolioMember.portfolio_id == portfolio_id)
        return int(self.session.scalar(query) or 0)

    # -- the listing: one query per kind of fact, for every active member ----------------

    def member_graphs(self, portfolio_id: int) -> list[Any]:
        """The active members' graphs: rows of ``id, org_id, slug, title, visibility,
        results_public, head`` (the default branch's head commit; None: no such branch),
        ``versions`` (that commit's generation) and ``updated_at`` (the newest head commit
        of any of the graph's branches), by organisation and slug."""
        heads = aliased(Branch)
        head_commits = aliased(Commit)
        newest = (
            select(func.max(head_commits.created_at))
            .select_from(heads)
            .join(head_commits, head_commits.id == heads.head)
            .where(heads.graph_id == Graph.id)
            .correlate(Graph)
            .scalar_subquery()
        )
        query = (
            select(
                Graph.id,
                Graph.org_id,
                Graph.slug,
                Graph.title,
                Graph.visibility,
                Graph.results_public,
                Commit.id.label("head"),
                Commit.generation.label("versions"),
                newest.label("updated_at"),
            )
            .join(
                PortfolioMember,
                and_(
                    PortfolioMember.member_id == Graph.org_id,
                    PortfolioMember.portfolio_id == portfolio_id,
                    PortfolioMember.status == _ACTIVE,
                ),
            )
            .outerjoin(
                Branch, and_(Branch.graph_id == Graph.id, Branch.name == Graph.default_branch)
            )
            .outerjoin(Commit, Commit.id == Branch.head)
            .order_by(Graph.org_id, Graph.slug)
        )
        return list(self.session.execute(query))

    def reported(self, portfolio_id: int, periods: Sequence[str]) -> set[tuple[int, str, str]]:
        """``(graph id, indicator id, period)`` of the active members' graphs that have a
        result for one of ``periods``."""
        if not periods:
            return set()
        query = (
            select(Result.graph_id, Result.indicator_id, Result.period)
            .where(Result.graph_id.in_(_MEMBER_GRAPHS), Result.period.in_(list(periods)))
            .distinct()
        )
        return {tuple(row) for row in self.session.execute(query, {"portfolio": portfolio_id})}  # type: ignore[misc]

    def last_results(self, portfolio_id: int) -> dict[int, datetime]:
        """When each of the active members' graphs last had a result reported."""
        query = (
            select(Result.graph_id, func.max(Result.reported_at))
            .where(Result.graph_id.in_(_MEMBER_GRAPHS))
            .group_by(Result.graph_id)
        )
        rows = self.session.execute(query, {"portfolio": portfolio_id})
        return {graph_id: _aware(at) for graph_id, at in rows if at is not None}

    def member_links(self, portfolio_id: int) -> list[tuple[int, str, str]]:
        """``(graph id, target graph "org/graph", target node id)`` of every indexed
        link on the active members' graphs (their default branches' heads)."""
        query = (
            select(NodeLink.graph_id, NodeLink.target_graph, NodeLink.target)
            .where(NodeLink.graph_id.in_(_MEMBER_GRAPHS))
            .order_by(NodeLink.graph_id, NodeLink.target)
        )
        rows = self.session.execute(query, {"portfolio": portfolio_id})
        return [(g, key, target.partition("#")[2]) for g, key, target in rows]

    def graphs_named(self, keys: Iterable[str]) -> dict[str, Graph]:
        """The graphs named ``org/graph`` among ``keys`` (with their organisation), by name."""
        wanted = sorted(set(keys))
        found: dict[str, Graph] = {}
        name = Org.slug + "/" + Graph.slug
        for start in range(0, len(wanted), 500):
            query = (
                select(Graph, name)
                .join(Org, Org.id == Graph.org_id)
                .options(contains_eager(Graph.org))
                .where(name.in_(wanted[start : start + 500]))
            )
            found.update((key, graph) for graph, key in self.session.execute(query))
        return found

    def labels(
        self, graph_ids: Iterable[int], node_ids: Iterable[str]
    ) -> dict[tuple[int, str], str]:
        """Labels of these nodes at their graphs' default heads (the ``node_labels``
        index), by (graph id, node id)."""
        graphs, nodes = sorted(set(graph_ids)), sorted(set(node_ids))
        if not graphs or not nodes:
            return {}
        found: dict[tuple[int, str], str] = {}
        for start in range(0, len(nodes), 500):
            query = select(NodeLabel.graph_id, NodeLabel.node_id, NodeLabel.label).where(
                NodeLabel.graph_id.in_(graphs), NodeLabel.node_id.in_(nodes[start : start + 500])
            )
            found.update(((g, n), label) for g, n, label in self.session.execute(query))
        return found

    # -- summaries of commits (what the listing needs of a ToC's content) ---------------

    def summaries(self, commit_ids: Iterable[str], rules: str) -> dict[str, CommitSummary]:
        """The summaries made by ``rules`` of these commits that exist, by commit id."""
        wanted = sorted(set(commit_ids))
        found: dict[str, CommitSummary] = {}
        for start in range(0, len(wanted), 500):
            query = select(CommitSummary).where(
                CommitSummary.rules == rules,
                CommitSummary.commit_id.in_(wanted[start : start + 500]),
            )
            found.update((row.commit_id, row) for row in self.session.scalars(query))
        return found

    def keep_summaries(self, rows: Sequence[dict[str, Any]]) -> None:
        """Add summaries (``{commit_id, rules, errors, warnings, infos, indicators}``) in one
        statement; one another request made meanwhile is kept as it is (the same)."""
        if not rows:
            return
        dialect = self.session.get_bind().dialect.name
        make = postgresql_insert if dialect == "postgresql" else sqlite_insert
        self.session.execute(make(CommitSummary.__table__).on_conflict_do_nothing(), list(rows))


def _aware(at: datetime) -> datetime:
    """A UTC datetime from an aggregate (``max`` skips the column type: SQLite gives it
    back naive, or as text)."""
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
