"""The password rules: length, and strength as zxcvbn estimates it.

One place for every way a password is set (sign-up, ``create-user``, password change).
zxcvbn scores 0 (guessable in a few tries) to 4 (very unguessable); a score below
``MIN_SCORE`` (3) is refused with zxcvbn's own
warning and suggestions, and with the one advice that always works: a few unrelated words.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

from ..domain import lengths
from .errors import Invalid

__all__ = ["ADVICE", "MAX_CHECKED", "MAX_LENGTH", "MIN_LENGTH", "MIN_SCORE", "require_strong"]

MIN_LENGTH = lengths.PASSWORD.low  # the domain's rule (domain/lengths.py)
MAX_LENGTH = lengths.PASSWORD.high
# zxcvbn's matching grows fast with the length (and refuses more than 72 characters);
# the first 72 characters decide, which is more than any guessable password needs.
MAX_CHECKED = 72
ADVICE = (
    "A good one: three or four unrelated words you picked at random, not a quote, a name or a date."
)

MIN_SCORE = 3
"""The lowest zxcvbn score accepted (0-4)."""


def require_strong(
    password: str,
    *,
    username: str,
    email: str = "",
    where: str = "password",
    min_score: int | None = None,
) -> None:
    """Raise :class:`Invalid` (422 naming ``where``) unless ``password`` is long and strong enough.

    Refused: fewer than 8 or more than 200 characters, a password that contains the
    username (usernames of 3 or more characters, case-insensitive), and a zxcvbn score below
    ``min_score`` (default :data:`MIN_SCORE`). The message says why and how to do better.
    """
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise Invalid(f"must be {MIN_LENGTH}-{MAX_LENGTH} characters. {ADVICE}", where=where)
    if len(username) >= 3 and username.lower() in password.lower():
        raise Invalid(f"must not contain the username. {ADVICE}", where=where)
    floor = MIN_SCORE if min_score is None else min_score
    inputs = [value for value in (username, email, email.partition("@")[0]) if value]
    result = zxcvbn(password[:MAX_CHECKED], user_inputs=inputs)
    if result["score"] >= floor:
        return
    feedback = result.get("feedback") or {}
    reasons = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])]
    why = " ".join(reason.strip() for reason in reasons if reason and reason.strip())
    raise Invalid(
        f"is too easy to guess (strength {result['score']} of 4, needs {floor}). "
        + (f"{why} " if why else "")
        + ADVICE,
        where=where,
    )
