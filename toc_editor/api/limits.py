"""Sign-in and sign-up limits, counted where ``TOC_RATELIMIT_STORAGE_URI`` says.

Why one module of about 400 lines: it is one topic, the API's limits on guessing and
flooding. Sign-ins, sign-ups and uncached renders are each short; most of the code is
the counter store, with its fall-back to memory, that all three share, and split apart
each would reach into the store's private helpers (``_rule``, ``counters()``).

Failed sign-ins (``POST /tokens`` with HTTP Basic, ``POST /session``, and a wrong current
password on ``PUT /user/password``) are counted three ways, each a 429 with ``Retry-After``
beyond its limit:

- per client address and username (``TOC_SIGNIN_LIMIT``, 10 a minute): one client guessing
  one account's password; beyond it that client is refused, right password or not (else
  it could go on guessing);
- per client address, whatever the usernames (``TOC_SIGNIN_ADDRESS_LIMIT``, 30 in 10
  minutes): one client trying a password on many accounts;
- per username, whatever the addresses (``TOC_SIGNIN_USER_LIMIT``, 20 in 5 minutes):
  many clients guessing one account. Beyond it a client that has failed for that username
  is refused, and any wrong password gets a 429, but a client that has not failed for it
  still signs in with the right password: an attacker cannot lock the owner out.

A right password clears its client's failures for that username and is not counted.
Sign-ups (``POST /users``: accounts made, or names found taken) are limited per client
address (``TOC_SIGNUP_LIMIT``, 50 a day). Each attempt is counted before the password is
checked and given back when it succeeds, so concurrent guesses cannot all slip through.

Counters live in ``memory://`` (default: each worker process counts alone) or
``redis://host:6379`` (shared between workers and hosts). While that store is unreachable
the counting goes on in the worker's memory (a warning in the log; ``GET /health`` says
``"limiter": "memory (redis unreachable)"``) and the store is tried again every
``RETRY_STORE_SECONDS``: a Redis that is down never blocks a sign-in.

``limiter`` (Flask-Limiter) is there for per-route limits; it falls back to memory too.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, wraps
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter, RateLimiter

from ..config import ratelimit_storage_options
from ..services.errors import Conflict, Invalid, ServiceError, Unauthorized

log = logging.getLogger(__name__)

limiter = Limiter(key_func=get_remote_address)

RETRY_STORE_SECONDS = 30.0
"""How long the limiter counts in memory after the store failed before trying it again."""

T = TypeVar("T")
View = TypeVar("View", bound=Callable[..., Any])
Keys = tuple[str, ...]


class TooMany(ServiceError):
    """429: too many failed sign-ins (or sign-ups); retry after ``retry_after`` seconds."""

    status = 429


@lru_cache(maxsize=32)
def _items(setting: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(setting))


def _rule(name: str) -> tuple[RateLimitItem, ...]:
    return _items(str(current_app.config[name]))


def _without_password(uri: str) -> str:
    return re.sub(r"//[^@/]*@", "//", uri)


class Counters:
    """Fixed-window counters in the configured store, or in this process while it is down."""

    def __init__(self, uri: str, prefix: str = "", logger: logging.Logger | None = None) -> None:
        self.log = logger or log
        self.kind = uri.split("://", 1)[0]
        self.where = _without_password(uri)
        self.prefix = prefix
        self.memory = FixedWindowRateLimiter(MemoryStorage())
        self.store: Storage | None = None
        self.shared: RateLimiter | None = None
        if self.kind != "memory":
            self.store = storage_from_string(uri, **ratelimit_storage_options(uri))
            self.shared = FixedWindowRateLimiter(self.store)
        self.down_since: float | None = None
        self._lock = threading.Lock()

    def _went_down(self) -> None:
        with self._lock:
            if self.down_since is None:
                self.log.warning(
                    "rate-limit store %s is unreachable: sign-in limits are counted in this "
                    "process until it answers again",
                    self.where,
                )
            self.down_since = time.monotonic()

    def _came_back(self) -> None:
        with self._lock:
            if self.down_since is not None:
                self.log.warning("rate-limit store %s answers again: counting there", self.where)
                self.down_since = None

    def _run(self, op: Callable[[RateLimiter], T]) -> T:
        shared = self.shared
        if shared is None:
            return op(self.memory)
        down = self.down_since
        if down is not None and time.monotonic() - down < RETRY_STORE_SECONDS:
            return op(self.memory)
        try:
            result = op(shared)
        except Exception:  # any failure of the store: count here instead of failing
            self._went_down()
            return op(self.memory)
        if down is not None:
            self._came_back()
        return result

    def _ids(self, keys: Keys) -> Keys:
        return (self.prefix, *keys) if self.prefix else keys

    def hit(self, items: tuple[RateLimitItem, ...], keys: Keys, cost: int = 1) -> bool:
        """Count one attempt; False when that goes beyond any of ``items``."""
        ids = self._ids(keys)
        return all([self._run(lambda s, i=item: s.hit(i, *ids, cost=cost)) for item in items])

    def give_back(self, items: tuple[RateLimitItem, ...], keys: Keys) -> None:
        """Uncount an attempt counted by :meth:`hit`."""
        self.hit(items, keys, cost=-1)

    def clear(self, items: tuple[RateLimitItem, ...], keys: Keys) -> None:
        ids = self._ids(keys)
        for item in items:
            self._run(lambda s, i=item: s.clear(i, *ids))

    def used(self, items: tuple[RateLimitItem, ...], keys: Keys) -> bool:
        """Has anything been counted in the current windows?"""
        ids = self._ids(keys)
        return any(
            self._run(lambda s, i=item: s.get_window_stats(i, *ids)).remaining < item.amount
            for item in items
        )

    def retry_after(self, items: tuple[RateLimitItem, ...], keys: Keys) -> int:
        """Seconds until every exhausted window of ``items`` has passed (at least 1)."""
        ids = self._ids(keys)
        resets = [
            stats.reset_time
            for item in items
            if (stats := self._run(lambda s, i=item: s.get_window_stats(i, *ids))).remaining <= 0
        ]
        return max(1, math.ceil(max(resets, default=0) - time.time()))

    def status(self) -> str:
        """``memory (per process)``, ``redis ok`` or ``memory (redis unreachable)``."""
        if self.store is None:
            return "memory (per process)"
        try:
            reachable = bool(self.store.check())
        except Exception:
            reachable = False
        if reachable:
            self._came_back()
            return f"{self.kind} ok"
        self._went_down()
        return f"memory ({self.kind} unreachable)"


_CREATE = threading.Lock()


def counters(app: Flask | None = None) -> Counters:
    """The app's counters, made on first use."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get("toc_limits")
    if found is None:
        with _CREATE:
            found = app.extensions.get("toc_limits")
            if found is None:
                found = Counters(
                    str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://"),
                    str(app.config.get("RATELIMIT_KEY_PREFIX") or ""),
                    app.logger,
                )
                app.extensions["toc_limits"] = found
    return found  # type: ignore[no-any-return]


