# shellcheck shell=bash
# The layout of one instance of the production topology: its directories, ports
# and users. Sourced by hub.sh; every variable is exported because the templates
# in this folder are rendered from the environment (@NAME@ placeholders).
#
# One machine can hold several instances side by side (the test suite starts its
# own): HUB_INSTANCE names the directories, HUB_PORT_BASE moves every port.

export HUB_INSTANCE=${HUB_INSTANCE:-flanders-hub}
[[ $HUB_INSTANCE =~ ^[a-z][a-z0-9-]{1,40}$ ]] \
  || { echo "error: HUB_INSTANCE must be lower-case letters, digits and dashes" >&2; exit 2; }

# --- directories (FHS: code in /srv, configuration in /etc, state in /var/lib) ---
export HUB_SRV=/srv/$HUB_INSTANCE                    # releases/, venvs/, current, media/
export HUB_ETC=/etc/$HUB_INSTANCE                    # hub.env, secrets.env, tls/, rendered configs
export HUB_VAR=/var/lib/$HUB_INSTANCE                # postgresql/, elasticsearch/, redis/, nginx/
export HUB_LOG=/var/log/$HUB_INSTANCE                # one log per process, nginx/
export HUB_RUN=/run/$HUB_INSTANCE                    # supervisor socket, pids, sockets, metrics
export HUB_CURRENT=$HUB_SRV/current                  # symlink to the running release
export HUB_MEDIA_ROOT=$HUB_SRV/media
export PROMETHEUS_MULTIPROC_DIR=$HUB_RUN/prometheus
export HUB_SHARED_CACHE=/var/cache/flanders-hub      # pip's cache, shared by instances
export ES_RUNTIME=/opt/flanders-hub/elasticsearch    # the unpacked distribution (read-only)

# --- ports (docs/operations.md, "Ports"): base + a fixed offset each ---------
# Without HUB_PORT_BASE: base 18000 and nginx on 8443/8080 (make production).
# With it (the test suite uses 28000): nginx on base+443 and base+80 as well.
if [ -n "${HUB_PORT_BASE:-}" ]; then
  _https_default=$((HUB_PORT_BASE + 443)) _http_default=$((HUB_PORT_BASE + 80))
else
  HUB_PORT_BASE=18000 _https_default=8443 _http_default=8080
fi
export HUB_PORT_BASE
export HUB_HTTPS_PORT=${HUB_HTTPS_PORT:-$_https_default}
export HUB_HTTP_PORT=${HUB_HTTP_PORT:-$_http_default}
export HUB_GUNICORN_PORT=$((HUB_PORT_BASE + 1))
export HUB_PG_PORT=$((HUB_PORT_BASE + 2))
export HUB_REDIS_PORT=$((HUB_PORT_BASE + 3))
HUB_ES_NODES="es-1 es-2 es-3"
es_http_port() { echo $((HUB_PORT_BASE + 10 + ${1#es-})); }       # es-1 -> base+11
es_transport_port() { echo $((HUB_PORT_BASE + 20 + ${1#es-})); }  # es-1 -> base+21

export HUB_BASE_URL=https://127.0.0.1:$HUB_HTTPS_PORT
export HUB_ES_HEAP=${HUB_ES_HEAP:-512m}
export HUB_REDIS_MAXMEMORY=${HUB_REDIS_MAXMEMORY:-256mb}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-$(nproc)}  # one gunicorn worker per core
export GUNICORN_THREADS=${GUNICORN_THREADS:-4}

# --- users -------------------------------------------------------------------
HUB_USER=hub              # gunicorn, the task worker, the scheduler
NGINX_USER=www-data       # nginx workers (the master reads the TLS key as root)
export HUB_USER NGINX_USER

# --- helpers -----------------------------------------------------------------
T0=${T0:-$(date +%s)}
step() { printf '==> [%3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

all_ports() {
  local node
  echo "$HUB_HTTPS_PORT $HUB_HTTP_PORT $HUB_GUNICORN_PORT $HUB_PG_PORT $HUB_REDIS_PORT"
  for node in $HUB_ES_NODES; do echo "$(es_http_port "$node") $(es_transport_port "$node")"; done
}

es_urls() {  # the comma-separated ELASTICSEARCH_URL
  local node out=""
  for node in $HUB_ES_NODES; do out="$out${out:+,}http://127.0.0.1:$(es_http_port "$node")"; done
  echo "$out"
}

pg_bin() {  # Debian's newest installed PostgreSQL
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/postgres" ] && echo "$dir"
}

# render TEMPLATE OUTPUT [MODE [OWNER]]: replace every @NAME@ with $NAME; an
# unset name is an error, so a template never ships with a hole in it.
render() {
  local src=$1 dst=$2 mode=${3:-0644} owner=${4:-root:root}
  python3 - "$src" "$dst.tmp" <<'PY' || exit 1
import os, re, sys
src, dst = sys.argv[1:3]
missing = []
def value(match):
    name = match.group(1)
    if name not in os.environ:
        missing.append(name)
        return ""
    return os.environ[name]
text = re.sub(r"@([A-Z][A-Z0-9_]*)@", value, open(src, encoding="utf-8").read())
if missing:
    sys.exit(f"error: {src} needs {', '.join(sorted(set(missing)))}, which is not set")
with open(dst, "w", encoding="utf-8") as out:
    out.write(text)
PY
  chmod "$mode" "$dst.tmp"; chown "$owner" "$dst.tmp"; mv -f "$dst.tmp" "$dst"
}

ctl() { supervisorctl -c "$HUB_ETC/supervisord.conf" "$@"; }
supervisor_up() { [ -S "$HUB_RUN/supervisor.sock" ] && ctl pid >/dev/null 2>&1; }

# Run a command as the hub user inside a release, with the instance's environment.
as_hub() {  # as_hub [--release DIR] command...
  local release=$HUB_CURRENT
  if [ "${1:-}" = --release ]; then release=$2; shift 2; fi
  runuser -u "$HUB_USER" -- env -i $CLEAN_ENV HUB_ETC="$HUB_ETC" HUB_RELEASE_DIR="$release" \
    "$release/scripts/production/hub-exec.sh" "$@"
}

# The processes get hub.env and nothing of the caller's environment (a shell's
# DATABASE_URL or DJANGO_SETTINGS_MODULE, the test suite's variables).
CLEAN_ENV="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 LC_ALL=C.UTF-8"
