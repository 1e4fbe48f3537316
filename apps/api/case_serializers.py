from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.cases.models import Case, Comment, Status
from apps.cases.selectors import STAGE_CHOICES
from apps.core.uploads import ALLOWED_LABEL, MAX_FILES
from apps.follow_ups.models import FollowUp, FollowUpOwner
from apps.offices.models import Urgency

from .permissions import MAX_ID  # ids are 64-bit: a larger number would overflow the database


def id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def files_field(help_text):
    return serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_FILES,
        help_text=help_text,
    )


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
    category = id_field(help_text=_("Id from GET /api/v1/categories"))
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    idempotency_key = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=_(
            "Also accepted as the Idempotency-Key header. The same key with the same case "
            "answers 200 with the case made the first time; with another case, 409."
        ),
    )


class CaseCreateMultipartSerializer(CaseCreateSerializer):
    attachments = files_field(
        # format_lazy: translated when the document is built, not when this module loads.
        format_lazy(
            _("Up to {count} files ({types}, 10 MB each)."), count=MAX_FILES, types=ALLOWED_LABEL
        )
    )


class CaseListQuerySerializer(serializers.Serializer):
    """The filters of GET /api/v1/cases (the same as the list page's)."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    village = id_field(required=False, help_text=_("Village id (staff only)."))
    category = id_field(required=False)
    section = id_field(required=False, help_text=_("Section id (staff only)."))
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    overdue = serializers.BooleanField(required=False, help_text=_("Only overdue cases."))
    submitted_from = serializers.DateField(required=False)
    submitted_to = serializers.DateField(required=False)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Words in the title, description or tracking number."),
    )
    stage = serializers.ChoiceField(choices=STAGE_CHOICES, required=False)
    mine = serializers.BooleanField(
        required=False, help_text=_("Only cases assigned to me (staff only).")
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
    owner_section = id_field(required=False, allow_null=True)
    owner_agency = id_field(required=False, allow_null=True)
    due_date = serializers.DateField()


class FollowUpCompleteSerializer(serializers.Serializer):
    note = serializers.CharField()


class FollowUpCompleteMultipartSerializer(FollowUpCompleteSerializer):
    evidence = files_field(_("Photos or documents that show the work done."))


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class DisposeSerializer(serializers.Serializer):
    section = id_field()
    instruction = serializers.CharField()
    officer = id_field(required=False, allow_null=True)


class AssignSerializer(serializers.Serializer):
    officer = id_field(
        required=False, allow_null=True, help_text=_("Empty: the caller takes the case.")
    )


class AnswerSerializer(serializers.Serializer):
    response = serializers.CharField()
    solution = serializers.CharField(required=False, allow_blank=True, default="")
    follow_ups = FollowUpCreateSerializer(many=True, required=False)


class ReferSerializer(serializers.Serializer):
    agency = id_field()
    letter_number = serializers.CharField(max_length=80)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConfirmSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ResubmitSerializer(serializers.Serializer):
    description = serializers.CharField()


class ResubmitMultipartSerializer(ResubmitSerializer):
    attachments = files_field(_("More documents for the case."))


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField()
