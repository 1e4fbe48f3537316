from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.alerts.models import (
    Alert,
    Delivery,
    EmergencyContact,
    EvacuationPoint,
    Incident,
    ReadinessAsset,
)
from apps.alerts.values import Hazard, VillageState
from apps.alerts.workflow import IncidentStatus

from .case_serializers import id_field

# The largest count a PositiveIntegerField holds in every database.
MAX_COUNT = 2**31 - 1


class AlertListQuerySerializer(serializers.Serializer):
    """The filters of GET /api/v1/alerts (the same as the list page's)."""

    stage = serializers.ChoiceField(
        choices=["live", "ended", "draft"],
        required=False,
        help_text=_("Default live; draft only for those who issue alerts (others: none)."),
    )
    hazard = serializers.ChoiceField(choices=Hazard.choices, required=False)


class IncidentListQuerySerializer(serializers.Serializer):
    """The filters of GET /api/v1/incidents (the same as the list page's)."""

    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)
    village = id_field(required=False, help_text=_("Village id (staff only)."))
    hazard = serializers.ChoiceField(choices=Hazard.choices, required=False)


class DeliverySerializer(serializers.ModelSerializer):
    village = serializers.SerializerMethodField()
    pending = serializers.BooleanField(source="is_pending")
    state_label = serializers.CharField(source="get_state_display")
    acknowledged_by = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = [
            "village",
            "pending",
            "ack_due",
            "acknowledged_at",
            "acknowledged_by",
            "state",
            "state_label",
            "state_note",
            "state_at",
            "escalated_at",
            "withdrawn_at",
        ]

    def get_village(self, obj) -> dict:
        return {"id": obj.village_id, "name": str(obj.village)}

    def get_acknowledged_by(self, obj) -> str | None:
        return obj.acknowledged_by.get_full_name() if obj.acknowledged_by_id else None


class AlertSerializer(serializers.ModelSerializer):
    code = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    hazard_label = serializers.CharField(source="get_hazard_display")
    is_live = serializers.BooleanField()
    cap_url = serializers.SerializerMethodField(help_text=_("The CAP 1.2 document."))
    counts = serializers.SerializerMethodField(
        help_text=_("Staff only: target villages, acknowledged, affected, late.")
    )
    my_delivery = serializers.SerializerMethodField(
        help_text=_("Village officials: their own village's acknowledgement.")
    )
    actions = serializers.SerializerMethodField(help_text=_("The steps the caller may take now."))

    class Meta:
        model = Alert
        fields = [
            "id",
            "code",
            "status",
            "status_label",
            "is_live",
            "hazard",
            "hazard_label",
            "category",
            "severity",
            "urgency",
            "certainty",
            "scope",
            "is_exercise",
            "headline",
            "description",
            "instruction",
            "area_description",
            "effective",
            "expires",
            "issued_at",
            "last_message_at",
            "message_count",
            "change_summary",
            "cancel_reason",
            "cap_url",
            "counts",
            "my_delivery",
            "actions",
        ]

    def get_cap_url(self, obj) -> str:
        return reverse("api:alert_cap", args=[obj.pk])

    def get_counts(self, obj) -> dict | None:
        if self.context.get("is_village"):
            return None
        board = self.context.get("board")
        if board is not None:
            return {
                "targets": board.total,
                "acknowledged": board.acknowledged,
                "affected": board.states.get("terdampak", 0),
                "late": board.late,
            }
        if not hasattr(obj, "targets"):
            return None
        return {
            "targets": obj.targets,
            "acknowledged": obj.acknowledged,
            "affected": obj.affected,
            "late": obj.late,
        }

    def get_my_delivery(self, obj) -> dict | None:
        mine = getattr(obj, "mine", None)
        if mine is None:
            mine = [self.context["delivery"]] if self.context.get("delivery") else []
        return DeliverySerializer(mine[0]).data if mine else None

    def get_actions(self, obj) -> list[str]:
        from apps.alerts.policy import alert_steps_for

        membership = self.context.get("membership")
        delivery = self.context.get("delivery")
        if delivery is None and getattr(obj, "mine", None):
            delivery = obj.mine[0]
            delivery.alert = obj
        return sorted(alert_steps_for(membership, obj, delivery)) if membership else []


class AlertDetailSerializer(AlertSerializer):
    deliveries = serializers.SerializerMethodField(
        help_text=_("Staff and inspectors: every target village.")
    )

    class Meta(AlertSerializer.Meta):
        fields = [*AlertSerializer.Meta.fields, "deliveries"]

    def get_deliveries(self, obj) -> list[dict] | None:
        board = self.context.get("board")
        if board is None:
            return None
        return DeliverySerializer([row.delivery for row in board.rows], many=True).data


class AcknowledgeSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=VillageState.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class IncidentSerializer(serializers.ModelSerializer):
    code = serializers.CharField()
    village = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display")
    hazard_label = serializers.CharField(source="get_hazard_display")
    referral = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "code",
            "village",
            "alert",
            "status",
            "status_label",
            "hazard",
            "hazard_label",
            "occurred_at",
            "place",
            "latitude",
            "longitude",
            "description",
            "people_affected",
            "people_displaced",
            "houses_damaged",
            "facilities_damaged",
            "needs",
            "reported_at",
            "verified_at",
            "closed_at",
            "referral",
        ]

    def get_village(self, obj) -> dict:
        return {"id": obj.village_id, "name": str(obj.village)}

    def get_referral(self, obj) -> dict | None:
        referral = getattr(obj, "referral", None)
        if referral is None:
            return None
        return {
            "agency": referral.agency.name,
            "letter_number": referral.letter_number,
            "referred_at": referral.referred_at,
            "outcome": referral.outcome,
        }


class IncidentCreateSerializer(serializers.Serializer):
    village = id_field(
        required=False, help_text=_("Empty for a village official: their own village.")
    )
    hazard = serializers.ChoiceField(choices=Hazard.choices)
    occurred_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=255)
    description = serializers.CharField()
    latitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        required=False,
        allow_null=True,
        help_text=_("Give both latitude and longitude, or neither."),
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        required=False,
        allow_null=True,
    )
    people_affected = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, default=0)
    people_displaced = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, default=0)
    houses_damaged = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, default=0)
    facilities_damaged = serializers.CharField(required=False, allow_blank=True, default="")
    needs = serializers.CharField(required=False, allow_blank=True, default="")
    alert = id_field(required=False, allow_null=True)
    idempotency_key = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmergencyContact
        fields = ["id", "name", "position", "phone", "is_primary", "note"]


class EvacuationPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvacuationPoint
        fields = ["id", "name", "address", "capacity", "latitude", "longitude", "note"]


class AssetSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = ReadinessAsset
        fields = ["id", "kind", "kind_label", "description", "quantity", "condition", "keeper"]


class ChecklistItemSerializer(serializers.Serializer):
    item = serializers.CharField()
    label = serializers.CharField()
    in_place = serializers.BooleanField()
    note = serializers.CharField()
    reviewed_on = serializers.DateField(allow_null=True)


class ReadinessSerializer(serializers.Serializer):
    village = serializers.DictField()
    level = serializers.ChoiceField(choices=["ready", "partial", "none"])
    review_due = serializers.BooleanField()
    contacts = ContactSerializer(many=True)
    evacuation_points = EvacuationPointSerializer(many=True)
    assets = AssetSerializer(many=True)
    checklist = ChecklistItemSerializer(many=True)
