#!/usr/bin/env bash
# The hub as it runs in production, on this machine, as root, from Debian's
# packages and the files in this folder (docs/operations.md):
#
#   hub.sh start      nginx (TLS on 127.0.0.1:8443, 8080 redirects), gunicorn, the task
#                     worker and scheduler, Redis, PostgreSQL and a three-node
#                     Elasticsearch cluster under supervisord; waits until the hub answers
#   hub.sh stop       stops every process of the instance
#   hub.sh status     each part's state and /readyz; exit 1 when a part is down
#   hub.sh upgrade    a new release from the checkout: migrate, switch, reload gunicorn
#   hub.sh manage ARGS...   manage.py inside the running release, as the hub user
#   hub.sh ctl ARGS...      supervisorctl of the instance (status, stop es-2, ...)
#   hub.sh describe   the instance's directories and ports, one NAME=value a line
#   hub.sh backup [DIR]   a consistent backup while the hub serves: database dump,
#                     media files, manifest (default DIR /var/backups/<instance>/<time>)
#   hub.sh restore DIR    replace the instance's database, media and indices with a
#                     backup; for the production instance only with HUB_CONFIRM_RESTORE=yes
#   hub.sh reset      stop, then delete the instance's data, media and logs (not the
#                     releases, secrets or certificate); refused for the production
#                     instance unless HUB_CONFIRM_RESET=yes
#
# Environment: HUB_INSTANCE (flanders-hub) and HUB_PORT_BASE (unset: 8443/8080 and
# 18001...) select an instance; the test suite runs another one beside it.
# HUB_PRODUCTION_EMPTY=1 skips the demo catalogue on the first start.
# HUB_ES_HEAP (512m), WEB_CONCURRENCY (one worker per core), GUNICORN_THREADS (4).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CHECKOUT=$(cd "$HERE/../.." && pwd)
# shellcheck source=scripts/production/lib.sh
. "$HERE/lib.sh"
# shellcheck source=scripts/production/release.sh
. "$HERE/release.sh"
# shellcheck source=scripts/production/backup.sh
. "$HERE/backup.sh"

cd /  # every path is absolute; the service users cannot enter a root-only checkout
ES_SCRIPT=$CHECKOUT/scripts/elasticsearch.sh
CERT=$HUB_ETC/tls/cert.pem
CONTENT_MARKER=$HUB_VAR/content-loaded

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

require_root() {
  is_root || die "run this as root (sudo make production): it installs Debian packages, creates the service users and starts each process as its own user"
}

# --- packages and users ---------------------------------------------------------
install_packages() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v supervisord >/dev/null || missing+=(supervisor)
  command -v curl >/dev/null || missing+=(curl)
  command -v ss >/dev/null || missing+=(iproute2)  # nginx-start.sh
  command -v unzip >/dev/null || missing+=(unzip)
  pg_bin >/dev/null || missing+=(postgresql)
  [ -x "$HUB_PYTHON" ] || missing+=(python3)
  "$HUB_PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  [ ${#missing[@]} -eq 0 ] && return 0
  step "installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } \
    || die "apt-get could not install ${missing[*]}; run apt-get update and try again"
}

ensure_users() {
  id "$HUB_USER" >/dev/null 2>&1 \
    || useradd --system --user-group --home-dir /nonexistent --no-create-home \
         --shell /usr/sbin/nologin "$HUB_USER"
  id elasticsearch >/dev/null 2>&1 \
    || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin elasticsearch
  id postgres >/dev/null 2>&1 || die "the postgres user is missing; reinstall Debian's postgresql package"
  id redis >/dev/null 2>&1 || die "the redis user is missing; reinstall Debian's redis-server package"
}

