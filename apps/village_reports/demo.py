"""Two years of village reports for the demo (RUKO_DEMO=1 only): every obligation owed from
1 January of last year, sent by each village with its own habits (some always on time, some
late, a few gaps), reviewed by the sections (now and then returned and corrected), and monthly
stunting figures for all 16 villages, falling in some villages and not in others. Built
through the same services as real use, at back-dated times."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.demo import DEMO_DOMAIN
from apps.accounts.models import Membership, Role, User
from apps.core import clock
from apps.notifications.models import Notification
from apps.notifications.services import notifications_mark_read, outbox_discard
from apps.offices.calendar import WorkCalendar
from apps.offices.models import Office
from apps.offices.services import masterdata_save

from . import defaults, periods, services
from .models import DeadlineAnchor, Submission

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WITA = timezone.get_default_timezone()

# How each village reports: (chance to send at all, chance to be late, stunting trend per
# month in percentage points). The kelurahan and a few villages are diligent; two lag.
HABITS = {
    "batu-piring": (0.99, 0.05, -0.45),
    "inan": (0.97, 0.15, -0.35),
    "bungin": (0.90, 0.35, 0.05),
    "murung-abuin": (0.85, 0.40, 0.20),
    "tarangan": (0.75, 0.50, 0.10),
    "halubau": (0.95, 0.20, -0.30),
    "panggung": (0.93, 0.25, -0.25),
}
DEFAULT_HABIT = (0.92, 0.25, -0.15)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=WITA)


def _figures(obligation, village, start, rng, habit) -> dict:
    if obligation.code == defaults.STUNTING:
        base = 150 + (sum(map(ord, village.slug)) % 200)
        measured = base + rng.randint(-12, 12)
        months = (start.year - 2024) * 12 + start.month
        first = 0.18 + (sum(map(ord, village.slug)) % 13) / 100
        prevalence = max(0.04, first + habit[2] * months / 100 + rng.uniform(-0.015, 0.015))
        stunted = round(measured * prevalence)
        return {
            defaults.MEASURED: measured,
            defaults.STUNTED: stunted,
            defaults.WASTED: round(measured * rng.uniform(0.03, 0.08)),
            defaults.UNDERWEIGHT: round(measured * rng.uniform(0.08, 0.16)),
            defaults.PREGNANT_KEK: rng.randint(0, 6),
        }
    values = {}
    for spec in obligation.figures.all():
        if spec.unit == "Rp":
            values[spec.code] = rng.randint(900, 1900) * 1_000_000
        else:
            values[spec.code] = rng.randint(1, 12)
    realised = values.get("realisasi-belanja")
    if realised and "realisasi-pendapatan" in values:
        values["realisasi-pendapatan"] = realised + rng.randint(0, 150) * 1_000_000
    return values


@transaction.atomic
def demo_reports_seed(*, office: Office) -> int:
    """Idempotent: an office that already has reports is left alone."""
    if Submission.objects.filter(office=office).exists():
        return 0
    now = clock.now()
    today = timezone.localdate(now)
    first = dt.date(today.year - 1, 1, 1)
    calendar = WorkCalendar(office)
    officials = {
        m.village_id: m
        for m in Membership.objects.active()
        .filter(office=office, role=Role.VILLAGE)
        .select_related("user", "village", "office")
    }
    reviewers = {
        m.section_id: m
        for m in Membership.objects.active()
        .filter(office=office, role=Role.OFFICER)
        .select_related("user", "section", "office")
    }
    head = (
        Membership.objects.active()
        .filter(office=office, role=Role.HEAD)
        .select_related("user", "office")
        .first()
    )
    made = 0
    for obligation in office.obligation_types.filter(is_active=True).select_related("section"):
        if obligation.starts_on > first:
            masterdata_save(
                actor=None, office=office, instance=obligation, values={"starts_on": first}
            )
        reviewer = reviewers.get(obligation.section_id) or head
        for village in office.villages.order_by("name"):
            acting = officials.get(village.pk)
            if acting is None:
                continue
            rng = random.Random(f"{village.slug}:{obligation.code}")
            habit = HABITS.get(village.slug, DEFAULT_HABIT)
            for start in periods.periods_between(obligation, first, today):
                due = periods.due_date(obligation, start, calendar)
                recent = due >= today - dt.timedelta(days=10)
                if rng.random() > habit[0] and not recent:
                    continue  # a gap: never sent
                late = rng.random() < habit[1]
                if late:
                    sent = due + dt.timedelta(days=rng.randint(1, 25))
                else:
                    sent = due - dt.timedelta(days=rng.randint(0, 8))
                after_end = obligation.deadline_anchor == DeadlineAnchor.AFTER_END
                earliest = periods.period_end(obligation.period, start) if after_end else start
                sent = max(sent, earliest)
                if sent > today:
                    continue  # not sent yet
                files = (
                    [SimpleUploadedFile(f"{obligation.code}-{start:%Y-%m}.pdf", PDF)]
                    if obligation.file_required
                    else []
                )
                with clock.frozen(_at(sent)):
                    submission = services.report_submit(
                        acting=acting,
                        obligation=obligation,
                        period_start=start,
                        figures=_figures(obligation, village, start, rng, habit),
                        files=files,
                        note="",
                    )
                made += 1
                reviewed = sent + dt.timedelta(days=rng.randint(1, 4))
                if reviewed > today or reviewer is None:
                    continue  # still waiting for review
                if rng.random() < 0.08:
                    with clock.frozen(_at(reviewed, 14)):
                        services.report_return(
                            acting=reviewer,
                            submission=submission,
                            note="Lampiran belum ditandatangani kepala desa; mohon diperbaiki.",
                        )
                    again = reviewed + dt.timedelta(days=rng.randint(1, 5))
                    if again > today:
                        continue
                    with clock.frozen(_at(again)):
                        services.report_submit(
                            acting=acting,
                            obligation=obligation,
                            period_start=start,
                            figures=_figures(obligation, village, start, rng, habit),
                            files=[SimpleUploadedFile("perbaikan.pdf", PDF)]
                            if obligation.file_required
                            else [],
                            note="Sudah diperbaiki dan ditandatangani.",
                        )
                    reviewed = again + dt.timedelta(days=1)
                    if reviewed > today:
                        continue
                with clock.frozen(_at(reviewed, 15)):
                    services.report_accept(acting=reviewer, submission=submission)
    # The demo's back-dated history stays in the app, read; its e-mail is never sent.
    unread = Notification.objects.filter(dedupe_key__startswith="report", read_at__isnull=True)
    for user in User.objects.filter(pk__in=unread.values("recipient_id")):
        notifications_mark_read(
            user=user, pks=list(unread.filter(recipient=user).values_list("pk", flat=True))
        )
    outbox_discard(recipient_domain=DEMO_DOMAIN)
    return made
