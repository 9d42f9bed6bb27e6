"""Form widgets for choosing among many records without listing them all.

A national tree has 10,000 units and 500,000 staff: a ``<select>`` of every visible unit was 570 KB of a
654 KB page and a second of rendering (issue "National scale"). :class:`RecordPicker` renders the chosen
record's id in a hidden input and a search box that asks ``source`` (a JSON endpoint that goes through
the permission policy) for at most a screenful of matches, with ``static/js/picker.js``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.functional import Promise


class RecordPicker(forms.Widget):
    """Used with a ``ModelChoiceField`` (or django-filter's ``ModelChoiceFilter``): the field's queryset,
    already limited to what the user may see, is only asked for the one chosen record's label."""

    template_name = "core/widgets/record_picker.html"

    def __init__(self, source: str, attrs: dict[str, Any] | None = None, placeholder: str | Promise = ""):
        super().__init__(attrs)
        self.source = source
        self.placeholder = placeholder
        self.choices: Any = ()

    def _label(self, value: Any) -> str:
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or value in (None, ""):
            return ""
        try:
            chosen = queryset.filter(pk=value).first()
        except (TypeError, ValueError):
            return ""
        return picker_label(chosen) if chosen is not None else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            source=reverse(self.source), label=self._label(value), placeholder=self.placeholder
        )
        return context

    def format_value(self, value: Any) -> str:
        return "" if value in (None, "") else str(value)


def picker_label(record: Any) -> str:
    """What a picker shows for a chosen record: its ``picker_label`` if it has one, else its name."""
    label = getattr(record, "picker_label", None)
    return str(label() if callable(label) else label or record)
