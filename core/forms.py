"""Typed access to a form's fields, for forms that set a field's choices or queryset per request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.functional import Promise


@dataclass(frozen=True)
class FormSection:
    """A titled group of a long form's fields (``templates/core/_form_sections.html`` shows each as a
    fieldset); a form lists its sections in ``sections``, and fields it leaves out follow at the end."""

    title: str | Promise
    fields: tuple[str, ...]


def form_sections(form: forms.BaseForm) -> list[tuple[str | Promise, list[forms.BoundField]]]:
    """The form's visible fields grouped as its ``sections`` say, every field exactly once."""
    placed: set[str] = set()
    groups: list[tuple[str | Promise, list[forms.BoundField]]] = []
    for section in getattr(form, "sections", ()):
        names = [name for name in section.fields if name in form.fields and name not in placed]
        placed.update(names)
        groups.append((section.title, [form[name] for name in names if not form[name].is_hidden]))
    rest = [field for field in form.visible_fields() if field.name not in placed]
    if rest:
        groups.append(("", rest))
    return groups


class SectionedForm(forms.Form):
    """A long form shown in titled parts (``sections``) with each error beside its field."""

    sections: tuple[FormSection, ...] = ()
    error_css_class = "has-error"
    required_css_class = "required"

    def grouped(self) -> list[tuple[str | Promise, list[forms.BoundField]]]:
        return form_sections(self)


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``; precondition: it is a ModelChoiceField (or ModelMultipleChoiceField)."""
    return cast(forms.ModelChoiceField, form.fields[name])


def choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name``; precondition: it is a ChoiceField."""
    return cast(forms.ChoiceField, form.fields[name])


def cleaned(data: dict[str, Any] | None) -> dict[str, Any]:
    """``Form.clean``'s result, which Django types as optional although ``BaseForm.clean`` returns it."""
    return data if data is not None else {}


# Dates are typed day first, as every Vietnamese document writes them (Nghị định 30/2020/NĐ-CP, Phụ
# lục I: "ngày ... tháng ... năm ..."), whatever the page's language or the tablet's locale; the ISO
# form is accepted too, for links and scripts. A browser's own date control would follow the device's
# locale (often month first), so the field is a text box with the numeric keypad.
DAY_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class DayInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            # Browsers compile it with the "v" flag, where "/" and "-" must be escaped in a class.
            "pattern": r"\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{4}-\d{2}-\d{2}",
            "class": "day",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def day_field(label: Any, **kwargs: Any) -> forms.DateField:
    """A date field of the pages: typed and shown dd/mm/yyyy."""
    return forms.DateField(label=label, widget=DayInput(), input_formats=DAY_FORMATS, **kwargs)
