"""Aspiration endpoints: the public POST and tracking-code GET (no login), and the office's
inbox with its steps, through the same policy, selectors and services as the pages."""

from axes.helpers import get_client_ip_address
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.aspirations import policy, selectors, services
from apps.aspirations.workflow import STEPS
from apps.core.errors import NotAllowed
from apps.offices.models import Category, Village
from apps.offices.selectors import public_office

from . import aspiration_serializers as s
from .exceptions import Unprocessable
from .permissions import HasMembership, api_membership
from .strict import validated

NOT_FOUND = OpenApiResponse(description="No such aspiration, or you may not see it")
INBOX_REFUSED = OpenApiResponse(description="Your role has no aspiration inbox")
STATE_CONFLICT = OpenApiResponse(description="Not possible in the aspiration's current state")
REFUSED = OpenApiResponse(
    description="Well formed, but refused by a rule: a village or category that is not the "
    "office's, a text that is empty once trimmed"
)
TOO_MANY = OpenApiResponse(
    description="Too many aspirations from your address in the last hour: try again later"
)


def _staff_membership(request):
    membership = api_membership(request)
    if not policy.sees_inbox(membership):
        raise NotAllowed(_("Only the office's staff read the aspiration inbox."))
    return membership


def _aspiration(request, pk):
    membership = _staff_membership(request)
    if not 0 < pk <= 2**63 - 1:
        raise Http404
    return policy.aspiration_get_for(membership, pk=pk)


def _detail(request, aspiration):
    membership = api_membership(request)
    aspiration = policy.aspiration_get_for(membership, pk=aspiration.pk)
    return Response(s.AspirationSerializer(aspiration, context={"membership": membership}).data)


def _office_object(model, office, pk, field):
    found = model.objects.filter(office=office, pk=pk).first()
    if found is None:
        raise Unprocessable({field: [_("Not found in this office.")]})
    return found


class AspirationListCreate(generics.ListAPIView):
    """GET: the office's aspiration inbox (staff: the camat and secretaries see all, a section
    officer those of their section's categories; anyone else 403). POST: anyone, without
    logging in, sends an aspiration to the office of this installation's public page and
    receives its tracking code."""

    serializer_class = s.AspirationSerializer

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [HasMembership()]

    def get_queryset(self):
        membership = _staff_membership(self.request)
        query = s.AspirationListQuerySerializer(data=dict(self.request.query_params.items()))
        query.is_valid(raise_exception=True)
        return selectors.aspiration_inbox_for(
            membership=membership, stage=query.validated_data["stage"]
        ).select_related("case")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "membership": api_membership(self.request)}

    @extend_schema(parameters=[s.AspirationListQuerySerializer], responses={
        200: s.AspirationSerializer(many=True), 403: INBOX_REFUSED})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=s.AspirationCreateSerializer,
        responses={
            201: s.AspirationPublicSerializer,
            404: OpenApiResponse(description="No office takes aspirations here"),
            422: REFUSED,
            429: TOO_MANY,
        },
        auth=[],
    )
    def post(self, request):
        data = validated(s.AspirationCreateSerializer, request)
        office = public_office(request)
        if office is None:
            raise NotFound(_("No office takes aspirations here."))
        try:
            aspiration = services.submit_aspiration(
                office=office,
                village=_office_object(Village, office, data["village"], "village"),
                category=_office_object(Category, office, data["category"], "category"),
                title=data["title"],
                text=data["text"],
                anonymous=data["anonymous"],
                name=data["name"],
                contact=data["contact"],
                client_address=get_client_ip_address(request._request) or "",
            )
        except services.RateLimited as error:
            raise Throttled(detail=str(error.message)) from error
        return Response(
            s.AspirationPublicSerializer(selectors.aspiration_public_view(aspiration)).data,
            status=status.HTTP_201_CREATED,
        )


class AspirationTrack(APIView):
    """The public view of one aspiration by its tracking code (no login): its stages, the
    reason of a rejection, the public answer, the public progress of the case it became."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: s.AspirationPublicSerializer, 404: NOT_FOUND},
        auth=[],
    )
    def get(self, request, code):
        aspiration = selectors.aspiration_get_by_code(code=services.normalise_code(code))
        if aspiration is None:
            raise NotFound()
        return Response(
            s.AspirationPublicSerializer(selectors.aspiration_public_view(aspiration)).data
        )


class AspirationDetail(APIView):
    @extend_schema(responses={200: s.AspirationSerializer, 403: INBOX_REFUSED, 404: NOT_FOUND})
    def get(self, request, pk):
        return _detail(request, _aspiration(request, pk))


class AspirationStep(APIView):
    step = ""

    def post(self, request, pk):
        membership = api_membership(request)
        aspiration = _aspiration(request, pk)
        if not policy.aspiration_may(membership, self.step, aspiration):
            raise NotAllowed(_("Your role may not take this step on this aspiration."))
        body = s.STEP_BODIES[self.step]
        data = dict(validated(body, request)) if body else {}
        if self.step == "make_case":
            data["village"] = _office_object(Village, aspiration.office, data["village"], "village")
            data["category"] = _office_object(
                Category, aspiration.office, data["category"], "category"
            )
        services.aspiration_take_step(
            step=self.step, acting=membership, aspiration=aspiration, **data
        )
        return _detail(request, aspiration)


def step_view(step: str):
    """The view of one step, with its own body in the OpenAPI document."""

    @extend_schema(
        operation_id=f"aspirations_actions_{step}",
        summary=str(STEPS[step].label),
        request=s.STEP_BODIES[step],
        responses={
            200: s.AspirationSerializer,
            403: OpenApiResponse(description="Your role may not take this step"),
            404: NOT_FOUND,
            409: STATE_CONFLICT,
            422: REFUSED,
        },
    )
    def post(self, request, pk):
        return AspirationStep.post(self, request, pk)

    name = f"Aspiration{step.title().replace('_', '')}Step"
    return type(name, (AspirationStep,), {"step": step, "post": post, "__doc__": ""})
