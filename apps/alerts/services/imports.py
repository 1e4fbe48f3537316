"""A CAP 1.2 message from another authority (a BMKG weather warning, a BPBD alert) becomes
a draft alert for an officer to review and issue."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, NotAllowed
from apps.offices.models import Office, Village
from apps.regions.models import Region, RegionLevel

from .. import policy
from ..cap import HAZARD_CODE_NAME
from ..cap.parse import CapInfo, CapMessage, parse
from ..models import TEXT_LIMITS, Alert
from ..values import HAZARDS, CapCategory, Hazard, Scope
from .alerts import AlertInput, alert_create

DEFAULT_HOURS = 24  # when the message names no expiry


@dataclass
class ImportResult:
    alert: Alert
    villages: list[Village] = field(default_factory=list)
    unmatched_areas: list[str] = field(default_factory=list)
    whole_district: bool = False


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def _code(value: str) -> str:
    return re.sub(r"[^0-9]", "", value)


def hazard_of(info: CapInfo) -> str:
    """Our hazard from the message's own code, else the words of its event and headline."""
    for name, value in info.event_codes:
        if name == HAZARD_CODE_NAME and value in Hazard.values:
            return value
    for text in (info.event, info.headline):
        words = _plain(text)
        for hazard, spec in HAZARDS.items():
            if any(re.search(rf"(?<![a-z]){re.escape(w)}", words) for w in spec.words):
                return hazard
    return Hazard.OTHER


def match_villages(office: Office, info: CapInfo) -> tuple[list[Village], list[str], bool]:
    """The office's villages the message's areas name, by Kemendagri geocode or by name.
    A geocode or a name of the kecamatan itself names all its villages. Names are matched
    longest first, so "Halubau Utara" is not also read as "Halubau", nor "Paringin Selatan"
    as the neighbouring "Paringin". Returns (villages, areas matched to none, whole district)."""
    villages = list(office.villages.select_related("region"))
    by_code = {_code(v.region.code): v for v in villages}
    district_code = _code(office.region.code)
    # Every place name of the regency, so a neighbour's name is consumed, not misread.
    names: dict[str, object] = {}
    regency = office.region.parent_id
    for region in Region.objects.filter(parent_id=regency, level=RegionLevel.DISTRICT):
        names.setdefault(_plain(region.name), "district" if region.pk == office.region_id else None)
    for village in villages:
        names[_plain(village.name)] = village
    ordered = sorted(names, key=len, reverse=True)
    found: dict[int, Village] = {}
    whole = False
    unmatched = []
    for area in info.areas:
        hit = False
        for _name, value in area.geocodes:
            code = _code(value)
            if code == district_code:
                whole = hit = True
            elif code in by_code:
                found[by_code[code].pk] = by_code[code]
                hit = True
        text = _plain(area.description)
        taken: list[tuple[int, int]] = []
        for name in ordered:
            for match in re.finditer(rf"(?<![a-z]){re.escape(name)}(?![a-z])", text):
                span = match.span()
                if any(a < span[1] and span[0] < b for a, b in taken):
                    continue
                taken.append(span)
                target = names[name]
                if target == "district":
                    whole = hit = True
                elif isinstance(target, Village):
                    found[target.pk] = target
                    hit = True
        if not hit:
            unmatched.append(area.description)
    if whole:
        return villages, unmatched, True
    return sorted(found.values(), key=lambda v: (v.kind, v.name)), unmatched, False


def _refuse_kind(message: CapMessage) -> None:
    if message.status not in ("Actual", "Exercise"):
        raise DomainError(
            _(
                "A message with status “%(status)s” is not imported: only real alerts "
                "(Actual) and exercises (Exercise)."
            )
            % {"status": message.status}
        )
    if message.msg_type not in ("Alert", "Update"):
        raise DomainError(
            _(
                "A “%(type)s” message does not make a new alert. If it cancels an alert you "
                "issued, cancel that alert in RUKO PARSEL."
            )
            % {"type": message.msg_type}
        )
    if not message.infos:
        raise DomainError(_("The message has no <info> block: there is nothing to warn about."))


@transaction.atomic
def alert_import(*, acting: Membership, data: bytes | str) -> ImportResult:
    """Check the message (hardened parser, OASIS schema), map it, and draft an alert. The
    officer reviews the draft, picks the villages where none matched, and issues it."""
    if not policy.can_issue(acting):
        raise NotAllowed(_("Alerts are issued by Trantib officers, the secretary and the camat."))
    message = parse(data)
    _refuse_kind(message)
    office = acting.office
    earlier = Alert.objects.filter(
        office=office,
        source_sender=message.sender[:255],
        source_identifier=message.identifier[:255],
    ).first()
    if earlier is not None:
        raise DomainError(
            _("This message was imported already, as alert %(code)s.") % {"code": earlier.code}
        )
    info = message.info("id")
    now = clock.now()
    expires = info.expires or (now + timedelta(hours=DEFAULT_HOURS))
    if expires <= now:
        raise DomainError(
            _("This message expired on %(time)s: there is nothing left to warn about.")
            % {"time": expires.isoformat()}
        )
    effective = info.effective or info.onset
    if effective is not None and effective >= expires:
        effective = None
    hazard = hazard_of(info)
    categories = [c for c in info.categories if c in CapCategory.values]
    villages, unmatched, whole = match_villages(office, info)
    values = AlertInput(
        hazard=hazard,
        category=categories[0] if categories else HAZARDS[hazard].category,
        severity=info.severity,
        urgency=info.urgency,
        certainty=info.certainty,
        headline=(info.headline or info.event)[: TEXT_LIMITS["headline"]],
        description=(info.description or info.headline or info.event)[: TEXT_LIMITS["description"]],
        instruction=info.instruction[: TEXT_LIMITS["instruction"]],
        area_description="; ".join(a.description for a in info.areas)[
            : TEXT_LIMITS["area_description"]
        ],
        scope=Scope.PUBLIC if message.scope == "Public" else Scope.RESTRICTED,
        is_exercise=message.status == "Exercise",
        all_villages=whole,
        villages=[] if whole else villages,
        effective=effective,
        expires=expires,
    )
    alert = alert_create(
        acting=acting,
        values=values,
        source={
            "source_sender": message.sender[:255],
            "source_identifier": message.identifier[:255],
            "source_sent": message.sent,
            "source_name": (info.sender_name or message.source or message.sender)[:255],
            "source_xml": message.text,
        },
    )
    return ImportResult(alert, villages, unmatched, whole)
