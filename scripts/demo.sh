#!/usr/bin/env bash
# Start the hub with demo data on SQLite and the database search backend at
# http://127.0.0.1:8000 (admin user printed below).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh requirements.txt
export DJANGO_SETTINGS_MODULE=cms.settings.dev
PORT=${PORT:-8000}
# Absolute links (canonical, API, feeds, oEmbed, widgets) name the address the
# demo serves on; migrate points the Wagtail Site record at it too.
export HUB_BASE_URL=${HUB_BASE_URL:-http://127.0.0.1:$PORT}
echo "==> preparing the SQLite database"
.venv/bin/python manage.py migrate --noinput -v 0
echo "==> loading demo data (idempotent)"
.venv/bin/python manage.py load_demo_data
.venv/bin/python manage.py ensure_demo_admin
echo "==> starting the hub at http://127.0.0.1:$PORT/ (Ctrl-C stops it)"
exec .venv/bin/python manage.py runserver "127.0.0.1:$PORT" ${DEMO_RUNSERVER_ARGS:-}
