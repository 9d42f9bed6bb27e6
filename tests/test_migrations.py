"""The suite runs on databases built from the models (config/settings/test.py), so this test is what
keeps the migrations honest: it migrates a new database of the same engine from nothing, exactly as a
deployment does, and finds the same tables, columns, constraints and seeded rows (the role groups, the
rulebook, the legal bases) as in the database every other test uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.schema_description import describe

MIGRATE_AND_DESCRIBE = """
import json, django
django.setup()
from django.core.management import call_command
from django.db import connection
from tests.schema_description import describe
call_command("migrate", interactive=False, verbosity=0)
print(json.dumps(describe(connection), default=str))
"""


GIVEN = "CONGVU_MIGRATED_DATABASE_URL"
"""A PostgreSQL database that CI has just migrated from nothing for its later steps (.ci/run): on that
engine the test reads it (its own migrate then has nothing to apply) instead of migrating a second one
(15-20 s). Anywhere else the test makes its own."""


def _fresh_database_url(tmp_path: Path) -> tuple[str, object]:
    if connection.vendor == "postgresql" and os.environ.get(GIVEN):
        return os.environ[GIVEN], None
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}", None
    params = connection.settings_dict
    name = f"{params['NAME']}_migrated"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    url = (
        f"postgres://{user}{password}@{params.get('HOST') or 'localhost'}:{params.get('PORT') or 5432}/{name}"
    )
    return url, name


def _drop(name: object) -> None:
    if name:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


TYPE_MAY_DIFFER = {
    ("auth_group_permissions", "id"),
    ("auth_user_groups", "id"),
    ("auth_user_user_permissions", "id"),
}
"""Django's own auth app: migrating builds its automatic many-to-many tables with the project's
DEFAULT_AUTO_FIELD (bigint), building from the models with the app's AutoField (integer). Only the
type of these keys is let off; SQLite has one integer type, so there they agree anyway."""


def _without_let_off_types(table: str, columns: dict) -> dict:
    return {name: (spec[1:] if (table, name) in TYPE_MAY_DIFFER else spec) for name, spec in columns.items()}


def _difference(built: dict, migrated: dict) -> list[str]:
    out = [f"table {t} only when built from the models" for t in built.keys() - migrated.keys()]
    out += [f"table {t} only when migrated" for t in migrated.keys() - built.keys()]
    for table in sorted(built.keys() & migrated.keys()):
        built[table]["columns"] = _without_let_off_types(table, built[table]["columns"])
        migrated[table]["columns"] = _without_let_off_types(table, migrated[table]["columns"])
        for part in ("columns", "constraints", "rows"):
            if built[table][part] != migrated[table][part]:
                out.append(
                    f"{table}: {part} differ\n  built:    {built[table][part]}\n  migrated: {migrated[table][part]}"
                )
    return out


@pytest.mark.django_db
def test_a_database_migrated_from_nothing_is_the_one_the_tests_run_on(tmp_path):
    url, name = _fresh_database_url(tmp_path)
    try:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "CONGVU_VAR_DIR": str(tmp_path),
        }
        done = subprocess.run(
            [sys.executable, "-c", MIGRATE_AND_DESCRIBE],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-4000:]
        migrated = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        _drop(name)
    built = json.loads(json.dumps(describe(connection), default=str))
    assert built["auth_group"]["rows"] and built["discipline_sanctionform"]["rows"]
    assert not _difference(built, migrated)
