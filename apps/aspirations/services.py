"""Every write to an aspiration: the citizen's submission (the one service the public page,
the API and, later, the Open311 door call) and one service per step of `workflow.STEPS`.

Each step is atomic, takes one keyword-only `acting` membership, locks the row, re-reads it,
checks rights (403) then state (409) through the policy, writes an audit entry
(`aspirations.aspiration.<verb>`). The citizen is never named in the audit log."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import Membership
from apps.cases import services as case_services
from apps.cases.models import Origin
from apps.core import clock
from apps.core.errors import DomainError
from apps.notifications.services import notify
from apps.offices.audit import audit_record
from apps.offices.models import Category, Office, Urgency, Village

from . import policy
from .models import TEXT_LIMITS, Aspiration
from .photos import clean_photo
from .workflow import STEPS, Status

# Codes are typed from paper or a phone: no 0/O, 1/I/L or U (read as V). 30 symbols,
# 8 of them: about 6.6 × 10^11 codes, so guessing one is hopeless at any rate we allow.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "ASP"

# Submissions one client address may send per hour (the public form and the API alike).
PER_ADDRESS_PER_HOUR = 5
RATE_WINDOW = timedelta(hours=1)


class RateLimited(DomainError):
    """Too many aspirations from one address: try again later (HTTP 429 in the API)."""

    def __init__(self, message, **kwargs):
        kwargs.setdefault("code", "rate_limited")
        super().__init__(message, **kwargs)


def new_tracking_code() -> str:
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{CODE_PREFIX}-{symbols[:4]}-{symbols[4:]}"


def normalise_code(raw: str) -> str:
    """What a person typed (lower case, spaces, no dashes, no prefix) as a stored code."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:16]
    if len(text) == len(CODE_PREFIX) + 8 and text.startswith(CODE_PREFIX):
        text = text[len(CODE_PREFIX) :]  # typed without the prefix, the 8 symbols stay 8
    text = text.replace("U", "V")  # never in a code, easily misheard for V
    if len(text) != 8 or any(ch not in CODE_ALPHABET for ch in text):
        return ""
    return f"{CODE_PREFIX}-{text[:4]}-{text[4:]}"


def client_hash(address: str) -> str:
    """A keyed hash of the client's address: enough to count, useless to identify."""
    if not address:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"aspiration:{address}".encode(), hashlib.sha256).hexdigest()


def _check_length(value: str, kind: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("This field is required."), field=kind)
    if len(value) > TEXT_LIMITS[kind]:
        raise DomainError(
            _("Shorten this text to %(limit)s characters (it has %(count)s).")
            % {"limit": TEXT_LIMITS[kind], "count": len(value)},
            field=kind,
        )
    return value


def _audit(aspiration: Aspiration, actor, verb: str, old_status=None, **new):
    values = dict(new)
    old = {}
    if old_status is not None and old_status != aspiration.status:
        old, values["status"] = {"status": old_status}, aspiration.status
    return audit_record(
        actor=actor,
        office=aspiration.office,
        action=f"aspirations.aspiration.{verb}",
        target=aspiration,
        old=old,
        new=values,
    )


@transaction.atomic
def submit_aspiration(
    *,
    office: Office,
    village: Village,
    category: Category,
    title: str,
    text: str,
    anonymous: bool,
    name: str = "",
    contact: str = "",
    photo=None,
    client_address: str = "",
) -> Aspiration:
    """A citizen (no login) sends an aspiration; it waits in the office's review queue.
    Anonymous: the name and contact are dropped here, never stored. Returns the aspiration
    with its tracking code. Refused with `RateLimited` past PER_ADDRESS_PER_HOUR from one
    address, with a DomainError naming the field for anything else."""
    if village.office_id != office.pk:
        raise DomainError(_("Choose a village of this sub-district."), field="village")
    if category.office_id != office.pk or not category.is_active:
        raise DomainError(_("Choose a category of this sub-district."), field="category")
    title = _check_length(title, "title", required=True)
    text = _check_length(text, "text", required=True)
    name = "" if anonymous else _check_length(name, "name")
    contact = "" if anonymous else _check_length(contact, "contact")
    hashed = client_hash(client_address)
    if hashed:
        since = clock.now() - RATE_WINDOW
        recent = Aspiration.objects.filter(client_hash=hashed, submitted_at__gte=since).count()
        if recent >= PER_ADDRESS_PER_HOUR:
            raise RateLimited(
                _(
                    "Too many aspirations were sent from your connection in the last hour. "
                    "Nothing you typed is lost: try again in an hour."
                )
            )
    photo_content = clean_photo(photo) if photo else None
    aspiration = Aspiration(
        office=office,
        village=village,
        category=category,
        title=title,
        text=text,
        anonymous=bool(anonymous),
        name=name,
        contact=contact,
        client_hash=hashed,
        submitted_at=clock.now(),
    )
    if photo_content is not None:
        aspiration.photo_token = secrets.token_hex(16)
        aspiration.photo.save(aspiration.photo_token, photo_content, save=False)
    for _attempt in range(5):  # a clash of random codes is rare; try another one
        aspiration.tracking_code = new_tracking_code()
        try:
            with transaction.atomic():
                aspiration.save()
            break
        except IntegrityError:
            if not Aspiration.objects.filter(tracking_code=aspiration.tracking_code).exists():
                raise
    entry = _audit(
        aspiration,
        None,
        "submitted",
        status=aspiration.status,
        village=village.pk,
        category=category.pk,
        anonymous=aspiration.anonymous,
        photo=bool(aspiration.photo_token),
    )
    _tell(
        aspiration,
        policy.aspiration_recipients(aspiration),
        entry,
        gettext_lazy("new aspiration about %(village)s"),
        village=str(village),
    )
    return aspiration


