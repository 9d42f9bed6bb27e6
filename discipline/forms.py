from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import day_field
from discipline.models import ActGravity, PauseReason, SanctionForm

FINANCE = _(
    "The act directly concerns finance, property or technology/business secrets (Labour Code: 12 months)"
)


class CaseOpenForm(forms.Form):
    act_date = day_field(_("Date of the act"))
    discovered_on = day_field(_("Date of discovery"))
    gravity = forms.ChoiceField(label=_("Gravity"), choices=ActGravity.choices)
    finance_related = forms.BooleanField(label=FINANCE, required=False)
    is_complex = forms.BooleanField(label=_("Complex case (deadline 150 days)"), required=False)


class DateStepForm(forms.Form):
    on = day_field(_("Date"))


class _FormChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: SanctionForm) -> str:
        return obj.name


def _form_field(label: Any, offered: list[SanctionForm] | None, required: bool) -> forms.ModelChoiceField:
    """A choice of disciplinary form: the ``offered`` ones are shown; any form is accepted on posting,
    so that the service, which knows the date, gives the reason for a refusal."""
    field = _FormChoice(label=label, queryset=SanctionForm.objects.all(), required=required)
    if offered is not None:
        field.choices = ([] if required else [("", "—")]) + [(f.pk, f.name) for f in offered]
    return field


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = day_field(_("Decision date"))
    effective_from = day_field(_("Effective from"))
    effective_to = day_field(_("Effective until"), required=False)
    confirm = forms.BooleanField(label=_("I understand that a recorded decision cannot be undone."))

    def __init__(self, *args: Any, offered: list[SanctionForm] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields = {"form": _form_field(_("Form"), offered, True), **self.fields}

    def decision(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm"}


class AssessForm(forms.Form):
    def __init__(self, *args: Any, offered: list[SanctionForm] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["form"] = _form_field(_("Form the act warrants on its own"), offered, False)


class ActForm(forms.Form):
    act_date = day_field(_("Date of the act"))
    gravity = forms.ChoiceField(label=_("Gravity"), choices=ActGravity.choices)
    finance_related = forms.BooleanField(label=FINANCE, required=False)
    description = forms.CharField(label=_("The act"), max_length=500)

    def __init__(self, *args: Any, offered: list[SanctionForm] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["form"] = _form_field(_("Form the act warrants on its own"), offered, False)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class PauseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=PauseReason.choices)
    start = day_field(_("From"))
    end = day_field(_("Until"), required=False)


class PauseEndForm(forms.Form):
    pause = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    end = day_field(_("Last day of the pause"))
