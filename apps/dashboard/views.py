import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.accounts import policy
from apps.accounts.models import Membership, Role
from apps.alerts.selectors import alert_home_for
from apps.cases.selectors import case_summary_for, case_worklist_for
from apps.core import clock
from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.forms import apply_domain_error
from apps.follow_ups.selectors import village_open_follow_ups
from apps.offices import forms as office_forms
from apps.offices.masterdata import MASTER_KINDS, MasterKind
from apps.offices.models import Office, Village
from apps.offices.services import masterdata_save
from apps.offices.village_export import village_export

from .selectors import villages_with_officials


@login_required
def home(request):
    """The first page after login: what this person's role works with."""
    membership = request.membership
    if membership is None:
        return render(request, "dashboard/home_no_role.html")
    summary = case_summary_for(membership=membership)
    summary["worklist"] = case_worklist_for(membership=membership)
    if policy.is_village_official(membership):
        village = villages_with_officials(
            villages=policy.villages_for(membership).select_related("office", "region")
        ).get()
        return render(
            request,
            "dashboard/home_village.html",
            {
                "village": village,
                "office": membership.office,
                "sections": membership.office.sections.filter(is_active=True),
                "summary": summary,
                "follow_ups": village_open_follow_ups(membership=membership),
            },
        )
    early_warning = alert_home_for(membership=membership)
    if policy.is_inspector(membership):
        offices = policy.offices_for(membership).select_related("region")
        return render(
            request,
            "dashboard/home_inspector.html",
            {"offices": offices, "summary": summary, "early_warning": early_warning},
        )
    context = office_context(membership.office, membership)
    context["summary"] = summary
    context["early_warning"] = early_warning
    return render(request, "dashboard/home_office.html", context)


def office_context(office: Office, membership) -> dict:
    """What the office page and the staff home page show: profile, sections with their
    officers, villages with their officials."""
    sections = office.sections.filter(is_active=True).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.active().select_related("user"),
            to_attr="officers",
        )
    )
    villages = villages_with_officials(villages=office.villages.select_related("region"))
    leaders = (
        Membership.objects.active()
        .filter(office=office, role__in=[Role.HEAD, Role.SECRETARY])
        .select_related("user")
    )
    return {
        "office": office,
        "sections": sections,
        "villages": villages,
        "leaders": leaders,
        "can_edit_office": policy.can_manage_office(membership, office),
    }


@login_required
def office_detail(request, slug: str):
    office = policy.office_get_for(request.membership, slug=slug)
    return render(
        request, "dashboard/office_detail.html", office_context(office, request.membership)
    )


@login_required
def village_detail(request, slug: str, village: str):
    office = Office.objects.filter(slug=slug).first()
    if office is None:
        raise Http404
    found = policy.village_get_for(request.membership, slug=village, office=office)
    found = villages_with_officials(villages=Village.objects.filter(pk=found.pk)).get()
    return render(
        request,
        "dashboard/village_detail.html",
        {
            "village": found,
            "office": office,
            "can_edit": policy.can_manage_office(request.membership, office),
            "can_export": policy.leads_office(request.membership, office.pk),
            "show_office_link": policy.can_view_office_staff_pages(request.membership, office),
        },
    )


@login_required
def village_export_zip(request, slug: str, village: str):
    """The handover export of one village: the camat or a secretary of its office only."""
    office = Office.objects.filter(slug=slug).first()
    if office is None:
        raise Http404
    found = policy.village_get_for(request.membership, slug=village, office=office)
    if not policy.leads_office(request.membership, office.pk):
        raise PermissionDenied
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    village_export(actor=request.user, village=found, stream=stream)
    stream.seek(0)
    name = f"ekspor-{found.slug}-{clock.today():%Y%m%d}.zip"
    response = FileResponse(stream, as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def office_logo(request, slug: str):
    """The logo is an upload, so it is streamed from outside the static path."""
    membership = request.membership
    office = Office.objects.filter(slug=slug).first()
    if (
        office is None
        or not office.logo
        or not policy.offices_for(membership).filter(pk=office.pk).exists()
    ):
        raise Http404
    return private_file_response(office.logo)


# --- Master data (camat and secretary/admin) ----------------------------------------------


def _kind_or_404(kind: str) -> MasterKind:
    if kind not in MASTER_KINDS:
        raise Http404
    return MASTER_KINDS[kind]


def _form_for(spec: MasterKind, office: Office, *args, **kwargs):
    if spec.form_needs_office:
        kwargs["office"] = office
    return spec.form(*args, **kwargs)


@login_required
def manage_index(request):
    office = policy.managed_office_or_404(request.membership)
    counts = {
        "sections": office.sections.count(),
        "categories": office.categories.count(),
        "agencies": office.agencies.count(),
        "villages": office.villages.count(),
        "users": Membership.objects.filter(office=office).aggregate(
            n=Count("id", filter=Q(is_active=True))
        )["n"],
    }
    return render(request, "dashboard/manage_index.html", {"office": office, "counts": counts})


@login_required
def manage_office(request):
    office = policy.managed_office_or_404(request.membership)
    form = office_forms.OfficeForm(request.POST or None, request.FILES or None, instance=office)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            masterdata_save(
                actor=request.user,
                office=office,
                instance=Office.objects.get(pk=office.pk),
                values=values,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The office profile has been saved."))
            return redirect("dashboard:manage_index")
    return render(request, "dashboard/manage_office.html", {"form": form, "office": office})


@login_required
def masterdata_list(request, kind: str):
    office = policy.managed_office_or_404(request.membership)
    spec = _kind_or_404(kind)
    rows = spec.model.objects.filter(office=office)
    related = [name for name in spec.columns if spec.model._meta.get_field(name).many_to_one]
    if related:
        rows = rows.select_related(*related)
    fields = [spec.model._meta.get_field(name) for name in spec.columns]
    blanks = dict(spec.blank_labels)
    if spec.sort_key is not None:
        rows = sorted(rows, key=spec.sort_key)
    table = [
        (row, [(field.verbose_name, _display(row, field, blanks)) for field in fields])
        for row in rows
    ]
    return render(
        request,
        "dashboard/masterdata_list.html",
        {"office": office, "spec": spec, "kind": kind, "fields": fields, "table": table},
    )


def _display(row, field, blanks):
    if field.choices:
        return getattr(row, f"get_{field.name}_display")()
    value = getattr(row, field.name)
    if value in (None, ""):
        return blanks.get(field.name, "—")
    return value


@login_required
def masterdata_edit(request, kind: str, pk: int | None = None):
    office = policy.managed_office_or_404(request.membership)
    spec = _kind_or_404(kind)
    if pk is None:
        if not spec.can_create:
            raise Http404
        instance = spec.model()
    else:
        instance = spec.model.objects.filter(office=office, pk=pk).first()
        if instance is None:
            raise Http404
    form = _form_for(spec, office, request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        fresh = spec.model() if pk is None else spec.model.objects.get(pk=pk)
        try:
            masterdata_save(actor=request.user, office=office, instance=fresh, values=values)
        except DomainError as error:
            apply_domain_error(form, error)
        except forms.ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("dashboard:masterdata_list", kind=kind)
    return render(
        request,
        "dashboard/masterdata_form.html",
        {"office": office, "spec": spec, "kind": kind, "form": form, "instance": instance},
    )
