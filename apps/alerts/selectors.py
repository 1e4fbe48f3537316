"""Reads of the early warning, shared by the pages, the banner, the feed and the API.
Scoping comes from the alerts policy; every list runs a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import quote

import django_filters
from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from apps.accounts import policy as scope
from apps.accounts.models import Membership, Role
from apps.core import clock
from apps.offices.audit import audit_trail_for
from apps.offices.models import AuditLog, Village

from . import policy
from .models import (
    Alert,
    AlertMessage,
    Delivery,
    EmergencyContact,
    EvacuationPoint,
    Incident,
    ReadinessAsset,
    ReadinessCheck,
    ReadinessItem,
    StateReport,
)
from .values import Hazard, VillageState
from .workflow import INCIDENT_OPEN, LIVE, IncidentStatus, Status

# How long a cancellation stays in the public feed, so consumers learn of it.
CANCELLED_IN_FEED = timedelta(hours=24)
# A checklist older than this needs a new review.
REVIEW_MONTHS = 12


def live_q(now=None, prefix: str = "") -> Q:
    """Issued or updated and not yet past its expiry time."""
    now = now or clock.now()
    return Q(**{f"{prefix}status__in": LIVE, f"{prefix}expires__gt": now})


# --- Lists ----------------------------------------------------------------------------------

STAGES = {
    "live": lambda now: live_q(now),
    "ended": lambda now: (
        Q(status__in=(Status.CANCELLED, Status.EXPIRED)) | Q(status__in=LIVE, expires__lte=now)
    ),
    "draft": lambda now: Q(status=Status.DRAFT),
}


class AlertFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(
        label=_("stage"),
        method="filter_stage",
        choices=[("live", _("live")), ("ended", _("ended")), ("draft", _("drafts"))],
    )
    hazard = django_filters.ChoiceFilter(label=_("hazard"), choices=Hazard.choices)

    class Meta:
        model = Alert
        fields = []

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not policy.can_issue(membership):
            self.filters["stage"].extra["choices"] = [
                ("live", _("live")),
                ("ended", _("ended")),
            ]

    def filter_stage(self, queryset, name, value):
        return queryset.filter(STAGES[value](clock.now())) if value in STAGES else queryset


def alert_list_for(*, membership, data=None) -> tuple[AlertFilter, QuerySet[Alert]]:
    """The alerts this person may see, live first then newest, each with its counts (and a
    village's own delivery): two queries whatever the number of alerts and villages."""
    now = clock.now()
    base = policy.alerts_for(membership).select_related("office")
    filterset = AlertFilter(data or None, queryset=base, membership=membership)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    active = Q(deliveries__withdrawn_at__isnull=True)
    qs = qs.annotate(
        targets=Count("deliveries", filter=active),
        acknowledged=Count(
            "deliveries", filter=active & Q(deliveries__acknowledged_at__isnull=False)
        ),
        affected=Count("deliveries", filter=active & Q(deliveries__state=VillageState.AFFECTED)),
        late=Count(
            "deliveries",
            filter=active
            & Q(deliveries__acknowledged_at__isnull=True, deliveries__ack_due__lt=now),
        ),
    ).order_by("-issued_at", "-created_at", "-id")
    if scope.is_village_official(membership):
        qs = qs.prefetch_related(
            Prefetch(
                "deliveries",
                queryset=Delivery.objects.filter(village_id=membership.village_id),
                to_attr="mine",
            )
        )
    return filterset, qs


def live_alerts_for(*, membership) -> list[Alert]:
    """The live alerts this person may see, for a home page or the API's list."""
    _filters, qs = alert_list_for(membership=membership, data={"stage": "live"})
    return list(qs)


def alert_home_for(*, membership, limit: int = 5) -> dict | None:
    """The live alerts of the office for a staff or inspector home page, each with its
    counts, in one query; None when there is none (or for a village: it has the banner)."""
    if membership is None or scope.is_village_official(membership):
        return None
    now = clock.now()
    active = Q(deliveries__withdrawn_at__isnull=True)
    pending = active & Q(deliveries__acknowledged_at__isnull=True)
    alerts = list(
        policy.alerts_for(membership)
        .filter(live_q(now))
        .annotate(
            targets=Count("deliveries", filter=active),
            acknowledged=Count(
                "deliveries", filter=active & Q(deliveries__acknowledged_at__isnull=False)
            ),
            affected=Count(
                "deliveries", filter=active & Q(deliveries__state=VillageState.AFFECTED)
            ),
            escalated=Count(
                "deliveries", filter=pending & Q(deliveries__escalated_at__isnull=False)
            ),
        )
        .order_by("-issued_at", "-id")[:limit]
    )
    if not alerts:
        return None
    return {"alerts": alerts, "escalated": sum(a.escalated for a in alerts)}


# --- The banner -----------------------------------------------------------------------------


def banner_for(membership) -> list[Delivery]:
    """What a village official must still acknowledge: one query, none for anybody else."""
    if not scope.is_village_official(membership):
        return []
    return list(
        Delivery.objects.filter(
            live_q(prefix="alert__"),
            village_id=membership.village_id,
            acknowledged_at__isnull=True,
            withdrawn_at__isnull=True,
        )
        .select_related("alert")
        .order_by("ack_due")[:3]
    )


# --- The board and the escalation list ------------------------------------------------------


def whatsapp_number(phone: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


@dataclass
class Contact:
    name: str
    position: str
    phone: str

    @property
    def tel(self) -> str:
        return "tel:+" + whatsapp_number(self.phone)

    def whatsapp(self, text: str = "") -> str:
        url = f"https://wa.me/{whatsapp_number(self.phone)}"
        return f"{url}?text={quote(text)}" if text else url


@dataclass
class BoardRow:
    delivery: Delivery
    village: Village
    contacts: list[Contact]
    whatsapp_text: str = ""

    @property
    def contact_links(self):
        return [(c, c.tel, c.whatsapp(self.whatsapp_text)) for c in self.contacts]


@dataclass
class Board:
    alert: Alert
    rows: list[BoardRow]
    total: int = 0
    acknowledged: int = 0
    states: dict = field(default_factory=dict)
    late: int = 0

    @property
    def pending(self) -> int:
        return self.total - self.acknowledged

    @property
    def state_counts(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.states.get(value, 0)) for value, label in VillageState.choices]

    @property
    def settled(self) -> bool:
        """Nothing more to wait for: everyone acknowledged, or the alert is no longer live.
        The page stops refreshing itself then."""
        return self.pending == 0 or not self.alert.is_live


def _contacts_prefetch():
    return (
        Prefetch(
            "village__memberships",
            queryset=Membership.objects.active()
            .filter(role=Role.VILLAGE)
            .select_related("user")
            .order_by("id"),
            to_attr="officials",
        ),
        Prefetch(
            "village__emergency_contacts",
            queryset=EmergencyContact.objects.filter(is_primary=True),
            to_attr="first_to_call",
        ),
    )


def contacts_of(village: Village) -> list[Contact]:
    """Whom to call about a village: its head through the village office's phone, its
    officials who have a phone, and the emergency contacts marked first to call."""
    found = []
    if village.phone:
        found.append(
            Contact(village.head_name or str(village), str(_("village office")), village.phone)
        )
    for membership in getattr(village, "officials", []):
        if membership.user.phone:
            found.append(
                Contact(membership.user.get_full_name(), membership.position, membership.user.phone)
            )
    for contact in getattr(village, "first_to_call", []):
        found.append(Contact(contact.name, contact.position, contact.phone))
    seen, unique = set(), []
    for contact in found:
        key = whatsapp_number(contact.phone)
        if key and key not in seen:
            seen.add(key)
            unique.append(contact)
    return unique


def _whatsapp_text(alert: Alert, village) -> str:
    return str(
        _(
            "RUKO PARSEL early warning %(code)s (%(village)s): %(headline)s. "
            "Please acknowledge it now."
        )
    ) % {"code": alert.code, "village": village, "headline": alert.headline}


def alert_board(*, alert: Alert) -> Board:
    """Every target village of the alert: pending or acknowledged (how fast), its state,
    whom to call. Three queries whatever the number of villages."""
    deliveries = list(
        alert.deliveries.filter(withdrawn_at__isnull=True)
        .select_related("village", "acknowledged_by")
        .prefetch_related(*_contacts_prefetch())
        .order_by("acknowledged_at", "village__kind", "village__name")
    )
    now = clock.now()
    rows, states = [], dict.fromkeys(VillageState.values, 0)
    for delivery in deliveries:
        delivery.alert = alert
        if delivery.state:
            states[delivery.state] += 1
        rows.append(
            BoardRow(
                delivery,
                delivery.village,
                contacts_of(delivery.village) if delivery.is_pending else [],
                _whatsapp_text(alert, delivery.village),
            )
        )
    # Pending first (late ones on top), then the acknowledged in the order they came in.
    rows.sort(
        key=lambda r: (
            not r.delivery.is_pending,
            r.delivery.ack_due > now if r.delivery.is_pending else False,
            r.delivery.acknowledged_at or now,
            r.village.name,
        )
    )
    acknowledged = sum(1 for d in deliveries if not d.is_pending)
    return Board(
        alert=alert,
        rows=rows,
        total=len(deliveries),
        acknowledged=acknowledged,
        states=states,
        late=sum(1 for d in deliveries if d.is_pending and d.ack_due < now),
    )


def escalations_for(*, membership) -> list[tuple[Alert, list[BoardRow]]]:
    """The villages that did not acknowledge a live alert in time and were escalated, per
    alert, with whom to call: for the camat, the secretary and Trantib. Two queries."""
    if not policy.sees_escalations(membership):
        return []
    offices = scope.offices_for(membership)
    deliveries = (
        Delivery.objects.filter(
            live_q(prefix="alert__"),
            alert__office__in=offices,
            acknowledged_at__isnull=True,
            withdrawn_at__isnull=True,
            escalated_at__isnull=False,
        )
        .select_related("alert__office", "village")
        .prefetch_related(*_contacts_prefetch())
        .order_by("alert__expires", "alert_id", "village__kind", "village__name")
    )
    grouped: dict[int, tuple[Alert, list[BoardRow]]] = {}
    for delivery in deliveries:
        alert = delivery.alert
        entry = grouped.setdefault(alert.pk, (alert, []))
        entry[1].append(
            BoardRow(
                delivery,
                delivery.village,
                contacts_of(delivery.village),
                _whatsapp_text(alert, delivery.village),
            )
        )
    return list(grouped.values())


def escalation_count_for(*, membership) -> int:
    if not policy.sees_escalations(membership):
        return 0
    return Delivery.objects.filter(
        live_q(prefix="alert__"),
        alert__office__in=scope.offices_for(membership),
        acknowledged_at__isnull=True,
        withdrawn_at__isnull=True,
        escalated_at__isnull=False,
    ).count()


# --- One alert: what changed, its messages, a village's history -------------------------------

CHANGE_LABELS = {
    "hazard": _("hazard"),
    "category": _("CAP category"),
    "severity": _("severity"),
    "urgency": _("urgency"),
    "certainty": _("certainty"),
    "scope": _("audience"),
    "is_exercise": _("exercise"),
    "headline": _("headline"),
    "description": _("what is happening"),
    "instruction": _("instructions for villagers"),
    "area_description": _("area"),
    "all_villages": _("all villages"),
    "effective": _("effective from"),
    "expires": _("expires"),
    "ack_minutes": _("minutes to acknowledge"),
}


def _shown(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    field_ = Alert._meta.get_field(name)
    if field_.choices:
        return str(dict(field_.choices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if name in ("effective", "expires"):
        moment = datetime.fromisoformat(value)
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return str(value)


def alert_changes(*, alert: Alert) -> list[dict]:
    """What the latest update changed, in words: [{label, old, new}] (villages added and
    removed by name)."""
    entry = (
        AuditLog.objects.filter(
            target_type=Alert._meta.label_lower,
            target_id=str(alert.pk),
            action="alerts.alert.updated",
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if entry is None:
        return []
    changes = []
    for name, label in CHANGE_LABELS.items():
        if name in entry.new and name in entry.old:
            changes.append(
                {
                    "label": label,
                    "old": _shown(name, entry.old[name]),
                    "new": _shown(name, entry.new[name]),
                }
            )
    ids = set(entry.new.get("added", [])) | set(entry.new.get("removed", []))
    names = dict(Village.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    if entry.new.get("added"):
        changes.append(
            {
                "label": _("villages added"),
                "old": "",
                "new": ", ".join(names.get(pk, "?") for pk in entry.new["added"]),
            }
        )
    if entry.new.get("removed"):
        changes.append(
            {
                "label": _("villages removed"),
                "old": ", ".join(names.get(pk, "?") for pk in entry.new["removed"]),
                "new": "",
            }
        )
    return changes


def alert_messages(*, alert: Alert) -> QuerySet[AlertMessage]:
    return alert.messages.defer("xml").order_by("number")


def delivery_history(*, delivery: Delivery) -> QuerySet[StateReport]:
    return delivery.reports.select_related("reported_by").order_by("reported_at", "id")


TIMELINE_VERBS = {
    "alerts.alert.drafted": _("drafted the alert"),
    "alerts.alert.imported": _("drafted the alert from a CAP message"),
    "alerts.alert.edited": _("edited the draft"),
    "alerts.alert.issued": _("issued the alert"),
    "alerts.alert.updated": _("published an update"),
    "alerts.alert.cancelled": _("cancelled the alert"),
    "alerts.alert.discarded": _("discarded the draft"),
    "alerts.alert.expired": _("the alert expired"),
    "alerts.alert.escalated": _("villages were escalated for not acknowledging"),
}


def alert_timeline(*, alert: Alert) -> list[dict]:
    """The alert's own history (staff): who drafted, issued, updated, cancelled it."""
    return [
        {"entry": e, "text": TIMELINE_VERBS.get(e.action, e.action), "values": e.new}
        for e in audit_trail_for(alert)
    ]


# --- Incidents ------------------------------------------------------------------------------


class IncidentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=IncidentStatus.choices)
    village = django_filters.ModelChoiceFilter(label=_("village"), queryset=None)
    hazard = django_filters.ChoiceFilter(label=_("type"), choices=Hazard.choices)

    class Meta:
        model = Incident
        fields = []

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["village"].queryset = scope.villages_for(membership)
        if scope.is_village_official(membership):
            self.filters.pop("village")


def incident_list_for(*, membership, data=None) -> tuple[IncidentFilter, QuerySet[Incident]]:
    """Open reports first, then the newest: one query (plus the count of the page)."""
    base = (
        policy.incidents_for(membership)
        .select_related("office", "village", "alert", "referral__agency")
        .annotate(photo_count=Count("photos"))
    )
    filterset = IncidentFilter(data or None, queryset=base, membership=membership)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, qs.order_by("-occurred_at", "-id")


def incident_counts_for(*, membership) -> dict:
    return policy.incidents_for(membership).aggregate(
        open=Count("pk", filter=Q(status__in=INCIDENT_OPEN)),
        to_verify=Count("pk", filter=Q(status=IncidentStatus.REPORTED)),
    )


INCIDENT_VERBS = {
    "alerts.incident.reported": _("reported the incident"),
    "alerts.incident.verified": _("verified the report"),
    "alerts.incident.rejected": _("rejected the report"),
    "alerts.incident.referred": _("referred the incident"),
    "alerts.incident.referral_outcome": _("recorded the outcome of the referral"),
    "alerts.incident.closed": _("closed the report as handled"),
}


def incident_timeline(*, incident: Incident) -> list[dict]:
    return [
        {"entry": e, "text": INCIDENT_VERBS.get(e.action, e.action), "values": e.new}
        for e in audit_trail_for(incident)
    ]


# --- Readiness ------------------------------------------------------------------------------


@dataclass
class ReadinessRow:
    village: Village
    contacts: int
    points: int
    assets: int
    in_place: int
    reviewed: int
    oldest_review: date | None
    latest_review: date | None
    items: int = len(ReadinessItem.values)

    @property
    def review_due(self) -> bool:
        return self.oldest_review is None or self.oldest_review < review_cutoff()

    @property
    def level(self) -> str:
        """ready: every item in place, reviewed within a year, someone to call and
        somewhere to go; partial: some of it; none: nothing recorded."""
        if (
            self.in_place == self.items
            and self.reviewed == self.items
            and not self.review_due
            and self.contacts
            and self.points
        ):
            return "ready"
        if self.in_place or self.contacts or self.points:
            return "partial"
        return "none"


def review_cutoff(today: date | None = None) -> date:
    today = today or clock.today()
    try:
        return today.replace(year=today.year - REVIEW_MONTHS // 12)
    except ValueError:  # 29 February
        return today.replace(year=today.year - REVIEW_MONTHS // 12, day=28)


def _counts(model, villages) -> dict[int, int]:
    return dict(
        model.objects.filter(village__in=villages)
        .values_list("village")
        .annotate(n=Count("pk"))
        .values_list("village", "n")
    )


def readiness_overview_for(*, membership) -> list[ReadinessRow]:
    """Each village this person may see with its readiness: five queries, whatever the
    number of villages."""
    villages = (
        policy.readiness_villages_for(membership)
        .select_related("office")
        .order_by("office__name", "kind", "name")
    )
    village_list = list(villages)
    contacts = _counts(EmergencyContact, villages)
    points = _counts(EvacuationPoint, villages)
    assets = _counts(ReadinessAsset, villages)
    checks = {
        row["village"]: row
        for row in ReadinessCheck.objects.filter(village__in=villages)
        .values("village")
        .annotate(
            in_place=Count("pk", filter=Q(in_place=True)),
            reviewed=Count("pk"),
            oldest=Min("reviewed_on"),
            latest=Max("reviewed_on"),
        )
    }
    rows = []
    for village in village_list:
        check = checks.get(village.pk, {})
        rows.append(
            ReadinessRow(
                village=village,
                contacts=contacts.get(village.pk, 0),
                points=points.get(village.pk, 0),
                assets=assets.get(village.pk, 0),
                in_place=check.get("in_place", 0),
                reviewed=check.get("reviewed", 0),
                oldest_review=check.get("oldest"),
                latest_review=check.get("latest"),
            )
        )
    return rows


@dataclass
class VillageReadiness:
    village: Village
    contacts: list
    points: list
    assets: list
    checklist: list[tuple[str, str, ReadinessCheck | None]]
    row: ReadinessRow


def village_readiness(*, village: Village) -> VillageReadiness:
    contacts = list(village.emergency_contacts.all())
    points = list(village.evacuation_points.all())
    assets = list(village.readiness_assets.all())
    checks = {c.item: c for c in village.readiness_checks.select_related("reviewed_by")}
    checklist = [(value, label, checks.get(value)) for value, label in ReadinessItem.choices]
    reviewed = [c.reviewed_on for c in checks.values()]
    row = ReadinessRow(
        village=village,
        contacts=len(contacts),
        points=len(points),
        assets=len(assets),
        in_place=sum(1 for c in checks.values() if c.in_place),
        reviewed=len(checks),
        oldest_review=min(reviewed) if reviewed else None,
        latest_review=max(reviewed) if reviewed else None,
    )
    return VillageReadiness(village, contacts, points, assets, checklist, row)


# --- The public feed ------------------------------------------------------------------------


def feed_alerts() -> list[Alert]:
    """Public alerts for the Atom feed: the live ones, and cancellations of the last day so
    that consumers learn of them; each with its latest CAP message. Two queries."""
    now = clock.now()
    qs = (
        Alert.objects.filter(scope="Public", message_count__gt=0)
        .filter(live_q(now) | Q(status=Status.CANCELLED, ended_at__gte=now - CANCELLED_IN_FEED))
        .select_related("office")
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=AlertMessage.objects.defer("xml").order_by("-number"),
                to_attr="latest_messages",
            )
        )
        .order_by("-last_message_at", "-id")
    )
    return list(qs[:100])


def alert_targets(alert: Alert) -> list[Village]:
    """The villages the alert goes to: every village of the office, or the chosen ones."""
    qs = alert.office.villages.all() if alert.all_villages else alert.villages.all()
    return list(qs.select_related("region").order_by("kind", "name"))


def cap_draft_document(alert: Alert) -> bytes:
    """The CAP document of an alert not published yet: status Draft, not actionable."""
    from .cap.build import Envelope, cap_document

    envelope = Envelope(
        identifier=f"{alert.code}-draft", sent=clock.now(), msg_type="Alert", status="Draft"
    )
    return cap_document(alert, envelope, alert_targets(alert))


def latest_message(alert: Alert) -> AlertMessage | None:
    return alert.messages.order_by("-number").first()


def cap_public(alert: Alert) -> bool:
    """Whether anybody may fetch the alert's CAP document: public and published."""
    return alert.scope == "Public" and alert.message_count > 0


# --- Monitoring -----------------------------------------------------------------------------


def _day_range(start: date, end: date) -> tuple[datetime, datetime]:
    first = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    return first, after


def _ack_medians(
    deliveries: QuerySet[Delivery], by_office: bool, *, group: str = "alert__office_id"
) -> dict:
    """Median minutes from the delivery (the village became a target) to its first
    acknowledgement, per office (or per `group`, e.g. "village_id") or for all (key None), in
    the database with window functions: each row numbered by duration within its group,
    only the middle rows return."""
    took = ExpressionWrapper(
        F("first_acknowledged_at") - F("created_at"), output_field=DurationField()
    )
    partition = [F(group)] if by_office else None
    middle = (
        deliveries.filter(first_acknowledged_at__isnull=False)
        .annotate(
            took=took,
            position=Window(RowNumber(), partition_by=partition, order_by=took.asc()),
            count=Window(Count("pk"), partition_by=partition),
        )
        .filter(position__gte=F("count") / 2.0, position__lte=F("count") / 2.0 + 1)
        .order_by()
        .values_list(group, "took")
    )
    values: dict = {}
    for office_id, duration in middle:  # the one or two middle rows of each group
        values.setdefault(office_id if by_office else None, []).append(
            duration.total_seconds() / 60
        )
    return {
        key: Decimal(str(sum(minutes) / len(minutes))).quantize(Decimal("0.1"))
        for key, minutes in values.items()
    }


def alert_stats(*, offices, start: date, end: date, now=None, by_office: bool = False) -> dict:
    """The monitoring figures of the alerts issued from `start` to `end` (both days included):
    alerts issued; villages targeted (one per alert and village still a target); villages
    that acknowledged (at least once) and the median minutes they took; villages that never
    acknowledged. Three queries in the database, for the offices together or grouped per
    office (`by_office`: `{office_id: figures}`)."""
    first, after = _day_range(start, end)
    alerts = Alert.objects.filter(office__in=offices, issued_at__gte=first, issued_at__lt=after)
    deliveries = Delivery.objects.filter(alert__in=alerts.values("pk"), withdrawn_at__isnull=True)
    acknowledged = Q(first_acknowledged_at__isnull=False)
    targets = {
        "villages_targeted": Count("pk"),
        "acknowledged": Count("pk", filter=acknowledged),
        "not_acknowledged": Count("pk", filter=~acknowledged),
    }
    empty = {"issued": 0, "villages_targeted": 0, "acknowledged": 0, "not_acknowledged": 0}
    medians = _ack_medians(deliveries, by_office)
    if not by_office:
        row = empty | alerts.aggregate(issued=Count("pk")) | deliveries.aggregate(**targets)
        row["ack_minutes"] = medians.get(None)
        return row
    rows: dict = {}
    for office_id, issued in (
        alerts.order_by().values("office_id").annotate(n=Count("pk")).values_list("office_id", "n")
    ):
        rows.setdefault(office_id, dict(empty))["issued"] = issued
    for found in deliveries.order_by().values("alert__office_id").annotate(**targets):
        rows.setdefault(found.pop("alert__office_id"), dict(empty)).update(found)
    for office_id, row in rows.items():
        row["ack_minutes"] = medians.get(office_id)
    return rows


def alert_stats_by_village(*, offices, start: date, end: date) -> list[dict]:
    """The figures of `alert_stats` per village alerted from `start` to `end`: alerts it
    received, acknowledged, never acknowledged, and its median minutes to acknowledge;
    slowest first. Two queries (the counts, the medians)."""
    first, after = _day_range(start, end)
    deliveries = Delivery.objects.filter(
        alert__office__in=offices,
        alert__issued_at__gte=first,
        alert__issued_at__lt=after,
        withdrawn_at__isnull=True,
    )
    acknowledged = Q(first_acknowledged_at__isnull=False)
    rows = list(
        deliveries.order_by()
        .values("village_id", "village__name", "village__kind")
        .annotate(
            targeted=Count("pk"),
            acknowledged=Count("pk", filter=acknowledged),
            not_acknowledged=Count("pk", filter=~acknowledged),
        )
    )
    medians = _ack_medians(deliveries, True, group="village_id")
    for row in rows:
        kind = "Kelurahan" if row.pop("village__kind") == "kelurahan" else "Desa"
        row["village"] = f"{kind} {row.pop('village__name')}"
        row["ack_minutes"] = medians.get(row["village_id"])
    never = Decimal("Infinity")
    return sorted(
        rows,
        key=lambda r: (-r["not_acknowledged"], -(r["ack_minutes"] or never), r["village"]),
    )


def readiness_by_village(*, offices, today: date) -> list[dict]:
    """Each village of the offices with its readiness level (as on the readiness overview)
    and what is recorded: emergency contacts, evacuation points, checklist items in place.
    Not ready first. One query."""
    level, parts = readiness_level(today)
    rows = list(
        Village.objects.filter(office__in=offices)
        .annotate(**parts)
        .annotate(level=level)
        .order_by()
        .values("pk", "name", "kind", "level", "contacts", "points", "in_place")
    )
    order = {"none": 0, "partial": 1, "ready": 2}
    for row in rows:
        row["village"] = (
            f"{'Kelurahan' if row.pop('kind') == 'kelurahan' else 'Desa'} {row.pop('name')}"
        )
        row["village_id"] = row.pop("pk")
    return sorted(rows, key=lambda r: (order[r["level"]], r["village"]))


def _village_count(model, **filters):
    counted = (
        model.objects.filter(village=OuterRef("pk"), **filters)
        .order_by()
        .values("village")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def readiness_level(today: date):
    """`ReadinessRow.level` as a database expression on villages: "ready", "partial" or
    "none" (the same rule; the tests hold the two together)."""
    items = len(ReadinessItem.values)
    oldest = Subquery(
        ReadinessCheck.objects.filter(village=OuterRef("pk"))
        .order_by()
        .values("village")
        .annotate(oldest=Min("reviewed_on"))
        .values("oldest")
    )
    contacts = _village_count(EmergencyContact)
    points = _village_count(EvacuationPoint)
    in_place = _village_count(ReadinessCheck, in_place=True)
    reviewed = _village_count(ReadinessCheck)
    return Case(
        When(
            Q(contacts__gt=0, points__gt=0, in_place=items, reviewed=items)
            & Q(oldest__gte=review_cutoff(today)),
            then=Value("ready"),
        ),
        When(Q(in_place__gt=0) | Q(contacts__gt=0) | Q(points__gt=0), then=Value("partial")),
        default=Value("none"),
        output_field=CharField(),
    ), {
        "contacts": contacts,
        "points": points,
        "in_place": in_place,
        "reviewed": reviewed,
        "oldest": oldest,
    }


def readiness_stats(*, offices, today: date, by_office: bool = False) -> dict:
    """How many villages of the offices are ready, partly ready or have nothing recorded
    (the readiness overview's levels), as of `today`. One query in the database, for the
    offices together or grouped per office (`by_office`: `{office_id: figures}`)."""
    level, parts = readiness_level(today)
    villages = Village.objects.filter(office__in=offices).annotate(**parts).annotate(level=level)
    counts = {
        "villages": Count("pk"),
        "ready": Count("pk", filter=Q(level="ready")),
        "partial": Count("pk", filter=Q(level="partial")),
        "none": Count("pk", filter=Q(level="none")),
    }
    if not by_office:
        return villages.aggregate(**counts)
    return {
        row.pop("office_id"): row
        for row in villages.order_by().values("office_id").annotate(**counts)
    }
