"""Making, finding and revoking personal access tokens, and counting their use for the rate limit.

A token is `iet_` and 43 random URL-safe characters. Only its SHA-256 is stored; its first eight
random characters are kept in the clear to find it by and to tell tokens apart on a page.
"""

import hashlib
import hmac
import math
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from api.models import PREFIX_LENGTH, ApiToken
from plans.roles import User, is_plan_admin

# A marker at the start of every token, not a secret.
TOKEN_START = "iet_"  # noqa: S105  # nosec B105
RATE_WINDOW = timedelta(minutes=1)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, user: User, name: str, expires_on: date) -> tuple[ApiToken, str]:
    """A new token for `user`; the secret is returned here once and never stored."""
    random_part = secrets.token_urlsafe(32)
    secret = TOKEN_START + random_part
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=random_part[:PREFIX_LENGTH],
        digest=digest_of(secret),
        expires_on=expires_on,
    )
    return token, secret


class CannotRevoke(Exception):
    """Only a token's own user, or a plan admin, may revoke it."""


def can_revoke(user: User, token: ApiToken) -> bool:
    return token.user_id == user.pk or is_plan_admin(user)


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    """Stop a token working from now on; revoking one already revoked changes nothing."""
    if not can_revoke(by, token):
        raise CannotRevoke(f"{by} may not revoke {token}")
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked


def active_token(secret: str) -> ApiToken | None:
    """The live token with this secret (not revoked, not expired), with its user, or None."""
    if not secret.startswith(TOKEN_START) or len(secret) > 200:
        return None
    prefix = secret[len(TOKEN_START) : len(TOKEN_START) + PREFIX_LENGTH]
    digest = digest_of(secret)
    for token in ApiToken.objects.select_related("user").filter(
        prefix=prefix, revoked_at__isnull=True, expires_on__gte=timezone.localdate()
    ):
        if hmac.compare_digest(token.digest, digest) and token.user.is_active:
            return token
    return None


def count_request(token: ApiToken, *, now: datetime | None = None) -> float | None:
    """Count one request against the token's rate limit: None if it may go ahead, else the
    seconds to wait. One UPDATE, in the database every app server shares."""
    now = now or timezone.now()
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    window = now.replace(second=0, microsecond=0)
    # One UPDATE whether or not a new minute has begun, so a request costs the same queries always.
    same_window = Q(window_start=window)
    counted = (
        ApiToken.objects.filter(pk=token.pk)
        .filter(~same_window | Q(window_start__isnull=True) | Q(window_count__lt=limit))
        .update(
            window_count=Case(When(same_window, then=F("window_count") + 1), default=Value(1)),
            window_start=window,
            last_used_at=now,
        )
    )
    if counted:
        return None
    return max(1.0, math.ceil((window + RATE_WINDOW - now).total_seconds()))
