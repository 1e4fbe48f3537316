"""Agenda endpoints: meetings, check-in, consultations and the one follow-up board, with the
same policies, selectors and services as the pages.

Each write answers in the same order as the case operations: the object (404), the caller's
role (403), the body (400), then what the body names (422) and the object's state (409)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.errors import NotAllowed
from apps.follow_ups.models import FollowUpOwner, FollowUpStatus
from apps.follow_ups.registry import load_sources, source_choices
from apps.follow_ups.selectors import follow_up_board_for
from apps.meetings import policy, selectors, services
from apps.meetings.models import MeetingKind

from .case_serializers import id_field
from .exceptions import Unprocessable
from .permissions import api_membership
from .schema import REFUSED, conflict, not_found
from .strict import as_filter_data, filtered, query, validated

MEETING_NOT_FOUND = not_found("meeting")
CONSULTATION_NOT_FOUND = not_found("consultation")
SLOT_TAKEN = conflict("Not possible now: the state, the time, or the slot is taken")
SMALL = 32767  # the largest PositiveSmallIntegerField in every database


class PastQuerySerializer(serializers.Serializer):
    past = serializers.BooleanField(
        required=False, help_text=gettext_lazy("The past ones instead of the coming ones.")
    )


class AgendaItemSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    presenter = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    duration = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=SMALL, help_text="Minutes."
    )


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
    ends_at = serializers.DateTimeField(help_text="After `starts_at` (else 422).")
    section = id_field(help_text="A section of your office (else 422).")
    room = id_field(required=False, allow_null=True, help_text="A room of your office, or null.")
    place = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Where, when not in a room (a room or a place is needed, else 422).",
    )
    is_public = serializers.BooleanField(default=False)
    villages = serializers.ListField(
        child=id_field(),
        required=False,
        default=list,
        help_text="Villages of your office whose officials are invited (else 422).",
    )
    people = serializers.ListField(
        child=id_field(),
        required=False,
        default=list,
        help_text="Users with an active role in your office (else 422).",
    )
    agenda = AgendaItemSerializer(many=True, required=False, default=list)


class CheckInSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=64, help_text="The code in the meeting's QR link.")


class AttendanceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="user.get_full_name")
    village = serializers.CharField(source="village.name", default=None, allow_null=True)
    response = serializers.CharField()
    checked_in_at = serializers.DateTimeField(allow_null=True)


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
    section = id_field(help_text="A section of your office (else 422).")
    starts_at = serializers.DateTimeField(
        help_text="A free slot in the section's opening hours, in the future (else 422 or 409)."
    )
    topic = serializers.CharField()
    case_ref = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="The id of one of your village's open cases (else 422).",
    )


class ConsultationProposeSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text="The new time: a free slot (else 422 or 409).")


class ConsultationCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the consultation is cancelled.")


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
    completed_at = serializers.DateTimeField(allow_null=True)


class FollowUpBoardQuerySerializer(serializers.Serializer):
    """The filters of GET /api/v1/follow-ups (the same as the board page's)."""

    source = serializers.ChoiceField(choices=[], required=False)
    status = serializers.ChoiceField(choices=FollowUpStatus.choices, required=False)
    owner_kind = serializers.ChoiceField(
        choices=FollowUpOwner.choices, required=False, help_text="Staff only."
    )
    section = id_field(required=False, help_text="Owning section id (staff only).")
    village = id_field(required=False, help_text="Owning village id (staff only).")
    due_from = serializers.DateField(required=False)
    due_to = serializers.DateField(required=False)
    overdue = serializers.BooleanField(required=False, help_text="Only open items past due.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = source_choices()  # filled by the apps' ready()


def _office_object(queryset, pk, field):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Unprocessable({field: [_("Not found in this office.")]})
    return found


def _all_found(queryset, pks: list[int], field: str) -> list:
    found = list(queryset.filter(pk__in=pks).distinct())
    if len(found) != len(set(pks)):
        raise Unprocessable({field: [_("Not found in this office.")]})
    return found


class MeetingListCreate(generics.ListAPIView):
    """Meetings the caller may see, the coming ones first (`?past=true` for the past ones);
    the office's staff schedule one with POST (invitations leave as with the page)."""

    serializer_class = MeetingSerializer

    def get_queryset(self):
        past = query(PastQuerySerializer, self.request).get("past", False)
        return selectors.meeting_list_for(
            membership=api_membership(self.request), upcoming=not past
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "membership": api_membership(self.request)}

    @extend_schema(parameters=[PastQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer, 409: SLOT_TAKEN, 422: REFUSED},
    )
    def post(self, request):
        membership = api_membership(request)
        if not policy.can_schedule_meeting(membership):
            raise NotAllowed(_("Meetings are scheduled by the office's staff."))
        data, office = validated(MeetingCreateSerializer, request), membership.office
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
            villages=_all_found(office.villages, data["villages"], "villages"),
            people=_all_found(
                User.objects.filter(memberships__office=office, memberships__is_active=True),
                data["people"],
                "people",
            ),
            agenda=[services.AgendaInput(**item) for item in data["agenda"]],
        )
        return Response(
            MeetingSerializer(meeting, context={"membership": membership}).data,
            status=status.HTTP_201_CREATED,
        )


class MeetingDetail(APIView):
    @extend_schema(responses={200: MeetingSerializer, 404: MEETING_NOT_FOUND})
    def get(self, request, pk):
        membership = api_membership(request)
        meeting = policy.meeting_get_for(membership, pk=pk)
        return Response(MeetingSerializer(meeting, context={"membership": membership}).data)


class MeetingAttendance(APIView):
    """The attendance (staff: everyone; a village: its own people), and check-in with the
    code of the meeting's QR link (invited people, during the meeting, once)."""

    @extend_schema(responses={200: AttendanceSerializer(many=True), 404: MEETING_NOT_FOUND})
    def get(self, request, pk):
        membership = api_membership(request)
        meeting = policy.meeting_get_for(membership, pk=pk)
        page = selectors.meeting_page_for(membership=membership, meeting=meeting)
        return Response(AttendanceSerializer(page.invitations, many=True).data)

    @extend_schema(
        request=CheckInSerializer,
        responses={
            200: AttendanceSerializer,
            404: MEETING_NOT_FOUND,
            409: conflict("Not during the meeting, or you are already checked in"),
            422: OpenApiResponse(description="Not the code of this meeting"),
        },
    )
    def post(self, request, pk):
        membership = api_membership(request)
        meeting = policy.meeting_get_for(membership, pk=pk)
        if not policy.meeting_may(membership, "check_in", meeting):  # the role before the body
            raise NotAllowed(_("Your role may not take this step on this meeting."))
        data = validated(CheckInSerializer, request)
        invitation = services.meeting_check_in(
            acting=membership, meeting=meeting, token=data["token"]
        )
        return Response(AttendanceSerializer(invitation).data)


class ConsultationListCreate(generics.ListAPIView):
    """Consultations the caller may see (a village: its own); villages book with POST."""

    serializer_class = ConsultationSerializer

    def get_queryset(self):
        past = query(PastQuerySerializer, self.request).get("past", False)
        return selectors.consultation_list_for(
            membership=api_membership(self.request), upcoming=not past
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "membership": api_membership(self.request)}

    @extend_schema(parameters=[PastQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ConsultationBookSerializer,
        responses={201: ConsultationSerializer, 409: SLOT_TAKEN, 422: REFUSED},
    )
    def post(self, request):
        membership = api_membership(request)
        if not policy.can_book_consultation(membership):  # the role before the body
            raise NotAllowed(_("Consultations are booked by village officials."))
        data = validated(ConsultationBookSerializer, request)
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


# The body of each consultation step the API offers; a test keeps them in the workflow.
CONSULTATION_BODIES = {
    "confirm": None,
    "propose": ConsultationProposeSerializer,
    "accept": None,
    "cancel": ConsultationCancelSerializer,
}
CONSULTATION_SUMMARIES = {
    "confirm": "Confirm the booked time (the section)",
    "propose": "Propose another time (the section)",
    "accept": "Accept the proposed time (the village)",
    "cancel": "Cancel (either side)",
}


class ConsultationStep(APIView):
    """`/consultations/{id}/<step>`: one operation per step (see `consultation_step_view`).
    A step the caller's role may not take answers 403 before the body is read; one not
    possible in the consultation's state, 409."""

    step = ""

    def post(self, request, pk, step=None):
        step = step or self.step
        if step not in CONSULTATION_BODIES:
            raise NotFound()
        membership = api_membership(request)
        consultation = policy.consultation_get_for(membership, pk=pk)
        if not policy.consultation_may(membership, step, consultation):
            raise NotAllowed(_("Your role may not take this step on this consultation."))
        body = CONSULTATION_BODIES[step]
        values = validated(body, request) if body else {}
        getattr(services, f"consultation_{step}")(
            acting=membership, consultation=consultation, **values
        )
        return Response(
            ConsultationSerializer(consultation, context={"membership": membership}).data
        )


@extend_schema(exclude=True)
class UnknownConsultationStep(ConsultationStep):
    """`/consultations/{id}/<anything else>`: 404 (the steps have their own routes)."""


def consultation_step_view(step: str):
    """The view of one consultation step, with its own body in the OpenAPI document."""

    @extend_schema(
        operation_id=f"consultations_{step}",
        summary=CONSULTATION_SUMMARIES[step],
        request=CONSULTATION_BODIES[step],
        responses={
            200: ConsultationSerializer,
            404: CONSULTATION_NOT_FOUND,
            409: SLOT_TAKEN,
            422: REFUSED,
        },
    )
    def post(self, request, pk):
        return ConsultationStep.post(self, request, pk)

    name = f"Consultation{step.title()}Step"
    return type(name, (ConsultationStep,), {"step": step, "post": post, "__doc__": ""})


class FollowUpBoard(generics.ListAPIView):
    """The office's one board of follow-ups (cases and meetings), filtered by the same policy
    and filters as the page. An id the caller may not see matches nothing."""

    serializer_class = FollowUpBoardSerializer

    def get_queryset(self):
        data = as_filter_data(query(FollowUpBoardQuerySerializer, self.request))
        filters, qs = follow_up_board_for(membership=api_membership(self.request), data=data)
        return filtered(filters, qs)

    @extend_schema(parameters=[FollowUpBoardQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            load_sources(page)
        return page
