"""Pages of coordination cases: lists, the submit form, the case page and its actions.

Views validate a form, call one service, and turn a refusal into a message or a form error.
"""

import re
import uuid
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from apps.accounts import policy as scope
from apps.core import clock
from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.forms import apply_domain_error
from apps.core.spreadsheets import Column, Sheet, xlsx_response
from apps.follow_ups.forms import CompleteFollowUpForm
from apps.follow_ups.selectors import with_flags

from . import forms, policy, selectors, services
from .companions import case_links_for, submit_companions
from .models import Attachment, SharedIssue
from .workflow import LINKABLE, STEPS, Step

PER_PAGE = 20


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
    page = Paginator(cases.defer(*selectors.LIST_DEFERRED), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "filterset": filterset,
        "page": page,
        "inbox": selectors.section_inbox(membership=membership)
        if scope.is_section_officer(membership) and not request.GET
        else None,
        "can_submit": policy.can_submit_case(membership),
        "is_village": scope.is_village_official(membership),
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
    categories = scope.categories_for(membership).filter(is_active=True)
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
                acting=membership,
                category=data["category"],
                urgency=data["urgency"],
                title=data["title"],
                description=data["description"],
                attachments=data["attachments"],
                idempotency_key=data["idempotency_key"],
            )
        except services.KeyReused as error:
            # The first submission arrived (its answer was lost) and the text was changed
            # since. Name that case and hand out a fresh key, so what was typed now can be
            # sent as a new case instead of being refused again and again.
            form.data = form.data.copy()
            form.data["idempotency_key"] = uuid.uuid4().hex
            # draft.js must not put the device's old key back over this one
            form.fields["idempotency_key"].widget.attrs["data-draft-fresh"] = ""
            earlier = error.case
            form.add_error(
                None,
                _(
                    "Your earlier submission already arrived as case %(number)s. If this is "
                    "another problem, submit it again: it will become a new case."
                )
                % {"number": earlier.tracking_number},
            )
            form.earlier_case = earlier
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
                if result.files_added:
                    messages.info(
                        request,
                        ngettext(
                            "%(count)d file that had not arrived was added to it.",
                            "%(count)d files that had not arrived were added to it.",
                            result.files_added,
                        )
                        % {"count": result.files_added},
                    )
            return redirect(reverse("cases:detail", args=[result.case.pk]) + "?draft=sent")
    return render(
        request, "cases/case_submit.html", {"form": form, "companions": submit_companions()}
    )


def _whatsapp_links(request, case):
    """Click-to-chat links to forward the case to the people concerned who have a phone."""
    people = []
    membership = request.membership
    if scope.is_village_official(membership):
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


