#!/usr/bin/env bash
# The whole test suite: installs what is missing, starts a real PostgreSQL,
# runs pytest on it, then smoke-tests the SQLite demo start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh requirements-dev.txt
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
export PGPORT=${PGPORT:-54329}
echo "==> starting PostgreSQL on 127.0.0.1:$PGPORT"
scripts/postgres.sh start
trap 'scripts/postgres.sh stop' EXIT
export DATABASE_URL="postgres://hub@127.0.0.1:$PGPORT/hub"
echo "==> lint (ruff)"
.venv/bin/ruff check cms search plugins themes tests
echo "==> migrations are up to date"
DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
  || { echo "error: models changed without a migration; run manage.py makemigrations" >&2; exit 1; }
echo "==> test suite on PostgreSQL"
.venv/bin/pytest "$@"
echo "==> demo start-up smoke test on SQLite"
scripts/smoke_demo.sh
