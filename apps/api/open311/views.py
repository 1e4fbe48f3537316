"""The GeoReport v2 methods. Plain Django views: the spec's own formats (a `.json` or `.xml`
suffix), its own error documents, its `api_key` parameter instead of a header."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from axes.helpers import get_client_ip_address
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from apps.accounts.middleware import active_membership
from apps.aspirations import selectors as aspirations
from apps.aspirations.services import RateLimited, normalise_code, submit_aspiration
from apps.aspirations.workflow import CLOSED_STATES as CLOSED_ASPIRATIONS
from apps.cases import policy, services
from apps.cases.models import TEXT_LIMITS, Case
from apps.cases.workflow import STATES
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.offices.models import Office, Urgency
from apps.offices.selectors import public_office

from ..authentication import usable_token
from .formats import errors, render, when

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# The spec's default for GET requests: the last 90 days, at most 1,000 requests.
DEFAULT_SPAN = timedelta(days=90)
MAX_REQUESTS = 1000
MAX_IDS = 100
# When this endpoint last changed what it speaks (the discovery document's changeset).
CHANGESET = datetime(2026, 11, 29, tzinfo=UTC)
CLOSED = [status for status, state in STATES.items() if state.closed]


class Refusal(Exception):
    def __init__(self, status: int, description):
        super().__init__(description)
        self.status = status
        self.description = description


def georeport(methods=("GET",)):
    """A GeoReport method: the format checked, refusals written as the spec's errors."""

    def wrap(view):
        @csrf_exempt  # nothing is done on a cookie's authority: writes need the api_key
        def handler(request, *args, fmt, **kwargs):
            if request.method not in methods:
                response = errors(fmt, 405, _("This method is not allowed here."))
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Refusal as refusal:
                return errors(fmt, refusal.status, refusal.description)

        handler.__name__ = view.__name__
        handler.__doc__ = view.__doc__
        return handler

    return wrap


def _param(request, name: str, limit: int = 200) -> str:
    value = (request.POST if request.method == "POST" else request.GET).get(name, "")
    if len(value) > limit:
        raise Refusal(400, _("%(name)s is too long.") % {"name": name})
    return value.strip()


def _office(request) -> Office:
    """The jurisdiction: an office by its Kemendagri code, else the installation's own."""
    code = _param(request, "jurisdiction_id", 20)
    if code:
        office = Office.objects.filter(is_active=True, region__code=code).first()
    else:
        office = public_office(request)
    if office is None:
        raise Refusal(404, _("No sub-district with this jurisdiction_id."))
    return office


def _membership(request):
    """The role of the api_key's holder; None without a key; a wrong key is refused."""
    raw = _param(request, "api_key", 100)
    if not raw:
        return None
    token = usable_token(raw)
    membership = active_membership(SimpleNamespace(user=token.user)) if token else None
    if membership is None:
        raise Refusal(403, _("The api_key is invalid, revoked, or its account has no role."))
    return membership


# --- discovery and services -------------------------------------------------------------


