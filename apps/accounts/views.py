from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError
from apps.core.forms import apply_domain_error
from apps.core.routes import page_for, path_allows_get

from . import policy, services
from .forms import (
    ExistingPersonForm,
    LoginForm,
    MembershipEditForm,
    ProfileForm,
    QueuedPasswordResetForm,
    UserCreateForm,
    UserFilterForm,
)
from .middleware import SESSION_KEY
from .models import Membership, User
from .registry import PROFILE_PANELS


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        """A `next` that is a form's address (the session expired while a comment was being
        written) would open as a 405: go to the page the form lives on instead."""
        url = super().get_redirect_url()
        if url and url.startswith("/") and not path_allows_get(url.split("?", 1)[0]):
            return page_for(url) or ""
        return url


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.user_password_changed(actor=self.request.user, user=form.user, how="changed")
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/email/password_reset_email.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The same client address django-axes counts login failures by (behind the proxy).
        form.client_ip = get_client_ip_address(self.request) or ""
        with transaction.atomic():
            return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.user_password_changed(actor=form.user, user=form.user, how="reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@require_POST
def switch_membership(request):
    try:
        chosen = int(request.POST.get("membership", ""))
    except ValueError as error:
        raise Http404 from error
    membership = get_object_or_404(Membership.objects.active(), pk=chosen, user=request.user)
    request.session[SESSION_KEY] = membership.pk
    messages.success(request, _("You now work as %(role)s.") % {"role": membership})
    return redirect("dashboard:home")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        # The form has already copied the new values onto its instance: the service compares
        # a fresh copy so that the audit entry records what changed.
        services.profile_update(
            user=request.user,
            office=getattr(request.membership, "office", None),
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    response = render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            # Panels other apps add to this page (API tokens), rendered for this request.
            "profile_panels": [panel(request) for panel in PROFILE_PANELS],
            "memberships": request.memberships,
        },
    )
    add_never_cache_headers(response)
    return response


# --- Users of an office (camat and secretary/admin) -------------------------------------

USERS_PER_PAGE = 25


@login_required
def user_list(request):
    office = policy.managed_office_or_404(request.membership)
    filters = UserFilterForm(request.GET or None)
    memberships = (
        Membership.objects.filter(office=office)
        .select_related("user", "section", "village")
        .order_by("role", "village__name", "user__full_name")
    )
    if filters.is_valid():
        if q := filters.cleaned_data["q"]:
            memberships = memberships.filter(
                Q(user__full_name__icontains=q)
                | Q(user__username__icontains=q)
                | Q(village__name__icontains=q)
                | Q(position__icontains=q)
            )
        if role := filters.cleaned_data["role"]:
            memberships = memberships.filter(role=role)
    page = Paginator(memberships, USERS_PER_PAGE).get_page(request.GET.get("page"))
    for row in page:
        # Each name links where this person may go: their own row to their profile, a row
        # they may manage to its form, and no link at all (the camat's row for a
        # secretary) rather than a link to a 404.
        row.is_me = row.user_id == request.user.pk
        row.manageable = policy.can_manage_membership(request.membership, row)
    context = {"office": office, "filters": filters, "page": page}
    template = "accounts/user_list.html"
    if request.htmx and request.htmx.target == "user-results":
        template += "#results"
    return render(request, template, context)


@login_required
def user_add_existing(request):
    office = policy.managed_office_or_404(request.membership)
    form = ExistingPersonForm(
        request.POST or None,
        office=office,
        roles=policy.grantable_roles(request.membership),
        manager=request.membership,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_add(
                acting=request.membership,
                user=form.person,
                office=office,
                role=data["role"],
                section=data["section"],
                village=data["village"],
                position=data["position"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request, _("%(name)s now also works in this office.") % {"name": form.person}
            )
            return redirect("accounts:user_list")
    return render(
        request, "accounts/user_form.html", {"form": form, "office": office, "existing": True}
    )


@login_required
def user_create(request):
    office = policy.managed_office_or_404(request.membership)
    form = UserCreateForm(
        request.POST or None, office=office, roles=policy.grantable_roles(request.membership)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                acting=request.membership,
                office=office,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                role=data["role"],
                section=data["section"],
                village=data["village"],
                position=data["position"],
                password=data["password"] or None,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if not data["password"]:
                services.send_password_setup_mail(user=user, actor=request.user, office=office)
            messages.success(request, _("%(name)s has been added.") % {"name": user})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "office": office})


@login_required
def user_edit(request, pk: int):
    membership = policy.membership_get_for(request.membership, pk=pk)
    user = membership.user
    initial = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "role": membership.role,
        "section": membership.section,
        "village": membership.village,
        "position": membership.position,
        "is_active": membership.is_active,
    }
    person_editable = policy.can_edit_person(request.membership, user)
    form = MembershipEditForm(
        request.POST or None,
        initial=initial,
        office=membership.office,
        roles=policy.grantable_roles(request.membership),
        person_editable=person_editable,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_edit(
                acting=request.membership,
                membership=membership,
                person={key: data[key] for key in ("full_name", "email", "phone")}
                if person_editable
                else None,
                role=data["role"],
                section=data["section"],
                village=data["village"],
                position=data["position"],
                is_active=data["is_active"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": user})
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "office": membership.office, "editing": membership},
    )


@login_required
@require_POST
def user_send_password_link(request, pk: int):
    membership = policy.membership_get_for(request.membership, pk=pk)
    if not policy.can_edit_person(request.membership, membership.user):
        raise Http404  # their account is also another office's: they reset it themselves
    if not membership.user.email:
        messages.error(request, _("This person has no e-mail address."))
    else:
        services.send_password_setup_mail(
            user=membership.user, actor=request.user, office=membership.office
        )
        messages.success(
            request,
            _("A link to choose a password was sent to %(email)s.")
            % {"email": membership.user.email},
        )
    return redirect("accounts:user_edit", pk=pk)
