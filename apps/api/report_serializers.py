from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.village_reports.models import FigureSpec, ObligationType, Submission

from .case_serializers import files_field, id_field


class FigureSpecSerializer(serializers.ModelSerializer):
    at_most = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = FigureSpec
        fields = ["code", "name", "unit", "min_value", "max_value", "at_most", "required"]


class ObligationSerializer(serializers.ModelSerializer):
    office = serializers.IntegerField(source="office_id")
    section = serializers.SerializerMethodField()
    period_label = serializers.CharField(source="get_period_display")
    figures = FigureSpecSerializer(many=True, read_only=True)

    class Meta:
        model = ObligationType
        fields = [
            "id",
            "code",
            "name",
            "office",
            "section",
            "period",
            "period_label",
            "only_period",
            "deadline_days",
            "deadline_anchor",
            "file_required",
            "starts_on",
            "legal_note",
            "is_active",
            "figures",
        ]

    def get_section(self, obj) -> dict:
        return {"id": obj.section_id, "name": obj.section.name}


class SubmissionSerializer(serializers.ModelSerializer):
    obligation = serializers.SerializerMethodField()
    village = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display")
    figures = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text=_("The steps the caller may take now."))

    class Meta:
        model = Submission
        fields = [
            "id",
            "obligation",
            "village",
            "period_start",
            "due_date",
            "status",
            "status_label",
            "first_submitted_at",
            "submitted_at",
            "on_time",
            "reviewed_at",
            "review_note",
            "note",
            "figures",
            "files",
            "actions",
        ]

    def get_obligation(self, obj) -> dict:
        return {"id": obj.obligation_id, "code": obj.obligation.code, "name": obj.obligation.name}

    def get_village(self, obj) -> dict:
        return {"id": obj.village_id, "name": obj.village.name}

    def get_figures(self, obj) -> dict[str, str]:
        return {fv.spec.code: str(fv.value.normalize()) for fv in obj.values.all()}

    def get_files(self, obj) -> list[dict]:
        return [{"name": f.original_name, "size": f.size} for f in obj.files.all()]

    def get_actions(self, obj) -> list[str]:
        from apps.village_reports.policy import report_steps_for

        membership = self.context.get("membership")
        return sorted(report_steps_for(membership, obj)) if membership else []


class SubmissionCreateSerializer(serializers.Serializer):
    obligation = id_field(help_text=_("Id from GET /api/v1/obligations (else 422)."))
    period_start = serializers.DateField(
        help_text=_("The first day of the period: 2026-02-01 for February 2026.")
    )
    figures = serializers.DictField(
        child=serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True),
        required=False,
        help_text=_('Numbers by figure code, e.g. {"balita-diukur": 120}.'),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    draft = serializers.BooleanField(
        default=False, help_text=_("True: keep it as a draft instead of submitting it.")
    )


class SubmissionCreateMultipartSerializer(SubmissionCreateSerializer):
    """The same fields as a form; `figures` is a part of JSON text (application/json)."""

    files = files_field(_("The report document(s), when the obligation needs one."))


class ReviewSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField(help_text=_("What the village must correct."))
