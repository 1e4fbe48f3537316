from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import policy, two_factor

from . import serializers
from .authentication import BearerTokenAuthentication
from .exceptions import error_body
from .models import ApiToken
from .parsers import FormParser, JSONParser, MultiPartParser
from .permissions import api_membership
from .services import api_token_create, api_token_revoke
from .strict import validated


def _second_step_refusal(user, code: str):
    """A password alone does not make a token for an account with a two-step login (nor for
    a role that requires one): the same second step as the pages."""
    has_app = two_factor.authenticator_of(user) is not None
    if not has_app:
        if two_factor.is_required(user.memberships.active()):
            return Response(
                error_body(
                    _("Your role requires a two-step login: set it up on your profile page."),
                    "two_factor_setup_required",
                ),
                status=status.HTTP_403_FORBIDDEN,
            )
        return None
    if not code.strip():
        message, code_name = (
            _("This account uses a two-step login: send the code from its app as otp."),
            "otp_required",
        )
    elif two_factor.second_factor_check(user=user, code=code, via="api") is not None:
        return None
    else:
        message, code_name = _("The two-step code is wrong or used up."), "otp_invalid"
    return Response(
        error_body(message, code_name),
        status=status.HTTP_401_UNAUTHORIZED,
        headers={"WWW-Authenticate": "Bearer"},
    )


class TokenView(APIView):
    """Exchange a username and password for a bearer token, or revoke the token in use."""

    authentication_classes = [BearerTokenAuthentication]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_permissions(self):
        # Only revoking needs a token: a method the view does not offer is a 405 for anyone.
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        request=serializers.TokenRequestSerializer,
        responses={
            201: serializers.TokenResponseSerializer,
            400: OpenApiResponse(description="Missing fields"),
            401: OpenApiResponse(
                description="Wrong username or password, or (`otp_required`, `otp_invalid`) "
                "the two-step code of an account that has one is missing or wrong"
            ),
            403: OpenApiResponse(
                description="`two_factor_setup_required`: the account's role requires a "
                "two-step login that it has not set up yet (on the profile page)"
            ),
            429: OpenApiResponse(
                description="Too many failed logins for this username from this address: "
                "try again after the time in the Retry-After header (seconds)"
            ),
        },
        auth=[],
    )
    def post(self, request):
        data = validated(serializers.TokenRequestSerializer, request)
        # django-axes counts failures per username and address through this call.
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None or not user.is_active:
            return Response(
                error_body(_("Wrong username or password."), "authentication_failed"),
                status=status.HTTP_401_UNAUTHORIZED,
                headers={"WWW-Authenticate": "Bearer"},
            )
        refusal = _second_step_refusal(user, data.get("otp", ""))
        if refusal is not None:
            return refusal
        token, raw = api_token_create(user=user, name=data.get("name", ""))
        return Response(
            {
                "token": raw,
                "token_type": "Bearer",
                "name": token.name,
                "created_at": token.created_at,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=None,
        responses={
            204: None,
            400: OpenApiResponse(description="Logged in by session: no token to revoke"),
        },
    )
    def delete(self, request):
        token = request.auth
        if not isinstance(token, ApiToken):
            return Response(
                error_body(_("Send the token to revoke in the Authorization header."), "invalid"),
                status=status.HTTP_400_BAD_REQUEST,
            )
        api_token_revoke(actor=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(responses=serializers.MeSerializer)
    def get(self, request):
        memberships = list(
            request.user.memberships.active().select_related(
                "office__region", "section", "village__region", "regency"
            )
        )
        data = serializers.MeSerializer(
            request.user,
            context={"membership": api_membership(request), "memberships": memberships},
        ).data
        return Response(data)


class VillageList(generics.ListAPIView):
    """The villages whose data the caller may see, with their Kemendagri codes."""

    serializer_class = serializers.VillageSerializer

    def get_queryset(self):
        return (
            policy.villages_for(api_membership(self.request))
            .select_related("region")
            .order_by("office_id", "region__code")
        )


class SectionList(generics.ListAPIView):
    serializer_class = serializers.SectionSerializer

    def get_queryset(self):
        return policy.sections_for(api_membership(self.request)).order_by("office_id", "order")


class CategoryList(generics.ListAPIView):
    serializer_class = serializers.CategorySerializer

    def get_queryset(self):
        return policy.categories_for(api_membership(self.request)).order_by("office_id", "order")
