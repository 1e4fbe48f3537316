"""Reads of follow-ups, shared by the board, the sources' pages, the home pages and the API.
Every list runs a constant number of queries: owners joined, evidence prefetched, sources
loaded once per kind (`registry.load_sources`)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import django_filters
from django import forms
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts import policy as scope
from apps.core import clock

from . import policy
from .models import FollowUp, FollowUpOwner, FollowUpStatus
from .registry import load_sources, source_choices

RELATED = ("office", "owner_section", "owner_agency", "owner_village", "completed_by")


def follow_ups_of(*, source_type: str, source_id) -> QuerySet[FollowUp]:
    """The items of one case or meeting, with owners and evidence (its page checked it may
    be seen)."""
    return (
        FollowUp.objects.filter(source_type=source_type, source_id=str(source_id))
        .select_related(*RELATED)
        .prefetch_related("evidence")
        .order_by("due_date", "id")
    )


def has_open_follow_ups(*, source_type: str, source_id) -> bool:
    return FollowUp.objects.filter(
        source_type=source_type, source_id=str(source_id), status=FollowUpStatus.OPEN
    ).exists()


def with_flags(items, membership, *, source=None) -> list[FollowUp]:
    """The items as a list, each with its source (`source_title`, `source_url`) and whether
    this person may complete it now (`can_complete`), without a query per item."""
    items = list(items)
    if source is None:
        load_sources(items)
    else:
        for item in items:
            item.source = source
    for item in items:
        item.can_complete = policy.follow_up_can_complete(membership, item, item.source)
    return items


def village_open_follow_ups(*, membership) -> list[FollowUp]:
    """The open items a village owns, nearest due date first, with their sources."""
    if not scope.is_village_official(membership):
        return []
    items = (
        FollowUp.objects.filter(
            owner_village_id=membership.village_id, status=FollowUpStatus.OPEN
        ).select_related(*RELATED)
    ).order_by("due_date", "id")[:10]
    return with_flags(items, membership)


class FollowUpFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(
        label=_("source"), field_name="source_type", choices=source_choices
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=FollowUpStatus.choices)
    owner_kind = django_filters.ChoiceFilter(label=_("owner"), choices=FollowUpOwner.choices)
    section = django_filters.ModelChoiceFilter(
        label=_("section"), field_name="owner_section", queryset=None
    )
    village = django_filters.ModelChoiceFilter(
        label=_("village"), method="filter_village", queryset=None
    )
    due_from = django_filters.DateFilter(
        label=_("due from"),
        field_name="due_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_to = django_filters.DateFilter(
        label=_("due until"),
        field_name="due_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(
        label=_("overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = FollowUp
        fields = []

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["section"].queryset = scope.sections_for(membership)
        self.filters["village"].queryset = scope.villages_for(membership)
        if scope.is_village_official(membership):
            for name in ("owner_kind", "section", "village"):
                self.filters.pop(name)

    def filter_village(self, queryset, name, value):
        """The village's items: those it owns and those of its cases (what its own
        officials see on their board)."""
        if not value:
            return queryset
        return queryset.filter(Q(owner_village=value) | Q(village=value))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=FollowUpStatus.OPEN, due_date__lt=clock.today())


def follow_up_board_for(*, membership, data=None) -> tuple[FollowUpFilter, QuerySet[FollowUp]]:
    """The office's one board of follow-ups as this person may see it, filtered: open items
    first, nearest due date first."""
    base = policy.follow_ups_for(membership).select_related(*RELATED).prefetch_related("evidence")
    filterset = FollowUpFilter(data or None, queryset=base, membership=membership)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, qs.order_by("-status", "due_date", "id")


def follow_up_counts_for(*, membership) -> dict:
    """Open, overdue and done items this person may see (for the board's header)."""
    today = clock.today()
    return policy.follow_ups_for(membership).aggregate(
        open=Count("pk", filter=Q(status=FollowUpStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=FollowUpStatus.OPEN, due_date__lt=today)),
        done=Count("pk", filter=Q(status=FollowUpStatus.DONE)),
    )


def _rate(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def follow_up_stats(*, offices, start: date, end: date, now, by_office: bool = False) -> dict:
    """The monitoring figures of the items due from `start` to `end` (both days included):
    due, done, done on time (completed on or before the due date, in the site's time zone),
    open, overdue (open past its due date as of `now`) and the on-time rate (done on time ÷
    due). One query in the database, for the offices together or grouped per office
    (`by_office`: `{office_id: figures}`)."""
    today = timezone.localdate(now)
    items = FollowUp.objects.filter(office__in=offices, due_date__gte=start, due_date__lte=end)
    done = Q(status=FollowUpStatus.DONE)
    counts = {
        "due": Count("pk"),
        "done": Count("pk", filter=done),
        "done_on_time": Count("pk", filter=done & Q(completed_at__date__lte=F("due_date"))),
        "open": Count("pk", filter=Q(status=FollowUpStatus.OPEN)),
        "overdue": Count("pk", filter=Q(status=FollowUpStatus.OPEN, due_date__lt=today)),
    }
    if not by_office:
        row = items.aggregate(**counts)
        row["on_time_rate"] = _rate(row["done_on_time"], row["due"])
        return row
    rows = {}
    for row in items.order_by().values("office_id").annotate(**counts):
        row["on_time_rate"] = _rate(row["done_on_time"], row["due"])
        rows[row.pop("office_id")] = row
    return rows


def follow_up_export_rows(items: QuerySet[FollowUp], *, chunk: int = 500):
    """The board's items as spreadsheet rows (office, source kind, source, action, owner,
    due date, status, completed, on time, overdue, completion note), read in chunks with
    their sources loaded per chunk: the memory stays flat whatever the number of items."""
    statuses = dict(FollowUpStatus.choices)
    today = clock.today()
    batch: list[FollowUp] = []

    def rows(batch):
        load_sources(batch)
        for item in batch:
            completed = timezone.localdate(item.completed_at) if item.completed_at else None
            yield [
                item.office.name,
                str(item.source_label),
                item.source_title,
                item.action,
                item.owner_label,
                item.due_date,
                str(statuses.get(item.status, item.status)),
                item.completed_at,
                None if completed is None else completed <= item.due_date,
                item.status == FollowUpStatus.OPEN and item.due_date < today,
                item.completion_note,
            ]

    for item in items.prefetch_related(None).iterator(chunk_size=chunk):
        batch.append(item)
        if len(batch) == chunk:
            yield from rows(batch)
            batch = []
    if batch:
        yield from rows(batch)


def follow_up_stats_by_village(*, offices, start: date, end: date, now) -> list[dict]:
    """The figures of `follow_up_stats` per village the items concern (the case's village,
    else the owning village; none for a meeting's decisions not owned by a village), most
    overdue first. One grouped query."""
    today = timezone.localdate(now)
    done = Q(status=FollowUpStatus.DONE)
    village = Coalesce("village_id", "owner_village_id")
    rows = list(
        FollowUp.objects.filter(office__in=offices, due_date__gte=start, due_date__lte=end)
        .annotate(
            concerns=village,
            concerns_name=Coalesce("village__name", "owner_village__name"),
            concerns_kind=Coalesce("village__kind", "owner_village__kind"),
        )
        .order_by()
        .values("concerns", "concerns_name", "concerns_kind")
        .annotate(
            due=Count("pk"),
            done=Count("pk", filter=done),
            done_on_time=Count("pk", filter=done & Q(completed_at__date__lte=F("due_date"))),
            open=Count("pk", filter=Q(status=FollowUpStatus.OPEN)),
            overdue=Count("pk", filter=Q(status=FollowUpStatus.OPEN, due_date__lt=today)),
        )
    )
    for row in rows:
        row["village_id"] = row.pop("concerns")
        name, kind = row.pop("concerns_name"), row.pop("concerns_kind")
        row["village"] = (
            f"{'Kelurahan' if kind == 'kelurahan' else 'Desa'} {name}" if name else None
        )
        row["on_time_rate"] = _rate(row["done_on_time"], row["due"])
    return sorted(rows, key=lambda r: (-r["overdue"], r["village"] or "~"))
