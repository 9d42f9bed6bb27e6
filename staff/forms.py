from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file contains"), choices=[("units", _("Units")), ("staff", _("Staff"))]
    )
    file = forms.FileField(label=_("CSV or XLSX file"))
