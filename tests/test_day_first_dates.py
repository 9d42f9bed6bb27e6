"""Every date the pages take is typed and shown day first (dd/mm/yyyy), in Vietnamese and in English,
whatever the tablet's locale: found by walking every form and filter set of the project, so a new date
field is covered without anyone listing it."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil

import django_filters
import pytest
from django import forms
from django.utils import translation

from core.forms import DAY_FORMATS, DayInput, day_field

APPS = ("core", "staff", "inspection", "findings", "discipline", "reports", "api", "portal")


def _project_classes():
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if value.__module__ == module.__name__:
                    yield value


def _date_fields():
    for cls in _project_classes():
        if issubclass(cls, forms.BaseForm):
            for name, field in cls.base_fields.items():
                if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                    yield f"{cls.__module__}.{cls.__name__}.{name}", field.input_formats, field.widget
        elif issubclass(cls, django_filters.FilterSet):
            for name, declared in cls.base_filters.items():
                if isinstance(declared, django_filters.DateFilter):
                    field = declared.field
                    yield f"{cls.__module__}.{cls.__name__}.{name}", field.input_formats, field.widget


def test_every_date_of_the_pages_is_day_first():
    found = list(_date_fields())
    assert len(found) >= 20, "the walk finds the forms' and filters' dates"
    for where, formats, widget in found:
        assert list(formats) == DAY_FORMATS, f"{where} parses dates in another order"
        assert isinstance(widget, DayInput), f"{where} is not typed dd/mm/yyyy"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_day_is_read_and_shown_day_first_in_either_language(language):
    field = day_field("Ngày")
    with translation.override(language):
        assert field.clean("05/06/2026") == datetime.date(2026, 6, 5)
        assert field.clean("2026-06-05") == datetime.date(2026, 6, 5)
        assert 'value="05/06/2026"' in field.widget.render("d", datetime.date(2026, 6, 5))
        with pytest.raises(forms.ValidationError):
            field.clean("06/31/2026")
