"""Two-step login (TOTP with django-otp) and its recovery codes.

A person who has set up an authenticator app gives, after the password, a 6-digit code from
it or one of ten recovery codes. Roles in RUKO_REQUIRE_2FA_ROLES (camat and sekretaris in
production) must set it up before anything else. Where a session stands is kept in the
session itself (set at login), so that pages pay no query for it:

- PENDING: the person has an authenticator; every page but the code step waits for it;
- ENROL: the person's role requires one and they have none; every page waits for set-up.

Recovery codes are stored as django-otp static tokens, but as a keyed digest (HMAC of the
code), never the code itself: whoever reads the database cannot use them. Bearer tokens of
the API are not affected (they are created from the profile page, behind these steps).
"""

from __future__ import annotations

import secrets
from base64 import b32encode

import django_otp
from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.offices.audit import audit_record

STATE_KEY = "ruko_two_factor"
PENDING = "pending"
ENROL = "enrol"
RECOVERY_CODES = 10
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


# --- Recovery codes ------------------------------------------------------------------------


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def recovery_digest(code: str) -> str:
    """What is stored for a recovery code: 16 hex characters of an HMAC (fits the token
    column of django-otp's static device)."""
    return salted_hmac("ruko.recovery-code", _normalise(code)).hexdigest()[:16]


def _new_codes() -> list[str]:
    codes = []
    for _n in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def _replace_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = _new_codes()
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_digest(code)) for code in codes]
    )
    return codes


# --- Reads -------------------------------------------------------------------------------


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name="recovery").count()


def is_required(memberships) -> bool:
    roles = set(getattr(settings, "RUKO_REQUIRE_2FA_ROLES", []))
    return any(m.role in roles for m in memberships)


def manual_key(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


# --- Services ------------------------------------------------------------------------------


@transaction.atomic
def authenticator_start(*, user) -> TOTPDevice:
    """A new, unconfirmed authenticator (a fresh secret each time set-up begins)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def authenticator_confirm(*, request, code: str) -> list[str] | None:
    """The first code from the app confirms the set-up: the recovery codes are returned
    (shown once), the session counts as verified. None when the code is wrong."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).last()
    if device is None or not device.verify_token(_normalise(code)):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_codes(user)
    audit_record(actor=user, action="accounts.user.two_factor_enabled", target=user)
    django_otp.login(request, device)
    request.session.pop(STATE_KEY, None)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    codes = _replace_codes(user)
    audit_record(actor=user, action="accounts.user.recovery_codes_regenerated", target=user)
    return codes


@transaction.atomic
def two_factor_disable(*, request) -> None:
    user = request.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=user, action="accounts.user.two_factor_disabled", target=user)
    if is_required(getattr(request, "memberships", [])):
        request.session[STATE_KEY] = ENROL


@transaction.atomic
def second_factor_check(*, user, code: str, via: str = "page"):
    """A code from the person's app or an unused recovery code (used up by this), checked and
    audited: the device that took it, or None. django-otp throttles repeated wrong codes per
    device. The page's second step and the API's token request both ask here."""
    code = _normalise(code)
    device = authenticator_of(user)
    used_recovery = False
    if device is None or not (code.isdigit() and device.verify_token(code)):
        device = StaticDevice.objects.filter(user=user, name="recovery").first()
        if device is None or not device.verify_token(recovery_digest(code)):
            return None
        used_recovery = True
    new = {"recovery_code": used_recovery, "via": via}
    if used_recovery:
        new["codes_left"] = recovery_codes_left(user)
    audit_record(actor=user, action="accounts.user.two_factor_verified", target=user, new=new)
    return device


def two_factor_verify(*, request, code: str) -> bool:
    """The second step of a login on the pages: the session counts as verified."""
    device = second_factor_check(user=request.user, code=code)
    if device is None:
        return False
    django_otp.login(request, device)
    request.session.pop(STATE_KEY, None)
    return True


# --- Login hook and middleware -------------------------------------------------------------


def mark_session_at_login(sender, request, user, **kwargs):
    """user_logged_in: note in the new session whether a code step or a set-up is due."""
    if request is None or not hasattr(request, "session"):
        return
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        request.session[STATE_KEY] = PENDING
    elif is_required(user.memberships.active()):
        request.session[STATE_KEY] = ENROL
    else:
        request.session.pop(STATE_KEY, None)


def _allowed_paths():
    return {
        reverse("accounts:two_factor_verify"),
        reverse("accounts:two_factor"),
        reverse("accounts:logout"),
        reverse("set_language"),
    }


class TwoFactorMiddleware:
    """Holds a logged-in person at the code step (or the set-up) until it is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        state = session.get(STATE_KEY) if session is not None else None
        if state and request.user.is_authenticated and not self._exempt(request):
            if request.path.startswith(settings.RUKO_API_PATH):
                return JsonResponse(
                    {
                        "detail": _("Finish the two-step login in the browser first."),
                        "code": "two_factor_required",
                    },
                    status=403,
                )
            target = "accounts:two_factor_verify" if state == PENDING else "accounts:two_factor"
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return redirect(reverse(target) + (f"?{query}" if query else ""))
        return self.get_response(request)

    @staticmethod
    def _exempt(request) -> bool:
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        # A bearer token is its own credential (the API refuses a wrong one before it would
        # fall back to the session); the steps concern browser sessions. Anywhere else the
        # header proves nothing: pages read the session whatever it says.
        if request.path.startswith(settings.RUKO_API_PATH) and request.headers.get(
            "Authorization", ""
        ).startswith("Bearer "):
            return True
        return request.path in _allowed_paths()
