"""Pages of the agenda: the calendar, meetings (schedule, invitation, check-in, attendance,
minutes, PDFs) and consultations (book, confirm, propose, cancel), the personal calendar
feed. Views validate a form, call one service, and turn a refusal into a message."""

from datetime import date, timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts import policy as scope
from apps.accounts.models import Role, User
from apps.core import clock
from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.forms import apply_domain_error
from apps.core.spreadsheets import Column, Sheet, xlsx_response
from apps.follow_ups.forms import CompleteFollowUpForm
from apps.follow_ups.registry import linkable_sources, source_title

from . import forms, ical, policy, selectors, services
from .models import CalendarFeed, MeetingPhoto
from .pdf import render_pdf
from .workflow import CONSULTATION_STEPS, MEETING_STEPS


def _membership_or_404(request):
    if request.membership is None:
        raise Http404
    return request.membership


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else clock.today()
    except ValueError:
        return clock.today()


@login_required
def agenda(request):
    """The calendar: a month (default) or a week of meetings and booked consultations."""
    membership = _membership_or_404(request)
    view = "week" if request.GET.get("view") == "week" else "month"
    day = _day(request.GET.get("date"))
    if view == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=7)
        previous, following = start - timedelta(days=7), end
    else:
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1)
        previous, following = (start - timedelta(days=1)).replace(day=1), end
    events = selectors.events_for(membership=membership, start=start, end=end)
    context = {
        "view": view,
        "start": start,
        "end": end - timedelta(days=1),
        "previous": previous,
        "following": following,
        "events": events,
        "weeks": selectors.month_weeks(start.year, start.month, events) if view == "month" else [],
        "waiting": selectors.invitations_waiting_for(membership=membership),
        "can_schedule": policy.can_schedule_meeting(membership),
        "can_book": policy.can_book_consultation(membership),
    }
    return render(request, "meetings/agenda.html", context)


@login_required
def meeting_list(request):
    membership = _membership_or_404(request)
    filterset, found = selectors.meeting_search_for(membership=membership, data=request.GET)
    context = {"filterset": filterset, "can_schedule": policy.can_schedule_meeting(membership)}
    if found is not None:  # the list behind a figure of the monitoring dashboard
        context["found"] = found[:200]
    else:
        context["upcoming"] = selectors.meeting_list_for(membership=membership, upcoming=True)[:50]
        context["past"] = selectors.meeting_list_for(membership=membership, upcoming=False)[:50]
    return render(request, "meetings/meeting_list.html", context)


def _staff(office):
    return (
        User.objects.filter(memberships__office=office, memberships__is_active=True, is_active=True)
        .exclude(memberships__role=Role.VILLAGE)
        .distinct()
        .order_by("full_name")
    )


@login_required
def meeting_create(request):
    membership = _membership_or_404(request)
    if not policy.can_schedule_meeting(membership):
        raise Http404
    office = membership.office
    initial = {"room": office.rooms.filter(is_active=True).first(), "kind": "rakor"}
    if membership.section_id:
        initial["section"] = membership.section_id
    form = forms.MeetingForm(
        request.POST or None, office=office, staff=_staff(office), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(acting=membership, **form.service_values())
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The meeting is scheduled and the invitations are sent."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


def _meeting_context(request, meeting, **extra):
    membership = request.membership
    page = selectors.meeting_page_for(membership=membership, meeting=meeting)
    steps = policy.meeting_steps_for(membership, meeting)
    manages = policy.manages_meeting(membership, meeting)
    return {
        "page": page,
        "meeting": meeting,
        "steps": steps,
        "manages": manages,
        "sees_people": not scope.is_village_official(membership),
        "reason_form": forms.ReasonForm(),
        "minutes_form": forms.MinutesForm(),
        "decision_form": forms.DecisionForm(prefix="d", office=meeting.office),
        "complete_form": CompleteFollowUpForm(),
        "checkin_url": request.build_absolute_uri(
            reverse("meetings:check_in", args=[meeting.pk, meeting.checkin_token])
        )
        if manages
        else "",
        **extra,
    }


@login_required
def meeting_detail(request, pk: int):
    meeting = policy.meeting_get_for(request.membership, pk=pk)
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, meeting))


