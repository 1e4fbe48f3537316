"""Case endpoints: the same policy and services as the pages."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import policy as scope
from apps.accounts.models import User
from apps.cases import policy, selectors, services
from apps.cases.models import FollowUp
from apps.cases.workflow import TRANSITIONS
from apps.core.errors import DomainError, NotAllowed
from apps.core.uploads import MAX_FILES, UploadedDocument

from . import case_serializers as s
from .permissions import api_membership

ERRORS = {
    400: OpenApiResponse(description="Invalid body: field errors"),
    403: OpenApiResponse(description="Your role may not take this step"),
    404: OpenApiResponse(description="No such case, or you may not see it"),
    409: OpenApiResponse(description="Not possible in the case's current state"),
}


def _uploads(request, field: str) -> list:
    """Files sent as multipart/form-data under `field`, checked by content (400 if not)."""
    files = request.FILES.getlist(field) if hasattr(request, "FILES") else []
    if len(files) > MAX_FILES:
        raise ValidationError(
            {field: [_("Send at most %(count)s files at once.") % {"count": MAX_FILES}]}
        )
    checked = []
    for upload in files:
        try:
            checked.append(UploadedDocument.check(upload))
        except DomainError as error:
            raise ValidationError({field: [str(error.message)]}) from error
    return checked


def _case(request, key):
    return policy.case_get_for(api_membership(request), key=key)


def _office_object(model, office, pk, field):
    if pk is None:
        return None
    found = model.objects.filter(office=office, pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("Not found in this office.")]})
    return found


def _case_response(request, case, code=status.HTTP_200_OK):
    case = policy.case_get_for(api_membership(request), key=case.pk)
    return Response(
        s.CaseSerializer(case, context={"membership": api_membership(request)}).data,
        status=code,
    )


class CaseListCreate(generics.ListAPIView):
    """Cases the caller may see, with the same filters as the list page (`status`,
    `village`, `category`, `section`, `urgency`, `overdue`, `submitted_from`,
    `submitted_to`, `q`); villages create cases with POST."""

    serializer_class = s.CaseSerializer

    def get_queryset(self):
        _filters, qs = selectors.case_list_for(
            membership=api_membership(self.request),
            data=self.request.query_params,
            request=self.request,
        )
        return qs.select_related("village__region")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "membership": api_membership(self.request)}

    @extend_schema(
        request=s.CaseCreateSerializer,
        responses={201: s.CaseSerializer, 200: s.CaseSerializer, **ERRORS},
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)
        ],
    )
    def post(self, request):
        body = s.CaseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        membership = api_membership(request)
        category = (
            scope.categories_for(membership)
            .filter(pk=body.validated_data["category"], is_active=True)
            .first()
        )
        if category is None:
            raise ValidationError({"category": [_("Choose a category of your sub-district.")]})
        key = body.validated_data.get("idempotency_key") or request.headers.get(
            "Idempotency-Key", ""
        )
        result = services.case_submit(
            acting=membership,
            category=category,
            urgency=body.validated_data["urgency"],
            title=body.validated_data["title"],
            description=body.validated_data["description"],
            idempotency_key=key,
            attachments=_uploads(request, "attachments"),
        )
        return _case_response(
            request, result.case, status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


class CaseDetail(APIView):
    @extend_schema(responses={200: s.CaseSerializer, 404: ERRORS[404]})
    def get(self, request, key):
        return _case_response(request, _case(request, key))


class CaseComments(APIView):
    @extend_schema(responses={200: s.CommentSerializer(many=True), 404: ERRORS[404]})
    def get(self, request, key):
        case = _case(request, key)
        comments = selectors.case_comments_for(membership=api_membership(request), case=case)
        return Response(s.CommentSerializer(comments, many=True).data)

    @extend_schema(
        request=s.CommentCreateSerializer, responses={201: s.CommentSerializer, **ERRORS}
    )
    def post(self, request, key):
        case = _case(request, key)
        body = s.CommentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = services.comment_add(
            acting=api_membership(request),
            case=case,
            body=body.validated_data["body"],
            internal=body.validated_data["internal"],
        )
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


def _follow_up_input(case, data, field="follow_ups"):
    from apps.offices.models import Agency, Section

    return services.FollowUpInput(
        action=data["action"],
        owner_kind=data["owner_kind"],
        due_date=data["due_date"],
        owner_section=_office_object(Section, case.office, data.get("owner_section"), field),
        owner_agency=_office_object(Agency, case.office, data.get("owner_agency"), field),
    )


class CaseFollowUps(APIView):
    @extend_schema(responses={200: s.FollowUpSerializer(many=True), 404: ERRORS[404]})
    def get(self, request, key):
        case = _case(request, key)
        items = case.follow_ups.select_related("owner_section", "owner_agency", "case__village")
        return Response(s.FollowUpSerializer(items, many=True).data)

    @extend_schema(
        request=s.FollowUpCreateSerializer, responses={201: s.FollowUpSerializer, **ERRORS}
    )
    def post(self, request, key):
        case = _case(request, key)
        body = s.FollowUpCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        follow_up = services.follow_up_add(
            acting=api_membership(request),
            case=case,
            item=_follow_up_input(case, body.validated_data, "owner_section"),
        )
        return Response(s.FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpComplete(APIView):
    @extend_schema(
        request=s.FollowUpCompleteSerializer, responses={200: s.FollowUpSerializer, **ERRORS}
    )
    def post(self, request, key, fid):
        case = _case(request, key)
        follow_up = get_object_or_404(FollowUp, case=case, pk=fid)
        body = s.FollowUpCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        follow_up = services.follow_up_complete(
            acting=api_membership(request),
            follow_up=follow_up,
            note=body.validated_data["note"],
            evidence=_uploads(request, "evidence"),
        )
        return Response(s.FollowUpSerializer(follow_up).data)


# The body of each workflow step (`workflow.TRANSITIONS`); a test keeps the two in step.
ACTION_BODIES = {
    "verify": None,
    "return": s.ReasonSerializer,
    "resubmit": s.ResubmitSerializer,
    "reject": s.ReasonSerializer,
    "dispose": s.DisposeSerializer,
    "assign": s.AssignSerializer,
    "answer": s.AnswerSerializer,
    "refer": s.ReferSerializer,
    "confirm": s.ConfirmSerializer,
    "reopen": s.ReasonSerializer,
    "referral_outcome": s.OutcomeSerializer,
}


class CaseAction(APIView):
    """One step of the workflow (the steps of `workflow.TRANSITIONS`). A step the caller's
    role may not take answers 403; one not possible in the case's state, 409."""

    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="CaseActionBody",
            serializers=[body for body in dict.fromkeys(ACTION_BODIES.values()) if body],
            resource_type_field_name=None,
        ),
        description=(
            "Bodies by action: `return`, `reject`, `reopen`: reason; `resubmit`: description "
            "(and `attachments` as multipart); `dispose`: section, instruction, officer; "
            "`assign`: officer (empty: the caller takes it); `answer`: response, solution, "
            "follow_ups; `refer`: agency, letter_number, note; `referral_outcome`: outcome; "
            "`confirm`: rating 1-5, comment; `verify`: no body."
        ),
        responses={200: s.CaseSerializer, **ERRORS},
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(TRANSITIONS))],
    )
    def post(self, request, key, action):
        if action not in TRANSITIONS:
            raise NotFound(_("Unknown action."))
        membership = api_membership(request)
        case = _case(request, key)
        if not policy.case_may(membership, action, case):  # the role before the body
            raise NotAllowed(_("Your role may not take this step on this case."))
        data = {}
        if ACTION_BODIES[action] is not None:
            body = ACTION_BODIES[action](data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
        services.case_take_step(
            step=action,
            acting=membership,
            case=case,
            **_step_values(request, case, action, data),
        )
        return _case_response(request, case)


def _step_values(request, case, action, data) -> dict:
    """Turn the ids of an action body into the objects the service takes."""
    from apps.offices.models import Agency, Section

    values = dict(data)
    if action == "resubmit":
        values["attachments"] = _uploads(request, "attachments")
    elif action == "dispose":
        values["section"] = _office_object(Section, case.office, data["section"], "section")
        values["officer"] = _user(data.get("officer"), "officer")
    elif action == "assign":
        values["officer"] = _user(data.get("officer"), "officer")
    elif action == "answer":
        values["follow_ups"] = [_follow_up_input(case, item) for item in data.get("follow_ups", [])]
    elif action == "refer":
        values["agency"] = _office_object(Agency, case.office, data["agency"], "agency")
    return values


def _user(pk, field):
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise ValidationError({field: [_("No such officer.")]})
    return user
