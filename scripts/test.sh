#!/usr/bin/env bash
# The whole test suite: installs what is missing, starts a real PostgreSQL,
# runs pytest on it, then smoke-tests the SQLite demo start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh requirements-dev.txt
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
# Browser tests (tests/search/test_search_browser.py): Debian's Chromium and chromedriver.
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || {
  apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }
# Accessibility tests (tests/accessibility/): axe-core pinned by its package-lock.json;
# npm ci runs only when the lock file is newer than the installed copy.
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
[ tests/accessibility/node_modules/.package-lock.json -nt tests/accessibility/package-lock.json ] \
  || npm ci --prefix tests/accessibility --no-audit --no-fund --loglevel=error
# WordPress plugin (tests/plugins/test_wordpress_plugin.py): PHP, and for its end-to-end
# test Debian's WordPress with MariaDB (the test runs its own server processes).
command -v php >/dev/null && [ -f /usr/share/wordpress/wp-settings.php ] && [ -x /usr/sbin/mariadbd ] \
  && php -r 'exit(extension_loaded("mysqli") ? 0 : 1);' || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends php-cli wordpress mariadb-server php-mysql >/dev/null; }
# Production topology and fault tests (tests/production/): nginx and Redis from
# Debian's packages; openssl makes the self-signed certificate.
command -v nginx >/dev/null && command -v redis-server >/dev/null && command -v openssl >/dev/null \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       nginx redis-server openssl >/dev/null; }
export PGPORT=${PGPORT:-54329}
echo "==> starting PostgreSQL on 127.0.0.1:$PGPORT"
scripts/postgres.sh start
trap 'scripts/elasticsearch.sh stop; scripts/postgres.sh stop' EXIT
# Explicit ports: HTTP 19200, transport 29200 (docs/operations.md, "Ports").
export ES_PORT=${ES_PORT:-19200}
export ES_TRANSPORT_PORT=${ES_TRANSPORT_PORT:-$((ES_PORT + 10000))}
echo "==> starting Elasticsearch on 127.0.0.1:$ES_PORT (transport $ES_TRANSPORT_PORT)"
scripts/elasticsearch.sh start || {
  echo "error: Elasticsearch did not start; the search tests need it (see docs/search.md)" >&2
  exit 1; }
export HUB_TEST_ELASTICSEARCH_URL="http://127.0.0.1:${ES_PORT:-19200}"
export DATABASE_URL="postgres://hub@127.0.0.1:$PGPORT/hub"
echo "==> lint (ruff)"
.venv/bin/ruff check cms search plugins themes tests
echo "==> layers (import-linter, .importlinter; docs/architecture.md)"
.venv/bin/lint-imports --no-cache >/dev/null || { .venv/bin/lint-imports --no-cache >&2
  echo "error: a module imports a layer above its own; see docs/architecture.md" >&2; exit 1; }
echo "==> migrations are up to date"
DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
  || { echo "error: models changed without a migration; run manage.py makemigrations" >&2; exit 1; }
echo "==> test suite on PostgreSQL"
.venv/bin/pytest "$@"
echo "==> database search on SQLite (the demo's engine)"
DATABASE_URL="sqlite:///$(mktemp -d)/hub.sqlite3" .venv/bin/pytest -q \
  tests/search/test_database_relevance.py
echo "==> demo start-up smoke test on SQLite"
scripts/smoke_demo.sh
