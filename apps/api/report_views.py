"""Village report endpoints: the same policy and services as the pages."""

import datetime as dt
import json

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.errors import DomainError, NotAllowed
from apps.core.uploads import MAX_FILES, UploadedDocument
from apps.village_reports import policy, selectors, services
from apps.village_reports.workflow import REVIEW_STEPS, Status

from . import report_serializers as s
from .case_views import WITH_FILES
from .permissions import MAX_ID, api_membership

ERRORS = {
    400: OpenApiResponse(description="Invalid body: field errors"),
    403: OpenApiResponse(description="Your role may not take this step"),
    404: OpenApiResponse(description="No such report, or you may not see it"),
    409: OpenApiResponse(description="Not possible in the report's current state"),
}
# The body of each review step (`workflow.REVIEW_STEPS`); a test keeps the two in step.
REVIEW_BODIES = {"accept": s.ReviewSerializer, "return": s.ReviewSerializer}


def _files(request) -> list:
    files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
    if len(files) > MAX_FILES:
        raise ValidationError(
            {"files": [_("Send at most %(count)s files at once.") % {"count": MAX_FILES}]}
        )
    checked = []
    for upload in files:
        try:
            checked.append(UploadedDocument.check(upload))
        except DomainError as error:
            raise ValidationError({"files": [str(error.message)]}) from error
    return checked


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


def _id(value: str) -> int | None:
    """A filter id, or None; an id past 64 bits names nothing (and must not overflow)."""
    return int(value) if value.isdigit() and 0 < int(value) <= MAX_ID else None


class SubmissionListCreate(generics.ListAPIView):
    """Village reports the caller may see (a village: its own, drafts too; the office: what
    villages have sent), filtered by `status`, `obligation`, `village`; villages send a report
    with POST (multipart with `files` when the obligation needs a document)."""

    serializer_class = s.SubmissionSerializer

    def get_parsers(self):
        return [parser() for parser in WITH_FILES]  # files come as multipart

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Status.values),
            OpenApiParameter("obligation", int),
            OpenApiParameter("village", int),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        ids = {k: _id(params.get(k, "")) for k in ("obligation", "village")}
        return selectors.submission_list_for(
            membership=api_membership(self.request),
            status=params.get("status", "") if params.get("status") in Status.values else "",
            obligation=ids["obligation"],
            village=ids["village"],
        ).prefetch_related("values__spec", "files")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "membership": api_membership(self.request)}

    @extend_schema(
        request=s.SubmissionCreateSerializer,
        responses={201: s.SubmissionSerializer, 200: s.SubmissionSerializer, **ERRORS},
    )
    def post(self, request):
        body = s.SubmissionCreateSerializer(data=_body(request))
        body.is_valid(raise_exception=True)
        data = body.validated_data
        membership = api_membership(request)
        if not policy.can_submit_reports(membership):
            raise NotAllowed(_("Only village officials send reports."))
        obligation = policy.obligations_for(membership).filter(pk=data["obligation"]).first()
        if obligation is None:
            raise ValidationError({"obligation": [_("Not found in this office.")]})
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
            files=_files(request),
            note=data["note"],
        )
        return _submission_response(
            request, submission, status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class SubmissionDetail(APIView):
    @extend_schema(responses={200: s.SubmissionSerializer, 404: ERRORS[404]})
    def get(self, request, pk):
        return _submission_response(
            request, policy.submission_get_for(api_membership(request), pk=pk)
        )


class SubmissionReview(APIView):
    """Accept a submitted report, or return it with a note (the reviewing section, the camat
    or a secretary). Another role answers 403; a report not waiting for review, 409."""

    @extend_schema(
        request=s.ReviewSerializer,
        responses={200: s.SubmissionSerializer, **ERRORS},
        parameters=[OpenApiParameter("step", str, OpenApiParameter.PATH, enum=list(REVIEW_STEPS))],
    )
    def post(self, request, pk, step):
        if step not in REVIEW_STEPS:
            raise NotFound(_("Unknown action."))
        membership = api_membership(request)
        submission = policy.submission_get_for(membership, pk=pk)
        body = REVIEW_BODIES[step](data=request.data)
        body.is_valid(raise_exception=True)
        services.report_review(
            step=step, acting=membership, submission=submission, note=body.validated_data["note"]
        )
        return _submission_response(request, submission)


def _body(request) -> dict:
    """JSON as it is; a multipart form (with `files`) carries the figures as a JSON text."""
    if not hasattr(request.data, "getlist"):
        return request.data
    body = {key: request.data.get(key) for key in request.data if key != "files"}
    if isinstance(body.get("figures"), str):
        try:
            body["figures"] = json.loads(body["figures"] or "{}")
        except ValueError as error:
            raise ValidationError({"figures": [_("Send the figures as a JSON object.")]}) from error
    return body


def parse_date(value: str, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError({field: [_("Use a date such as 2026-01-31.")]}) from error