def form_key(form_name: str) -> str:
    """The template's name for a step form: `DisposeForm` → `dispose_form`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", form_name).lower()


def step_form(step: Step, case, request, data=None, files=None):
    """The page form of one workflow step, built for this case and person."""
    form_class = getattr(forms, step.form)
    kwargs = {"case": case, "user": request.user}
    if step.name == "answer":
        kwargs["template_id"] = request.GET.get("template")
    return form_class(data, files, **kwargs)


# Where each form lives on the case page: shown there when one of these steps is offered.
FORM_STEPS: dict[str, set[str]] = {}
for _step in STEPS.values():
    if _step.form:
        FORM_STEPS.setdefault(form_key(_step.form), set()).add(_step.name)


def _detail_context(request, case, **forms_override):
    membership = request.membership
    actions = policy.case_steps_for(membership, case)
    step_forms = {}
    for name in sorted(actions):
        step = STEPS[name]
        if step.form and form_key(step.form) not in step_forms:
            step_forms[form_key(step.form)] = step_form(step, case, request)
    follow_ups = with_flags(selectors.case_follow_ups(case=case), membership, source=case)
    context = {
        "case": case,
        "actions": actions,
        "step_actions": actions - {"comment", "comment_internal"},
        "waiting_for": case.state.waiting_for,
        "reason_label": case.state.reason_label,
        # The case's own documents; a follow-up's evidence is shown under that follow-up.
        "attachments": case.attachments.all(),
        "follow_ups": follow_ups,
        "comments": selectors.case_comments_for(membership=membership, case=case),
        "timeline": selectors.case_timeline_for(membership=membership, case=case),
        "sees_internal": policy.case_sees_internal(membership, case),
        "whatsapp": _whatsapp_links(request, case),
        "similar": selectors.similar_open_cases(case=case) if "link_shared" in actions else [],
        **step_forms,
        "complete_form": CompleteFollowUpForm(),
        # Links other apps add (the knowledge base: publish a resolved case's answer).
        "case_links": case_links_for(membership, case),
        "open_follow_ups": [f for f in follow_ups if f.is_open],
        # One tap for an officer of the section to take the case themselves.
        "can_take": "assign" in actions
        and case.assigned_to_id != request.user.pk
        and policy.case_officers(case).filter(pk=request.user.pk).exists(),
    }
    context.update(forms_override)
    return context


@login_required
def case_detail(request, key: str):
    case = policy.case_get_for(request.membership, key=key)
    context = _detail_context(request, case)
    template = "cases/case_detail.html"
    if request.htmx and request.htmx.target == "answer-fields":
        template = "cases/_actions.html#answer_fields"  # the partial lives in the include
    return render(request, template, context)


@login_required
def case_print(request, key: str):
    """A clean page for the paper file: letterhead, facts, answer, follow-ups, history."""
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    return render(
        request,
        "cases/case_print.html",
        {
            "case": case,
            "letterhead_lines": [line for line in case.office.letterhead.splitlines() if line],
            "follow_ups": selectors.case_follow_ups(case=case),
            "timeline": selectors.case_timeline_for(membership=membership, case=case),
            "sees_internal": policy.case_sees_internal(membership, case),
            "printed_at": clock.now(),
        },
    )


@login_required
@require_POST
def case_action(request, key: str, action: str):
    """One step of the workflow. A refused step keeps what was typed and says why."""
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    step = STEPS.get(action)
    if step is None or not step.transition:
        raise Http404
    form = step_form(step, case, request, request.POST, request.FILES) if step.form else None
    if form is not None and not form.is_valid():
        return _refused(request, case, form_key(step.form), form)
    values = form.service_values() if form is not None else {}
    try:
        services.case_take_step(step=action, acting=membership, case=case, **values)
    except DomainError as error:
        if form is None:
            messages.error(request, error.message)
            return redirect("cases:detail", key=case.pk)
        apply_domain_error(form, error)
        return _refused(request, case, form_key(step.form), form, status=error_status(error))
    messages.success(
        request, _("Saved: the case is now “%(status)s”.") % {"status": case.get_status_display()}
    )
    if action == "resubmit":  # the device may forget the resubmission draft
        return redirect(reverse("cases:detail", args=[case.pk]) + "?draft=resubmitted")
    return redirect("cases:detail", key=case.pk)


def error_status(error: DomainError) -> int:
    return {"conflict": 409, "forbidden": 403}.get(error.code, 400)


def _refused(request, case, form_name, form, status=400):
    """Show the case again with the refused form, its errors and everything typed in it,
    even when the step is no longer offered (the case moved on meanwhile)."""
    case = policy.case_get_for(request.membership, key=case.pk)
    context = _detail_context(request, case, **{form_name: form})
    context["open_form"] = form_name
    if not FORM_STEPS.get(form_name, set()) & context["actions"]:
        context["refused_form"] = form  # its own place on the page is gone
        context["refused_action"] = request.path
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
@require_POST
def comment_add(request, key: str):
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    form = forms.CommentForm(request.POST, case=case)
    status = 400
    if form.is_valid():
        try:
            services.comment_add(
                acting=membership,
                case=case,
                body=form.cleaned_data["body"],
                internal=form.cleaned_data["internal"],
            )
            form = forms.CommentForm(case=case)
        except DomainError as error:
            apply_domain_error(form, error)
            status = error_status(error)  # a role that may not comment: 403, not 400
    if request.htmx:
        return render(
            request,
            "cases/case_detail.html#comments",
            {
                "case": case,
                "comment_form": form,
                "comments": selectors.case_comments_for(membership=membership, case=case),
                "actions": policy.case_steps_for(membership, case),
            },
            status=status if form.errors else 200,
        )
    if form.errors:
        return _refused(request, case, "comment_form", form, status=status)
    return redirect(reverse("cases:detail", args=[case.pk]) + "#comments")


@login_required
@require_POST
def follow_up_add(request, key: str):
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    form = forms.FollowUpForm(request.POST, case=case)
    if not form.is_valid():
        return _refused(request, case, "follow_up_form", form)
    try:
        services.follow_up_add(acting=membership, case=case, **form.service_values())
    except DomainError as error:
        apply_domain_error(form, error)
        return _refused(request, case, "follow_up_form", form, status=error_status(error))
    messages.success(request, _("The follow-up action has been added."))
    return redirect(reverse("cases:detail", args=[case.pk]) + "#follow-ups")


@login_required
@require_POST
def follow_up_complete(request, key: str, pk: int):
    membership = request.membership
    case = policy.case_get_for(membership, key=key)
    follow_up = selectors.case_follow_up_get(case=case, pk=pk)
    form = CompleteFollowUpForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, case, "complete_form", form)
    try:
        services.follow_up_complete(
            acting=membership,
            follow_up=follow_up,
            note=form.cleaned_data["note"],
            evidence=form.cleaned_data["evidence"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return _refused(request, case, "complete_form", form, status=error_status(error))
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
        .filter(office=case.office, category=case.category, status__in=LINKABLE)
        .select_related("village")
    )
    suggested = [c.pk for c in selectors.similar_open_cases(case=case, limit=10)]
    # No title is suggested: every linked village reads it, so it is the office's own words.
    form = forms.SharedIssueForm(
        request.POST or None, cases=candidates, initial={"cases": [case.pk, *suggested]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.shared_issue_create(
                acting=membership,
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
    may_answer = policy.shared_issue_may_answer(membership, issue)
    if request.method == "POST" and not may_answer:
        raise PermissionDenied
    form = forms.SharedAnswerForm(request.POST or None) if may_answer else None
    if request.method == "POST" and form.is_valid():
        try:
            answered = services.shared_issue_answer(
                acting=membership,
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


@login_required
def case_export(request):
    """The case list as it is filtered on the page, as an Excel workbook."""
    membership = _membership_or_404(request)
    _filterset, cases = selectors.case_list_for(
        membership=membership, data=request.GET, request=request
    )
    staff = scope.is_staff_or_inspector(membership)
    columns = [
        Column(_("Tracking number"), width=18),
        Column(_("Submitted"), "datetime", 17),
        Column(_("Village"), width=24),
        Column(_("Category"), width=30),
        Column(_("Urgency"), width=10),
        Column(_("Status"), width=18),
        Column(_("Section"), width=30),
    ]
    if staff:
        columns.append(Column(_("Officer"), width=24))
    columns += [
        Column(_("Answer by"), "date", 12),
        Column(_("Answered"), "datetime", 17),
        Column(_("Resolved"), "datetime", 17),
        Column(_("Rating"), "int", 8),
        Column(_("Overdue"), width=9),
    ]
    yes, no = _("yes"), _("no")
    rows = (
        [*row[:-1], yes if row[-1] else no]
        for row in selectors.case_export_rows(cases.queryset, with_officer=staff)
    )
    return xlsx_response(
        f"permasalahan-{clock.today():%Y-%m-%d}.xlsx",
        [Sheet(_("Cases"), columns, rows, heading=str(membership.scope_name))],
    )
