from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.cases.models import Case, Comment
from apps.follow_ups.models import FollowUp, FollowUpOwner
from apps.offices.models import Urgency


class CaseSerializer(serializers.ModelSerializer):
    village = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    section = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display")
    urgency_label = serializers.CharField(source="get_urgency_display")
    assigned_to = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="submitted_at")
    is_overdue = serializers.BooleanField()
    actions = serializers.SerializerMethodField(help_text=_("The steps the caller may take now."))

    class Meta:
        model = Case
        fields = [
            "id",
            "tracking_number",
            "village",
            "category",
            "urgency",
            "urgency_label",
            "title",
            "description",
            "status",
            "status_label",
            "section",
            "assigned_to",
            "verify_due",
            "response_due",
            "resolution_due",
            "created_at",
            "verified_at",
            "answered_at",
            "resolved_at",
            "is_overdue",
            "response",
            "solution",
            "rating",
            "rating_comment",
            "reason",
            "actions",
        ]

    def get_village(self, obj) -> dict:
        return {"id": obj.village_id, "name": obj.village.name, "code": obj.village.region.code}

    def get_category(self, obj) -> dict:
        return {"id": obj.category_id, "name": obj.category.name}

    def get_section(self, obj) -> dict | None:
        return {"id": obj.section_id, "name": obj.section.name} if obj.section_id else None

    def get_assigned_to(self, obj) -> dict | None:
        if obj.assigned_to_id is None:
            return None
        return {"id": obj.assigned_to_id, "name": obj.assigned_to.get_full_name()}

    def get_actions(self, obj) -> list[str]:
        from apps.cases.policy import case_steps_for

        membership = self.context.get("membership")
        return sorted(case_steps_for(membership, obj)) if membership else []


class CaseCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    category = serializers.IntegerField(help_text=_("Id from GET /api/v1/categories"))
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    idempotency_key = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=_("Also accepted as the Idempotency-Key header."),
    )


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "internal", "created_at"]

    def get_author(self, obj) -> dict:
        return {"id": obj.author_id, "name": obj.author.get_full_name()}


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField()
    internal = serializers.BooleanField(default=False)


class FollowUpSerializer(serializers.ModelSerializer):
    owner_label = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "action",
            "owner_kind",
            "owner_section",
            "owner_agency",
            "owner_label",
            "due_date",
            "status",
            "status_label",
            "completion_note",
            "completed_at",
        ]


class FollowUpCreateSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=255)
    owner_kind = serializers.ChoiceField(choices=FollowUpOwner.choices)
    owner_section = serializers.IntegerField(required=False, allow_null=True)
    owner_agency = serializers.IntegerField(required=False, allow_null=True)
    due_date = serializers.DateField()


class FollowUpCompleteSerializer(serializers.Serializer):
    note = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class DisposeSerializer(serializers.Serializer):
    section = serializers.IntegerField()
    instruction = serializers.CharField()
    officer = serializers.IntegerField(required=False, allow_null=True)


class AssignSerializer(serializers.Serializer):
    officer = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Empty: the caller takes the case.")
    )


class AnswerSerializer(serializers.Serializer):
    response = serializers.CharField()
    solution = serializers.CharField(required=False, allow_blank=True, default="")
    follow_ups = FollowUpCreateSerializer(many=True, required=False)


class ReferSerializer(serializers.Serializer):
    agency = serializers.IntegerField()
    letter_number = serializers.CharField(max_length=80)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConfirmSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ResubmitSerializer(serializers.Serializer):
    description = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField()