@georeport()
def discovery(request, fmt):
    """Where the GeoReport v2 endpoint of this installation is and what it speaks."""
    office = public_office(request)
    services_url = reverse("open311:services", kwargs={"fmt": "json"})
    base = request.build_absolute_uri(services_url.rsplit("/", 1)[0])
    document = {
        "changeset": when(CHANGESET),
        "contact": ", ".join(filter(None, [office.email, office.phone])) if office else "",
        "key_service": request.build_absolute_uri(reverse("accounts:profile")),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": when(CHANGESET),
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(document, fmt, root="discovery")


def _categories(office):
    return office.categories.filter(is_active=True).select_related("default_section")


def _service(category) -> dict:
    return {
        "service_code": str(category.pk),
        "service_name": category.name,
        "description": category.description,
        "metadata": True,  # the urgency, below
        "type": "realtime",
        "keywords": "",
        "group": category.default_section.name,
    }


@georeport()
def services_list(request, fmt):
    """The office's problem categories."""
    return render([_service(c) for c in _categories(_office(request))], fmt, root="services")


def _category(office, code: str):
    category = (
        _categories(office).filter(pk=int(code)).first()
        if code.isascii() and code.isdigit()
        else None
    )
    if category is None:
        raise Refusal(404, _("No service with this service_code."))
    return category


@georeport()
def service_definition(request, code, fmt):
    """What a request of this service may say besides its description: its urgency."""
    category = _category(_office(request), code)
    document = {
        "service_code": str(category.pk),
        "attributes": [
            {
                "variable": True,
                "code": "urgency",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("How urgent the problem is (default: medium)."),
                "order": 1,
                "description": _("Urgency"),
                "values": [{"key": value, "name": str(label)} for value, label in Urgency.choices],
            }
        ],
    }
    return render(document, fmt, root="service_definition")


# --- service requests -------------------------------------------------------------------


def _case_request(case: Case) -> dict:
    state = STATES[case.status]
    if state.closed:
        notes = case.response or case.reason
    else:
        notes = _("Waiting for %(whom)s.") % {"whom": state.waiting_for}
    village = case.village
    return {
        "service_request_id": case.tracking_number,
        "status": "closed" if state.closed else "open",
        "status_notes": notes,
        "service_name": case.category.name,
        "service_code": str(case.category_id),
        "description": case.description,
        "agency_responsible": case.section.name if case.section_id else case.office.name,
        "service_notice": "",
        "requested_datetime": when(case.submitted_at),
        "updated_datetime": when(case.updated_at),
        "expected_datetime": when(case.current_deadline),
        "address": str(village),
        "address_id": village.region.code,
        "zipcode": "",
        "lat": "",
        "long": "",
        "media_url": "",
    }


def _aspiration_request(aspiration) -> dict:
    """An aspiration as its tracking code's holder sees it: the public view, no sender."""
    view = aspirations.aspiration_public_view(aspiration)
    closed = view.case.closed if view.case is not None else view.status in CLOSED_ASPIRATIONS
    last = view.events[-1]
    return {
        "service_request_id": view.tracking_code,
        "status": "closed" if closed else "open",
        "status_notes": last.text or view.note,
        "service_name": view.category,
        "service_code": str(aspiration.category_id),
        "description": view.title,
        "agency_responsible": aspiration.office.name,
        "service_notice": "",
        "requested_datetime": when(view.submitted_at),
        "updated_datetime": when(last.at),
        "expected_datetime": None,
        "address": view.village,
        "address_id": aspiration.village.region.code,
        "zipcode": "",
        "lat": "",
        "long": "",
        "media_url": "",
    }


def _by_code(key: str):
    """The aspiration whose tracking code this is (the code is the secret that opens it)."""
    code = normalise_code(key)
    return aspirations.aspiration_get_by_code(code=code) if code else None


def _cases(membership, office):
    return (
        policy.cases_for(membership)
        .filter(office=office)
        .select_related("category", "section", "office", "village__region")
    )


def _moment(request, name: str):
    raw = _param(request, name, 40)
    if not raw:
        return None
    value = parse_datetime(raw)
    if value is None or value.tzinfo is None:
        raise Refusal(
            400, _("%(name)s must be a date and time in ISO 8601 with its offset.") % {"name": name}
        )
    return value


@georeport(methods=("GET", "POST"))
def requests(request, fmt):
    """GET: the requests the api_key's holder may see, filtered as the spec says.
    POST: a new request."""
    if request.method == "POST":
        return _create(request, fmt)
    office = _office(request)
    membership = _membership(request)
    if membership is None:
        raise Refusal(
            403,
            _(
                "Service requests of the villages are private: send the api_key of an account "
                "of this sub-district, or ask for one request by its tracking code."
            ),
        )
    qs = _cases(membership, office)
    ids = [i for i in _param(request, "service_request_id", 2000).split(",") if i.strip()]
    if len(ids) > MAX_IDS:
        raise Refusal(400, _("Ask for at most %(count)d ids at once.") % {"count": MAX_IDS})
    if ids:
        qs = qs.filter(tracking_number__in=[i.strip().upper() for i in ids])
    else:
        code = _param(request, "service_code", 20)
        if code:
            qs = qs.filter(category=_category(office, code))
        start, end = _moment(request, "start_date"), _moment(request, "end_date")
        if start and end and start > end:
            raise Refusal(400, _("start_date must come before end_date."))
        if start is None and end is None:
            start = clock.now() - DEFAULT_SPAN
        if start:
            qs = qs.filter(submitted_at__gte=start)
        if end:
            qs = qs.filter(submitted_at__lte=end)
        wanted = {s.strip() for s in _param(request, "status", 20).split(",") if s.strip()}
        if wanted - {"open", "closed"}:
            raise Refusal(400, _("status is open, closed, or both separated by a comma."))
        if wanted == {"open"}:
            qs = qs.exclude(status__in=CLOSED)
        elif wanted == {"closed"}:
            qs = qs.filter(status__in=CLOSED)
    found = qs.order_by("-submitted_at", "-pk")[:MAX_REQUESTS]
    return render([_case_request(c) for c in found], fmt, root="service_requests")


@georeport()
def request_detail(request, key, fmt):
    """One request, by its id: to whom may see it (a list of one, as the spec says). An
    aspiration's tracking code opens its public view without a key: the code is the secret."""
    office = _office(request)
    membership = _membership(request)
    case = (
        _cases(membership, office).filter(tracking_number=key.upper()).first()
        if membership
        else None
    )
    if case is not None:
        return render([_case_request(case)], fmt, root="service_requests")
    aspiration = _by_code(key)
    if aspiration is None or aspiration.office_id != office.pk:
        raise Refusal(404, _("No service request with this id that you may see."))
    return render([_aspiration_request(aspiration)], fmt, root="service_requests")


@georeport()
def token_detail(request, token, fmt):
    """Requests here get their id at once, so a token is the id itself: it resolves for
    whom may see the request (an aspiration's tracking code for whoever holds it)."""
    office = _office(request)
    membership = _membership(request)
    case = (
        _cases(membership, office).filter(tracking_number=token.upper()).first()
        if membership
        else None
    )
    if case is not None:
        number = case.tracking_number
    else:
        aspiration = _by_code(token)
        if aspiration is None or aspiration.office_id != office.pk:
            raise Refusal(404, _("No service request with this token that you may see."))
        number = aspiration.tracking_code
    document = [{"service_request_id": number, "token": token}]
    return render(document, fmt, root="service_requests")


def _title(description: str) -> str:
    """GeoReport requests have no title: the first line of the description, shortened."""
    first = description.strip().splitlines()[0] if description.strip() else ""
    return first if len(first) <= 120 else first[:119].rstrip() + "…"


def _create(request, fmt):
    office = _office(request)
    membership = _membership(request)
    if membership is None:
        raise Refusal(403, _("Send the api_key of an account to submit a request."))
    category = _category(office, _param(request, "service_code", 20))
    description = _param(request, "description", TEXT_LIMITS["description"])
    if not description:
        raise Refusal(400, _("Describe the problem in description."))
    urgency = _param(request, "attribute[urgency]", 20) or Urgency.MEDIUM
    if urgency not in Urgency.values:
        raise Refusal(400, _("attribute[urgency] is not one of the service's values."))
    if not policy.can_submit_case(membership):
        return _create_aspiration(request, fmt, office, category, description)
    if membership.office_id != office.pk:
        raise Refusal(403, _("Only an official of a village of this sub-district submits here."))
    key = request.headers.get("Idempotency-Key", "")
    if len(key) > 64:
        raise Refusal(400, _("Idempotency-Key has at most 64 characters."))
    try:
        result = services.case_submit(
            acting=membership,
            category=category,
            urgency=urgency,
            title=_title(description),
            description=description,
            idempotency_key=key,
        )
    except NotAllowed as refusal:
        raise Refusal(403, refusal.message) from refusal
    except InvalidState as refusal:  # the Idempotency-Key made another request before
        raise Refusal(409, refusal.message) from refusal
    except DomainError as refusal:
        raise Refusal(400, refusal.message) from refusal
    case = result.case
    notice = _("The sub-district verifies it by %(date)s.") % {
        "date": date_format(timezone.localtime(case.verify_due), "j F Y H:i"),
    }
    document = [
        {"service_request_id": case.tracking_number, "service_notice": notice, "account_id": ""}
    ]
    return render(document, fmt, root="service_requests", status=201 if result.created else 200)


def _village(request, office):
    """Where the problem is: `address_id` (a village's Kemendagri code) or `address_string`
    (its name, with or without "Desa"/"Kelurahan")."""
    code = _param(request, "address_id", 20)
    name = _param(request, "address_string", 200).lower()
    for prefix in ("desa ", "kelurahan "):
        name = name.removeprefix(prefix)
    villages = office.villages.select_related("region")
    village = (
        villages.filter(region__code=code).first()
        if code
        else villages.filter(name__iexact=name).first()
        if name
        else None
    )
    if village is None:
        raise Refusal(
            400, _("Name the village in address_id (its code) or address_string (its name).")
        )
    return village


def _create_aspiration(request, fmt, office, category, description):
    """Any other account's app (a front desk, a civic app) sends a citizen's aspiration: it
    waits in the office's review queue and is followed by its tracking code. Without a name
    the sender stays anonymous (then nothing of them is kept)."""
    village = _village(request, office)
    name = " ".join(filter(None, [_param(request, "first_name"), _param(request, "last_name")]))
    contact = _param(request, "email") or _param(request, "phone")
    try:
        aspiration = submit_aspiration(
            office=office,
            village=village,
            category=category,
            title=_title(description),
            text=description,
            anonymous=not name,
            name=name,
            contact=contact,
            client_address=get_client_ip_address(request) or "",
        )
    except RateLimited as refusal:
        raise Refusal(429, refusal.message) from refusal
    except DomainError as refusal:
        raise Refusal(400, refusal.message) from refusal
    code = aspiration.tracking_code
    notice = _("Keep the tracking code %(code)s to follow this aspiration.") % {"code": code}
    document = [
        {"service_request_id": code, "token": code, "service_notice": notice, "account_id": ""}
    ]
    return render(document, fmt, root="service_requests", status=201)
