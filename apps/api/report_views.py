"""Village report endpoints: the same policy and services as the pages."""

import datetime as dt
import json

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiRequest, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.errors import NotAllowed
from apps.village_reports import policy, selectors, services
from apps.village_reports.workflow import REVIEW_STEPS, STEPS, Status

from . import report_serializers as s
from .case_serializers import id_field
from .case_views import WITH_FILES, checked_uploads
from .exceptions import Unprocessable
from .permissions import api_membership
from .schema import REFUSED, conflict, not_found
from .strict import query, validated

REPORT_NOT_FOUND = not_found("report")
STATE_CONFLICT = conflict("Not possible in the report's current state")
# The body of each review step (`workflow.REVIEW_STEPS`); a test keeps the two in step.
REVIEW_BODIES = {"accept": s.ReviewSerializer, "return": s.ReturnSerializer}


class SubmissionListQuerySerializer(serializers.Serializer):
    """The filters of GET /api/v1/report-submissions."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    obligation = id_field(required=False)
    village = id_field(required=False, help_text="Village id (staff only).")


def _submission_response(request, submission, code=status.HTTP_200_OK):
    membership = api_membership(request)
    submission = policy.submission_get_for(membership, pk=submission.pk)
    return Response(
        s.SubmissionSerializer(submission, context={"membership": membership}).data, status=code
    )


class ObligationList(generics.ListAPIView):
    """The reporting obligations of the caller's office (an inspector: of the regency's
    offices), with the figures each report holds."""

    serializer_class = s.ObligationSerializer

    def get_queryset(self):
        return (
            policy.obligations_for(api_membership(self.request))
            .select_related("section")
            .prefetch_related("figures__at_most")
            .order_by("office_id", "order", "name")
        )


class SubmissionListCreate(generics.ListAPIView):
    """Village reports the caller may see (a village: its own, drafts too; the office: what
    villages have sent), filtered by `status`, `obligation`, `village`; villages send a report
    with POST (multipart with `files` when the obligation needs a document)."""

    serializer_class = s.SubmissionSerializer

    def get_parsers(self):
        return [parser() for parser in WITH_FILES]  # files come as multipart

    @extend_schema(parameters=[SubmissionListQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        data = query(SubmissionListQuerySerializer, self.request)
        return selectors.submission_list_for(
            membership=api_membership(self.request),
            status=data.get("status", ""),
            obligation=data.get("obligation"),
            village=data.get("village"),
        ).prefetch_related("values__spec", "files")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "membership": api_membership(self.request)}

    @extend_schema(
        request={
            "application/json": s.SubmissionCreateSerializer,
            "multipart/form-data": OpenApiRequest(
                s.SubmissionCreateMultipartSerializer,
                encoding={"figures": {"contentType": "application/json"}},
            ),
        },
        responses={
            201: s.SubmissionSerializer,
            200: OpenApiResponse(
                s.SubmissionSerializer,
                description="The report of this obligation and period, saved again",
            ),
            409: STATE_CONFLICT,
            422: REFUSED,
        },
    )
    def post(self, request):
        membership = api_membership(request)
        if not policy.can_submit_reports(membership):  # the role before the body
            raise NotAllowed(_("Only village officials send reports."))
        data = _body(request)
        obligation = policy.obligations_for(membership).filter(pk=data["obligation"]).first()
        if obligation is None:
            raise Unprocessable({"obligation": [_("Not found in this office.")]})
        existed = (
            policy.submissions_for(membership)
            .filter(obligation=obligation, period_start=data["period_start"])
            .exists()
        )
        service = services.report_save_draft if data["draft"] else services.report_submit
        submission = service(
            acting=membership,
            obligation=obligation,
            period_start=data["period_start"],
            figures=data.get("figures", {}),
            files=checked_uploads(request, "files"),
            note=data["note"],
        )
        return _submission_response(
            request, submission, status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class SubmissionDetail(APIView):
    @extend_schema(responses={200: s.SubmissionSerializer, 404: REPORT_NOT_FOUND})
    def get(self, request, pk):
        return _submission_response(
            request, policy.submission_get_for(api_membership(request), pk=pk)
        )


class SubmissionReview(APIView):
    """`/report-submissions/{id}/review/<step>`: accept a submitted report, or return it with
    a note (the reviewing section, the camat or a secretary), one operation per step (see
    `review_view`). Another role answers 403 before the body is read; a report not waiting
    for review, 409."""

    step = ""

    def post(self, request, pk, step=None):
        step = step or self.step
        if step not in REVIEW_STEPS:
            raise NotFound(_("Unknown action."))
        membership = api_membership(request)
        submission = policy.submission_get_for(membership, pk=pk)
        if not policy.report_may(membership, step, submission.obligation, submission.village_id):
            raise NotAllowed(_("Your role may not take this step on this report."))
        data = validated(REVIEW_BODIES[step], request)
        services.report_review(
            step=step, acting=membership, submission=submission, note=data["note"]
        )
        return _submission_response(request, submission)


@extend_schema(exclude=True)
class UnknownReviewStep(SubmissionReview):
    """`/report-submissions/{id}/review/<anything else>`: 404."""


def review_view(step: str):
    """The view of one review step, with its own body in the OpenAPI document."""

    @extend_schema(
        operation_id=f"report_submissions_review_{step}",
        summary=str(STEPS[step].label),
        request=REVIEW_BODIES[step],
        responses={
            200: s.SubmissionSerializer,
            404: REPORT_NOT_FOUND,
            409: STATE_CONFLICT,
            422: REFUSED,
        },
    )
    def post(self, request, pk):
        return SubmissionReview.post(self, request, pk)

    name = f"Review{step.title()}Step"
    return type(name, (SubmissionReview,), {"step": step, "post": post, "__doc__": ""})


def _body(request) -> dict:
    """The body, validated: JSON as it is; a multipart form (with `files`) carries the
    figures as a JSON text."""
    if not hasattr(request.data, "getlist"):
        return validated(s.SubmissionCreateSerializer, request)
    body = {key: request.data.get(key) for key in request.data if key != "files"}
    if isinstance(body.get("figures"), str):
        try:
            body["figures"] = json.loads(body["figures"] or "{}")
        except ValueError as error:
            raise ValidationError({"figures": [_("Send the figures as a JSON object.")]}) from error
    serializer = s.SubmissionCreateSerializer(data=body)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def parse_date(value: str, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError({field: [_("Use a date such as 2026-01-31.")]}) from error