def _tell(aspiration: Aspiration, recipients, entry, title, actor=None, **params) -> None:
    people = [p for p in recipients if actor is None or p.pk != actor.pk]
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % params if params else str(title)
    notify(
        recipients=people,
        office=aspiration.office,
        title=f"{aspiration.tracking_code}: {text}",
        body=aspiration.title,
        url=reverse("aspirations:detail", args=[aspiration.pk]),
        dedupe=f"aspiration:{aspiration.pk}:audit:{entry.pk}",
        # In the app only: a public form must not become a way to fill officers' mailboxes.
        email=False,
    )


def _begin(acting: Membership, step: str, aspiration: Aspiration) -> Aspiration:
    locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
    aspiration.__dict__.update(
        {f.attname: getattr(locked, f.attname) for f in Aspiration._meta.concrete_fields}
    )
    policy.aspiration_require(acting, step, aspiration)
    return aspiration


def _decide(aspiration: Aspiration, acting: Membership, status: str) -> str:
    old, now = aspiration.status, clock.now()
    aspiration.status = status
    aspiration.reviewed_at = aspiration.reviewed_at or now
    aspiration.decided_at = now
    aspiration.decided_by = acting.user
    return old


@transaction.atomic
def aspiration_review(*, acting: Membership, aspiration: Aspiration) -> Aspiration:
    """An officer takes the aspiration out of the queue: the citizen sees "under review"."""
    _begin(acting, "review", aspiration)
    old = aspiration.status
    aspiration.status = Status.IN_REVIEW
    aspiration.reviewed_at = clock.now()
    aspiration.save()
    _audit(aspiration, acting.user, "reviewed", old)
    return aspiration


@transaction.atomic
def aspiration_answer(*, acting: Membership, aspiration: Aspiration, answer: str) -> Aspiration:
    """The office answers publicly: the citizen reads the answer with the code."""
    _begin(acting, "answer", aspiration)
    answer = _check_length(answer, "answer", required=True)
    old = _decide(aspiration, acting, Status.ANSWERED)
    aspiration.answer = answer
    aspiration.save()
    _audit(aspiration, acting.user, "answered", old, answer=answer)
    return aspiration


@transaction.atomic
def aspiration_reject(*, acting: Membership, aspiration: Aspiration, reason: str) -> Aspiration:
    """The office does not take it up, with a reason the citizen reads."""
    _begin(acting, "reject", aspiration)
    reason = _check_length(reason, "reason", required=True)
    old = _decide(aspiration, acting, Status.REJECTED)
    aspiration.reason = reason
    aspiration.save()
    _audit(aspiration, acting.user, "rejected", old, reason=reason)
    return aspiration


@transaction.atomic
def aspiration_make_case(
    *,
    acting: Membership,
    aspiration: Aspiration,
    village: Village,
    category: Category,
    urgency: str = Urgency.MEDIUM,
) -> Aspiration:
    """The camat or a secretary turns the aspiration into a case for the village concerned
    (through the cases' own service): the case's text is the aspiration's, never the
    sender's name or contact; the aspiration keeps the link, so the citizen's code shows
    the case's public progress and answer."""
    _begin(acting, "make_case", aspiration)
    case = case_services.case_open_for_village(
        acting=acting,
        village=village,
        category=category,
        urgency=urgency,
        title=aspiration.title,
        description=aspiration.text,
        origin=Origin.ASPIRATION,
    )
    old = _decide(aspiration, acting, Status.CASE)
    aspiration.case = case
    aspiration.save()
    _audit(aspiration, acting.user, "made_case", old, case=case.pk, village=village.pk)
    return aspiration


def aspiration_take_step(*, step: str, acting: Membership, aspiration: Aspiration, **values):
    """The one entry point the staff page and the API share."""
    if step not in STEPS:
        raise KeyError(step)
    return globals()[STEPS[step].service](acting=acting, aspiration=aspiration, **values)
