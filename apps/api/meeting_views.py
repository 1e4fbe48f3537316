"""Agenda endpoints: meetings, check-in, consultations and the one follow-up board, with the
same policies, selectors and services as the pages."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.follow_ups.registry import load_sources
from apps.follow_ups.selectors import follow_up_board_for
from apps.meetings import policy, selectors, services
from apps.meetings.models import MeetingKind

from .permissions import api_membership

ERRORS = {
    400: OpenApiResponse(description="Invalid body: field errors"),
    403: OpenApiResponse(description="Your role may not take this step"),
    404: OpenApiResponse(description="No such object, or you may not see it"),
    409: OpenApiResponse(description="Not possible now (state, time, or the slot is taken)"),
}


class AgendaItemSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    presenter = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    duration = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    description = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    where = serializers.CharField()
    section = serializers.CharField(source="section.name")
    is_public = serializers.BooleanField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    letter_number = serializers.CharField()
    actions = serializers.SerializerMethodField(help_text="The steps the caller may take now.")

    def get_actions(self, obj) -> list[str]:
        membership = self.context.get("membership")
        return sorted(policy.meeting_steps_for(membership, obj)) if membership else []


class MeetingCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    section = serializers.IntegerField()
    room = serializers.IntegerField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    is_public = serializers.BooleanField(default=False)
    villages = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    people = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    agenda = AgendaItemSerializer(many=True, required=False, default=list)


class CheckInSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The code in the meeting's QR link.")


class AttendanceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="user.get_full_name")
    village = serializers.CharField(source="village.name", default=None)
    response = serializers.CharField()
    checked_in_at = serializers.DateTimeField()


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    village = serializers.CharField(source="village.name")
    section = serializers.CharField(source="section.name")
    room = serializers.CharField(source="room.name")
    officer = serializers.CharField(source="officer.get_full_name")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    topic = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    reason = serializers.CharField()
    actions = serializers.SerializerMethodField()

    def get_actions(self, obj) -> list[str]:
        membership = self.context.get("membership")
        return sorted(policy.consultation_steps_for(membership, obj)) if membership else []


class ConsultationBookSerializer(serializers.Serializer):
    section = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    topic = serializers.CharField()
    case_ref = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationStepSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField(required=False)


class FollowUpBoardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    source_type = serializers.CharField()
    source_id = serializers.CharField()
    source_title = serializers.CharField()
    owner_kind = serializers.CharField()
    owner_label = serializers.CharField()
    due_date = serializers.DateField()
    is_overdue = serializers.BooleanField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    completion_note = serializers.CharField()
    completed_at = serializers.DateTimeField()


def _office_object(queryset, pk, field):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: ["Not found in this office."]})
    return found


class MeetingListCreate(generics.ListAPIView):
    """Meetings the caller may see, the coming ones first (`?past=1` for the past ones);
    the office's staff schedule one with POST (invitations leave as with the page)."""

    serializer_class = MeetingSerializer

    def get_queryset(self):
        past = self.request.query_params.get("past") in ("1", "true")
        return selectors.meeting_list_for(
            membership=api_membership(self.request), upcoming=not past
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "membership": api_membership(self.request)}

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer, **ERRORS})
    def post(self, request):
        membership = api_membership(request)
        if not policy.can_schedule_meeting(membership):
            return Response({"detail": "Meetings are scheduled by the office's staff."}, 403)
        body = MeetingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data, office = body.validated_data, membership.office
        meeting = services.meeting_schedule(
            acting=membership,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            section=_office_object(office.sections, data["section"], "section"),
            room=_office_object(office.rooms, data.get("room"), "room"),
            place=data["place"],
            is_public=data["is_public"],
            villages=list(office.villages.filter(pk__in=data["villages"])),
            people=list(
                User.objects.filter(
                    pk__in=data["people"], memberships__office=office, memberships__is_active=True
                ).distinct()
            ),
            agenda=[services.AgendaInput(**item) for item in data["agenda"]],
        )
        return Response(
            MeetingSerializer(meeting, context={"membership": membership}).data,
            status=status.HTTP_201_CREATED,
        )


