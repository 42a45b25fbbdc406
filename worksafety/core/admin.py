"""The Django admin is for the superuser's user management; everything else has its own scoped pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import User


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "role", "area", "department", "park", "enterprise", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "phone"]
    autocomplete_fields = ["enterprise"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("角色与管辖范围"), {"fields": ["full_name", "phone", "role", "area", "department", "park", "enterprise"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("角色与管辖范围"), {"fields": ["full_name", "role", "area", "department", "park", "enterprise"]}),
    ]
