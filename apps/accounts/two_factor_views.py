"""Pages of the two-step login: the code step after the password, and the set-up on the
profile (QR code and key, recovery codes shown once, regenerate or switch off with the
password)."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class PasswordAgainForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


def _private(response):
    add_never_cache_headers(response)
    return response


@login_required
def verify(request):
    """The code step after the password."""
    if request.session.get(two_factor.STATE_KEY) != two_factor.PENDING:
        return redirect("dashboard:home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.two_factor_verify(request=request, code=form.cleaned_data["code"]):
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(
                target, {request.get_host()}, require_https=request.is_secure()
            ):
                target = ""
            return redirect(target or "dashboard:home")
        form.add_error("code", _("The code is not correct or has expired. Try the newest one."))
    return _private(render(request, "accounts/two_factor_verify.html", {"form": form}))


@login_required
def manage(request):
    """Set up, regenerate the recovery codes, or switch off."""
    if request.session.get(two_factor.STATE_KEY) == two_factor.PENDING:
        # The password alone must not switch the second step off: the code comes first.
        return redirect("accounts:two_factor_verify")
    user = request.user
    device = two_factor.authenticator_of(user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    context = {"required": two_factor.is_required(getattr(request, "memberships", []))}
    if device is None:
        form = CodeForm(request.POST if action == "confirm" else None)
        if action == "confirm" and form.is_valid():
            codes = two_factor.authenticator_confirm(
                request=request, code=form.cleaned_data["code"]
            )
            if codes is not None:
                return _private(render(request, "accounts/two_factor_codes.html", {"codes": codes}))
            form.add_error("code", _("The code is not correct or has expired. Try the newest one."))
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).last()
        if pending is None or request.method == "GET":
            pending = two_factor.authenticator_start(user=user)
        qr = segno.make(pending.config_url, micro=False)
        context.update(
            form=form,
            qr=qr.svg_inline(scale=4, dark="#000", light="#fff", title=_("QR code")),
            key=two_factor.manual_key(pending),
        )
        return _private(render(request, "accounts/two_factor_setup.html", context))
    password_form = PasswordAgainForm(
        request.POST if action in {"regenerate", "disable"} else None, user=user
    )
    if action in {"regenerate", "disable"} and password_form.is_valid():
        if action == "regenerate":
            codes = two_factor.recovery_codes_regenerate(user=user)
            return _private(render(request, "accounts/two_factor_codes.html", {"codes": codes}))
        two_factor.two_factor_disable(request=request)
        messages.success(request, _("Two-step login is switched off."))
        return redirect("accounts:profile")
    context.update(
        password_form=password_form,
        codes_left=two_factor.recovery_codes_left(user),
        action=action,
    )
    return _private(render(request, "accounts/two_factor_manage.html", context))


def profile_panel(request) -> str:
    """The profile page's panel: whether two-step login is on, and the way to its page."""
    return render_to_string(
        "accounts/_two_factor_panel.html",
        {
            "enabled": two_factor.authenticator_of(request.user) is not None,
            "required": two_factor.is_required(getattr(request, "memberships", [])),
        },
        request=request,
    )
