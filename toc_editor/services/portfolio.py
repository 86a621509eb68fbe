"""Portfolios (issue 14): an organisation (an intermediary, a funder, a network) invites
member organisations into its portfolio; their owners accept or decline, and may leave.

Who does what:

- the portfolio organisation's **owners** invite (:func:`invite`, and many at once with
  the CSV import in :mod:`.portfolio_csv`) and remove a member or withdraw an invitation
  (:func:`remove`);
- the member organisation's **owners** accept or decline an invitation
  (:func:`answer`) and leave (:func:`leave`); its members (any role) list the
  invitations and memberships it has (:func:`memberships`);
- what the portfolio's people see of their members is :mod:`.portfolio_listing`'s.

A portfolio holds at most :data:`MAX_MEMBERS` organisations, whatever their status
(remove declined or departed ones to make room). One row per pair: inviting again after
a decline or a departure reuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain import names
from ..domain.permissions import ROLES
from ..domain.text import text_problem
from ..storage.models import PORTFOLIO_STATUSES, Org, PortfolioMember
from .access import org_by_slug, require_role
from .context import Ctx
from .errors import Conflict, Invalid, NotFound

__all__ = [
    "MAX_MEMBERS",
    "MAX_NOTE",
    "OWNERS",
    "STATUSES",
    "answer",
    "entry",
    "invite",
    "invite_problem",
    "leave",
    "memberships",
    "remove",
]

MAX_MEMBERS = 500
"""Organisations one portfolio may hold, whatever their status (the listing is whole)."""
MAX_NOTE = 500
STATUSES = PORTFOLIO_STATUSES
OWNERS = ("owner",)


@dataclass(frozen=True)
class Refusal:
    """Why an organisation cannot be invited: the HTTP status and the words."""

    status: int
    message: str


def entry(row: PortfolioMember, org: Org, inviter: str | None) -> dict[str, Any]:
    """The wire form of a row, naming ``org`` (the member, or the portfolio)."""
    return {
        "org": org.slug,
        "name": org.name,
        "status": row.status,
        "note": row.note,
        "invited_by": inviter,
        "invited_at": row.invited_at,
        "answered_at": row.answered_at,
    }


def note_problem(note: object) -> str | None:
    """What is wrong with an invitation's note (None: nothing)."""
    if not isinstance(note, str):
        return "must be a string"
    if len(note) > MAX_NOTE:
        return f"must be at most {MAX_NOTE} characters long (got {len(note)})"
    return text_problem(note)


def invite_problem(
    portfolio: Org, member: Org | None, slug: str, row: PortfolioMember | None
) -> Refusal | None:
    """Why ``member`` (found by ``slug``; None: no such organisation) cannot be invited
    into ``portfolio`` now (``row``: their existing row), or None."""
    if not names.ORG_SLUG.matches(slug):
        return Refusal(422, names.ORG_SLUG.problem(slug))
    if member is None:
        return Refusal(404, f"no organisation {slug!r}")
    if member.id == portfolio.id:
        return Refusal(422, "an organisation cannot be in its own portfolio")
    if row is not None and row.status in ("invited", "active"):
        said = "is a member already" if row.status == "active" else "is invited already"
        return Refusal(409, f"{slug} {said}")
    return None


def _room(ctx: Ctx, portfolio: Org, new: int) -> None:
    """Invalid when ``new`` more organisations would pass :data:`MAX_MEMBERS`."""
    held = ctx.uow.portfolios.size(portfolio.id)
    if held + new > MAX_MEMBERS:
        raise Invalid(
            f"a portfolio holds at most {MAX_MEMBERS} organisations (it has {held}); "
            "remove declined or departed ones to make room",
            where="org",
        )


def put_invitation(
    ctx: Ctx, portfolio: Org, member: Org, row: PortfolioMember | None, note: str
) -> PortfolioMember:
    """Write the invitation (a new row, or the old one invited afresh); checked already."""
    user = ctx.user
    assert user is not None  # owners are signed in (require_role)
    if row is None:
        return ctx.uow.portfolios.add(  # type: ignore[no-any-return]
            PortfolioMember(
                portfolio_id=portfolio.id,
                member_id=member.id,
                status="invited",
                note=note,
                invited_by=user.id,
                invited_at=ctx.now(),
            )
        )
    row.status = "invited"
    row.note = note
    row.invited_by = user.id
    row.invited_at = ctx.now()
    row.answered_at = None
    return row


