from django.contrib import admin

from worksafety.registry.models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    """Only so the user admin can search enterprises when giving a login to one; edit them on their pages."""

    search_fields = ["name", "uscc"]

    def has_module_permission(self, request):
        return False