@login_required
@require_POST
def meeting_step(request, pk: int, step: str):
    """One step of the meeting's table (`workflow.MEETING_STEPS`) but the QR check-in."""
    membership = request.membership
    meeting = policy.meeting_get_for(membership, pk=pk)
    if step not in MEETING_STEPS or step == "check_in":
        raise Http404
    values, form = {}, None
    if step == "respond":
        values["accept"] = request.POST.get("accept") == "1"
    elif step == "record_attendance":
        values["present"] = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
    elif step == "cancel":
        form = forms.ReasonForm(request.POST)
    elif step == "record_minutes":
        form = forms.MinutesForm(request.POST, request.FILES)
        decision = forms.DecisionForm(request.POST, prefix="d", office=meeting.office)
        decisions = []
        if request.POST.get("d-action"):
            if not decision.is_valid():
                return _refused(request, meeting, decision_form=decision, minutes_form=form)
            decisions.append(decision.item())
        values["decisions"] = decisions
    if form is not None:
        if not form.is_valid():
            return _refused(request, meeting, **{_form_key(step): form})
        values.update(
            {"photos": form.cleaned_data["photos"], "minutes": form.cleaned_data["minutes"]}
            if step == "record_minutes"
            else form.cleaned_data
        )
    try:
        services.MEETING_SERVICES[step](acting=membership, meeting=meeting, **values)
    except DomainError as error:
        if form is None:
            messages.error(request, error.message)
            return redirect("meetings:meeting", pk=meeting.pk)
        apply_domain_error(form, error)
        return _refused(request, meeting, status=_status(error), **{_form_key(step): form})
    messages.success(request, _("Saved."))
    return redirect("meetings:meeting", pk=meeting.pk)


def _form_key(step):
    return "minutes_form" if step == "record_minutes" else "reason_form"


def _status(error: DomainError) -> int:
    return {"conflict": 409, "forbidden": 403}.get(error.code, 400)


def _refused(request, meeting, status=400, **forms_):
    context = _meeting_context(request, meeting, **forms_)
    context["open_form"] = next(iter(forms_), "")
    return render(request, "meetings/meeting_detail.html", context, status=status)


@login_required
def check_in(request, pk: int, token: str):
    """The page the meeting's QR code opens on an invited official's phone."""
    membership = request.membership
    meeting = policy.meeting_get_for(membership, pk=pk)
    if request.method == "POST":
        try:
            services.meeting_check_in(acting=membership, meeting=meeting, token=token)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You are checked in. Welcome!"))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/check_in.html",
        {"meeting": meeting, "can": policy.meeting_can(membership, "check_in", meeting)},
    )


@login_required
def meeting_qr(request, pk: int):
    """The check-in QR code, for those who run the meeting (an SVG, a few kilobytes)."""
    meeting = policy.meeting_get_for(request.membership, pk=pk)
    if not policy.manages_meeting(request.membership, meeting):
        raise Http404
    url = request.build_absolute_uri(
        reverse("meetings:check_in", args=[meeting.pk, meeting.checkin_token])
    )
    svg = segno.make(url, error="m").svg_inline(scale=6, dark="#0a4d39")
    return HttpResponse(svg, content_type="image/svg+xml")


