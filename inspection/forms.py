from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import FormSection, SectionedForm, cleaned, day_field, model_choice
from core.widgets import RecordPicker, RecordsPicker
from inspection.models import (
    ChecklistTemplate,
    CriterionCategory,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
    ResultValue,
    check_period,
    check_team,
    check_window,
)
from inspection.selectors import target_unit_choices, team_choices, team_labels
from inspection.services import SCHEDULABLE_KINDS, schedule_windows
from staff.models import Unit
from staff.selectors import unit_path_labels


class InspectionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *InspectionKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *InspectionStatus.choices]
    )
    mine = forms.ChoiceField(
        label=_("Whose"),
        required=False,
        choices=[
            ("", _("All I may see")),
            ("team", _("On my team")),
            ("to_move", _("Mine to approve or issue")),
        ],
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        from core.people import display_name

        return display_name(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        from core.people import display_name

        return display_name(obj)


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'· ' * (obj.depth - 1)}{obj.name} ({obj.code})"


def _units_field() -> UnitChoiceField:
    """Units to inspect, found by search or by walking the tree; the queryset is set per form."""
    return UnitChoiceField(
        label=_("Units to inspect"),
        queryset=Unit.objects.none(),
        help_text=_("Type part of a name or code, or open the tree with ›, and tap a unit to add it."),
        widget=RecordsPicker(
            "inspection-target-pick",
            browse=True,
            labels=lambda units: unit_path_labels(list(units)),
            placeholder=_("Search or browse the units"),
        ),
    )


def _body_picker() -> RecordPicker:
    return RecordPicker(
        "inspection-body-pick",
        labels=lambda units: unit_path_labels(list(units)),
        placeholder=_("Type part of the body's name or code"),
    )


class InspectionForm(SectionedForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=InspectionPlan.objects.none(), required=False)
    inspecting_unit = forms.ModelChoiceField(
        label=_("Inspecting body"), queryset=Unit.objects.none(), widget=_body_picker()
    )
    template = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.filter(is_active=True)
    )
    planned_start = day_field(_("Planned start"))
    planned_end = day_field(_("Planned end"))
    targets = _units_field()
    leader = PersonChoiceField(
        label=_("Team leader"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=RecordPicker("inspection-team-pick", labels=team_labels, placeholder=_("Type a name")),
    )
    deputy = PersonChoiceField(
        label=_("Deputy leader"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=RecordPicker("inspection-team-pick", labels=team_labels, placeholder=_("Type a name")),
    )
    members = PeopleChoiceField(
        label=_("Other team members"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=RecordsPicker("inspection-team-pick", labels=team_labels, placeholder=_("Type a name")),
    )
    secretary = PersonChoiceField(
        label=_("Secretary"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=RecordPicker("inspection-team-pick", labels=team_labels, placeholder=_("Type a name")),
    )
    team_decision_number = forms.CharField(
        label=_("Decision forming the team (number)"), max_length=64, required=False
    )
    team_decision_date = day_field(_("Decision date"), required=False)
    scope = forms.CharField(
        label=_("Scope and content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    trigger_reference = forms.CharField(
        label=_("Complaint / report reference"), max_length=128, required=False
    )
    trigger_summary = forms.CharField(
        label=_("Complaint / report summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    sections = (
        FormSection(
            _("What"), ("title", "kind", "template", "plan", "scope", "trigger_reference", "trigger_summary")
        ),
        FormSection(_("When"), ("planned_start", "planned_end")),
        FormSection(_("Where"), ("inspecting_unit", "targets")),
        FormSection(
            _("Who"),
            ("leader", "deputy", "secretary", "members", "team_decision_number", "team_decision_date"),
        ),
    )

    def __init__(self, *args: Any, plans: Any, inspecting_units: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "plan").queryset = plans
        model_choice(self, "plan").empty_label = _("No plan (an ad hoc inspection)")
        model_choice(self, "inspecting_unit").queryset = inspecting_units
        only = list(inspecting_units[:2])
        if len(only) == 1 and not self.is_bound and not self.initial.get("inspecting_unit"):
            self.initial["inspecting_unit"] = only[0].pk
        model_choice(self, "template").empty_label = _("Choose a checklist")
        model_choice(self, "targets").queryset = target_unit_choices()
        people = team_choices()
        for name in ("leader", "deputy", "members", "secretary"):
            model_choice(self, name).queryset = people

    def clean(self) -> dict[str, Any]:
        data = cleaned(super().clean())
        try:
            check_window(data.get("planned_start"), data.get("planned_end"))
        except ValidationError as error:
            self.add_error(None, error)
        try:
            check_team(self.team())
        except ValidationError as error:
            self.add_error(self._repeated_role() or None, error.message_dict["team"])
        return data

    def _repeated_role(self) -> str | None:
        """Which team field names a person already named above it, to show the error beside it."""
        seen: set[Any] = set()
        for name in ("leader", "deputy", "secretary", "members"):
            value = self.cleaned_data.get(name)
            people = list(value or []) if name == "members" else ([value] if value else [])
            for person in people:
                if person.pk in seen:
                    return name
                seen.add(person.pk)
        return None

    def team(self) -> list[tuple[Any, str]]:
        data = self.cleaned_data
        team = [(data[role], role) for role in ("leader", "deputy") if data.get(role)]
        team += [(m, "member") for m in data.get("members") or []]
        if data.get("secretary"):
            team.append((data["secretary"], "secretary"))
        return team


class PlanForm(SectionedForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    issuing_unit = forms.ModelChoiceField(
        label=_("Inspecting body"), queryset=Unit.objects.none(), widget=_body_picker()
    )
    period_start = day_field(_("Period start"))
    period_end = day_field(_("Period end"))

    def __init__(self, *args: Any, issuing_units: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "issuing_unit").queryset = issuing_units

    def clean(self) -> dict[str, Any]:
        data = cleaned(super().clean())
        try:
            check_period(data.get("period_start"), data.get("period_end"))
        except ValidationError as error:
            self.add_error(None, error)
        return data


class PlanScheduleForm(SectionedForm):
    """Several units at once, and again every few months: one draft inspection per unit and window
    (``inspection.services.plan_schedule``)."""

    units = _units_field()
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in SCHEDULABLE_KINDS])
    template = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.filter(is_active=True)
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Each inspection is named this, followed by its unit; left empty, the checklist's name."),
    )
    first_start = day_field(_("First check starts"))
    days = forms.IntegerField(label=_("Days on site"), min_value=1, max_value=60, initial=3)
    times = forms.IntegerField(
        label=_("How many times"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("1 for a single check; 4 with 3 months between them for a check every quarter."),
    )
    every_months = forms.IntegerField(
        label=_("Months between checks"), min_value=0, max_value=12, initial=0, required=False
    )

    sections = (
        FormSection(_("Where"), ("units",)),
        FormSection(_("What"), ("kind", "template", "title")),
        FormSection(_("When"), ("first_start", "days", "times", "every_months")),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "units").queryset = target_unit_choices()
        model_choice(self, "template").empty_label = _("Choose a checklist")

    def clean(self) -> dict[str, Any]:
        data = cleaned(super().clean())
        if data.get("first_start") and data.get("days") and data.get("times"):
            try:
                data["windows"] = schedule_windows(
                    first_start=data["first_start"],
                    days=data["days"],
                    every_months=data.get("every_months") or 0,
                    times=data["times"],
                )
            except ValidationError as error:
                self.add_error("every_months", error)
        return data


class TemplateForm(SectionedForm):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("Short and unique, e.g. CV-2027."))
    name = forms.CharField(label=_("Name"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class CriterionForm(SectionedForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    text = forms.CharField(label=_("Criterion"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    category = forms.ChoiceField(label=_("Field checked"), choices=CriterionCategory.choices)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500, required=False)


class PlanApproveForm(forms.Form):
    decision_number = forms.CharField(label=_("Approving decision number"), max_length=64)
    decision_date = day_field(_("Decision date"))


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ResultForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.ChoiceField(choices=ResultValue.choices)
    note = forms.CharField(required=False, max_length=2000)
