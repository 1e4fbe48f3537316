from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.aspirations.models import TEXT_LIMITS, Aspiration
from apps.aspirations.policy import aspiration_steps_for
from apps.aspirations.selectors import INBOX_FILTERS
from apps.aspirations.workflow import STEPS, Status
from apps.offices.models import Urgency

from .case_serializers import id_field


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AspirationCreateSerializer(serializers.Serializer):
    village = id_field(help_text=_("A village of the office (GET /api/v1/villages)."))
    category = id_field(help_text=_("A category of the office (GET /api/v1/categories)."))
    title = serializers.CharField(max_length=TEXT_LIMITS["title"])
    text = serializers.CharField(max_length=TEXT_LIMITS["text"])
    anonymous = serializers.BooleanField(
        default=False, help_text=_("True: the name and contact are not kept at all.")
    )
    name = serializers.CharField(
        max_length=TEXT_LIMITS["name"], required=False, allow_blank=True, default=""
    )
    contact = serializers.CharField(
        max_length=TEXT_LIMITS["contact"], required=False, allow_blank=True, default=""
    )


class PublicEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()
    text = serializers.CharField(allow_blank=True)


class PublicCaseSerializer(serializers.Serializer):
    status_label = serializers.CharField()
    answered = serializers.BooleanField()
    closed = serializers.BooleanField()
    response = serializers.CharField(allow_blank=True)
    solution = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)


class AspirationPublicSerializer(serializers.Serializer):
    """What the holder of the tracking code reads: never a name, a note or an officer."""

    tracking_code = serializers.CharField()
    title = serializers.CharField()
    village = serializers.CharField()
    category = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    note = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    events = PublicEventSerializer(many=True)
    reason = serializers.CharField(allow_blank=True)
    answer = serializers.CharField(allow_blank=True)
    case = PublicCaseSerializer(allow_null=True)


class AspirationSerializer(serializers.ModelSerializer):
    """The staff view of an aspiration. `name` and `contact` are always empty when it was
    sent anonymously (they were never stored)."""

    status_label = serializers.CharField(source="get_status_display")
    village = NamedSerializer()
    category = NamedSerializer()
    name = serializers.CharField(source="sender_name")
    has_photo = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Aspiration
        fields = [
            "id", "tracking_code", "status", "status_label", "village", "category", "title",
            "text", "anonymous", "name", "contact", "has_photo", "submitted_at",
            "reviewed_at", "decided_at", "reason", "answer", "case", "actions",
        ]  # fmt: skip

    def get_has_photo(self, obj) -> bool:
        return bool(obj.photo)

    def get_case(self, obj) -> str | None:
        """The tracking number of the case it became, if any."""
        return obj.case.tracking_number if obj.case_id else None

    def get_actions(self, obj) -> list[str]:
        return sorted(aspiration_steps_for(self.context.get("membership"), obj))


class AspirationListQuerySerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=list(INBOX_FILTERS),
        required=False,
        default="open",
        help_text=_("open (default), queue (not yet reviewed), closed, all"),
    )


class AspirationAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=TEXT_LIMITS["answer"])


class AspirationRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_LIMITS["reason"])


class AspirationMakeCaseSerializer(serializers.Serializer):
    village = id_field()
    category = id_field()
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.MEDIUM)


STEP_BODIES = {
    "review": None,
    "answer": AspirationAnswerSerializer,
    "reject": AspirationRejectSerializer,
    "make_case": AspirationMakeCaseSerializer,
}
assert set(STEP_BODIES) == set(STEPS)
