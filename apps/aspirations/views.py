"""The public aspiration form and tracking page (no login), and the office's inbox.

Views validate a form, call one service, and turn a refusal into a form error; nothing
the person typed is lost."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.forms import apply_domain_error
from apps.offices.selectors import public_office

from . import forms, policy, selectors, services
from .workflow import STEPS


def submit(request):
    office = public_office(request)
    if office is None:
        raise Http404
    form = forms.AspirationForm(request.POST or None, request.FILES or None, office=office)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                aspiration = services.submit_aspiration(
                    office=office,
                    village=data["village"],
                    category=data["category"],
                    title=data["title"],
                    text=data["text"],
                    anonymous=data["anonymous"],
                    name=data["name"],
                    contact=data["contact"],
                    photo=data["photo"],
                    client_address=get_client_ip_address(request) or "",
                )
            except services.RateLimited as error:
                apply_domain_error(form, error)
                status = 429
            except DomainError as error:
                apply_domain_error(form, error)
                status = 400
            else:
                return redirect(
                    reverse("aspirations:track", args=[aspiration.tracking_code]) + "?baru=1"
                )
        else:
            status = 400
    return render(
        request, "aspirations/submit.html", {"form": form, "office": office}, status=status
    )


def lookup(request):
    """Type a code, see its page. A code that names nothing says so, keeping what was typed."""
    form = forms.LookupForm(request.GET or None)
    status = 200
    if form.is_bound and form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        if selectors.aspiration_get_by_code(code=code) is not None:
            return redirect("aspirations:track", code=code)
        form.add_error("code", _("No aspiration has this code. Check it and try again."))
        status = 404
    return render(request, "aspirations/lookup.html", {"form": form}, status=status)


def track(request, code: str):
    aspiration = selectors.aspiration_get_by_code(code=services.normalise_code(code))
    if aspiration is None:
        raise Http404
    return render(
        request,
        "aspirations/track.html",
        {
            "view": selectors.aspiration_public_view(aspiration),
            "is_new": request.GET.get("baru") == "1",
        },
    )


# --- the office's inbox ------------------------------------------------------------------------


@login_required
def inbox(request):
    membership = request.membership
    if not policy.sees_inbox(membership):
        raise Http404
    stage = request.GET.get("tahap", "open")
    if stage not in selectors.INBOX_FILTERS:
        stage = "open"
    return render(
        request,
        "aspirations/inbox.html",
        {
            "aspirations": selectors.aspiration_inbox_for(membership=membership, stage=stage)[:200],
            "stage": stage,
            "stages": [
                ("open", _("Waiting")),
                ("queue", _("Not yet reviewed")),
                ("closed", _("Decided")),
                ("all", _("All")),
            ],
        },
    )


def _step_forms(aspiration, actions, data=None, refused=None):
    built = {}
    for name in actions:
        step = STEPS[name]
        if step.form:
            if refused is not None and refused[0] == name:
                built[name] = refused[1]
            else:
                built[name] = getattr(forms, step.form)(aspiration=aspiration, prefix=name)
    return built


def _detail(request, aspiration, refused=None, status=200):
    membership = request.membership
    actions = policy.aspiration_steps_for(membership, aspiration)
    if refused is not None:
        # A refused form stays on the page with what was typed, even when its step is no
        # longer offered (someone else decided meanwhile): its error says why.
        actions = actions | {refused[0]}
    step_forms = _step_forms(aspiration, actions, refused=refused)
    return render(
        request,
        "aspirations/detail.html",
        {
            "aspiration": aspiration,
            "steps": [
                {"name": n, "label": STEPS[n].label, "form": step_forms.get(n)}
                for n in STEPS
                if n in actions
            ],
            "public": selectors.aspiration_public_view(aspiration),
        },
        status=status,
    )


@login_required
def detail(request, pk: int):
    return _detail(request, policy.aspiration_get_for(request.membership, pk=pk))


@login_required
@require_POST
def action(request, pk: int, step: str):
    membership = request.membership
    aspiration = policy.aspiration_get_for(membership, pk=pk)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    form = (
        getattr(forms, spec.form)(request.POST, aspiration=aspiration, prefix=step)
        if spec.form
        else None
    )
    if form is not None and not form.is_valid():
        return _detail(request, aspiration, refused=(step, form), status=400)
    try:
        services.aspiration_take_step(
            step=step,
            acting=membership,
            aspiration=aspiration,
            **(form.service_values() if form is not None else {}),
        )
    except DomainError as error:
        if form is None:
            messages.error(request, error.message)
            return redirect("aspirations:detail", pk=aspiration.pk)
        apply_domain_error(form, error)
        status = {"conflict": 409, "forbidden": 403}.get(error.code, 400)
        return _detail(request, aspiration, refused=(step, form), status=status)
    messages.success(
        request,
        _("Saved: the aspiration is now “%(status)s”.")
        % {"status": aspiration.get_status_display()},
    )
    return redirect("aspirations:detail", pk=aspiration.pk)


@login_required
def photo(request, pk: int):
    aspiration = policy.aspiration_get_for(request.membership, pk=pk)
    if not aspiration.photo:
        raise Http404
    return private_file_response(
        aspiration.photo,
        download_name=f"{aspiration.tracking_code}.jpg",
        content_type="image/jpeg",
    )
