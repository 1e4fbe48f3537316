"""Pages of coordination cases: lists, the submit form, the case page and its actions.

Views validate a form, call one service, and turn a refusal into a message or a form error.
"""

import uuid
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts import policy
from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.forms import apply_domain_error

from . import forms, selectors, services
from .models import (
    Attachment,
    FollowUp,
    FollowUpStatus,
    ResponseTemplate,
    SharedIssue,
    Status,
)

PER_PAGE = 20
REASON_LABELS = {
    Status.RETURNED: gettext_lazy("Information needed"),
    Status.REJECTED: gettext_lazy("Reason for rejection"),
    Status.REOPENED: gettext_lazy("Why it was reopened"),
}


def _membership_or_404(request):
    if request.membership is None:
        raise Http404
    return request.membership


@login_required
def case_list(request):
    membership = _membership_or_404(request)
    filterset, cases = selectors.case_list_for(
        membership=membership, data=request.GET, request=request
    )
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "inbox": selectors.section_inbox(membership=membership)
        if policy.has_section_inbox(membership) and not request.GET
        else None,
        "can_submit": policy.can_submit_case(membership),
        "is_village": policy.sees_one_village(membership),
    }
    template = "cases/case_list.html"
    if request.htmx and request.htmx.target == "case-results":
        template += "#results"
    return render(request, template, context)


