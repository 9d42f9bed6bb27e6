from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from discipline.models import ActGravity, PauseReason, SanctionForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseOpenForm(forms.Form):
    act_date = forms.DateField(label=_("Date of the act"), widget=DATE)
    discovered_on = forms.DateField(label=_("Date of discovery"), widget=DATE)
    gravity = forms.ChoiceField(label=_("Gravity"), choices=ActGravity.choices)
    is_complex = forms.BooleanField(label=_("Complex case (deadline 150 days)"), required=False)


class DateStepForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)


class DecisionForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Form"), queryset=SanctionForm.objects.none())
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE)
    effective_to = forms.DateField(label=_("Effective until"), widget=DATE, required=False)

    def __init__(self, *args: Any, offered: list[SanctionForm], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = SanctionForm.objects.all()
        self.fields["form"].choices = [(f.pk, f.name) for f in offered]


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class PauseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=PauseReason.choices)
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)
