"""Reads of cases, shared by the pages and the API. Scoping comes from the case policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import django_filters
from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models import Case as When_
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts import policy as scope
from apps.core import clock
from apps.follow_ups.models import FollowUp
from apps.follow_ups.selectors import follow_ups_of
from apps.offices.audit import audit_trail_for
from apps.offices.directory import use_directory_choices
from apps.offices.models import Agency, AuditLog, Section, Urgency, VillageKind

from . import policy
from .models import Case, Comment, Status
from .sources import SOURCE_TYPE
from .workflow import AWAITING_ANSWER, CLOSED_STATES, OPEN_STATES, STATES, STEPS, WITH_VILLAGE

LIST_RELATED = ("village", "category", "section", "assigned_to", "office")


def overdue_q(now) -> Q:
    """Past the deadline the office works against in each state (`State.deadline`)."""
    by_deadline: dict[str, list[str]] = {}
    for status in AWAITING_ANSWER:
        by_deadline.setdefault(STATES[status].deadline, []).append(status)
    q = Q(pk__in=[])
    for deadline, states in by_deadline.items():
        q |= Q(status__in=states, **{f"{deadline}__lt": now})
    # Implied by the above; said once more so the planner sees it may read only the small
    # index of the open cases.
    return Q(status__in=AWAITING_ANSWER) & q


STAGES = {
    "open": OPEN_STATES,
    "village": WITH_VILLAGE,
    "closed": CLOSED_STATES,
}
STAGE_CHOICES = [
    ("open", _("still open")),
    ("village", _("waiting for the village")),
    ("closed", _("closed (resolved or rejected)")),
]


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)
    village = django_filters.ModelChoiceFilter(label=_("village"), queryset=None)
    category = django_filters.ModelChoiceFilter(label=_("category"), queryset=None)
    section = django_filters.ModelChoiceFilter(label=_("section"), queryset=None)
    urgency = django_filters.ChoiceFilter(label=_("urgency"), choices=Urgency.choices)
    overdue = django_filters.BooleanFilter(
        label=_("overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    submitted_from = django_filters.DateFilter(
        label=_("submitted from"),
        field_name="submitted_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = django_filters.DateFilter(
        label=_("submitted until"),
        field_name="submitted_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    mine = django_filters.BooleanFilter(
        label=_("assigned to me"), method="filter_mine", widget=forms.CheckboxInput
    )
    stage = django_filters.ChoiceFilter(
        label=_("stage"), method="filter_stage", choices=STAGE_CHOICES
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.filters["village"].queryset = scope.villages_for(membership)
        self.filters["category"].queryset = scope.categories_for(membership)
        self.filters["section"].queryset = scope.sections_for(membership)
        if scope.is_village_official(membership):
            for name in ("village", "section", "mine"):
                self.filters.pop(name)
        office = membership.office if membership is not None else None
        if office is not None and not scope.is_inspector(membership):
            # One office's villages, categories and sections: listed once per version of
            # its directory (an inspector's span many offices and are read each time).
            for name in ("village", "category", "section"):
                if name in self.form.fields:
                    use_directory_choices(
                        self.form.fields[name],
                        office=office,
                        name=f"case-filter-{name}-{membership.village_id}",
                        queryset=self.filters[name].queryset,
                    )

    def filter_text(self, queryset, name, value):
        """Every word must occur, case-insensitively and anywhere inside a word, in the title,
        the description or the tracking number. On PostgreSQL each `icontains` is
        `UPPER(column::text) LIKE UPPER('%word%')`, the very expression of the trigram
        indexes of migration 0008, which answer it without reading every case of the office;
        another lookup would not use them (test_search.py reads the plans)."""
        words = [w for w in re.split(r"\s+", value.strip()) if w][:6]
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(tracking_number__icontains=word)
            )
        return queryset

    def filter_stage(self, queryset, name, value):
        return queryset.filter(status__in=STAGES[value]) if value in STAGES else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(clock.now())) if value else queryset

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None:
            return queryset.filter(assigned_to=self.request.user)
        return queryset


# What a list row never shows: long texts stay in the table (the list reads a few short
# columns of 20 rows).
LIST_DEFERRED = (
    "description",
    "disposition",
    "response",
    "solution",
    "reason",
    "referral_note",
    "referral_outcome",
    "rating_comment",
)


class CaseList:
    """The cases of a list in its order, overdue first, then newest, read as two queries that
    each follow an index: the few overdue cases (open states, a partial index) and the rest
    newest first ((office, submitted_at, id)). One query ordering by "overdue or not" would
    read and sort every row of the office to show 20 of them.

    Pages like a queryset: `count()`, slices (Django's Paginator, DRF's LimitOffsetPagination)
    and iteration; `queryset` is the same list as one queryset, for exports that stream it."""

    ORDER = ("-submitted_at", "-id")

    def __init__(self, qs: QuerySet[Case], now):
        self.base = qs.order_by(*self.ORDER)
        self.now = now
        self.overdue = self.base.filter(overdue_q(now))
        self.rest = self.base.exclude(overdue_q(now))
        self._overdue_count: int | None = None
        self._count: int | None = None

    def _derive(self, method: str, *args) -> CaseList:
        return CaseList(getattr(self.base, method)(*args), self.now)

    def select_related(self, *fields) -> CaseList:
        return self._derive("select_related", *fields)

    def defer(self, *fields) -> CaseList:
        return self._derive("defer", *fields)

    def none(self) -> CaseList:
        return self._derive("none")

    @property
    def queryset(self) -> QuerySet[Case]:
        late = When_(
            When(overdue_q(self.now), then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return self.base.annotate(late=late).order_by("late", *self.ORDER)

    def overdue_count(self) -> int:
        if self._overdue_count is None:
            self._overdue_count = self.overdue.count()
        return self._overdue_count

    def count(self) -> int:
        if self._count is None:
            self._count = self.base.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        yield from self.overdue
        yield from self.rest

    def after(self, pk: int, size: int) -> list[Case] | None:
        """The `size` cases that follow case `pk` in this order (None when `pk` is not in the
        list): read from the indexes where the last page left off, as fast at the
        ten-thousandth page as at the first, where an offset reads every row it skips."""
        anchor = self.base.filter(pk=pk).values("submitted_at", "pk").first()
        if anchor is None:
            return None
        # The first condition is implied by the rest; it is the one an index can seek to.
        before = Q(submitted_at__lte=anchor["submitted_at"]) & (
            Q(submitted_at__lt=anchor["submitted_at"])
            | Q(submitted_at=anchor["submitted_at"], pk__lt=anchor["pk"])
        )
        if self.overdue.filter(pk=pk).exists():
            rows = list(self.overdue.filter(before)[:size])
            if len(rows) < size:
                rows += list(self.rest[: size - len(rows)])
            return rows
        return list(self.rest.filter(before)[:size])

    def __getitem__(self, key):
        if isinstance(key, int):
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        start, stop = key.start or 0, key.stop
        if key.step is not None or stop is None or start < 0 or stop < start:
            raise TypeError("CaseList takes bounded slices only.")
        late = self.overdue_count()
        rows = list(self.overdue[start:stop]) if start < late else []
        if stop > late:
            rows += list(self.rest[max(start - late, 0) : stop - late])
        return rows


def case_list_for(*, membership, data=None, request=None) -> tuple[CaseFilter, CaseList]:
    """The cases this person may see, filtered; overdue first, then newest."""
    base = policy.cases_for(membership).select_related(*LIST_RELATED)
    filterset = CaseFilter(data or None, queryset=base, membership=membership, request=request)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, CaseList(qs, clock.now())


INBOX_SIZE = 10


def urgent_first(qs: QuerySet[Case], now) -> QuerySet[Case]:
    """Overdue first, then by urgency (darurat → rendah), then the nearest deadline."""
    rank = {value: i for i, value in enumerate(Urgency.values)}
    deadline = When_(
        When(status=Status.SUBMITTED, then="verify_due"),
        default="response_due",
    )
    return qs.annotate(
        late=When_(
            When(overdue_q(now), then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        urgency_rank=When_(
            *[When(urgency=value, then=Value(i)) for value, i in rank.items()],
            default=Value(len(rank)),
            output_field=IntegerField(),
        ),
        deadline=deadline,
    ).order_by("late", "urgency_rank", F("deadline").asc(nulls_last=True), "submitted_at", "id")


@dataclass
class WorkGroup:
    key: str
    title: str
    count: int
    cases: list
    query: str  # the case list's filter that shows all of them


def case_worklist_for(*, membership) -> list[WorkGroup]:
    """What waits for this person, most pressing group first, overdue and urgent first in
    each: for the sekretaris what to verify, for the camat what to dispose and what is
    overdue, for an officer the section's inbox, for a village what needs its answer."""
    if membership is None:
        return []
    now = clock.now()
    base = policy.cases_for(membership).select_related(*LIST_RELATED)
    to_verify = ("verify", _("To verify"), Q(status=Status.SUBMITTED), "status=diajukan")
    to_dispose = (
        "dispose",
        _("To dispose to a section"),
        Q(status=Status.VERIFIED),
        "status=diverifikasi",
    )
    overdue = ("overdue", _("Overdue"), overdue_q(now), "overdue=on")
    if scope.is_village_official(membership):
        groups = [
            (
                "returned",
                _("Returned to you: add what is missing"),
                Q(status=Status.RETURNED),
                "status=dikembalikan",
            ),
            (
                "confirm",
                _("Answered: confirm and rate"),
                Q(status__in=STEPS["confirm"].sources),
                "stage=village",
            ),
        ]
    elif scope.is_section_officer(membership):
        base = base.filter(section_id=membership.section_id)
        section = f"section={membership.section_id}&"
        groups = [
            ("overdue", _("Overdue"), overdue_q(now), section + "overdue=on"),
            (
                "take",
                _("New in your section: take one"),
                Q(status=Status.DISPOSED),
                section + "status=didisposisi",
            ),
            (
                "mine",
                _("Assigned to you"),
                Q(assigned_to=membership.user, status__in=AWAITING_ANSWER),
                "mine=on",
            ),
        ]
    elif scope.leads_office(membership, membership.office_id):
        groups = (
            [to_dispose, overdue, to_verify]
            if scope.is_head(membership)
            else [to_verify, to_dispose, overdue]
        )
    else:  # a regency inspector
        groups = [overdue]
    # One query counts every group, one per non-empty group chooses its first few, one reads
    # them all. Every group is of open cases: saying so lets the small index of the open
    # cases answer.
    base = base.filter(status__in=OPEN_STATES)
    # COUNT(status), not COUNT(id): a column of the open cases' index, so the counts come
    # from the index alone.
    counts = base.aggregate(**{key: Count("status", filter=q) for key, _t, q, _l in groups})
    # The first few of each group, most pressing first, chosen by their ids alone (joining
    # every case of a group before sorting would read them all in full); then the chosen
    # ones of every group read at once, with their village, category…
    firsts = {
        key: _first_ids(base.filter(q), now) if counts[key] else [] for key, _t, q, _l in groups
    }
    chosen = {pk for ids in firsts.values() for pk in ids}
    read = base.filter(pk__in=chosen).defer(*LIST_DEFERRED).order_by()[: len(chosen)]
    rows = {case.pk: case for case in read} if chosen else {}
    return [
        WorkGroup(
            key, str(title), counts[key], [rows[pk] for pk in firsts[key] if pk in rows], link
        )
        for key, title, _q, link in groups
    ]


