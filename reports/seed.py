"""Put the dated legal bases back after a ``flush`` (tests, resets), which empties every table but runs
no data migration; restored on the post_migrate signal ``flush`` sends, like the rulebook.

A database that has any legal basis is never touched: the rows there are the administrators'.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import connections

BASES_MIGRATION = "reports.migrations.0004_documents_agency_numbers_minutes"
"""The latest migration that seeds the legal bases; a later one that changes them replaces this name."""


def ensure_legal_bases(using: str = "default", **kwargs: Any) -> None:
    from django.apps import apps

    from reports.models import LegalBasis

    if LegalBasis._meta.db_table not in connections[using].introspection.table_names():
        return
    if LegalBasis.objects.using(using).exists():
        return
    importlib.import_module(BASES_MIGRATION).load_bases(apps, None)