make_dirs() {
  local node
  install -d -m 0755 "$HUB_SRV" "$HUB_SRV/releases" "$HUB_SRV/venvs" "$HUB_ETC" "$HUB_ETC/nginx" \
    "$HUB_VAR" "$HUB_VAR/elasticsearch" "$HUB_LOG" "$HUB_LOG/nginx" "$HUB_LOG/elasticsearch" \
    "$HUB_RUN" "$HUB_SHARED_CACHE"
  install -d -m 0700 "$HUB_ETC/tls"
  install -d -m 0755 -o "$HUB_USER" -g "$HUB_USER" "$HUB_MEDIA_ROOT"
  install -d -m 0700 -o postgres -g postgres "$HUB_VAR/postgresql"
  install -d -m 2775 -o postgres -g postgres "$HUB_RUN/postgresql"
  install -d -m 0750 -o redis -g redis "$HUB_VAR/redis"
  install -d -m 0755 -o elasticsearch -g elasticsearch "$HUB_RUN/elasticsearch"
  for node in $HUB_ES_NODES; do
    install -d -m 0750 -o elasticsearch -g elasticsearch "$HUB_VAR/elasticsearch/$node" \
      "$HUB_LOG/elasticsearch/$node"
  done
  install -d -m 0755 -o "$NGINX_USER" "$HUB_VAR/nginx"
  # prometheus_client's multiprocess files: emptied when the processes start
  # (files of processes that are gone would count forever), never under
  # running ones.
  supervisor_up || rm -rf "$PROMETHEUS_MULTIPROC_DIR"
  install -d -m 0750 -o "$HUB_USER" -g "$HUB_USER" "$PROMETHEUS_MULTIPROC_DIR"
}

# --- secrets and certificate (first start only) -------------------------------------
ensure_secrets() {
  local file=$HUB_ETC/secrets.env name
  if [ ! -f "$file" ]; then
    step "generating secrets into $file (root:$HUB_USER 0640)"
    printf '# Generated on the first start by scripts/production/hub.sh; keep it out of backups of /etc you share.\n' >"$file.tmp"
  else
    cp -p "$file" "$file.tmp"
  fi
  for name in DJANGO_SECRET_KEY HUB_DB_PASSWORD REDIS_PASSWORD HUB_METRICS_TOKEN; do
    grep -q "^$name=" "$file.tmp" || printf '%s=%s\n' "$name" "$(openssl rand -hex 32)" >>"$file.tmp"
  done
  chown "root:$HUB_USER" "$file.tmp"; chmod 0640 "$file.tmp"; mv -f "$file.tmp" "$file"
  set -a; . "$file"; set +a
}

ensure_certificate() {
  [ -f "$CERT" ] && [ -f "$HUB_ETC/tls/key.pem" ] && return 0
  step "making a self-signed certificate for 127.0.0.1 ($CERT)"
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -sha256 \
    -subj "/CN=127.0.0.1/O=Flanders Academic Hub ($HUB_INSTANCE, self-signed)" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$HUB_ETC/tls/key.pem" -out "$CERT" >/dev/null 2>&1 \
    || die "openssl could not make the certificate"
  chmod 0600 "$HUB_ETC/tls/key.pem"; chmod 0644 "$CERT"
}

# --- configuration ---------------------------------------------------------------
pg_layout() {
  PG_BIN=$(pg_bin) || die "PostgreSQL's binaries are missing; apt-get install postgresql"
  PG_MAJOR=$(basename "$(dirname "$PG_BIN")")
  PGDATA=$HUB_VAR/postgresql/$PG_MAJOR/main
  export PG_BIN PG_MAJOR PGDATA
}

es_layout() {
  ES_HOME=$(ES_RUNTIME=$ES_RUNTIME "$ES_SCRIPT" home) \
    || die "the Elasticsearch distribution could not be fetched or unpacked (see the lines above)"
  ES_JAVA_HOME=$(ES_RUNTIME=$ES_RUNTIME "$ES_SCRIPT" java-home) || die "no JDK for Elasticsearch"
  export ES_HOME ES_JAVA_HOME
}

