"""The rulebook is edited here by administrators (dated rows, never code); cases are read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from discipline.models import DisciplinaryCase, DisciplineRule, SanctionForm
from inspection.admin import ReadOnlyAdmin


@admin.register(SanctionForm)
class SanctionFormAdmin(SimpleHistoryAdmin):
    list_display = ("rank", "name", "code", "bars_promotion_months")


@admin.register(DisciplineRule)
class DisciplineRuleAdmin(SimpleHistoryAdmin):
    list_display = ("category", "holds_leadership_post", "valid_from", "valid_to", "legal_basis")
    list_filter = ("category", "holds_leadership_post")
    filter_horizontal = ("forms",)


@admin.register(DisciplinaryCase)
class DisciplinaryCaseAdmin(ReadOnlyAdmin):
    list_display = ("pk", "staff", "stage", "discovered_on", "form", "decision_date")
    list_filter = ("stage",)
    list_select_related = ("staff", "form")
