"""Case endpoints: the same policy and services as the pages.

Each write answers in the same order: the case (404), the caller's role (403), the body
(400), then what the body names (422) and the case's state (409)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import policy as scope
from apps.accounts.models import User
from apps.cases import policy, selectors, services
from apps.cases.workflow import STEPS, TRANSITIONS
from apps.core.errors import DomainError, NotAllowed
from apps.core.uploads import MAX_FILES, UploadedDocument
from apps.follow_ups.policy import follow_up_may_complete

from . import case_serializers as s
from .exceptions import Unprocessable
from .pagination import CasePagination
from .parsers import JSONParser, MultiPartParser
from .permissions import api_membership
from .schema import REFUSED, conflict, not_found
from .strict import as_filter_data, query, validated

CASE_NOT_FOUND = not_found("case")
STATE_CONFLICT = conflict("Not possible in the case's current state")
WITH_FILES = [JSONParser, MultiPartParser]
IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "maxLength": 64},
    OpenApiParameter.HEADER,
    required=False,
    description="Same as `idempotency_key` in the body.",
)


def checked_uploads(request, field: str) -> list:
    """Files sent as multipart/form-data under `field`: too many is a 400, one that is not
    an accepted document (by its content) a 422."""
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
            raise Unprocessable({field: [str(error.message)]}) from error
    return checked


def _case(request, key):
    key = str(key)
    # Numbers past 64 bits, other scripts' digits and NUL name no case (and would trip the
    # database): the same 404 as any case the caller may not see.
    if "\x00" in key or (key.isdigit() and not (key.isascii() and len(key) <= 18)):
        raise Http404
    return policy.case_get_for(api_membership(request), key=key)


def _office_object(model, office, pk, field):
    if pk is None:
        return None
    found = model.objects.filter(office=office, pk=pk).first()
    if found is None:
        raise Unprocessable({field: [_("Not found in this office.")]})
    return found


def _body(serializer_class, request):
    return validated(serializer_class, request)


def _case_response(request, case, code=status.HTTP_200_OK):
    case = policy.case_get_for(api_membership(request), key=case.pk)
    return Response(
        s.CaseSerializer(case, context={"membership": api_membership(request)}).data,
        status=code,
    )


class CaseListCreate(generics.ListAPIView):
    """Cases the caller may see, overdue first, then newest, with the filters of the list
    page; villages create cases with POST."""

    serializer_class = s.CaseSerializer
    pagination_class = CasePagination

    def get_parsers(self):
        return [parser() for parser in WITH_FILES]

    def get_queryset(self):
        membership = api_membership(self.request)
        data = query(s.CaseListQuerySerializer, self.request)
        if not self._names_reachable(membership, data):
            return policy.cases_for(membership).none()  # an unseen id matches nothing, not all
        _filters, qs = selectors.case_list_for(
            membership=membership, data=as_filter_data(data), request=self.request
        )
        return qs.select_related("village__region")

    @staticmethod
    def _names_reachable(membership, data) -> bool:
        if scope.is_village_official(membership):
            data = {k: v for k, v in data.items() if k not in ("village", "section")}
        reach = {
            "village": scope.villages_for,
            "category": scope.categories_for,
            "section": scope.sections_for,
        }
        return all(
            reach[name](membership).filter(pk=data[name]).exists() for name in reach if name in data
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "membership": api_membership(self.request)}

    @extend_schema(
        parameters=[s.CaseListQuerySerializer],
        responses={
            200: s.CaseSerializer(many=True),
            422: REFUSED,  # `after` names no case of this list (deleted or filtered out)
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={
            "application/json": s.CaseCreateSerializer,
            "multipart/form-data": s.CaseCreateMultipartSerializer,
        },
        responses={
            201: s.CaseSerializer,
            200: OpenApiResponse(
                s.CaseSerializer, description="The case made earlier with this idempotency key"
            ),
            409: OpenApiResponse(description="This idempotency key was used for another case"),
            422: REFUSED,
        },
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request):
        membership = api_membership(request)
        if not policy.can_submit_case(membership):
            raise NotAllowed(_("Only village officials submit cases."))
        data = _body(s.CaseCreateSerializer, request)
        header_key = idempotency_header(request)
        category = (
            scope.categories_for(membership).filter(pk=data["category"], is_active=True).first()
        )
        if category is None:
            raise Unprocessable({"category": [_("Choose a category of your sub-district.")]})
        key = data.get("idempotency_key") or header_key
        result = services.case_submit(
            acting=membership,
            category=category,
            urgency=data["urgency"],
            title=data["title"],
            description=data["description"],
            idempotency_key=key,
            attachments=checked_uploads(request, "attachments"),
        )
        return _case_response(
            request, result.case, status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


def idempotency_header(request) -> str:
    key = request.headers.get("Idempotency-Key", "")
    if len(key) > 64:
        raise ValidationError({"Idempotency-Key": [_("Use at most 64 characters.")]})
    return key


class CaseDetail(APIView):
    @extend_schema(responses={200: s.CaseSerializer, 404: CASE_NOT_FOUND})
    def get(self, request, key):
        return _case_response(request, _case(request, key))


class CaseComments(APIView):
    @extend_schema(responses={200: s.CommentSerializer(many=True), 404: CASE_NOT_FOUND})
    def get(self, request, key):
        case = _case(request, key)
        comments = selectors.case_comments_for(membership=api_membership(request), case=case)
        return Response(s.CommentSerializer(comments, many=True).data)

    @extend_schema(
        request=s.CommentCreateSerializer,
        responses={201: s.CommentSerializer, 404: CASE_NOT_FOUND},
        description="Internal notes (`internal: true`) are for office staff only (403).",
    )
    def post(self, request, key):
        case = _case(request, key)
        membership = api_membership(request)
        if not policy.case_may(membership, "comment", case) or (
            _asks_internal(request) and not policy.case_may(membership, "comment_internal", case)
        ):
            raise NotAllowed(_("Your role may not take this step on this case."))
        data = _body(s.CommentCreateSerializer, request)
        comment = services.comment_add(
            acting=membership, case=case, body=data["body"], internal=data["internal"]
        )
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


def _asks_internal(request) -> bool:
    """Whether the body asks for an internal note (a malformed flag is the body's 400)."""
    try:
        return serializers.BooleanField().run_validation(request.data.get("internal", False))
    except (ValidationError, AttributeError):
        return False


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
    @extend_schema(responses={200: s.FollowUpSerializer(many=True), 404: CASE_NOT_FOUND})
    def get(self, request, key):
        case = _case(request, key)
        items = selectors.case_follow_ups(case=case)
        return Response(s.FollowUpSerializer(items, many=True).data)

    @extend_schema(
        request=s.FollowUpCreateSerializer,
        responses={
            201: s.FollowUpSerializer,
            404: CASE_NOT_FOUND,
            409: STATE_CONFLICT,
            422: REFUSED,
        },
    )
    def post(self, request, key):
        case = _case(request, key)
        membership = api_membership(request)
        if not policy.case_may(membership, "add_follow_up", case):
            raise NotAllowed(_("Your role may not take this step on this case."))
        data = _body(s.FollowUpCreateSerializer, request)
        follow_up = services.follow_up_add(
            acting=membership, case=case, item=_follow_up_input(case, data, "owner_section")
        )
        return Response(s.FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpComplete(APIView):
    def get_parsers(self):
        return [parser() for parser in WITH_FILES]

    @extend_schema(
        request={
            "application/json": s.FollowUpCompleteSerializer,
            "multipart/form-data": s.FollowUpCompleteMultipartSerializer,
        },
        responses={
            200: s.FollowUpSerializer,
            404: OpenApiResponse(description="No such case or action, or you may not see it"),
            409: OpenApiResponse(description="The action is already done"),
            422: REFUSED,
        },
        parameters=[
            OpenApiParameter(
                "fid", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, required=True
            )
        ],
    )
    def post(self, request, key, fid):
        case = _case(request, key)
        if not 0 < fid <= s.MAX_ID:
            raise NotFound(_("Not found."))
        follow_up = selectors.case_follow_up_get(case=case, pk=fid)
        membership = api_membership(request)
        if not follow_up_may_complete(membership, follow_up, source=case):
            raise NotAllowed(_("Your role may not complete this action."))
        data = _body(s.FollowUpCompleteSerializer, request)
        follow_up = services.follow_up_complete(
            acting=membership,
            follow_up=follow_up,
            note=data["note"],
            evidence=checked_uploads(request, "evidence"),
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
# Steps that also take files, as multipart/form-data.
ACTION_FILES = {"resubmit": s.ResubmitMultipartSerializer}


class CaseAction(APIView):
    """One step of the workflow, one operation per step (`/cases/{key}/actions/<step>`).
    A step the caller's role may not take answers 403 (before the body is read); one not
    possible in the case's state, 409."""

    action = ""

    def get_parsers(self):
        return [
            parser() for parser in (WITH_FILES if self.action in ACTION_FILES else [JSONParser])
        ]

    def post(self, request, key, action=None):
        action = action or self.action
        if action not in TRANSITIONS:
            raise NotFound(_("Unknown action."))
        membership = api_membership(request)
        case = _case(request, key)
        if not policy.case_may(membership, action, case):  # the role before the body
            raise NotAllowed(_("Your role may not take this step on this case."))
        data = _body(ACTION_BODIES[action], request) if ACTION_BODIES[action] else {}
        services.case_take_step(
            step=action,
            acting=membership,
            case=case,
            **_step_values(request, case, action, data),
        )
        return _case_response(request, case)


@extend_schema(exclude=True)
class UnknownCaseAction(CaseAction):
    """`/cases/{key}/actions/<anything else>`: 404 (the steps have their own routes)."""


def action_view(action: str):
    """The view of one step, with its own body in the OpenAPI document."""
    body = ACTION_BODIES[action]
    request = None
    if body is not None:
        request = (
            {"application/json": body, "multipart/form-data": ACTION_FILES[action]}
            if action in ACTION_FILES
            else body
        )

    @extend_schema(
        operation_id=f"cases_actions_{action}",
        summary=STEPS[action].label,
        request=request,
        responses={
            200: s.CaseSerializer,
            404: CASE_NOT_FOUND,
            409: STATE_CONFLICT,
            422: REFUSED,
        },
    )
    def post(self, request, key):
        return CaseAction.post(self, request, key)

    name = f"Case{action.title().replace('_', '')}Action"
    return type(name, (CaseAction,), {"action": action, "post": post, "__doc__": ""})


def _step_values(request, case, action, data) -> dict:
    """Turn the ids of an action body into the objects the service takes."""
    from apps.offices.models import Agency, Section

    values = dict(data)
    if action == "resubmit":
        values["attachments"] = checked_uploads(request, "attachments")
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
        raise Unprocessable({field: [_("No such officer.")]})
    return user