@login_required
def case_submit(request):
    membership = _membership_or_404(request)
    if not policy.can_submit_case(membership):
        raise Http404
    categories = policy.categories_for(membership).filter(is_active=True)
    form = forms.CaseSubmitForm(
        request.POST or None,
        request.FILES or None,
        categories=categories,
        initial={"idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.case_submit(
                actor=request.user,
                membership=membership,
                category=data["category"],
                urgency=data["urgency"],
                title=data["title"],
                description=data["description"],
                attachments=data["attachments"],
                idempotency_key=data["idempotency_key"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if result.created:
                messages.success(
                    request,
                    _("Your case has been submitted with number %(number)s.")
                    % {"number": result.case.tracking_number},
                )
            else:
                messages.info(
                    request,
                    _("This case was already submitted as %(number)s.")
                    % {"number": result.case.tracking_number},
                )
            return redirect(reverse("cases:detail", args=[result.case.pk]) + "?draft=sent")
    return render(request, "cases/case_submit.html", {"form": form})


def _whatsapp_links(request, case):
    """Click-to-chat links to forward the case to the people concerned who have a phone."""
    people = []
    membership = request.membership
    if policy.sees_one_village(membership):
        people = [case.assigned_to] if case.assigned_to else []
    else:
        people = [m.user for m in case.village.memberships.active().select_related("user")]
        if case.assigned_to:
            people.append(case.assigned_to)
    url = request.build_absolute_uri(reverse("cases:detail", args=[case.pk]))
    text = _("RUKO PARSEL %(number)s (%(village)s): %(title)s. Status: %(status)s. %(url)s") % {
        "number": case.tracking_number,
        "village": case.village,
        "title": case.title,
        "status": case.get_status_display(),
        "url": url,
    }
    links = []
    for person in people:
        number = "".join(ch for ch in (person.phone or "") if ch.isdigit())
        if not number or person.pk == request.user.pk:
            continue
        if number.startswith("0"):
            number = "62" + number[1:]
        links.append({"person": person, "url": f"https://wa.me/{number}?text={quote(text)}"})
    return links


def _detail_context(request, case, **forms_override):
    membership = request.membership
    actions = services.available_actions(membership, case)
    office = case.office
    sections = office.sections.filter(is_active=True)
    agencies = office.agencies.filter(is_active=True)
    officers = policy.case_officers(case)
    templates = ResponseTemplate.objects.filter(
        office=office, category=case.category, is_active=True
    )
    template_id = request.GET.get("template")
    answer_initial = {}
    if template_id and template_id.isdigit():
        chosen = templates.filter(pk=int(template_id)).first()
        if chosen:
            answer_initial = {
                "template": chosen,
                "response": chosen.response,
                "solution": chosen.solution,
            }
    context = {
        "case": case,
        "actions": actions,
        "step_actions": actions - {"comment", "comment_internal"},
        "waiting_for": services.WAITING_FOR.get(case.status),
        "attachments": case.attachments.select_related("uploaded_by", "follow_up"),
        "follow_ups": case.follow_ups.select_related(
            "owner_section", "owner_agency", "completed_by"
        ),
        "comments": selectors.case_comments_for(membership=membership, case=case),
        "timeline": selectors.case_timeline_for(membership=membership, case=case),
        "sees_internal": policy.case_can(membership, "see_internal", case),
        "whatsapp": _whatsapp_links(request, case),
        "similar": services.case_similar(case=case)
        if "link_shared" in actions and case.status in services.LINKABLE
        else [],
        "reason_form": forms.ReasonForm(),
        "resubmit_form": forms.ResubmitForm(initial={"description": case.description}),
        "dispose_form": forms.DisposeForm(
            sections=sections,
            officers=policy.office_officers(office),
            initial={"section": case.section or case.category.default_section},
        ),
        # An officer of the section takes the case by default.
        "assign_form": forms.AssignForm(
            officers=officers,
            initial={"officer": request.user.pk}
            if officers.filter(pk=request.user.pk).exists()
            else None,
        ),
        "answer_form": forms.AnswerForm(
            templates=templates, sections=sections, agencies=agencies, initial=answer_initial
        ),
        "refer_form": forms.ReferForm(agencies=agencies),
        "outcome_form": forms.OutcomeForm(),
        "follow_up_form": forms.FollowUpForm(sections=sections, agencies=agencies),
        "complete_form": forms.CompleteFollowUpForm(),
        "confirm_form": forms.ConfirmForm(),
        "comment_form": forms.CommentForm(),
        "reason_label": REASON_LABELS.get(case.status),
        "linkable_states": [str(state) for state in services.LINKABLE],
        "open_follow_ups": sum(1 for f in case.follow_ups.all() if f.status == FollowUpStatus.OPEN),
    }
    context.update(forms_override)
    for follow_up in context["follow_ups"]:
        follow_up.can_complete = follow_up.status == FollowUpStatus.OPEN and (
            policy.follow_up_can_complete(membership, follow_up)
        )
    return context


@login_required
def case_detail(request, key: str):
    case = policy.case_get_for(request.membership, key=key)
    context = _detail_context(request, case)
    template = "cases/case_detail.html"
    if request.htmx and request.htmx.target == "answer-fields":
        template = "cases/_actions.html#answer_fields"  # the partial lives in the include
    return render(request, template, context)


def step_values(action: str, data: dict) -> dict:
    """The service's keyword arguments from a step form's cleaned data."""
    values = dict(data)
    if action == "answer":
        values = {
            "response": data["response"],
            "solution": data["solution"],
            "follow_ups": _follow_up_items(data),
        }
    return values


def _follow_up_items(data):
    if not data.get("follow_up_action"):
        return []
    return [
        services.FollowUpInput(
            action=data["follow_up_action"],
            owner_kind=data["follow_up_owner"],
            due_date=data["follow_up_due"],
            owner_section=data.get("follow_up_section"),
            owner_agency=data.get("follow_up_agency"),
        )
    ]


@login_required
@require_POST
def case_action(request, key: str, action: str):
    """One step of the workflow. A refused step keeps what was typed and says why."""
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    office = case.office
    sections = office.sections.filter(is_active=True)
    agencies = office.agencies.filter(is_active=True)
    officers = policy.case_officers(case)
    common = {"actor": request.user, "membership": membership, "case": case}
    form_name, form = None, None
    if action in ("return", "reject", "reopen"):
        form_name, form = "reason_form", forms.ReasonForm(request.POST)
    elif action == "resubmit":
        form_name, form = "resubmit_form", forms.ResubmitForm(request.POST, request.FILES)
    elif action == "dispose":
        form_name, form = (
            "dispose_form",
            forms.DisposeForm(
                request.POST, sections=sections, officers=policy.office_officers(office)
            ),
        )
    elif action == "assign":
        form_name, form = "assign_form", forms.AssignForm(request.POST, officers=officers)
    elif action == "answer":
        form_name, form = (
            "answer_form",
            forms.AnswerForm(
                request.POST,
                templates=ResponseTemplate.objects.none(),
                sections=sections,
                agencies=agencies,
            ),
        )
    elif action == "refer":
        form_name, form = "refer_form", forms.ReferForm(request.POST, agencies=agencies)
    elif action == "referral_outcome":
        form_name, form = "outcome_form", forms.OutcomeForm(request.POST)
    elif action == "confirm":
        form_name, form = "confirm_form", forms.ConfirmForm(request.POST)
    elif action != "verify":
        raise Http404

    if form is not None and not form.is_valid():
        return _refused(request, case, form_name, form)
    values = step_values(action, form.cleaned_data if form is not None else {})
    try:
        services.case_take_step(action=action, **common, **values)
    except DomainError as error:
        if form is None:
            messages.error(request, error.message)
            return redirect("cases:detail", key=case.pk)
        apply_domain_error(form, error)
        return _refused(
            request,
            case,
            form_name,
            form,
            status=409 if error.code == "conflict" else 403 if error.code == "forbidden" else 400,
        )
    messages.success(
        request, _("Saved: the case is now “%(status)s”.") % {"status": case.get_status_display()}
    )
    if action == "resubmit":  # the device may forget the resubmission draft
        return redirect(reverse("cases:detail", args=[case.pk]) + "?draft=resubmitted")
    return redirect("cases:detail", key=case.pk)


# Where each form lives on the case page: shown there when one of these steps is offered.
FORM_ACTIONS = {
    "reason_form": {"verify", "reopen"},
    "resubmit_form": {"resubmit"},
    "dispose_form": {"dispose"},
    "assign_form": {"assign"},
    "answer_form": {"answer"},
    "refer_form": {"refer"},
    "outcome_form": {"referral_outcome"},
    "confirm_form": {"confirm"},
    "follow_up_form": {"add_follow_up"},
    "comment_form": {"comment"},
}


def _refused(request, case, form_name, form, status=400):
    """Show the case again with the refused form, its errors and everything typed in it,
    even when the step is no longer offered (the case moved on meanwhile)."""
    case = policy.case_get_for(request.membership, key=case.pk)
    context = _detail_context(request, case, **{form_name: form})
    context["open_form"] = form_name
    if not FORM_ACTIONS.get(form_name, set()) & context["actions"]:
        context["refused_form"] = form  # its own place on the page is gone
        context["refused_action"] = request.path
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
@require_POST
def comment_add(request, key: str):
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                actor=request.user,
                membership=membership,
                case=case,
                body=form.cleaned_data["body"],
                internal=form.cleaned_data["internal"],
            )
            form = forms.CommentForm()
        except DomainError as error:
            apply_domain_error(form, error)
    if request.htmx:
        return render(
            request,
            "cases/case_detail.html#comments",
            {
                "case": case,
                "comment_form": form,
                "comments": selectors.case_comments_for(membership=membership, case=case),
                "actions": services.available_actions(membership, case),
            },
        )
    if form.errors:
        return _refused(request, case, "comment_form", form)
    return redirect(reverse("cases:detail", args=[case.pk]) + "#comments")


@login_required
@require_POST
def follow_up_add(request, key: str):
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    form = forms.FollowUpForm(
        request.POST,
        sections=case.office.sections.filter(is_active=True),
        agencies=case.office.agencies.filter(is_active=True),
    )
    if not form.is_valid():
        return _refused(request, case, "follow_up_form", form)
    data = form.cleaned_data
    try:
        services.follow_up_add(
            actor=request.user,
            membership=membership,
            case=case,
            item=services.FollowUpInput(**data),
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return _refused(request, case, "follow_up_form", form, status=409)
    messages.success(request, _("The follow-up action has been added."))
    return redirect(reverse("cases:detail", args=[case.pk]) + "#follow-ups")


@login_required
@require_POST
def follow_up_complete(request, key: str, pk: int):
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    follow_up = get_object_or_404(FollowUp, case=case, pk=pk)
    form = forms.CompleteFollowUpForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, case, "complete_form", form)
    try:
        services.follow_up_complete(
            actor=request.user,
            membership=membership,
            follow_up=follow_up,
            note=form.cleaned_data["note"],
            evidence=form.cleaned_data["evidence"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return _refused(request, case, "complete_form", form, status=409)
    messages.success(request, _("The action is marked done."))
    return redirect(reverse("cases:detail", args=[case.pk]) + "#follow-ups")


@login_required
def attachment_download(request, key: str, token: str):
    case = policy.case_get_for(request.membership, key=key)
    attachment = get_object_or_404(Attachment, case=case, token=token)
    return private_file_response(
        attachment.file,
        download_name=attachment.original_name,
        content_type=attachment.content_type,
    )


# --- shared issues ----------------------------------------------------------------------------


@login_required
def shared_issue_create(request, key: str):
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    if not policy.case_can(membership, "link_shared", case):
        raise Http404
    candidates = (
        policy.cases_for(membership)
        .filter(
            office=case.office,
            category=case.category,
            status__in=services.LINKABLE,
        )
        .select_related("village")
    )
    suggested = [c.pk for c in services.case_similar(case=case, limit=10)]
    form = forms.SharedIssueForm(
        request.POST or None,
        cases=candidates,
        initial={"title": case.title, "cases": [case.pk, *suggested]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.shared_issue_create(
                actor=request.user,
                membership=membership,
                cases=list(form.cleaned_data["cases"]),
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The cases are linked into one shared issue."))
            return redirect("cases:shared_issue", pk=issue.pk)
    return render(request, "cases/shared_issue_form.html", {"case": case, "form": form})


@login_required
def shared_issue_detail(request, pk: int):
    membership = request.membership
    issue = get_object_or_404(SharedIssue, pk=pk)
    cases = policy.shared_issue_cases_for(membership, issue).select_related(*selectors.LIST_RELATED)
    if not cases.exists():
        raise Http404
    form = forms.SharedAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answered = services.shared_issue_answer(
                actor=request.user,
                membership=membership,
                issue=issue,
                response=form.cleaned_data["response"],
                solution=form.cleaned_data["solution"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request, _("%(count)s cases have been answered.") % {"count": len(answered)}
            )
            return redirect("cases:shared_issue", pk=issue.pk)
    return render(
        request, "cases/shared_issue_detail.html", {"issue": issue, "cases": cases, "form": form}
    )
