"""The rulebook is edited here by administrators (dated rows, never code); cases are read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from discipline.models import (
    CombinationRule,
    DeadlineRule,
    DisciplinaryCase,
    DisciplineRule,
    NonWorkingDay,
    PauseRule,
    PromotionBar,
    SanctionForm,
    StatuteRule,
)
from inspection.admin import ReadOnlyAdmin

DATED = ("valid_from", "valid_to", "legal_basis")


@admin.register(SanctionForm)
class SanctionFormAdmin(SimpleHistoryAdmin):
    list_display = ("rank", "name", "code")


@admin.register(DisciplineRule)
class DisciplineRuleAdmin(SimpleHistoryAdmin):
    list_display = ("category", "has_left", "holds_leadership_post", "mandate", *DATED)
    list_filter = ("category", "has_left", "holds_leadership_post", "mandate")
    filter_horizontal = ("forms",)


@admin.register(StatuteRule)
class StatuteRuleAdmin(SimpleHistoryAdmin):
    list_display = (
        "category",
        "gravity",
        "finance_related",
        "years",
        "months",
        "restarts_on_new_act",
        *DATED,
    )
    list_filter = ("category", "gravity")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = ("category", "days", "complex_days", *DATED)
    list_filter = ("category",)


@admin.register(PauseRule)
class PauseRuleAdmin(SimpleHistoryAdmin):
    list_display = ("category", "reason", *DATED)
    list_filter = ("category", "reason")


@admin.register(CombinationRule)
class CombinationRuleAdmin(SimpleHistoryAdmin):
    list_display = ("situation", "category", "method", *DATED)
    list_filter = ("situation", "category")
    filter_horizontal = ("not_raised",)


@admin.register(PromotionBar)
class PromotionBarAdmin(SimpleHistoryAdmin):
    list_display = ("category", "form", "months", *DATED)
    list_filter = ("category",)


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(SimpleHistoryAdmin):
    list_display = ("day", "name")


@admin.register(DisciplinaryCase)
class DisciplinaryCaseAdmin(ReadOnlyAdmin):
    list_display = ("pk", "staff", "stage", "discovered_on", "form", "decision_date")
    list_filter = ("stage",)
    list_select_related = ("staff", "form")