def _first_ids(qs: QuerySet[Case], now) -> list[int]:
    return list(urgent_first(qs.order_by(), now).values_list("pk", flat=True)[:INBOX_SIZE])


def case_follow_ups(*, case: Case):
    """The case's follow-up actions (the follow-ups app keeps them), owners and evidence
    joined; the caller checked that the case may be seen."""
    return follow_ups_of(source_type=SOURCE_TYPE, source_id=case.pk)


def case_follow_up_get(*, case: Case, pk) -> FollowUp:
    found = case_follow_ups(case=case).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def section_inbox(*, membership) -> dict[str, dict]:
    """An officer's inbox: overdue, new (not yet taken) and mine; the first few of each with
    the full count (the list below pages through everything)."""
    now = clock.now()
    base = (
        policy.cases_for(membership)
        .filter(section_id=membership.section_id)
        .select_related(*LIST_RELATED)
    )
    groups = {
        "overdue": base.filter(overdue_q(now)).order_by("response_due"),
        "new": base.filter(status=Status.DISPOSED).order_by("submitted_at"),
        "mine": base.filter(assigned_to=membership.user, status__in=OPEN_STATES).order_by(
            "response_due"
        ),
    }
    return {
        name: {"count": qs.count(), "cases": list(qs[:INBOX_SIZE])} for name, qs in groups.items()
    }


