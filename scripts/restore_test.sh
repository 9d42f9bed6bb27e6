#!/usr/bin/env bash
# Restore test (docs/operations.md "Backup and restore"): back up a demo database and its evidence
# storage exactly as documented, restore both into a new database and a new directory, and check with
# `manage.py verify_report` that every issued report there still matches its recorded hash and its
# signature. Exits non-zero on any failure. Needs PostgreSQL client tools matching the server.
#
#   PGURL=postgres://postgres@127.0.0.1:5432 scripts/restore_test.sh
#
# Database names: $RESTORE_PREFIX-source and $RESTORE_PREFIX-restored (dropped and re-created).
set -euo pipefail
cd "$(dirname "$0")/.."

PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
PREFIX=${RESTORE_PREFIX:-congvu_restore}
SOURCE_DB="${PREFIX}_source"
TARGET_DB="${PREFIX}_restored"
PY=${PY:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export DJANGO_SETTINGS_MODULE=config.settings.dev CONGVU_VAR_DIR="$work/var"
unset REDIS_URL  # the demo renders inline; the backup procedure does not depend on it

step() { printf '\n== %s\n' "$*"; }
recreate() { psql "$PGURL/postgres" -qtAc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null; }

step "a demo installation: database $SOURCE_DB, evidence in $work/source-media"
recreate "$SOURCE_DB"
export DATABASE_URL="$PGURL/$SOURCE_DB" CONGVU_PRIVATE_MEDIA="$work/source-media"
$PY manage.py migrate --noinput -v 0
$PY manage.py load_demo >/dev/null
reports=$($PY manage.py shell --no-imports -c "from reports.models import IssuedReport; print(' '.join(str(pk) for pk in IssuedReport.objects.filter(render_status='done').values_list('pk', flat=True)))")
echo "issued reports rendered: $reports"
[ -n "$reports" ] || { echo "the demo has no rendered issued report"; exit 1; }

step "backup (as documented): pg_dump -Fc, then the evidence storage"
pg_dump --format=custom --no-owner --file="$work/congvu.dump" "$PGURL/$SOURCE_DB"
tar -C "$work/source-media" -czf "$work/evidence.tar.gz" .
ls -l "$work/congvu.dump" "$work/evidence.tar.gz"

step "restore into a new database $TARGET_DB and a new storage directory"
recreate "$TARGET_DB"
pg_restore --no-owner --exit-on-error --dbname="$PGURL/$TARGET_DB" "$work/congvu.dump"
mkdir -p "$work/restored-media"
tar -C "$work/restored-media" -xzf "$work/evidence.tar.gz"

step "verify every issued report of the restored installation"
export DATABASE_URL="$PGURL/$TARGET_DB" CONGVU_PRIVATE_MEDIA="$work/restored-media"
$PY manage.py migrate --check -v 0  # the restored schema is complete
for pk in $reports; do
  $PY manage.py verify_report "$pk"
done
$PY manage.py shell --no-imports -c "
from findings.models import Evidence
missing = [e.pk for e in Evidence.objects.all() if not e.file.storage.exists(e.file.name)]
print(f'{Evidence.objects.count()} evidence file(s) restored, {len(missing)} missing {missing}')
raise SystemExit(1 if missing else 0)"

psql "$PGURL/postgres" -qtAc "DROP DATABASE IF EXISTS $SOURCE_DB" -c "DROP DATABASE IF EXISTS $TARGET_DB" >/dev/null
echo "restore test passed: $(wc -w <<<"$reports") issued report(s) verified after restore"
