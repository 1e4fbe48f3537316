from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from apps.core import clock

from .models import ApiToken, hash_token
from .services import api_token_touch


def usable_token(raw: str) -> ApiToken | None:
    """The live token for this raw value (its use recorded), or None: the one lookup of the
    bearer header and of Open311's `api_key`."""
    token = (
        ApiToken.objects.usable().select_related("user").filter(key_hash=hash_token(raw)).first()
    )
    if token is not None:
        api_token_touch(token=token, at=clock.now())
    return token


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` with a token from POST /api/v1/auth/token."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header."))
        try:
            raw = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header.")) from error
        token = usable_token(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is invalid or has been revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