# Indonesian words too common to say two problems are alike.
STOPWORDS = frozenset(
    {
        "dan",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "dengan",
        "pada",
        "dalam",
        "ini",
        "itu",
        "atau",
        "juga",
        "tidak",
        "belum",
        "sudah",
        "akan",
        "kami",
        "desa",
        "kita",
        "ada",
        "oleh",
        "agar",
        "bisa",
        "dapat",
        "karena",
        "sebagai",
        "mohon",
        "bantuan",
        "masih",
        "perlu",
    }
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3} - STOPWORDS


SIMILAR_POOL = 300


def similar_open_cases(*, case: Case, limit: int = 5) -> list[Case]:
    """Open cases from other villages in the same category that share words with this one,
    best overlap (Jaccard on significant words) first, among the category's most recently
    submitted open cases (SIMILAR_POOL: an office rarely has more open in one category, and
    a busier one is served by its latest). On PostgreSQL a full-text query picks the 50
    best-ranked of them first; SQLite scores them directly."""
    mine = _words(f"{case.title} {case.description}")
    if not mine:
        return []
    candidates = (
        Case.objects.filter(
            office=case.office_id, category=case.category_id, status__in=AWAITING_ANSWER
        )
        .exclude(village=case.village_id)
        .exclude(pk=case.pk)
    )
    # The pool by the office's index on (office, category, status); ranking reads its texts.
    pool = candidates.order_by("-submitted_at", "-id").values("pk")[:SIMILAR_POOL]
    candidates = Case.objects.filter(pk__in=pool).select_related("village")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        # The words are [a-z0-9]+ (see _words), so the raw OR query cannot be malformed.
        query = SearchQuery(" | ".join(sorted(mine)[:30]), search_type="raw", config="simple")
        vector = SearchVector("title", "description", config="simple")
        candidates = (
            candidates.annotate(rank=SearchRank(vector, query))
            .filter(rank__gt=0)
            .order_by("-rank")[:50]
        )
    scored = []
    for other in candidates:
        theirs = _words(f"{other.title} {other.description}")
        if not theirs:
            continue
        overlap = len(mine & theirs) / len(mine | theirs)
        if overlap >= 0.1:
            scored.append((overlap, other))
    scored.sort(key=lambda pair: -pair[0])
    return [other for _score, other in scored[:limit]]


