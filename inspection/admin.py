"""Admin for checklists (editable until used) and read-only views of plans and inspections.

Plans and inspections change only through the services (status machine, grants, audit); the admin
shows them with their history for the system administrator.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inspection import services
from inspection.models import (
    ChecklistTemplate,
    Criterion,
    Inspection,
    InspectionPlan,
    InspectionTarget,
    TeamMember,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("position", "code", "category", "text", "legal_basis")

    def _in_use(self, obj) -> bool:
        return obj is not None and obj.inspections.exists()

    def has_add_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("code", "version", "name", "is_active")
    list_filter = ("is_active",)
    inlines = [CriterionInline]
    actions = ["new_version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.inspections.exists():
            return ("code", "version", "name", "description")
        return ("version",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.inspections.exists()

    @admin.action(description=_("Create the next version (to change a checklist already in use)"))
    def new_version(self, request, queryset):
        for template in queryset:
            copy = services.template_new_version(actor=request.user, template=template)
            messages.success(request, _("Created %(name)s.") % {"name": copy})


class TargetInline(admin.TabularInline):
    model = InspectionTarget
    fields = ("unit", "checked_in_at", "checked_in_by")
    readonly_fields = fields
    extra = 0


class TeamInline(admin.TabularInline):
    model = TeamMember
    fields = ("user", "role")
    readonly_fields = fields
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "kind", "status", "planned_start", "planned_end")
    list_filter = ("kind", "status")
    search_fields = ("code", "title", "search_name")
    list_select_related = ("inspecting_unit",)
    inlines = [TargetInline, TeamInline]


@admin.register(InspectionPlan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "period_start", "period_end", "status", "decision_number")
    list_filter = ("status",)