render_configs() {
  local node programs="" sections="" seeds="" bootstrap=1 extra
  export ELASTICSEARCH_URL
  ELASTICSEARCH_URL=$(es_urls)
  render "$HERE/hub.env.template" "$HUB_ETC/hub.env" 0640 "root:$HUB_USER"
  render "$HERE/nginx.conf.template" "$HUB_ETC/nginx/nginx.conf"
  render "$HERE/nginx-site.conf.template" "$HUB_ETC/nginx/site.conf"
  render "$HERE/redis.conf.template" "$HUB_ETC/redis.conf" 0640 root:redis
  render "$HERE/postgresql.conf.template" "$HUB_ETC/postgresql.conf"

  for node in $HUB_ES_NODES; do
    seeds="$seeds${seeds:+, }\"127.0.0.1:$(es_transport_port "$node")\""
    [ -n "$(ls -A "$HUB_VAR/elasticsearch/$node/data" 2>/dev/null)" ] && bootstrap=0
  done
  for node in $HUB_ES_NODES; do
    export ES_NODE=$node ES_NODE_DIR=$HUB_VAR/elasticsearch/$node ES_SEED_HOSTS=$seeds
    export ES_HTTP_PORT ES_TRANSPORT_PORT
    ES_HTTP_PORT=$(es_http_port "$node"); ES_TRANSPORT_PORT=$(es_transport_port "$node")
    install -d -m 0750 -o elasticsearch -g elasticsearch "$ES_NODE_DIR/data" "$ES_NODE_DIR/tmp"
    ES_RUNTIME=$ES_RUNTIME "$ES_SCRIPT" config "$ES_NODE_DIR/config"
    extra=""
    [ -d "$ES_HOME/modules/x-pack-security" ] && extra+=$'xpack.security.enabled: false\n'
    [ -d "$ES_HOME/modules/x-pack-ml" ] && extra+=$'xpack.ml.enabled: false\n'
    # Only while no node has data: naming the first masters later could split
    # the cluster in two.
    [ "$bootstrap" = 1 ] && extra+="cluster.initial_master_nodes: [${HUB_ES_NODES// /, }]"$'\n'
    export ES_EXTRA_SETTINGS=$extra
    render "$HERE/elasticsearch.yml.template" "$ES_NODE_DIR/config/elasticsearch.yml"
    chown -R elasticsearch:elasticsearch "$ES_NODE_DIR"
    programs="$programs${programs:+,}$node"
    render "$HERE/supervisord-es-node.conf.template" "$HUB_RUN/.es-$node.conf"
    sections+=$(cat "$HUB_RUN/.es-$node.conf")$'\n\n'
    rm -f "$HUB_RUN/.es-$node.conf"
  done
  export ES_PROGRAMS=$programs ES_PROGRAM_SECTIONS=$sections
  # Elasticsearch wants 65535 open files; supervisord cannot go above the hard limit.
  HUB_MINFDS=$(ulimit -Hn); [ "$HUB_MINFDS" = unlimited ] || [ "$HUB_MINFDS" -gt 65535 ] && HUB_MINFDS=65535
  export HUB_MINFDS
  render "$HERE/supervisord.conf.template" "$HUB_ETC/supervisord.conf" 0600
}

check_ports() {
  local port
  supervisor_up && return 0  # our own processes hold them
  for port in $(all_ports); do
    if port_taken "$port"; then
      die "port $port on 127.0.0.1 is in use (ss -ltnp 'sport = :$port' shows by whom); stop that process, or run this instance on other ports with HUB_PORT_BASE (docs/operations.md, Ports)"
    fi
  done
}

# --- processes ---------------------------------------------------------------------
start_supervisor() {
  if supervisor_up; then
    # Not `supervisorctl update`: a changed program section would restart all
    # three Elasticsearch nodes at once. Layout changes apply after a stop.
    if grep -q changed <<<"$(ctl reread 2>/dev/null || true)"; then
      note "the process layout changed; it applies after make production-stop and make production"
    fi
    return 0
  fi
  step "starting supervisord ($HUB_ETC/supervisord.conf)"
  # shellcheck disable=SC2086
  env -i $CLEAN_ENV supervisord -c "$HUB_ETC/supervisord.conf"
  for _ in $(seq 1 50); do supervisor_up && return 0; sleep 0.2; done
  tail -n 20 "$HUB_LOG/supervisord.log" >&2 || true
  die "supervisord did not start; see $HUB_LOG/supervisord.log"
}

