"""Findings and evidence are shown, never edited, in the admin: drafts change through the capture pages
(with version checks) and confirmed findings are immutable everywhere."""

from django.contrib import admin

from findings.models import Evidence, Finding
from inspection.admin import ReadOnlyAdmin


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ("original_name", "content_type", "size", "sha256", "taken_at", "uploaded_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("pk", "inspection", "unit", "staff", "severity", "status")
    list_filter = ("status", "severity", "category")
    list_select_related = ("inspection", "unit", "staff")
    search_fields = ("description", "inspection__code")
    inlines = [EvidenceInline]
