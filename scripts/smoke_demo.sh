#!/usr/bin/env bash
# Smoke test of the README's demo start-up: run scripts/demo.sh on a fresh SQLite
# file, fetch a few pages, the hub's 404 page, the widget host page and every
# absolute link of the API, feeds and oEmbed (scripts/demo_links.py), stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
export HUB_SQLITE_PATH="$tmp/demo.sqlite3" HUB_MEDIA_ROOT="$tmp/media" PORT=8765
export DEMO_RUNSERVER_ARGS=--noreload
scripts/demo.sh >"$tmp/demo.log" 2>&1 &
pid=$!
# demo.sh stops its worker and scheduler itself; wait for it before removing
# the files they use.
cleanup() { kill "$pid" 2>/dev/null || true; pkill -f "runserver 127.0.0.1:8765" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
ok=
for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null "http://127.0.0.1:8765/nl/" 2>/dev/null; then ok=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if [ -z "$ok" ]; then
  echo "smoke: the demo did not start; its log:" >&2; cat "$tmp/demo.log" >&2; exit 1
fi
grep -q "Admin user:" "$tmp/demo.log" || { echo "smoke: no admin credentials printed" >&2; exit 1; }
fail=0
for path in /nl/ /en/ /en/events/ /nl/expertise/ /en/institutions/ /en/representations/ /en/scholarships/ /admin/login/; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:8765$path")
  echo "smoke: GET $path -> $code"
  [ "$code" = 200 ] || fail=1
done
# The demo searches on the database backend: a known word must find results.
# Fetch first, then look: `curl | grep -q` under pipefail fails with curl's write
# error (23) when grep stops reading at its first match.
page=$(curl -fsS "http://127.0.0.1:8765/en/search/?q=leuven" 2>&1 || true)
if grep -q 'class="result result--' <<<"$page"; then
  echo "smoke: GET /en/search/?q=leuven -> results"
else
  echo "smoke: the search page found nothing for 'leuven'" >&2; fail=1
fi
# The task worker runs what the scheduler enqueues: /readyz shows the
# heartbeat task it ran.
worker=
for _ in $(seq 1 90); do
  ready=$(curl -sS "http://127.0.0.1:8765/readyz" 2>/dev/null || true)
  if .venv/bin/python -c 'import json, sys; sys.exit(json.loads(sys.argv[1])["checks"]["worker"]["status"] != "ok")' "$ready" 2>/dev/null; then
    worker=1; break
  fi
  sleep 1
done
if [ -n "$worker" ]; then echo "smoke: GET /readyz -> the task worker runs"; else
  echo "smoke: the task worker ran no heartbeat; /readyz says: $ready" >&2; fail=1; fi
# The hub's own 404 page (the demo runs with DEBUG off), not Django's debug
# page that lists the URL patterns.
code=$(curl -s -o "$tmp/404.html" -w '%{http_code}' "http://127.0.0.1:8765/en/no-such-page/")
echo "smoke: GET /en/no-such-page/ -> $code"; [ "$code" = 404 ] || fail=1
if grep -q "Page not found" "$tmp/404.html" && ! grep -qi "URLconf" "$tmp/404.html"; then
  echo "smoke: the 404 page is the hub's"
else
  echo "smoke: /en/no-such-page/ is not the hub's 404 page" >&2; fail=1
fi
# With DEBUG off runserver still serves the static files (cms/urls.py).
home=$(curl -fsS "http://127.0.0.1:8765/en/" 2>&1 || true)
css=$(grep -o 'href="/static/[^"]*\.css"' <<<"$home" | head -n 1 | sed 's/.*href="//; s/"$//' || true)
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:8765${css:-/static/missing}")
echo "smoke: GET ${css:-(no stylesheet on /en/)} -> $code"; [ "$code" = 200 ] || fail=1
# The widget host page on another origin (port + 1), its URL printed.
grep -q "http://127.0.0.1:8766/" "$tmp/demo.log" || { echo "smoke: no widget host page URL printed" >&2; fail=1; }
host=$(curl -fsS "http://127.0.0.1:8766/" 2>&1 || true)
for needle in 'src="http://127.0.0.1:8765/embed/v1/widgets.js"' "<flanders-events" \
              "<flanders-calendar" "<flanders-expertise" "<flanders-search"; do
  grep -qF "$needle" <<<"$host" || { echo "smoke: the widget host page lacks $needle" >&2; fail=1; }
done
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:8765/embed/v1/widgets.js")
echo "smoke: GET http://127.0.0.1:8766/ embeds every widget; widgets.js -> $code"
[ "$code" = 200 ] || fail=1
# In Chromium (scripts/test.sh installs it): every widget renders there and
# its links to the hub answer 200.
.venv/bin/python scripts/demo_widget_links.py http://127.0.0.1:8766/ http://127.0.0.1:8765 || fail=1
# Every absolute link of the API's first pages, the feeds, oEmbed and an event
# page names the demo's address and answers 200; so do the home page's links,
# its sections' links and their images (media files, DEBUG off).
.venv/bin/python scripts/demo_links.py http://127.0.0.1:8765 || fail=1
# Absolute links name the address the demo serves on (demo.sh sets HUB_BASE_URL
# from PORT) and open: a page's canonical link and an event's URL in the API.
page=$(curl -fsS "http://127.0.0.1:8765/en/events/" 2>&1 || true)
canonical=$(grep -o '<link rel="canonical" href="[^"]*"' <<<"$page" | head -n 1 | sed 's/.*href="//; s/"$//' || true)
api=$(curl -fsS "http://127.0.0.1:8765/api/v1/events/?page_size=1" 2>&1 || true)
event=$(.venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["results"][0]["url"])' <<<"$api" 2>/dev/null || true)
for url in "$canonical" "$event"; do
  case "$url" in
    http://127.0.0.1:8765/*) code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
      echo "smoke: GET $url (absolute link) -> $code"; [ "$code" = 200 ] || fail=1 ;;
    *) echo "smoke: absolute link '$url' does not name http://127.0.0.1:8765/" >&2; fail=1 ;;
  esac
done
[ "$fail" = 0 ] || { echo "smoke: FAILED" >&2; tail -n 40 "$tmp/demo.log" >&2; exit 1; }
echo "smoke: demo start-up OK"
