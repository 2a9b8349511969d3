#!/usr/bin/env bash
# Start the hub with demo data on SQLite and the database search backend at
# http://127.0.0.1:8000 (admin user printed below), with its task worker and
# scheduler in the background.
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
echo "==> checking the search index (repairs documents an older release indexed)"
.venv/bin/python manage.py search_index verify --repair
echo "==> starting the hub at http://127.0.0.1:$PORT/ with its task worker and scheduler (Ctrl-C stops all three)"
# Background work (search index updates, iCalendar feeds) goes through the
# database queue as in production: db_worker runs it, run_scheduler enqueues
# the periodic tasks. When one of the three stops, the others are stopped too.
pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true  # runserver's autoreloaded child
    kill -TERM "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM
.venv/bin/python manage.py db_worker --no-reload --interval 1 & pids+=($!)
.venv/bin/python manage.py run_scheduler & pids+=($!)
# shellcheck disable=SC2086 # DEMO_RUNSERVER_ARGS holds several words
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" ${DEMO_RUNSERVER_ARGS:-} & pids+=($!)
wait -n "${pids[@]}"
