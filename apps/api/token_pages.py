"""The API-token screens of a person's account: a panel on the profile page, create, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import ApiToken
from .services import api_token_create, api_token_revoke

NEW_TOKEN_KEY = "ruko_new_api_token"
PROFILE_ANCHOR = "#api-tokens"


def token_panel(request) -> str:
    """The tokens block of the profile page (registered with `accounts.registry`)."""
    return render_to_string(
        "api/_token_panel.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True),
            # Shown once: taken out of the session by this very page, never cached.
            "new_token": request.session.pop(NEW_TOKEN_KEY, None),
        },
        request=request,
    )


@login_required
@require_POST
def token_create(request):
    # A token outlives the session: minting one takes the password, not just a session.
    if not request.user.check_password(request.POST.get("password", "")):
        messages.error(request, _("Enter your password to create a token."))
        return redirect(reverse("accounts:profile") + PROFILE_ANCHOR)
    _token, raw = api_token_create(user=request.user, name=request.POST.get("name", "").strip())
    request.session[NEW_TOKEN_KEY] = raw
    messages.success(request, _("New API token created. Copy it now: it is shown only once."))
    return redirect(reverse("accounts:profile") + PROFILE_ANCHOR)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


app_name = "api_tokens"
urlpatterns = [
    path("akun/token/", token_create, name="create"),
    path("akun/token/<int:pk>/cabut/", token_revoke, name="revoke"),
]