def invite(ctx: Ctx, portfolio_slug: str, member_slug: str, note: str = "") -> dict[str, Any]:
    """Invite the organisation ``member_slug`` into the portfolio of ``portfolio_slug``
    (its owners): 404 no such organisation, 409 a member or invited already, 422 itself,
    a note too long, or a full portfolio. The invitation as :func:`entry` gives it."""
    with ctx.uow:
        portfolio = org_by_slug(ctx, portfolio_slug)
        require_role(ctx, portfolio, OWNERS)
        problem = note_problem(note)
        if problem:
            raise Invalid(problem, where="note")
        member = ctx.uow.orgs.by_slug(member_slug)
        ctx.uow.orgs.lock(portfolio.id)  # a portfolio's changes take turns (pairs, room)
        row = None if member is None else ctx.uow.portfolios.entry(portfolio.id, member.id)
        refused = invite_problem(portfolio, member, member_slug, row)
        if refused is not None:
            error = {404: NotFound, 409: Conflict, 422: Invalid}[refused.status]
            raise error(refused.message, where="org")
        assert member is not None
        if row is None:
            _room(ctx, portfolio, 1)
        row = put_invitation(ctx, portfolio, member, row, note)
        shown = entry(row, member, ctx.user.username if ctx.user else None)
        ctx.uow.commit()
    return shown


def _pair(ctx: Ctx, portfolio_slug: str, member_slug: str) -> tuple[Org, Org]:
    portfolio = org_by_slug(ctx, portfolio_slug)
    member = org_by_slug(ctx, member_slug)
    return portfolio, member


def _move(
    ctx: Ctx, member_slug: str, portfolio_slug: str, *, was: str, to: str, missing: str, wrong: str
) -> dict[str, Any]:
    """The member's owners move its row from status ``was`` to ``to``: 404 (``missing``)
    never invited, 409 (``wrong`` followed by the row's status in words) in another one."""
    with ctx.uow:
        portfolio, member = _pair(ctx, portfolio_slug, member_slug)
        require_role(ctx, member, OWNERS)
        ctx.uow.orgs.lock(portfolio.id)
        row = ctx.uow.portfolios.entry(portfolio.id, member.id)
        if row is None:
            raise NotFound(missing)
        if row.status != was:
            raise Conflict(f"{wrong} {_status_words(row)}")
        row.status = to
        row.answered_at = ctx.now()
        shown = _with_inviter(ctx, row, portfolio)
        ctx.uow.commit()
    return shown


def answer(ctx: Ctx, member_slug: str, portfolio_slug: str, accept: bool) -> dict[str, Any]:
    """Accept (``accept``) or decline the invitation of ``portfolio_slug`` to
    ``member_slug`` (owners of the member): 404 no invitation ever, 409 not pending."""
    return _move(
        ctx,
        member_slug,
        portfolio_slug,
        was="invited",
        to="active" if accept else "declined",
        missing=f"{portfolio_slug} has not invited {member_slug}",
        wrong=f"no pending invitation: {member_slug} is",
    )


def leave(ctx: Ctx, member_slug: str, portfolio_slug: str) -> dict[str, Any]:
    """``member_slug`` leaves the portfolio of ``portfolio_slug`` (owners of the member):
    404 never invited, 409 not a member now. The portfolio sees nothing of it any more."""
    return _move(
        ctx,
        member_slug,
        portfolio_slug,
        was="active",
        to="left",
        missing=f"{member_slug} is not in the portfolio of {portfolio_slug}",
        wrong=f"{member_slug} is not a member of it:",
    )


def remove(ctx: Ctx, portfolio_slug: str, member_slug: str) -> None:
    """Take ``member_slug`` out of the portfolio, or withdraw its invitation, whatever its
    status (owners of the portfolio); its row is deleted. 404 when there is none."""
    with ctx.uow:
        portfolio, member = _pair(ctx, portfolio_slug, member_slug)
        require_role(ctx, portfolio, OWNERS)
        ctx.uow.orgs.lock(portfolio.id)
        row = ctx.uow.portfolios.entry(portfolio.id, member.id)
        if row is None:
            raise NotFound(f"{member_slug} is not in the portfolio of {portfolio_slug}")
        ctx.uow.portfolios.delete(row)
        ctx.uow.commit()


def memberships(ctx: Ctx, member_slug: str, status: str | None = None) -> list[dict[str, Any]]:
    """The portfolios an organisation is invited to, is in, declined or left (``status``:
    only those), naming each portfolio (its members, any role)."""
    org = org_by_slug(ctx, member_slug)
    require_role(ctx, org, ROLES)
    rows = ctx.uow.portfolios.of_member(org.id, status)
    return [entry(row, portfolio, inviter) for row, portfolio, inviter in rows]


def _with_inviter(ctx: Ctx, row: PortfolioMember, portfolio: Org) -> dict[str, Any]:
    inviter = row.inviter.username if row.inviter is not None else None
    return entry(row, portfolio, inviter)


def _status_words(row: PortfolioMember) -> str:
    return {
        "invited": "invited",
        "active": "a member already",
        "declined": "declined",
        "left": "gone (it left)",
    }[row.status]