def store_status() -> str:
    """What ``GET /health`` says about the limiter's store."""
    return counters().status()


# -- sign-ins -----------------------------------------------------------------------------


def basic_username() -> str | None:
    """The username of HTTP Basic credentials, if any."""
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return None
    return auth.username or None


def body_username() -> str | None:
    """``username`` from the JSON body, if any."""
    body = request.get_json(silent=True)
    name = body.get("username") if isinstance(body, dict) else None
    return name if isinstance(name, str) and name else None


def wrong_credentials(exc: ServiceError) -> bool:
    """A sign-in's failure: wrong username or password."""
    return isinstance(exc, Unauthorized)


def wrong_current_password(exc: ServiceError) -> bool:
    """A password change's failure: the current password was wrong."""
    return isinstance(exc, Invalid) and exc.where == "current_password"


class _Attempt:
    """One sign-in attempt, counted before the password is checked."""

    def __init__(self, username: str) -> None:
        self.counters = counters()
        address = get_remote_address()
        name = username[:200].lower()
        self.pair = (_rule("TOC_SIGNIN_LIMIT"), ("sign-in", address, name))
        self.address = (_rule("TOC_SIGNIN_ADDRESS_LIMIT"), ("sign-in-address", address))
        self.user = (_rule("TOC_SIGNIN_USER_LIMIT"), ("sign-in-user", name))
        self.all = (self.pair, self.address, self.user)
        self.user_locked = False

    def begin(self) -> None:
        """Count the attempt; 429 when this client may not try now."""
        c = self.counters
        failed_before = c.used(*self.pair)
        within = [c.hit(*rule) for rule in self.all]
        if not within[0]:
            self._refuse(self.pair, "for this username from your address")
        if not within[1]:
            self._refuse(self.address, "from your address")
        self.user_locked = not within[2]
        if self.user_locked and failed_before:
            self._refuse(self.user, "for this username")

    def _refuse(self, rule: tuple[tuple[RateLimitItem, ...], Keys], what: str) -> None:
        wait = self.counters.retry_after(*rule)
        self.cancel()
        raise TooMany(
            f"too many failed sign-ins {what}; wait for the time in Retry-After "
            f"({wait} s) and try again",
            retry_after=wait,
        )

    def cancel(self) -> None:
        """Not a guess after all (refused, or the request was malformed): give it back."""
        for rule in self.all:
            self.counters.give_back(*rule)

    def succeeded(self) -> None:
        """The right password: forget this client's failures for the username."""
        self.counters.clear(*self.pair)
        self.counters.give_back(*self.address)
        self.counters.give_back(*self.user)

    def failed(self) -> None:
        """A wrong password stays counted; while the username is locked it is a 429."""
        if self.user_locked:
            wait = self.counters.retry_after(*self.user)
            raise TooMany(
                "too many failed sign-ins for this username from several addresses; "
                f"wait for the time in Retry-After ({wait} s) and try again",
                retry_after=wait,
            )


