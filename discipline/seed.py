"""Put the rulebook back after a ``flush``, which empties every table (tests, resets) but runs no data
migration; like the role groups, it is restored on the post_migrate signal that ``flush`` sends.

A database whose rulebook has any form is never touched: the rows there are the administrators'.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import connections

RULEBOOK_MIGRATION = "discipline.migrations.0003_rulebook_by_person_and_date"
"""The latest migration that seeds the rulebook; a later one that changes the rows replaces this name."""


def ensure_rulebook(using: str = "default", **kwargs: Any) -> None:
    from django.apps import apps

    from discipline.models import SanctionForm

    if SanctionForm._meta.db_table not in connections[using].introspection.table_names():
        return
    if SanctionForm.objects.using(using).exists():
        return
    importlib.import_module(RULEBOOK_MIGRATION).load(apps, None)
