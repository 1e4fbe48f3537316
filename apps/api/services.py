"""Issuing and revoking API tokens."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core import clock
from apps.core.errors import DomainError
from apps.offices.audit import audit_record

from .models import ApiToken, hash_token


@transaction.atomic
def api_token_create(*, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns the record and the raw token (shown only once)."""
    raw = "ruko_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:80], key_hash=hash_token(raw), prefix=raw[5:13]
    )
    audit_record(actor=user, action="api.token.created", target=token, new={"name": token.name})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise DomainError(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api.token.revoked", target=token)
    return token


def api_token_touch(*, token: ApiToken, at) -> None:
    """Record when a token was last used: at most once a minute, without an audit entry
    (it is a usage statistic, not a change)."""
    if token.last_used_at is None or (at - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)


def api_tokens_revoke_all(user) -> dict:
    """A password changed: whoever held the old one loses API access too (a hook of
    `accounts.registry`)."""
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )
    return {"api_tokens_revoked": revoked}