class MeetingDetail(APIView):
    @extend_schema(responses={200: MeetingSerializer, 404: ERRORS[404]})
    def get(self, request, pk):
        membership = api_membership(request)
        meeting = policy.meeting_get_for(membership, pk=pk)
        return Response(MeetingSerializer(meeting, context={"membership": membership}).data)


class MeetingAttendance(APIView):
    """The attendance (staff: everyone; a village: its own people), and check-in with the
    code of the meeting's QR link (invited people, during the meeting, once)."""

    @extend_schema(responses={200: AttendanceSerializer(many=True), 404: ERRORS[404]})
    def get(self, request, pk):
        membership = api_membership(request)
        meeting = policy.meeting_get_for(membership, pk=pk)
        page = selectors.meeting_page_for(membership=membership, meeting=meeting)
        return Response(AttendanceSerializer(page.invitations, many=True).data)

    @extend_schema(request=CheckInSerializer, responses={200: AttendanceSerializer, **ERRORS})
    def post(self, request, pk):
        membership = api_membership(request)
        meeting = policy.meeting_get_for(membership, pk=pk)
        body = CheckInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        invitation = services.meeting_check_in(
            acting=membership, meeting=meeting, token=body.validated_data["token"]
        )
        return Response(AttendanceSerializer(invitation).data)


class ConsultationListCreate(generics.ListAPIView):
    """Consultations the caller may see (a village: its own); villages book with POST."""

    serializer_class = ConsultationSerializer

    def get_queryset(self):
        past = self.request.query_params.get("past") in ("1", "true")
        return selectors.consultation_list_for(
            membership=api_membership(self.request), upcoming=not past
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "membership": api_membership(self.request)}

    @extend_schema(
        request=ConsultationBookSerializer, responses={201: ConsultationSerializer, **ERRORS}
    )
    def post(self, request):
        membership = api_membership(request)
        body = ConsultationBookSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        section = _office_object(membership.office.sections, data["section"], "section")
        consultation = services.consultation_book(
            acting=membership,
            section=section,
            starts_at=data["starts_at"],
            topic=data["topic"],
            case_ref=data["case_ref"],
        )
        return Response(
            ConsultationSerializer(consultation, context={"membership": membership}).data,
            status=status.HTTP_201_CREATED,
        )


CONSULTATION_API_STEPS = ("confirm", "propose", "accept", "cancel")


class ConsultationStep(APIView):
    """`confirm` (the section), `propose` (the section: `starts_at`), `accept` (the village),
    `cancel` (either side: `reason`)."""

    @extend_schema(
        operation_id="consultations_step",
        request=ConsultationStepSerializer,
        responses={200: ConsultationSerializer, **ERRORS},
        parameters=[
            OpenApiParameter("step", str, OpenApiParameter.PATH, enum=list(CONSULTATION_API_STEPS))
        ],
    )
    def post(self, request, pk, step):
        from rest_framework.exceptions import NotFound

        if step not in CONSULTATION_API_STEPS:
            raise NotFound()
        membership = api_membership(request)
        consultation = policy.consultation_get_for(membership, pk=pk)
        body = ConsultationStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = {}
        if step == "cancel":
            values["reason"] = body.validated_data["reason"]
        elif step == "propose":
            if "starts_at" not in body.validated_data:
                raise ValidationError({"starts_at": ["This field is required."]})
            values["starts_at"] = body.validated_data["starts_at"]
        service = getattr(services, f"consultation_{step}")
        service(acting=membership, consultation=consultation, **values)
        return Response(
            ConsultationSerializer(consultation, context={"membership": membership}).data
        )


class FollowUpBoard(generics.ListAPIView):
    """The office's one board of follow-ups (cases and meetings), filtered by the same policy
    and filters as the page: `source`, `status`, `owner_kind`, `section`, `village`,
    `due_from`, `due_to`, `overdue`."""

    serializer_class = FollowUpBoardSerializer

    def get_queryset(self):
        _filters, qs = follow_up_board_for(
            membership=api_membership(self.request), data=self.request.query_params
        )
        return qs

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            load_sources(page)
        return page
