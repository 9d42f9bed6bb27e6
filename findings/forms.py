from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import choice, day_field, model_choice
from core.widgets import RecordPicker
from findings.models import Severity
from inspection.models import CriterionCategory
from staff.models import Staff, Unit
from staff.selectors import assignable_staff


class ActionAddForm(forms.Form):
    text = forms.CharField(
        label=_("What the unit must do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    responsible_unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    due_date = day_field(_("Due date"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "responsible_unit").queryset = units


class AssignForm(forms.Form):
    """The responsible person of an action: a staff member in service in its responsible unit's subtree,
    found with the staff picker kept to that unit; empty clears the assignment."""

    responsible_staff = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=Staff.objects.none(),
        required=False,
        help_text=_("A staff member of the responsible unit. Leave empty to name nobody."),
    )

    def __init__(self, *args: Any, user: Any, unit: Unit, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = model_choice(self, "responsible_staff")
        field.widget = RecordPicker(
            "staff-pick", query=f"unit={unit.pk}", placeholder=_("Type part of the person's name")
        )
        field.queryset = assignable_staff(user, unit)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ResponseForm(forms.Form):
    explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )
    remediation = forms.CharField(
        label=_("Remediation done or planned"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )


class VerifyForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class ExtensionForm(forms.Form):
    new_due_date = day_field(_("Requested new due date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Approve")), ("no", _("Deny"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=5000)


class ExplanationForm(forms.Form):
    text = forms.CharField(
        label=_("Your explanation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )


class FindingEditForm(forms.Form):
    """Edits of a draft finding carry the version they started from, so a concurrent edit is detected."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    severity = forms.ChoiceField(label=_("Severity"), choices=())
    description = forms.CharField(
        label=_("What was found"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    recommendation = forms.CharField(
        label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=10000
    )

    def __init__(self, *args: Any, **kwargs: Any):
        from findings.models import Severity

        super().__init__(*args, **kwargs)
        choice(self, "severity").choices = Severity.choices


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} — {obj.position or obj.get_category_display()}"


class CriterionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.text[:80]}"


class FindingForm(forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    staff = StaffChoice(
        label=_("Staff member concerned (optional)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.Select(attrs={"size": 7}),
    )
    criterion = CriterionChoice(label=_("Criterion (optional)"), queryset=Unit.objects.none(), required=False)
    category = forms.ChoiceField(label=_("Area checked"), choices=CriterionCategory.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("What was found"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    recommendation = forms.CharField(
        label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=10000
    )

    def __init__(self, *args: Any, units: Any, staff: Any, criteria: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "unit").queryset = units
        model_choice(self, "staff").queryset = staff
        model_choice(self, "criterion").queryset = criteria
