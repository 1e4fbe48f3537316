from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.accounts.models import Membership, User
from apps.offices.models import Category, Office, Section, Village


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("username"))
    password = serializers.CharField(label=_("password"), style={"input_type": "password"})
    name = serializers.CharField(
        label=_("token name"),
        required=False,
        allow_blank=True,
        max_length=80,
        help_text=_("What the token is for, e.g. the name of the app or device."),
    )
    otp = serializers.CharField(
        label=_("two-step code"),
        required=False,
        allow_blank=True,
        max_length=32,
        help_text=_(
            "For an account with a two-step login: the code from its authenticator app, or "
            "one of its recovery codes."
        ),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send as `Authorization: Bearer <token>`."))
    token_type = serializers.CharField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()


class OfficeBriefSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="region.code")

    class Meta:
        model = Office
        fields = ["id", "name", "slug", "code"]


class VillageSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="region.code")
    kind_label = serializers.CharField(source="get_kind_display")
    office = serializers.IntegerField(source="office_id")

    class Meta:
        model = Village
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_label",
            "slug",
            "office",
            "head_name",
            "phone",
            "email",
            "address",
        ]


class SectionSerializer(serializers.ModelSerializer):
    office = serializers.IntegerField(source="office_id")

    class Meta:
        model = Section
        fields = ["id", "name", "short_name", "description", "office", "is_active"]


class CategorySerializer(serializers.ModelSerializer):
    office = serializers.IntegerField(source="office_id")
    default_section = serializers.IntegerField(source="default_section_id")

    class Meta:
        model = Category
        fields = ["id", "name", "description", "default_section", "office", "is_active"]


class MembershipSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display")
    office = OfficeBriefSerializer(allow_null=True)
    village = serializers.SerializerMethodField()
    section = serializers.SerializerMethodField()
    regency = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "role", "role_label", "position", "office", "section", "village", "regency"]

    def get_village(self, obj) -> dict | None:
        if obj.village is None:
            return None
        return {"id": obj.village_id, "name": obj.village.name, "code": obj.village.region.code}

    def get_section(self, obj) -> dict | None:
        if obj.section is None:
            return None
        return {"id": obj.section_id, "name": obj.section.name}

    def get_regency(self, obj) -> dict | None:
        if obj.regency is None:
            return None
        return {"id": obj.regency_id, "name": obj.regency.name, "code": obj.regency.code}


class MeSerializer(serializers.ModelSerializer):
    membership = serializers.SerializerMethodField(
        help_text=_("The role this request acts through.")
    )
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "phone", "membership", "memberships"]

    def get_membership(self, obj) -> dict | None:
        current = self.context.get("membership")
        return MembershipSerializer(current).data if current else None

    def get_memberships(self, obj) -> list[dict]:
        return MembershipSerializer(self.context.get("memberships", []), many=True).data