def _pdf(name: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def meeting_pdf(request, pk: int, document: str):
    membership = request.membership
    meeting = policy.meeting_get_for(membership, pk=pk)
    agenda = list(meeting.agenda.all())
    sheet = selectors.attendance_sheet(meeting=meeting)
    if document == "undangan":
        recipients = [str(iv.village) for iv in meeting.villages.select_related("village")]
        recipients += [
            i.user.get_full_name() for i in meeting.invitations.filter(village__isnull=True)
        ]
        context = {"meeting": meeting, "agenda": agenda, "recipients": recipients}
        template = "meetings/pdf/invitation.html"
    elif document == "daftar-hadir" and not scope.is_village_official(membership):
        context = {"meeting": meeting, **sheet}
        template = "meetings/pdf/attendance.html"
    elif document == "notulen" and meeting.minutes:
        page = selectors.meeting_page_for(membership=membership, meeting=meeting)
        context = {
            "meeting": meeting,
            "agenda": agenda,
            "minutes_html": page.minutes_html,
            "decisions": page.decisions,
            "present": sheet["present"],
            "invited": len(sheet["present"]) + len(sheet["absent"]),
        }
        template = "meetings/pdf/minutes.html"
    else:
        raise Http404
    return _pdf(f"{document}-{meeting.pk}.pdf", render_pdf(template, context))


@login_required
def meeting_attendance_export(request, pk: int):
    """The attendance of one meeting as an Excel workbook (a village: its own people)."""
    membership = request.membership
    meeting = policy.meeting_get_for(membership, pk=pk)
    yes, no = _("yes"), _("no")
    rows = (
        [*row[:4], yes if row[4] else no, *row[5:]]
        for row in selectors.attendance_export_rows(membership=membership, meeting=meeting)
    )
    columns = [
        Column(_("Name"), width=30),
        Column(_("Village"), width=24),
        Column(_("Position"), width=24),
        Column(_("Answer"), width=14),
        Column(_("Present"), width=9),
        Column(_("Checked in at"), "datetime", 17),
        Column(_("Check-in method"), width=18),
    ]
    when = timezone.localtime(meeting.starts_at)
    heading = f"{meeting.title} · {when:%d/%m/%Y %H:%M} · {meeting.where}"
    return xlsx_response(
        f"daftar-hadir-{meeting.pk}-{when:%Y-%m-%d}.xlsx",
        [Sheet(_("Attendance"), columns, rows, heading=heading)],
    )


@login_required
def meeting_photo(request, pk: int, token: str):
    meeting = policy.meeting_get_for(request.membership, pk=pk)
    photo = get_object_or_404(MeetingPhoto, meeting=meeting, token=token)
    return private_file_response(
        photo.file, download_name=photo.original_name, content_type=photo.content_type
    )


# --- consultations ----------------------------------------------------------------------------


@login_required
def consultation_list(request):
    membership = _membership_or_404(request)
    return render(
        request,
        "meetings/consultation_list.html",
        {
            "upcoming": selectors.consultation_list_for(membership=membership)[:100],
            "past": selectors.consultation_list_for(membership=membership, upcoming=False)[:30],
            "can_book": policy.can_book_consultation(membership),
        },
    )


@login_required
def consultation_book(request):
    membership = _membership_or_404(request)
    if not policy.can_book_consultation(membership):
        raise Http404
    sections = membership.office.sections.filter(is_active=True, availabilities__is_active=True)
    sections = sections.distinct()
    chosen = sections.filter(pk=request.POST.get("section") or request.GET.get("section")).first()
    chosen = chosen or sections.first()
    slots = selectors.free_slots_for(section=chosen, start=clock.today(), days=21) if chosen else []
    form = forms.ConsultationBookForm(
        request.POST or None,
        sections=sections,
        slots=slots,
        cases=linkable_sources("case", membership),
        initial={"section": chosen},
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_book(acting=membership, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Your consultation is booked; the section will confirm."))
            return redirect("meetings:consultation", pk=consultation.pk)
    return render(
        request,
        "meetings/consultation_book.html",
        {"form": form, "slots": slots, "section": chosen, "sections": sections},
    )


@login_required
def consultation_detail(request, pk: int):
    membership = request.membership
    consultation = policy.consultation_get_for(membership, pk=pk)
    return render(
        request,
        "meetings/consultation_detail.html",
        {
            "consultation": consultation,
            "steps": policy.consultation_steps_for(membership, consultation),
            "case_title": source_title("case", consultation.case_ref),
            "reason_form": forms.ReasonForm(),
            "propose_form": forms.ProposeForm(),
        },
    )


@login_required
@require_POST
def consultation_step(request, pk: int, step: str):
    membership = request.membership
    consultation = policy.consultation_get_for(membership, pk=pk)
    if step not in CONSULTATION_STEPS:
        raise Http404
    values = {}
    if step == "cancel":
        form = forms.ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the consultation is cancelled."))
            return redirect("meetings:consultation", pk=pk)
        values = form.cleaned_data
    elif step == "propose":
        form = forms.ProposeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the new time."))
            return redirect("meetings:consultation", pk=pk)
        values = form.cleaned_data  # aware, in the office time zone
    service = getattr(services, CONSULTATION_STEPS[step].service)
    try:
        service(acting=membership, consultation=consultation, **values)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("meetings:consultation", pk=pk)


# --- the personal calendar feed ---------------------------------------------------------------


@login_required
def feed_settings(request):
    membership = _membership_or_404(request)
    feed = services.calendar_feed_ensure(
        acting=membership, reset=request.method == "POST" and "reset" in request.POST
    )
    if request.method == "POST":
        messages.success(request, _("A new address is made; the old one no longer works."))
        return redirect("meetings:feed_settings")
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.token]))
    return render(request, "meetings/feed.html", {"url": url})


def feed(request, token: str):
    """The iCalendar feed: no login (a phone calendar cannot log in), a secret address."""
    found = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    meetings, consultations = selectors.feed_items_for(user=found.user)
    content = ical.feed_ics(
        name="RUKO PARSEL",
        meetings=meetings,
        consultations=consultations,
        url_of=lambda meeting: reverse("meetings:meeting", args=[meeting.pk]),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