@contextmanager
def _counted(username: str, failed: Callable[[ServiceError], bool]) -> Iterator[None]:
    attempt = _Attempt(username)
    attempt.begin()
    try:
        yield
    except ServiceError as exc:
        if not failed(exc):
            attempt.cancel()
            raise
        attempt.failed()
        raise
    except BaseException:
        attempt.cancel()
        raise
    attempt.succeeded()


def signin_limit(
    who: Callable[[], str | None], failed: Callable[[ServiceError], bool] = wrong_credentials
) -> Callable[[View], View]:
    """Limit a view that checks a password: ``who()`` names the account tried (None: the
    request is no sign-in, nothing is counted); ``failed(exc)`` tells a wrong password."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            username = who()
            if username is None:
                return view(*args, **kwargs)
            with _counted(username, failed):
                return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


# -- sign-ups -----------------------------------------------------------------------------


def signup_limit(view: View) -> View:
    """Limit sign-ups per client address: accounts made and names found taken count."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        c = counters()
        rule = (_rule("TOC_SIGNUP_LIMIT"), ("sign-up", get_remote_address()))
        if not c.hit(*rule):
            wait = c.retry_after(*rule)
            c.give_back(*rule)
            raise TooMany(
                "too many sign-ups from your address; wait for the time in Retry-After "
                f"({wait} s) and try again",
                retry_after=wait,
            )
        try:
            return view(*args, **kwargs)
        except Conflict:
            raise
        except BaseException:
            c.give_back(*rule)
            raise

    return guarded  # type: ignore[return-value]


# -- uncached renders ---------------------------------------------------------------------


def _no_refund() -> None:
    return None


def uncached_render(user: object | None) -> Callable[[], None]:
    """Count one uncached render (a ``dot`` run) of an anonymous client, per address, in
    Flask-Limiter's ``limiter``: a 429 with ``Retry-After`` beyond ``TOC_RENDER_LIMIT``.

    The diagram service calls it on a cache miss only, so cached pictures never count.
    Returns how to give the render back (no ``dot`` ran after all). Signed-in callers
    are not counted (their renders still wait for the worker's ``dot`` slots); while the
    store is unreachable nothing is counted, and the slots alone bound renders.
    """
    from flask import has_request_context

    if user is not None or not has_request_context():
        return _no_refund
    items = _rule("TOC_RENDER_LIMIT")
    keys = ("uncached-render", get_remote_address())
    strategy = limiter.limiter

    def give_back() -> None:
        try:
            for item in items:
                strategy.hit(item, *keys, cost=-1)
        except Exception:
            log.warning("rate-limit store unreachable: an uncached render was not given back")

    try:
        within = all([strategy.hit(item, *keys) for item in items])
        if within:
            return give_back
        resets = [
            stats.reset_time
            for item in items
            if (stats := strategy.get_window_stats(item, *keys)).remaining <= 0
        ]
    except Exception:
        log.warning("rate-limit store unreachable: uncached renders are not counted")
        return _no_refund
    give_back()
    wait = max(1, math.ceil(max(resets, default=0) - time.time()))
    raise TooMany(
        "too many diagrams that are not cached yet from your address; cached ones still "
        f"come at once; wait for the time in Retry-After ({wait} s) for others",
        retry_after=wait,
    )
