"""Pages of the early warning: alerts and their live board, the escalation list, the CAP
import, incident reports and village readiness.

Views validate a form, call one service, and turn a refusal into a message or a form error.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts import policy as scope
from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.forms import apply_domain_error

from . import forms, policy, selectors, services
from .models import EmergencyContact, EvacuationPoint, IncidentPhoto, ReadinessAsset
from .workflow import INCIDENT_STEPS, PUBLISHED

PER_PAGE = 20
BOARD_REFRESH_SECONDS = 20


def _membership_or_404(request):
    if request.membership is None:
        raise Http404
    return request.membership


def _issuer_or_404(request):
    membership = _membership_or_404(request)
    if not policy.can_issue(membership):
        raise Http404
    return membership


def error_status(error: DomainError) -> int:
    return {"conflict": 409, "forbidden": 403}.get(error.code, 400)


# --- Alerts ---------------------------------------------------------------------------------


@login_required
def alert_list(request):
    membership = _membership_or_404(request)
    filterset, alerts = selectors.alert_list_for(membership=membership, data=request.GET)
    page = Paginator(alerts, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "can_issue": policy.can_issue(membership),
        "sees_escalations": policy.sees_escalations(membership),
        "escalations": selectors.escalation_count_for(membership=membership),
        "is_village": scope.is_village_official(membership),
        "incidents": selectors.incident_counts_for(membership=membership),
    }
    template = "alerts/alert_list.html"
    if request.htmx and request.htmx.target == "alert-results":
        template += "#results"
    return render(request, template, context)


def _alert_form(request, membership, alert=None, form_class=forms.AlertForm):
    office = alert.office if alert else membership.office
    return form_class(
        request.POST or None,
        villages=policy.target_villages_for(membership, office),
        alert=alert,
    )


@login_required
def alert_create(request):
    membership = _issuer_or_404(request)
    form = _alert_form(request, membership)
    if request.method == "POST" and form.is_valid():
        issue = request.POST.get("then") == "issue"
        try:
            alert = services.alert_create(acting=membership, values=form.alert_input(), issue=issue)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if issue:
                messages.success(request, _("The alert has been issued to the villages."))
            else:
                messages.success(request, _("The draft has been saved. Issue it when it is ready."))
            return redirect("alerts:detail", pk=alert.pk)
    return render(request, "alerts/alert_form.html", {"form": form, "alert": None})


@login_required
def alert_import(request):
    membership = _issuer_or_404(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.alert_import(acting=membership, data=form.cleaned_data["data"])
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if result.whole_district:
                messages.success(request, _("Imported: the message names the whole sub-district."))
            elif result.villages:
                messages.success(
                    request,
                    _("Imported: %(count)s villages matched the message's areas.")
                    % {"count": len(result.villages)},
                )
            else:
                messages.warning(
                    request,
                    _("Imported, but no village matched the message's areas: choose them."),
                )
            if result.unmatched_areas and (result.villages or result.whole_district):
                messages.info(
                    request,
                    _("Areas outside this sub-district: %(areas)s")
                    % {"areas": "; ".join(result.unmatched_areas[:10])},
                )
            return redirect("alerts:edit", pk=result.alert.pk)
    status = 400 if form.errors else 200
    return render(request, "alerts/alert_import.html", {"form": form}, status=status)


def _detail_context(request, alert, **overrides):
    membership = request.membership
    delivery = policy.delivery_of(membership, alert)
    actions = policy.alert_steps_for(membership, alert, delivery)
    context = {
        "alert": alert,
        "delivery": delivery,
        "actions": actions,
        "changes": selectors.alert_changes(alert=alert) if alert.message_count > 1 else [],
        "messages_published": selectors.alert_messages(alert=alert),
        "board": selectors.alert_board(alert=alert)
        if policy.sees_board(membership, alert)
        else None,
        "refresh_seconds": BOARD_REFRESH_SECONDS,
        "history": selectors.delivery_history(delivery=delivery) if delivery else [],
        "ack_form": forms.AcknowledgeForm(),
        "cancel_form": forms.CancelForm(),
        "incidents": alert.incidents.select_related("village")
        if policy.sees_board(membership, alert)
        else alert.incidents.filter(village_id=getattr(membership, "village_id", None)),
        "timeline": selectors.alert_timeline(alert=alert)
        if scope.works_in_office(membership, alert.office_id)
        else [],
        "cap_public": selectors.cap_public(alert),
    }
    context.update(overrides)
    return context


@login_required
def alert_detail(request, pk: int):
    alert = policy.alert_get_for(request.membership, pk=pk)
    if request.htmx and request.htmx.target == "board":
        if not policy.sees_board(request.membership, alert):
            raise Http404
        return render(
            request,
            "alerts/alert_detail.html#board",
            {
                "alert": alert,
                "board": selectors.alert_board(alert=alert),
                "refresh_seconds": BOARD_REFRESH_SECONDS,
            },
        )
    return render(request, "alerts/alert_detail.html", _detail_context(request, alert))


@login_required
def alert_edit(request, pk: int):
    """A draft is edited in place; a live alert is changed by publishing an update."""
    membership = request.membership
    alert = policy.alert_get_for(membership, pk=pk)
    actions = policy.alert_steps_for(membership, alert)
    step = "edit" if "edit" in actions else "update" if "update" in actions else None
    if step is None:
        raise Http404
    form_class = forms.AlertForm if step == "edit" else forms.AlertUpdateForm
    form = _alert_form(request, membership, alert, form_class)
    if request.method == "POST" and form.is_valid():
        try:
            if step == "edit":
                services.alert_edit(acting=membership, alert=alert, values=form.alert_input())
                if request.POST.get("then") == "issue":
                    services.alert_issue(acting=membership, alert=alert)
                    messages.success(request, _("The alert has been issued to the villages."))
                else:
                    messages.success(request, _("The draft has been saved."))
            else:
                services.alert_update(
                    acting=membership,
                    alert=alert,
                    values=form.alert_input(),
                    change_note=form.cleaned_data["change_note"],
                )
                messages.success(
                    request, _("The update has been published; villages acknowledge it again.")
                )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return redirect("alerts:detail", pk=alert.pk)
    return render(
        request,
        "alerts/alert_form.html",
        {"form": form, "alert": alert, "step": step},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def alert_action(request, pk: int, action: str):
    """Issue or cancel. A refused step says why."""
    membership = request.membership
    alert = policy.alert_get_for(membership, pk=pk)
    if action not in ("issue", "cancel"):
        raise Http404
    try:
        if action == "issue":
            services.alert_issue(acting=membership, alert=alert)
            messages.success(request, _("The alert has been issued to the villages."))
        else:
            form = forms.CancelForm(request.POST)
            if not form.is_valid():
                context = _detail_context(request, alert, cancel_form=form, open_form="cancel")
                return render(request, "alerts/alert_detail.html", context, status=400)
            services.alert_cancel(
                acting=membership, alert=alert, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The alert has been cancelled."))
    except DomainError as error:
        messages.error(request, error.message)
        if error.field in ("expires", "villages") and "edit" in policy.alert_steps_for(
            membership, alert
        ):
            return redirect("alerts:edit", pk=alert.pk)
    return redirect("alerts:detail", pk=alert.pk)


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def alert_acknowledge(request, pk: int):
    """The village's one tap: acknowledge with its state (or report a later change). From
    the banner of any page, back to that page."""
    membership = request.membership
    alert = policy.alert_get_for(membership, pk=pk)
    delivery = policy.delivery_of(membership, alert)
    if delivery is None:
        raise Http404
    form = forms.AcknowledgeForm(request.POST)
    detail = reverse("alerts:detail", args=[alert.pk])
    if not form.is_valid():
        messages.error(request, _("Choose your village's state: safe, on alert or affected."))
        return redirect(_next_or(request, detail))
    step = "acknowledge" if delivery.is_pending else "report_state"
    service = (
        services.delivery_acknowledge if delivery.is_pending else services.delivery_report_state
    )
    try:
        delivery.alert = alert
        service(acting=membership, delivery=delivery, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(detail)
    if step == "acknowledge":
        messages.success(
            request,
            _("Acknowledged: the sub-district sees your village as “%(state)s”.")
            % {"state": delivery.get_state_display()},
        )
    else:
        messages.success(request, _("Your village's state has been updated."))
    return redirect(_next_or(request, detail))


@login_required
def escalations(request):
    membership = _membership_or_404(request)
    if not policy.sees_escalations(membership):
        raise Http404
    return render(
        request,
        "alerts/escalations.html",
        {"groups": selectors.escalations_for(membership=membership)},
    )


# --- Incidents ------------------------------------------------------------------------------


@login_required
def incident_list(request):
    membership = _membership_or_404(request)
    filterset, incidents = selectors.incident_list_for(membership=membership, data=request.GET)
    page = Paginator(incidents, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "can_report": policy.can_report_incident(membership),
        "is_village": scope.is_village_official(membership),
    }
    template = "alerts/incident_list.html"
    if request.htmx and request.htmx.target == "incident-results":
        template += "#results"
    return render(request, template, context)


@login_required
def incident_create(request):
    membership = _membership_or_404(request)
    if not policy.can_report_incident(membership):
        raise Http404
    recent = policy.alerts_for(membership).filter(status__in=PUBLISHED).order_by("-issued_at")
    form = forms.IncidentForm(
        request.POST or None,
        request.FILES or None,
        villages=policy.incident_villages_for(membership),
        alerts=policy.alerts_for(membership).filter(
            pk__in=list(recent.values_list("pk", flat=True)[:20])
        ),
        initial={"idempotency_key": uuid.uuid4().hex, "alert": request.GET.get("alert")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.incident_report(
                acting=membership,
                values=form.incident_input(),
                photos=form.cleaned_data["photos"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The incident has been reported as %(code)s.") % {"code": result.incident.code},
            )
            return redirect(reverse("alerts:incident", args=[result.incident.pk]) + "?draft=sent")
    return render(
        request, "alerts/incident_form.html", {"form": form}, status=400 if form.errors else 200
    )


def incident_step_form(step: str, incident, data=None):
    spec = INCIDENT_STEPS[step]
    if not spec.form:
        return None
    form_class = getattr(forms, spec.form)
    kwargs = {"incident": incident}
    if step == "refer":
        kwargs["default_agency"] = policy.referral_agency(incident.office_id)
    return form_class(data, **kwargs)


def _incident_context(request, incident, **overrides):
    membership = request.membership
    actions = policy.incident_steps_for(membership, incident)
    context = {
        "incident": incident,
        "actions": actions,
        "step_forms": {step: incident_step_form(step, incident) for step in sorted(actions)},
        "photos": list(incident.photos.all()),
        "timeline": selectors.incident_timeline(incident=incident),
        "sees_reporter": policy.incident_sees_reporter(membership, incident),
    }
    context["step_forms"].update(overrides.pop("step_forms", {}))
    context["step_list"] = [
        (step, INCIDENT_STEPS[step].label, form)
        for step, form in context["step_forms"].items()
        if form is not None
    ]
    context.update(overrides)
    return context


@login_required
def incident_detail(request, pk: int):
    incident = policy.incident_get_for(request.membership, pk=pk)
    return render(request, "alerts/incident_detail.html", _incident_context(request, incident))


@login_required
@require_POST
def incident_action(request, pk: int, action: str):
    membership = request.membership
    incident = policy.incident_get_for(membership, pk=pk)
    if action not in INCIDENT_STEPS:
        raise Http404
    form = incident_step_form(action, incident, request.POST)
    if form is not None and not form.is_valid():
        context = _incident_context(request, incident, step_forms={action: form}, open_form=action)
        return render(request, "alerts/incident_detail.html", context, status=400)
    try:
        services.incident_take_step(
            step=action,
            acting=membership,
            incident=incident,
            **(form.service_values() if form is not None else {}),
        )
    except DomainError as error:
        if form is None:
            messages.error(request, error.message)
            return redirect("alerts:incident", pk=incident.pk)
        apply_domain_error(form, error)
        context = _incident_context(request, incident, step_forms={action: form}, open_form=action)
        return render(request, "alerts/incident_detail.html", context, status=error_status(error))
    messages.success(
        request,
        _("Saved: the report is now “%(status)s”.") % {"status": incident.get_status_display()},
    )
    return redirect("alerts:incident", pk=incident.pk)


@login_required
def incident_photo(request, pk: int, token: str):
    incident = policy.incident_get_for(request.membership, pk=pk)
    photo = IncidentPhoto.objects.filter(incident=incident, token=token).first()
    if photo is None:
        raise Http404
    return private_file_response(photo.file, download_name=photo.original_name)


# --- Readiness ------------------------------------------------------------------------------


@login_required
def readiness_overview(request):
    membership = _membership_or_404(request)
    if scope.is_village_official(membership):
        return redirect("alerts:readiness_village", village=membership.village_id)
    rows = selectors.readiness_overview_for(membership=membership)
    counts = {"ready": 0, "partial": 0, "none": 0, "review": 0}
    for row in rows:
        counts[row.level] += 1
        counts["review"] += row.review_due
    return render(request, "alerts/readiness_overview.html", {"rows": rows, "counts": counts})


def _village(request, village: int):
    found = policy.readiness_villages_for(request.membership).filter(pk=village).first()
    if found is None:
        raise Http404
    return found


@login_required
def readiness_village(request, village: int):
    found = _village(request, village)
    readiness = selectors.village_readiness(village=found)
    return render(
        request,
        "alerts/readiness_village.html",
        {
            "readiness": readiness,
            "village": found,
            "can_edit": policy.readiness_can_edit(request.membership, found),
            "is_village": scope.is_village_official(request.membership),
        },
    )


RECORD_MODELS = {
    "kontak": EmergencyContact,
    "titik-evakuasi": EvacuationPoint,
    "aset": ReadinessAsset,
}


@login_required
def readiness_record_edit(request, village: int, kind: str, pk: int | None = None):
    found = _village(request, village)
    if kind not in RECORD_MODELS or not policy.readiness_can_edit(request.membership, found):
        raise Http404
    model = RECORD_MODELS[kind]
    instance = model(village=found, office_id=found.office_id)
    if pk is not None:
        instance = model.objects.filter(village=found, pk=pk).first()
        if instance is None:
            raise Http404
    form = forms.RECORD_FORMS[kind](request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_record_save(
                acting=request.membership,
                village=found,
                instance=model.objects.get(pk=pk) if pk else model(),
                values=form.cleaned_data,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("alerts:readiness_village", village=found.pk)
    return render(
        request,
        "alerts/readiness_record_form.html",
        {
            "form": form,
            "village": found,
            "kind": kind,
            "instance": instance,
            "title": model._meta.verbose_name,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def readiness_record_delete(request, village: int, kind: str, pk: int):
    found = _village(request, village)
    if kind not in RECORD_MODELS or not policy.readiness_can_edit(request.membership, found):
        raise Http404
    instance = RECORD_MODELS[kind].objects.filter(village=found, pk=pk).first()
    if instance is None:
        raise Http404
    try:
        services.readiness_record_delete(acting=request.membership, instance=instance)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Removed."))
    return redirect("alerts:readiness_village", village=found.pk)


@login_required
def readiness_checklist(request, village: int):
    found = _village(request, village)
    if not policy.readiness_can_edit(request.membership, found):
        raise Http404
    checks = {c.item: c for c in found.readiness_checks.all()}
    form = forms.ChecklistForm(request.POST or None, checks=checks)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_checklist_review(
                acting=request.membership, village=found, items=form.items()
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The checklist has been reviewed today."))
            return redirect("alerts:readiness_village", village=found.pk)
    return render(request, "alerts/readiness_checklist.html", {"form": form, "village": found})
