"""Typed access to a form's fields, for forms that set a field's choices or queryset per request."""

from __future__ import annotations

from typing import Any, cast

from django import forms


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``; precondition: it is a ModelChoiceField (or ModelMultipleChoiceField)."""
    return cast(forms.ModelChoiceField, form.fields[name])


def choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name``; precondition: it is a ChoiceField."""
    return cast(forms.ChoiceField, form.fields[name])


def cleaned(data: dict[str, Any] | None) -> dict[str, Any]:
    """``Form.clean``'s result, which Django types as optional although ``BaseForm.clean`` returns it."""
    return data if data is not None else {}
