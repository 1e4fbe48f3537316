from django.contrib import admin

from apps.offices.admin import ReadOnlyAdmin

from .models import Membership, User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    exclude = ["password"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "office", "section", "village", "is_active"]
    list_filter = ["role", "office"]