def case_comments_for(*, membership, case: Case) -> QuerySet[Comment]:
    comments = case.comments.select_related("author")
    if not policy.case_sees_internal(membership, case):
        comments = comments.filter(internal=False)
    return comments


# What each audited event says in the history, in one voice ("… the case"). Values of the
# entry fill the placeholders; `DETAILS` names the value shown under the line.
TIMELINE_VERBS = {
    "cases.case.submitted": _("submitted the case"),
    "cases.case.resubmitted": _("resubmitted the case with more information"),
    "cases.case.opened": _("opened the case from a citizen's aspiration"),
    "cases.case.verified": _("verified the case"),
    "cases.case.returned": _("returned the case for more information"),
    "cases.case.rejected": _("rejected the case"),
    "cases.case.disposed": _("disposed the case to %(section)s"),
    "cases.case.assigned": _("assigned the case to an officer"),
    "cases.case.answered": _("answered the case"),
    "cases.case.referred": _("referred the case to %(agency)s"),
    "cases.case.referral_outcome": _("recorded the outcome of the referral"),
    "cases.case.confirmed": _("confirmed the answer and rated it %(rating)s/5"),
    "cases.case.reopened": _("reopened the case"),
    "cases.case.auto_closed": _("closed the case: no confirmation in time"),
    "cases.case.overdue": _("marked the case overdue"),
    "cases.case.linked": _("linked the case to a shared issue"),
    "cases.case.attachments_added": _("added files that arrived with a repeated submission"),
    # Follow-ups are written by the follow-ups app; entries from before it kept the codes
    # of the cases app (the audit log is never rewritten), so both are read.
    "follow_ups.follow_up.added": _("added the follow-up “%(action)s”"),
    "follow_ups.follow_up.completed": _("completed the follow-up “%(action)s”"),
    "follow_ups.follow_up.overdue": _("marked the follow-up “%(action)s” overdue"),
    "cases.follow_up.added": _("added the follow-up “%(action)s”"),
    "cases.follow_up.completed": _("completed the follow-up “%(action)s”"),
}
DETAILS = {
    "cases.case.answered": "response",
    "cases.case.confirmed": "comment",
    "cases.case.submitted": "description",
    "cases.case.resubmitted": "description",
    "cases.case.returned": "reason",
    "cases.case.rejected": "reason",
    "cases.case.reopened": "reason",
    "cases.case.disposed": "instruction",
    "cases.case.referral_outcome": "outcome",
    "follow_ups.follow_up.completed": "note",
    "cases.follow_up.completed": "note",
}
# Where a case's follow-ups were audited: since the follow-ups app, and before it (the same
# ids: the move kept them).
FOLLOW_UP_TARGETS = (FollowUp._meta.label_lower, "cases.followup")
# Values only the office's staff read in the history.
INTERNAL_VALUES = ("officer", "instruction")


