"""Form widgets for choosing among many records without listing them all.

A national tree has 10,000 units and 500,000 staff: a ``<select>`` of every visible unit was 570 KB of a
654 KB page and a second of rendering (issue "National scale"). :class:`RecordPicker` renders the chosen
record's id in a hidden input and a search box that asks ``source`` (a JSON endpoint that goes through
the permission policy) for at most a screenful of matches, with ``static/js/picker.js``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.functional import Promise

Labels = Callable[[Iterable[Any]], dict[Any, str]]
"""Labels for the chosen records, by id: one call for all of them (so one query, say, for their paths)."""


class RecordPicker(forms.Widget):
    """Used with a ``ModelChoiceField`` (or django-filter's ``ModelChoiceFilter``): the field's queryset,
    already limited to what the user may see, is only asked for the one chosen record's label."""

    template_name = "core/widgets/record_picker.html"

    def __init__(
        self,
        source: str,
        attrs: dict[str, Any] | None = None,
        placeholder: str | Promise = "",
        labels: Labels | None = None,
        query: str = "",
    ):
        super().__init__(attrs)
        self.source = source
        self.query = query
        self.placeholder = placeholder
        self.labels = labels
        self.choices: Any = ()

    def _chosen(self, values: list[Any]) -> list[tuple[Any, str]]:
        """The chosen records that the field's queryset still offers, with their labels, in the order
        given; values that are not ids (or not offered) are left out, and the field's own error says so."""
        queryset = getattr(self.choices, "queryset", None)
        ids = [v for v in values if str(v).strip().isdigit() and int(v) < 2**63]  # a bigint, or no id
        if queryset is None or not ids:
            return []
        records = {record.pk: record for record in queryset.filter(pk__in=ids)}
        found = [records[int(v)] for v in ids if int(v) in records]
        labels = self.labels(found) if self.labels else {r.pk: picker_label(r) for r in found}
        return [(record.pk, labels[record.pk]) for record in found]

    def _label(self, value: Any) -> str:
        if value in (None, ""):
            return ""
        chosen = self._chosen([value])
        return chosen[0][1] if chosen else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            source=reverse(self.source) + (f"?{self.query}" if self.query else ""),
            label=self._label(value),
            placeholder=self.placeholder,
            invalid=bool(context["widget"]["attrs"].get("aria-invalid")),
        )
        return context

    def format_value(self, value: Any) -> str:
        return "" if value in (None, "") else str(value)


class RecordsPicker(RecordPicker):
    """Used with a ``ModelMultipleChoiceField``: each chosen record is a chip (its label, a hidden input
    holding its id, a button to remove it); the search box adds more. With ``browse``, an empty search
    box walks the unit tree from its roots (``source`` answers ``?parent=<id>`` as
    ``staff.selectors.unit_tree_pick``)."""

    template_name = "core/widgets/records_picker.html"

    def __init__(self, source: str, *, browse: bool = False, **kwargs: Any):
        super().__init__(source, **kwargs)
        self.browse = browse

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)
        values = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
        context["widget"].update(
            source=reverse(self.source),
            chosen=self._chosen(list(values)),
            placeholder=self.placeholder,
            browse=self.browse,
            invalid=bool(context["widget"]["attrs"].get("aria-invalid")),
        )
        return context

    def format_value(self, value: Any) -> Any:
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty choice sends nothing, as with a multiple <select>


def picker_label(record: Any) -> str:
    """What a picker shows for a chosen record: its ``picker_label`` if it has one, else its name."""
    label = getattr(record, "picker_label", None)
    return str(label() if callable(label) else label or record)