program_state() { ctl status "$1" 2>/dev/null | awk '{print $2}'; }

start_programs() {  # start the named programs that are not running; say which failed
  local name todo=()
  for name in "$@"; do
    [ "$(program_state "$name")" = RUNNING ] || todo+=("$name")
  done
  [ ${#todo[@]} -eq 0 ] && return 0
  ctl start "${todo[@]}" >/dev/null 2>&1 || true
  for name in "${todo[@]}"; do
    if [ "$(program_state "$name")" != RUNNING ]; then
      tail -n 25 "$HUB_LOG/${name##*:}.log" >&2 2>/dev/null || true
      die "$name did not start; its log: $HUB_LOG/${name##*:}.log (above: its last lines)"
    fi
  done
}

init_postgres() {
  local other
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    other=$(ls -d "$HUB_VAR"/postgresql/*/main/PG_VERSION 2>/dev/null | head -n 1 || true)
    [ -n "$other" ] && die "$HUB_VAR/postgresql holds a cluster of another PostgreSQL version ($other) but Debian's binaries are version $PG_MAJOR: upgrade it with pg_upgrade (docs/operations.md, Upgrade) before starting"
    step "creating the PostgreSQL $PG_MAJOR cluster in $PGDATA"
    install -d -m 0700 -o postgres -g postgres "$PGDATA"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >"$HUB_LOG/initdb.log" 2>&1 \
      || { tail -n 20 "$HUB_LOG/initdb.log" >&2; die "initdb failed; see $HUB_LOG/initdb.log"; }
    printf "\n# The hub's settings (scripts/production/postgresql.conf.template)\ninclude '%s'\n" \
      "$HUB_ETC/postgresql.conf" >>"$PGDATA/postgresql.conf"
  fi
}

psql_admin() { runuser -u postgres -- "$PG_BIN/psql" -h "$HUB_RUN/postgresql" -p "$HUB_PG_PORT" -X -q -v ON_ERROR_STOP=1 "$@"; }

wait_postgres() {
  for _ in $(seq 1 60); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$HUB_PG_PORT" && return 0
    sleep 1
  done
  tail -n 20 "$HUB_LOG/postgresql.log" >&2 || true
  die "PostgreSQL does not accept connections on 127.0.0.1:$HUB_PG_PORT; see $HUB_LOG/postgresql.log"
}

ensure_database() {
  # The password goes through stdin, never through a command line others can read.
  psql_admin -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hub') THEN CREATE ROLE hub LOGIN; END IF;
END \$\$;
ALTER ROLE hub WITH LOGIN PASSWORD '$HUB_DB_PASSWORD';
SELECT 'CREATE DATABASE hub OWNER hub ENCODING ''UTF8''' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'hub')\gexec
SQL
}

es_health() {  # any node that answers
  local node
  for node in $HUB_ES_NODES; do
    curl -fsS --max-time 5 "http://127.0.0.1:$(es_http_port "$node")/_cluster/health$1" 2>/dev/null && return 0
  done
  return 1
}

es_nodes_up() {  # how many nodes answer HTTP
  local node up=0
  for node in $HUB_ES_NODES; do
    curl -fsS --max-time 2 -o /dev/null \
      "http://127.0.0.1:$(es_http_port "$node")/_cluster/health?local=true" 2>/dev/null && up=$((up + 1))
  done
  echo "$up"
}

wait_elasticsearch() {  # three nodes in one cluster, at least yellow
  local answer="" seen="" now deadline=$(( $(date +%s) + ${HUB_ES_WAIT:-600} ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    answer=$(es_health "?wait_for_nodes=3&wait_for_status=yellow&timeout=2s" || true)
    if grep -q '"number_of_nodes":3' <<<"$answer" && grep -Eq '"status":"(green|yellow)"' <<<"$answer"; then
      return 0
    fi
    # A JVM per node on a busy machine takes its time: say how far it got.
    now="$(es_nodes_up)/3 nodes answer"
    [ "$now" != "$seen" ] && { note "$now"; seen=$now; }
    sleep 3
  done
  tail -n 15 "$HUB_LOG"/es-*.log >&2 || true
  die "the Elasticsearch cluster did not form with 3 nodes (last answer: ${answer:-none}); see $HUB_LOG/es-*.log and $HUB_LOG/elasticsearch/"
}

hub_commands() {  # the manage.py commands of the release (db_worker, run_scheduler, ...)
  as_hub python manage.py help --commands 2>/dev/null || true
}

migrate() {
  step "migrating the database (first start: about a minute)"
  if ! as_hub python manage.py migrate --noinput >"$HUB_LOG/migrate.log" 2>&1; then
    tail -n 30 "$HUB_LOG/migrate.log" >&2
    die "migrate failed (log: $HUB_LOG/migrate.log); fix the cause above, then run the command again"
  fi
  note "$(grep -c '  Applying ' "$HUB_LOG/migrate.log" || true) migrations applied"
}

show_output() {  # $1 log file: everything goes there; the command's own lines (not the JSON log records) also here
  tee -a "$1" | sed -u -e 's/{"time": .*$//' -e '/^[[:space:]]*$/d' -e 's/^/    /'
}

catalogue_pages() {  # pages below the sites' home pages; 0 when the database has none (or no schema)
  psql_admin -d hub -tA -c "SELECT count(*) FROM wagtailcore_page WHERE depth > 2" 2>/dev/null || echo 0
}

hub_indices() {  # how many of the hub's indices the cluster holds
  local node answer
  for node in $HUB_ES_NODES; do
    if answer=$(curl -fsS --max-time 5 "http://127.0.0.1:$(es_http_port "$node")/_cat/indices/hub-*?h=index" 2>/dev/null); then
      grep -c . <<<"$answer" || true
      return 0
    fi
  done
  echo 0
}

load_content() {  # the demo catalogue on the first start; the cluster may still be booting meanwhile
  local loaded=0
  if [ -f "$CONTENT_MARKER" ]; then
    loaded=1
    # The marker says the content was loaded once, not that it is still there:
    # a database dropped by hand (or by a restore that failed half-way) is
    # filled again, unless the instance is meant to run empty.
    if [ "${HUB_PRODUCTION_EMPTY:-}" != 1 ] && [ "$(catalogue_pages)" = 0 ]; then
      note "the database has no catalogue although $CONTENT_MARKER says it was loaded: loading it again"
      loaded=0
    fi
  fi
  if [ "$loaded" = 0 ]; then
    if [ "${HUB_PRODUCTION_EMPTY:-}" = 1 ]; then
      note "HUB_PRODUCTION_EMPTY=1: no demo catalogue"
    else
      step "loading the demo catalogue (first start only; a few minutes on 2 cores)"
      # The cluster may still be booting: its queue waits for the rebuild below.
      as_hub python manage.py load_demo_data --leave-search-queue 2>&1 | show_output "$HUB_LOG/load_demo_data.log" \
        || die "load_demo_data failed; see the lines above and $HUB_LOG/load_demo_data.log"
    fi
  fi
  step "waiting for the Elasticsearch cluster (3 nodes)"
  wait_elasticsearch
  if [ "$loaded" = 1 ] && [ "$(hub_indices)" != 0 ]; then
    # A new release may bring a document type: its index is made and filled
    # (cheap when nothing is missing).
    as_hub python manage.py search_index ensure 2>&1 | show_output "$HUB_LOG/search_index.log" \
      || die "search_index ensure failed; see the lines above, $HUB_LOG/search_index.log and scripts/production/hub.sh status"
    # A new release may also change what a document holds (a field a search
    # hit shows): the first start of each release rebuilds the stale ones.
    release=$(sed -n 's/^id=//p' "$HUB_CURRENT/RELEASE" 2>/dev/null || echo unknown)
    if [ "$(cat "$HUB_VAR/search-release" 2>/dev/null)" != "$release" ]; then
      step "refreshing search documents that this release builds differently"
      as_hub python manage.py search_index verify --repair 2>&1 | show_output "$HUB_LOG/search_index.log" \
        || die "search_index verify --repair failed; see the lines above, $HUB_LOG/search_index.log and scripts/production/hub.sh status"
      echo "$release" >"$HUB_VAR/search-release"
    fi
    return 0
  fi
  [ "$loaded" = 1 ] && note "the cluster holds none of the hub's indices (new cluster, or deleted): building them"
  step "building the search indices on the cluster"
  # The database backend is kept up to date by every save; only the cluster needs it.
  as_hub python manage.py search_index rebuild --backend elasticsearch 2>&1 \
    | show_output "$HUB_LOG/search_index.log" \
    || die "search_index rebuild failed; see the lines above, $HUB_LOG/search_index.log and scripts/production/hub.sh status"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$CONTENT_MARKER"
}

# The answer of the hub through nginx: /readyz, or the home page while the hub
# has no /readyz yet. Prints the HTTP status.
hub_answer() {  # $1: body file
  local code
  code=$(curl -s -o "$1" -w '%{http_code}' --max-time 10 --cacert "$CERT" "$HUB_BASE_URL/readyz" || true)
  case $code in
    200|503) ;;  # /readyz answered: ready, or not (its JSON says why)
    000) ;;      # nothing answers yet
    *) code=$(curl -sL -o "$1" -w '%{http_code}' --max-time 10 --cacert "$CERT" "$HUB_BASE_URL/" || true) ;;
  esac
  echo "${code:-000}"
}

wait_hub() {
  local code body deadline=$(( $(date +%s) + 180 ))
  body=$(mktemp)
  while [ "$(date +%s)" -lt "$deadline" ]; do
    code=$(hub_answer "$body")
    [ "$code" = 200 ] && { rm -f "$body"; return 0; }
    sleep 1
  done
  head -c 2000 "$body" >&2; echo >&2; rm -f "$body"
  tail -n 20 "$HUB_LOG/gunicorn.log" >&2 || true
  die "the hub did not answer 200 at $HUB_BASE_URL/readyz (last: $code); logs: $HUB_LOG/gunicorn.log, $HUB_LOG/nginx/error.log"
}

# --- commands ------------------------------------------------------------------------
cmd_start() {
  local release current commands
  require_root
  step "starting the hub (instance $HUB_INSTANCE, $HUB_BASE_URL)"
  install_packages
  ensure_users
  check_ports
  make_dirs
  ensure_secrets
  ensure_certificate
  pg_layout
  es_layout
  render_configs
  init_postgres
  start_supervisor
  # The data services first: the Elasticsearch JVMs boot while the release is
  # built and the database migrated.
  step "starting PostgreSQL (:$HUB_PG_PORT), Redis (:$HUB_REDIS_PORT) and Elasticsearch ($ELASTICSEARCH_URL)"
  start_programs postgresql redis
  ctl start 'elasticsearch:*' >/dev/null 2>&1 || true
  release=$(build_release)
  current=$(readlink -f "$HUB_CURRENT" 2>/dev/null || true)
  if [ ! -d "$current" ] || [ "$(program_state gunicorn)" != RUNNING ]; then
    switch_current "$release"
  elif [ "$current" != "$release" ]; then
    note "the checkout differs from the running release $(basename "$current"); \`scripts/production/hub.sh upgrade\` deploys it"
  fi
  wait_postgres
  ensure_database
  migrate
  load_content
  commands=$(hub_commands)
  step "starting the task worker, the scheduler, gunicorn and nginx"
  if grep -qw db_worker <<<"$commands"; then start_programs worker
  else note "warning: the release has no db_worker command (django-tasks-db); no task worker started"; fi
  if grep -qw run_scheduler <<<"$commands"; then start_programs scheduler
  else note "warning: the release has no run_scheduler command yet; no scheduler started"; fi
  start_programs gunicorn nginx
  step "waiting for $HUB_BASE_URL/readyz"
  wait_hub
  prune_releases
  step "the hub is up: $HUB_BASE_URL/ (self-signed certificate: $CERT)"
  note "status: make production-status · stop: make production-stop · admin user: scripts/production/hub.sh manage createsuperuser"
  echo "$HUB_BASE_URL/"
}

cmd_stop() {
  require_root
  if ! supervisor_up; then
    note "the hub (instance $HUB_INSTANCE) is not running"
    return 0
  fi
  step "stopping nginx, gunicorn, the worker and the scheduler"
  ctl stop nginx gunicorn worker scheduler >/dev/null 2>&1 || true
  step "stopping Elasticsearch, Redis and PostgreSQL"
  ctl stop 'elasticsearch:*' >/dev/null 2>&1 || true
  ctl stop redis postgresql >/dev/null 2>&1 || true
  local pid
  pid=$(cat "$HUB_RUN/supervisord.pid" 2>/dev/null || true)
  ctl shutdown >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  step "stopped"
}

cmd_status() {
  local rc=0 answer code body node release programs
  if ! supervisor_up; then
    echo "instance $HUB_INSTANCE: not running (start it with make production)"
    return 3
  fi
  release=$(sed -n 's/^id=//p' "$HUB_CURRENT/RELEASE" 2>/dev/null || echo unknown)
  echo "instance $HUB_INSTANCE · release $release · $HUB_BASE_URL/"
  echo "-- processes (supervisord)"
  programs=$(ctl status || true)
  sed 's/^/   /' <<<"$programs"
  # Down is anything not RUNNING, but for a worker or scheduler the release
  # does not have (never started).
  grep -v -e RUNNING -e '^\(scheduler\|worker\) .*Not started' -q <<<"$programs" && rc=1
  echo "-- PostgreSQL 127.0.0.1:$HUB_PG_PORT"
  pg_layout
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$HUB_PG_PORT"; then echo "   accepting connections"
  else echo "   DOWN"; rc=1; fi
  echo "-- Redis 127.0.0.1:$HUB_REDIS_PORT"
  set -a; . "$HUB_ETC/secrets.env"; set +a
  answer=$(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -p "$HUB_REDIS_PORT" ping 2>&1 || true)
  echo "   $answer"; [ "$answer" = PONG ] || rc=1
  echo "-- Elasticsearch"
  for node in $HUB_ES_NODES; do
    if curl -fsS --max-time 3 -o /dev/null "http://127.0.0.1:$(es_http_port "$node")/_cluster/health?local=true"; then
      echo "   $node http :$(es_http_port "$node") transport :$(es_transport_port "$node")  up"
    else
      echo "   $node http :$(es_http_port "$node") transport :$(es_transport_port "$node")  DOWN"; rc=1
    fi
  done
  answer=$(es_health "" || echo '{"status":"unreachable"}')
  echo "   cluster: $(python3 -c 'import json,sys; h=json.loads(sys.argv[1]); print(h.get("status"), "·", h.get("number_of_nodes", 0), "nodes ·", h.get("active_shards", 0), "shards ·", h.get("unassigned_shards", 0), "unassigned")' "$answer")"
  echo "-- $HUB_BASE_URL/readyz"
  body=$(mktemp)
  code=$(curl -s -o "$body" -w '%{http_code}' --max-time 10 --cacert "$CERT" "$HUB_BASE_URL/readyz" || true)
  case $code in
    200|503) echo "   HTTP $code"; head -c 1500 "$body" | sed 's/^/   /'; echo ;;
    *) code=$(hub_answer "$body")
       echo "   (this release has no /readyz) home page: HTTP $code" ;;
  esac
  rm -f "$body"
  [ "$code" = 200 ] || rc=1
  return $rc
}

cmd_upgrade() {
  local old new commands old_venv new_venv
  require_root
  supervisor_up || die "the hub is not running; make production starts it with the checkout's code"
  set -a; . "$HUB_ETC/secrets.env"; set +a
  pg_layout; es_layout
  render_configs
  old=$(readlink -f "$HUB_CURRENT")
  new=$(build_release)
  if [ "$old" = "$new" ]; then note "release $(basename "$new") is running already"; return 0; fi
  step "migrating with release $(basename "$new") (the old one keeps serving)"
  as_hub --release "$new" python manage.py migrate --noinput >"$HUB_LOG/migrate.log" 2>&1 \
    || { tail -n 30 "$HUB_LOG/migrate.log" >&2; die "migrate failed; the old release still serves. Log: $HUB_LOG/migrate.log"; }
  step "switching $HUB_CURRENT to $(basename "$new")"
  switch_current "$new"
  old_venv=$(sed -n 's/^venv=//p' "$old/RELEASE"); new_venv=$(sed -n 's/^venv=//p' "$new/RELEASE")
  if [ "$old_venv" = "$new_venv" ]; then
    step "reloading gunicorn (HUP: new workers on the new code, old ones finish their requests)"
    ctl signal HUP gunicorn >/dev/null
  else
    step "restarting gunicorn (the requirements changed: a new virtualenv)"
    ctl restart gunicorn >/dev/null
  fi
  commands=$(hub_commands)
  for program in worker scheduler; do
    local cmd=db_worker; [ "$program" = scheduler ] && cmd=run_scheduler
    grep -qw "$cmd" <<<"$commands" && ctl restart "$program" >/dev/null
  done
  ctl signal HUP nginx >/dev/null
  wait_hub
  prune_releases
  step "release $(basename "$new") serves $HUB_BASE_URL/"
}

cmd_reset() {
  require_root
  if [ "$HUB_INSTANCE" = flanders-hub ] && [ "${HUB_CONFIRM_RESET:-}" != yes ]; then
    die "reset deletes the production database, indices and media; set HUB_CONFIRM_RESET=yes if you mean it"
  fi
  cmd_stop
  step "deleting the data of instance $HUB_INSTANCE ($HUB_VAR, $HUB_MEDIA_ROOT, $HUB_LOG)"
  rm -rf "$HUB_VAR" "$HUB_MEDIA_ROOT" "$HUB_LOG" "$HUB_RUN"
}

cmd_describe() {
  local node http="" transport=""
  for node in $HUB_ES_NODES; do
    http="$http${http:+ }$(es_http_port "$node")"; transport="$transport${transport:+ }$(es_transport_port "$node")"
  done
  cat <<EOF
HUB_INSTANCE=$HUB_INSTANCE
HUB_BASE_URL=$HUB_BASE_URL
HUB_HTTPS_PORT=$HUB_HTTPS_PORT
HUB_HTTP_PORT=$HUB_HTTP_PORT
HUB_GUNICORN_PORT=$HUB_GUNICORN_PORT
HUB_PG_PORT=$HUB_PG_PORT
HUB_REDIS_PORT=$HUB_REDIS_PORT
HUB_ES_NODES=$HUB_ES_NODES
HUB_ES_HTTP_PORTS=$http
HUB_ES_TRANSPORT_PORTS=$transport
ELASTICSEARCH_URL=$(es_urls)
HUB_SRV=$HUB_SRV
HUB_CURRENT=$HUB_CURRENT
HUB_ETC=$HUB_ETC
HUB_VAR=$HUB_VAR
HUB_LOG=$HUB_LOG
HUB_RUN=$HUB_RUN
HUB_MEDIA_ROOT=$HUB_MEDIA_ROOT
HUB_TLS_CERT=$CERT
EOF
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  upgrade) cmd_upgrade ;;
  manage) shift; require_root; as_hub python manage.py "$@" ;;
  ctl) shift; require_root; ctl "$@" ;;
  describe) cmd_describe ;;
  backup) shift; cmd_backup "$@" ;;
  restore) shift; cmd_restore "$@" ;;
  reset) cmd_reset ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