def case_timeline_for(*, membership, case: Case) -> list[dict]:
    """The case's history from the audit log, in order, as the person may see it: who did
    what, the reasons, the instruction (staff only), every version of the description, the
    follow-ups however they were added."""
    sees_internal = policy.case_sees_internal(membership, case)
    entries = list(audit_trail_for(case))
    follow_up_ids = list(
        FollowUp.objects.filter(source_type=SOURCE_TYPE, source_id=str(case.pk)).values_list(
            "pk", flat=True
        )
    )
    if follow_up_ids:
        entries += list(
            AuditLog.objects.filter(
                target_type__in=FOLLOW_UP_TARGETS,
                target_id__in=[str(pk) for pk in follow_up_ids],
            ).select_related("actor")
        )
    entries.sort(key=lambda e: (e.created_at, e.pk))
    names = _names_in(entries)
    # The description's versions are worth showing once there is more than one.
    versions = any(e.action == "cases.case.resubmitted" for e in entries)
    timeline = []
    for entry in entries:
        new = dict(entry.new)
        if not sees_internal:
            for key in INTERNAL_VALUES:
                new.pop(key, None)
        values = {
            "section": names["section"].get(new.get("section"), ""),
            "agency": names["agency"].get(new.get("agency"), ""),
            "action": new.get("action", ""),
            "rating": new.get("rating", ""),
        }
        verb = TIMELINE_VERBS.get(entry.action)
        detail = DETAILS.get(entry.action, "")
        if detail == "description" and not versions:
            detail = ""
        timeline.append(
            {
                "entry": entry,
                "verb": entry.action.rsplit(".", 1)[-1],
                "text": str(verb) % values if verb else entry.action,
                "detail": _detail(new, detail),
                "values": new,
                "status_label": _status_label(new.get("status"))
                if entry.target_type == "cases.case"
                else "",
            }
        )
    return timeline


def _detail(values: dict, key: str) -> str:
    text = values.get(key, "") if key else ""
    if key == "response" and values.get("solution"):
        text = f"{text}\n{values['solution']}"  # the whole answer, kept after a reopen
    return text


def _names_in(entries) -> dict[str, dict]:
    """The names of the sections and agencies the entries point to, in two queries at most."""
    ids = {"section": set(), "agency": set()}
    for entry in entries:
        for key in ids:
            if entry.new.get(key):
                ids[key].add(entry.new[key])
    return {
        "section": dict(Section.objects.filter(pk__in=ids["section"]).values_list("pk", "name"))
        if ids["section"]
        else {},
        "agency": dict(Agency.objects.filter(pk__in=ids["agency"]).values_list("pk", "name"))
        if ids["agency"]
        else {},
    }


def _status_label(code):
    if not code:
        return ""
    try:
        return Status(code).label
    except ValueError:
        return code


@dataclass(frozen=True)
class PublicProgress:
    """What anyone holding a citizen's tracking code may read of the case made from it: its
    stage and the office's answer, never the instruction, internal notes or officers."""

    status_label: str
    answered: bool
    closed: bool
    response: str
    solution: str
    answered_at: datetime | None
    resolved_at: datetime | None


def case_public_progress(*, case_id) -> PublicProgress | None:
    case = (
        Case.objects.filter(pk=case_id)
        .only("status", "response", "solution", "answered_at", "resolved_at")
        .first()
    )
    if case is None:
        return None
    answered = case.answered_at is not None and bool(case.response)
    return PublicProgress(
        status_label=str(case.get_status_display()),
        answered=answered,
        closed=case.is_closed,
        response=case.response if answered else "",
        solution=case.solution if answered else "",
        answered_at=case.answered_at if answered else None,
        resolved_at=case.resolved_at,
    )


