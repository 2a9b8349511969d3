#!/usr/bin/env bash
# Start the hub with demo data on SQLite and the database search backend at
# http://127.0.0.1:8000 (admin and organisation editor printed below), with its task worker and
# scheduler in the background, and a page on another origin (port + 1) that
# embeds every widget.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh requirements.txt
export DJANGO_SETTINGS_MODULE=cms.settings.dev
PORT=${PORT:-8000}
# Absolute links (canonical, API, feeds, oEmbed, widgets) name the address the
# demo serves on; migrate points the Wagtail Site record at it too.
export HUB_BASE_URL=${HUB_BASE_URL:-http://127.0.0.1:$PORT}
# Visitors get the hub's own 404 and 500 pages, not Django's debug pages
# (cms/settings/dev.py); runserver still serves the static and media files.
export HUB_DEBUG=${HUB_DEBUG:-false}
HOST_PORT=$((PORT + 1))
echo "==> preparing the SQLite database"
.venv/bin/python manage.py migrate --noinput -v 0
echo "==> loading demo data (idempotent)"
.venv/bin/python manage.py load_demo_data
.venv/bin/python manage.py ensure_demo_admin
.venv/bin/python manage.py ensure_demo_editor
echo "==> checking the search index (repairs documents an older release indexed)"
.venv/bin/python manage.py search_index verify --repair
# A site on another origin embedding every widget type: scripts/demo_host/
# with the hub's address filled in, served by Python's own HTTP server.
host_dir=$(mktemp -d "${TMPDIR:-/tmp}/flanders-demo-host.XXXXXX")
sed "s|__HUB__|$HUB_BASE_URL|g" scripts/demo_host/index.html >"$host_dir/index.html"
echo "==> starting the hub at http://127.0.0.1:$PORT/ with its task worker and scheduler (Ctrl-C stops all four)"
echo "    Widget host page (another origin, every widget): http://127.0.0.1:$HOST_PORT/"
# Background work (search index updates, iCalendar feeds) goes through the
# database queue as in production: db_worker runs it, run_scheduler enqueues
# the periodic tasks. When one of the four stops, the others are stopped too.
pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true  # runserver's autoreloaded child
    kill -TERM "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$host_dir" "$host_dir.log"
}
trap stop_all EXIT
trap 'exit 130' INT TERM
.venv/bin/python manage.py db_worker --no-reload --interval 1 & pids+=($!)
.venv/bin/python manage.py run_scheduler & pids+=($!)
# shellcheck disable=SC2086 # DEMO_RUNSERVER_ARGS holds several words
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" ${DEMO_RUNSERVER_ARGS:-} & pids+=($!)
.venv/bin/python -m http.server "$HOST_PORT" --bind 127.0.0.1 --directory "$host_dir" \
  >"$host_dir.log" 2>&1 & pids+=($!)
wait -n "${pids[@]}"
