from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import cleaned, day_field, model_choice
from core.widgets import RecordPicker
from discipline.models import SanctionForm
from findings.models import Severity
from inspection.models import CriterionCategory, InspectionKind, InspectionStatus
from reports.bases import bases_in_force
from reports.models import ReportDraft
from reports.summary import Period
from staff.models import Unit

MAX_VERIFY_BYTES = 100 * 1024 * 1024
LONG_TEXT = 20000


class BasisChoiceField(forms.ModelMultipleChoiceField):
    """Each legal basis by its whole citation (its ``str`` is cut at 80 characters, mid-word): the
    writer must see exactly which text is printed."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.text)


class DraftForm(forms.ModelForm):
    class Meta:
        model = ReportDraft
        fields = ["bases", "legal_basis", "strengths", "causes", "conclusion"]
        field_classes = {"bases": BasisChoiceField}
        widgets = {
            "bases": forms.CheckboxSelectMultiple,
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 5}),
            "causes": forms.Textarea(attrs={"rows": 4}),
            "conclusion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "bases").queryset = bases_in_force()
        self.fields["bases"].help_text = _(
            "The bases in force today. With none ticked the standard ones are printed; a basis that is "
            "replaced before issuance is printed as its replacement."
        )
        self.fields["legal_basis"].help_text = _(
            "Only bases missing from the list, one per line, e.g. the decision defining the agency's "
            "functions. A line that repeats a listed basis or the team decision is not printed twice."
        )

    def clean(self) -> dict[str, Any]:
        data = cleaned(super().clean())
        for name in ("legal_basis", "strengths", "causes", "conclusion"):
            if len(data.get(name) or "") > LONG_TEXT:
                self.add_error(name, _("At most %(limit)d characters.") % {"limit": LONG_TEXT})
        return data


class CorrectionForm(DraftForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )

    class Meta(DraftForm.Meta):
        fields = ["reason", *DraftForm.Meta.fields]


class SummaryForm(forms.Form):
    date_from = day_field(_("From"))
    date_to = day_field(_("To"))
    unit = forms.ModelChoiceField(
        label=_("Unit (with its subunits)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=RecordPicker("unit-pick", placeholder=_("All units — type to choose one")),
    )
    kind = forms.ChoiceField(
        label=_("Inspection kind"), required=False, choices=[("", _("All kinds")), *InspectionKind.choices]
    )
    category = forms.ChoiceField(
        label=pgettext_lazy("finding", "Category"),
        required=False,
        choices=[("", _("All categories")), *CriterionCategory.choices],
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("All severities")), *Severity.choices]
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "unit").queryset = units

    def period(self) -> Period:
        """The summary asked for; precondition: the form is valid."""
        data = self.cleaned_data
        return Period.of(data)

    @staticmethod
    def defaults() -> dict[str, datetime.date]:
        today = timezone.localdate()
        return {"date_from": datetime.date(today.year, 1, 1), "date_to": today}

    def clean(self) -> dict[str, Any]:
        data = cleaned(super().clean())
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the period is before its start."))
        if start and end and (end - start).days > 366 * 10:
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        return data


class SummaryListForm(SummaryForm):
    """A summary's period and narrowing, with what one figure of it counts besides: the inspections in
    one status, or the cases decided with one disciplinary form."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *InspectionStatus.choices]
    )
    form = forms.ModelChoiceField(
        label=_("Form decided"), queryset=SanctionForm.objects.order_by("rank"), required=False
    )


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=_("PDF file to check"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(_("The file is larger than 100 MB; no issued report is that large."))
        return upload