def case_summary_for(*, membership) -> dict:
    """Counts for a home page: open, overdue, waiting for the village, resolved. A section
    officer's home counts their section's cases; the links carry the same filter."""
    now = clock.now()
    qs = policy.cases_for(membership)
    filter_ = ""
    if scope.is_section_officer(membership):
        qs = qs.filter(section_id=membership.section_id)
        filter_ = f"section={membership.section_id}&"
    # The open ones from the small index of the open cases; the resolved ones by their own
    # count (an index-only count of one status), never a pass over every row of the office.
    counts = qs.filter(status__in=OPEN_STATES).aggregate(
        open=Count("status"),  # a column of the index: counted from the index alone
        overdue=Count("status", filter=overdue_q(now)),
        waiting_village=Count("status", filter=Q(status__in=WITH_VILLAGE)),
    )
    counts["resolved"] = qs.filter(status=Status.RESOLVED).count()
    recent = qs.select_related(*LIST_RELATED).order_by("-updated_at")[:5]
    return {
        "counts": counts,
        "recent": recent,
        "scope": filter_,
        "section": membership.section if filter_ else None,
        "can_submit": policy.can_submit_case(membership),
    }


# --- figures for monitoring and the activity report ---------------------------------------------

DIMENSIONS = {
    # dimension: (the field grouped on, the fields naming a group)
    "village": ("village_id", ("village__name", "village__kind")),
    "category": ("category_id", ("category__name",)),
    "section": ("section_id", ("section__short_name",)),
    "office": ("office_id", ("office__name",)),
}


def cases_submitted_between(*, offices, start: date, end: date) -> QuerySet[Case]:
    """The cases of these offices submitted from `start` to `end` (both days included)."""
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return Case.objects.filter(office__in=offices, submitted_at__gte=first, submitted_at__lt=after)


def _case_counts(now) -> dict:
    return {
        "submitted": Count("pk"),
        "open": Count("pk", filter=Q(status__in=OPEN_STATES)),
        "overdue": Count("pk", filter=overdue_q(now)),
        "resolved": Count("pk", filter=Q(status=Status.RESOLVED)),
        "rejected": Count("pk", filter=Q(status=Status.REJECTED)),
        "answered": Count("pk", filter=Q(answered_at__isnull=False)),
        "answered_in_time": Count(
            "pk", filter=Q(answered_at__isnull=False, answered_at__lte=F("response_due"))
        ),
        "rated": Count("rating"),
        "rating_avg": Avg("rating"),
    }


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _derived(row: dict) -> dict:
    """The rates from the counts: SLA compliance (answered by the deadline ÷ answered),
    resolution (resolved ÷ submitted), the average rating to one decimal."""
    row["sla_rate"] = _percent(row["answered_in_time"], row["answered"])
    row["resolution_rate"] = _percent(row["resolved"], row["submitted"])
    avg = row.get("rating_avg")
    row["rating_avg"] = None if avg is None else Decimal(str(avg)).quantize(Decimal("0.1"))
    return row


MEDIANS = (("verify_hours", "verified_at"), ("answer_hours", "answered_at"))


def _duration(end_field: str):
    return ExpressionWrapper(F(end_field) - F("submitted_at"), output_field=DurationField())


def _hours(middle) -> Decimal:
    """The median in hours, to one decimal, from its one or two middle durations."""
    hours = [took.total_seconds() / 3600 for took in middle]
    return Decimal(str(sum(hours) / len(hours))).quantize(Decimal("0.1"))


class _MiddleDurations(Aggregate):
    """The one or two middle durations of a group, from one sort (PostgreSQL's ordered-set
    `percentile_disc`): the value at the 0.5 fraction is the lower middle of an even count
    (the k-th of 2k) and the middle of an odd one; at a hair above 0.5 it is the upper middle
    (the k+1-th) and again the middle of an odd count. The hair (1e-12) moves the rank by one
    for any count below 10^11. Nulls (not verified or answered yet) are left out."""

    function = "PERCENTILE_DISC"
    template = "%(function)s(ARRAY[0.5, 0.500000000001]) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = ArrayField(DurationField())


def _middle_aggregates() -> dict:
    return {f"{name}_middle": _MiddleDurations(_duration(end)) for name, end in MEDIANS}


def _medians_from(row: dict) -> dict:
    """The medians of a row that carries its middle durations (PostgreSQL), popping them."""
    found = {}
    for name, _end in MEDIANS:
        middle = row.pop(f"{name}_middle")
        if middle and middle[0] is not None:
            # An odd count has one middle: both values are it, and their mean is itself.
            found[name] = _hours(middle)
    return found


