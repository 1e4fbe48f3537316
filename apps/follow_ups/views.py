"""The one board of follow-ups (tindak lanjut) of the office, the completion of an item from
it, and the evidence files. A case's or a meeting's own page shows its items too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import clock
from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.forms import apply_domain_error
from apps.core.spreadsheets import Column, Sheet, xlsx_response

from . import policy, selectors, services
from .forms import CompleteFollowUpForm
from .models import Evidence

PER_PAGE = 30


def _membership_or_404(request):
    if request.membership is None:
        raise Http404
    return request.membership


@login_required
def board(request):
    membership = _membership_or_404(request)
    filterset, items = selectors.follow_up_board_for(membership=membership, data=request.GET)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_flags(page.object_list, membership)
    context = {
        "filterset": filterset,
        "page": page,
        "counts": selectors.follow_up_counts_for(membership=membership),
        "complete_form": CompleteFollowUpForm(),
        "query": request.GET.urlencode(),
    }
    template = "follow_ups/board.html"
    if request.htmx and request.htmx.target == "follow-up-results":
        template += "#results"
    return render(request, template, context)


@login_required
def board_export(request):
    """The board as it is filtered on the page (the same items, the same scope), as an Excel
    workbook."""
    membership = _membership_or_404(request)
    _filterset, items = selectors.follow_up_board_for(membership=membership, data=request.GET)
    yes, no = _("yes"), _("no")

    def yes_no(value):
        return "" if value is None else (yes if value else no)

    rows = (
        [*row[:8], yes_no(row[8]), yes_no(row[9]), row[10]]
        for row in selectors.follow_up_export_rows(items)
    )
    columns = [
        Column(_("Sub-district"), width=24),
        Column(_("Source"), width=14),
        Column(_("From"), width=36),
        Column(_("Action"), width=44),
        Column(_("Owner"), width=28),
        Column(_("Due date"), "date", 12),
        Column(_("Status"), width=10),
        Column(_("Completed at"), "datetime", 17),
        Column(_("On time"), width=9),
        Column(_("Overdue"), width=9),
        Column(_("Completion note"), width=44),
    ]
    return xlsx_response(
        f"tindak-lanjut-{clock.today():%Y-%m-%d}.xlsx",
        [Sheet(_("Follow-up actions"), columns, rows, heading=str(membership.scope_name))],
    )


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("follow_ups:board")


@login_required
@require_POST
def complete(request, pk: int):
    membership = _membership_or_404(request)
    follow_up = policy.follow_up_get_for(membership, pk=pk)
    form = CompleteFollowUpForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.follow_up_complete(
                acting=membership,
                follow_up=follow_up,
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back(request))
    messages.success(request, _("The action is marked done."))
    return redirect(_back(request))


@login_required
def evidence(request, token: str):
    found = get_object_or_404(Evidence.objects.select_related("follow_up"), token=token)
    policy.follow_up_get_for(request.membership, pk=found.follow_up_id)  # 404 if not visible
    return private_file_response(
        found.file, download_name=found.original_name, content_type=found.content_type
    )
