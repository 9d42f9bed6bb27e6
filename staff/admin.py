from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from staff import services
from staff.models import Staff, Unit, UnitPost, UnitUserObjectPermission
from staff.permissions import sync_unit_grants


@admin.register(Unit)
class UnitAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Unit, exclude=("search_name",))
    list_display = ("name", "code", "kind", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name", "search_name")
    autocomplete_fields = ("successor",)


@admin.register(Staff)
class StaffAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "staff_code", "category", "holds_leadership_post", "unit", "is_active")
    list_filter = ("category", "holds_leadership_post", "is_active", "mandate", "departure")
    search_fields = ("staff_code", "full_name", "search_name")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit", "user")
    change_list_template = "admin/staff/staff/change_list.html"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.user_id:
            sync_unit_grants(obj.user)


@admin.register(UnitPost)
class UnitPostAdmin(SimpleHistoryAdmin):
    """Posts go through the services so that head/deputy grants follow every change."""

    list_display = ("unit", "staff", "role", "valid_from", "valid_to")
    list_filter = ("role",)
    list_select_related = ("unit", "staff")
    autocomplete_fields = ("unit", "staff")

    def save_model(self, request, obj, form, change):
        if change:
            with transaction.atomic():
                super().save_model(request, obj, form, change)
                if obj.staff.user_id:
                    sync_unit_grants(obj.staff.user)
        else:
            services.unit_post_assign(
                actor=request.user, unit=obj.unit, staff=obj.staff, role=obj.role, valid_from=obj.valid_from
            )

    def delete_model(self, request, obj):
        user = obj.staff.user
        with transaction.atomic():
            super().delete_model(request, obj)
            if user is not None:
                sync_unit_grants(user)


@admin.register(UnitUserObjectPermission)
class UnitGrantAdmin(SimpleHistoryAdmin):
    """Read-only: unit grants are derived from posts (heads) or given with ``grant_oversight``."""

    list_display = ("user", "permission", "content_object")
    list_select_related = ("user", "permission", "content_object")
    search_fields = ("user__username", "content_object__name", "content_object__code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