def _in_one_pass() -> bool:
    """PostgreSQL counts and takes both medians in the same pass over the cases (ordered-set
    aggregates); elsewhere the medians take a window query each."""
    return connection.vendor == "postgresql"


def _medians(cases: QuerySet[Case], group: str | None = None) -> dict:
    """Median hours from submission to verification and to the answer, per group (or for
    all under the key None), computed in the database with window functions: each row is
    numbered within its group by duration, and only the one or two middle rows come back."""
    found: dict = {}
    for name, end_field in MEDIANS:
        duration = _duration(end_field)
        partition = [F(group)] if group else None
        middle = (
            cases.filter(**{f"{end_field}__isnull": False})
            .annotate(
                took=duration,
                position=Window(RowNumber(), partition_by=partition, order_by=duration.asc()),
                count=Window(Count("pk"), partition_by=partition),
            )
            .filter(position__gte=F("count") / 2.0, position__lte=F("count") / 2.0 + 1)
            .order_by()
            .values_list(group or "office_id", "took")
        )
        values: dict = {}
        for key, took in middle:
            values.setdefault(key if group else None, []).append(took)
        for key, took in values.items():
            found.setdefault(key, {})[name] = _hours(took)
    return found


def case_stats(*, cases: QuerySet[Case], now) -> dict:
    """The dashboard's case figures for a set of cases: submitted, open, overdue, resolved,
    SLA compliance, resolution rate, average rating, median hours to verify and to answer.
    One query on PostgreSQL (three elsewhere: one count, two medians)."""
    if _in_one_pass():
        row = cases.aggregate(**_case_counts(now), **_middle_aggregates())
        medians = _medians_from(row)
    else:
        row = cases.aggregate(**_case_counts(now))
        medians = _medians(cases).get(None, {})
    row = _derived(row)
    row["verify_hours"] = medians.get("verify_hours")
    row["answer_hours"] = medians.get("answer_hours")
    return row


def case_stats_by(*, cases: QuerySet[Case], by: str, now) -> list[dict]:
    """The same figures per village, category, section or office, most cases first. One
    query whatever the number of groups on PostgreSQL (three elsewhere)."""
    key, names = DIMENSIONS[by]
    one_pass = _in_one_pass()
    aggregates = _case_counts(now) | (_middle_aggregates() if one_pass else {})
    rows = list(
        cases.order_by()
        .values(key, *names)
        .annotate(**aggregates)
        .order_by("-submitted", *names, key)
    )
    medians = {} if one_pass else _medians(cases, key)
    for row in rows:
        found = _medians_from(row) if one_pass else medians.get(row[key], {})
        _derived(row)
        row["id"] = row[key]
        if by == "village":
            kind = "Kelurahan" if row["village__kind"] == VillageKind.KELURAHAN else "Desa"
            row["name"] = f"{kind} {row['village__name']}"
        else:
            row["name"] = row[names[0]] or "—"
        row.update({"verify_hours": None, "answer_hours": None} | found)
    return rows


EXPORT_FIELDS = (
    "tracking_number",
    "submitted_at",
    "village__kind",
    "village__name",
    "category__name",
    "urgency",
    "status",
    "section__name",
    "assigned_to__full_name",
    "response_due",
    "answered_at",
    "resolved_at",
    "rating",
    "overdue_since",
)


def case_export_rows(cases: QuerySet[Case], *, with_officer: bool):
    """The case list as rows for a spreadsheet, read in chunks (a year of a regency's cases
    never sits in memory at once)."""
    statuses = dict(Status.choices)
    urgencies = dict(Urgency.choices)
    for row in cases.values_list(*EXPORT_FIELDS).iterator(chunk_size=2000):
        (number, submitted, kind, village, category, urgency, status, section, officer,
         due, answered, resolved, rating, overdue) = row  # fmt: skip
        village_name = f"{'Kelurahan' if kind == VillageKind.KELURAHAN else 'Desa'} {village}"
        values = [number, submitted, village_name, category, str(urgencies.get(urgency, urgency)),
                  str(statuses.get(status, status)), section or ""]  # fmt: skip
        if with_officer:
            values.append(officer or "")
        values += [due, answered, resolved, rating, overdue is not None]
        yield values
