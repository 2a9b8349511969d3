#!/usr/bin/env bash
# Start, stop or query a throw-away single-node Elasticsearch for the test suite.
#   scripts/elasticsearch.sh start   -> node on http://127.0.0.1:$ES_PORT (waits for yellow/green)
#   scripts/elasticsearch.sh stop
#   scripts/elasticsearch.sh status  -> prints the cluster health (exit 1 if not running)
#   scripts/elasticsearch.sh home    -> fetches and unpacks the distribution, prints its
#                                       home (scripts/production/ runs its cluster from it)
#   scripts/elasticsearch.sh java-home  -> the JDK that runs it
#   scripts/elasticsearch.sh config DIR -> a node's own config/ (with the hunspell
#                                          dictionaries) in DIR, unless it is there
#
# The node is Maven Central's `org.elasticsearch.distribution.integ-test-zip:elasticsearch`
# artifact (the minimal distribution: server + a few modules, no bundled JDK), fetched with
# `mvn` and cached in .cache/elasticsearch/. Elasticsearch refuses to run as root, so when run
# as root the node runs as the `elasticsearch` system user. Hunspell dictionaries from Debian's
# packages are copied into the node's config/hunspell/<locale>/.
#
# Only the downloaded zip stays in the checkout. The unpacked home (read-only, shared by
# every node) and each node's config, data, logs and temporary files live under
# $ES_RUNTIME (/var/tmp/flanders-hub-es), where the elasticsearch user can read them even
# when the checkout sits in a directory only root can enter.
#
# Ports are explicit: HTTP on $ES_PORT, transport on $ES_TRANSPORT_PORT. The default
# transport port is HTTP + 10000 (19200 -> 29200), outside the range where the hub's other
# services listen (docs/operations.md, "Ports"); a port that is already taken stops the
# start with a clear message instead of a node that cannot join.
#
# Environment: ES_PORT (19200), ES_TRANSPORT_PORT (ES_PORT + 10000), ES_VERSION (auto:
# newest 8.19.x that resolves, then 9.x), ES_JAVA_HOME (auto), ES_HEAP (512m),
# ES_CACHE (<repo>/.cache/elasticsearch: the zip), ES_RUNTIME (/var/tmp/flanders-hub-es),
# ES_DATA (the node's data directory, $ES_RUNTIME/run-$ES_PORT/data: point it at a larger
# disk for a big index). A benchmark node with its own heap, port and disk:
#   ES_HEAP=4g ES_PORT=19300 ES_DATA=/mnt/big/es-19300 scripts/elasticsearch.sh start
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ES_PORT=${ES_PORT:-19200}
ES_TRANSPORT_PORT=${ES_TRANSPORT_PORT:-$((ES_PORT + 10000))}
CACHE=${ES_CACHE:-$ROOT/.cache/elasticsearch}
RUNTIME=${ES_RUNTIME:-/var/tmp/flanders-hub-es}
HEAP=${ES_HEAP:-512m}
RUN_AS=elasticsearch
GROUP=org.elasticsearch.distribution.integ-test-zip
ARTIFACT=elasticsearch
# Newest first. 8.19 is the last 8.x line; 9.x is the fallback.
CANDIDATES=${ES_VERSION:-"8.19.14 8.19.13 8.19.12 8.19.11 8.19.10 8.19.9 8.19.8 9.1.10 9.1.9 9.0.8"}
HUNSPELL_PKGS="hunspell-nl hunspell-en-us hunspell-fr hunspell-de-de"
HUNSPELL_LOCALES="nl_NL en_US fr_FR de_DE"
URL="http://127.0.0.1:$ES_PORT"
RUN_DIR=$RUNTIME/run-$ES_PORT        # config, data, logs, pidfile for this port
DATA_DIR=${ES_DATA:-$RUN_DIR/data}
PIDFILE=$RUN_DIR/es.pid
LEGACY_PIDFILE=$CACHE/run-$ES_PORT/es.pid  # nodes started before the runtime moved

log() { echo "elasticsearch.sh: $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
apt_install() {  # best effort, as root only
  is_root || return 0
  log "installing $* from Debian's packages..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
}

as_es() {
  if is_root; then runuser -u "$RUN_AS" -- env "$@"; else env "$@"; fi
}

# --- distribution -----------------------------------------------------------
fetch() {  # prints the version whose zip is in the cache
  local v
  mkdir -p "$CACHE"
  for v in $CANDIDATES; do
    if [ -f "$CACHE/$ARTIFACT-$v.zip" ]; then echo "$v"; return 0; fi
  done
  command -v mvn >/dev/null || apt_install maven
  command -v mvn >/dev/null || die "mvn not found; it is needed to fetch Elasticsearch from Maven Central"
  for v in $CANDIDATES; do
    log "fetching $GROUP:$ARTIFACT:$v:zip from Maven Central..."
    if mvn -q -B dependency:copy "-Dartifact=$GROUP:$ARTIFACT:$v:zip" \
         "-DoutputDirectory=$CACHE" >"$CACHE/mvn-$v.log" 2>&1 \
       && [ -f "$CACHE/$ARTIFACT-$v.zip" ]; then
      rm -f "$CACHE/mvn-$v.log"; echo "$v"; return 0
    fi
    log "  $v did not resolve (see $CACHE/mvn-$v.log)"
  done
  die "no Elasticsearch version among ($CANDIDATES) resolved from Maven Central"
}

unpack() {  # $1 version -> ES home in $RUNTIME/$1 (readable by everyone, written by us)
  local v=$1 home=$RUNTIME/$1 tmp
  mkdir -p "$RUNTIME"; chmod 755 "$RUNTIME"
  exec 8>"$RUNTIME/.unpack.lock"; flock 8  # two starts at once unpack once
  if [ ! -x "$home/bin/elasticsearch" ]; then
    log "unpacking $ARTIFACT-$v.zip into $RUNTIME..."
    command -v unzip >/dev/null || apt_install unzip
    command -v unzip >/dev/null || die "unzip not found"
    tmp=$(mktemp -d "$RUNTIME/.unpack-XXXXXX")
    unzip -q "$CACHE/$ARTIFACT-$v.zip" -d "$tmp"
    chmod -R go+rX,go-w "$tmp/elasticsearch-$v"
    rm -rf "$home"; mv "$tmp/elasticsearch-$v" "$home"
    rmdir "$tmp"
  fi
  exec 8>&-
}

java_home_for() {  # $1 version
  if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
  local jdk candidates
  # 8.19 runs on the machine's Java 17; 9.x needs 21+ (Temurin 25 in /usr/lib/jvm).
  if [ "${1%%.*}" -ge 9 ]; then
    candidates="/usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*-21-*"
  else
    candidates="/usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-21-*"
  fi
  for jdk in $candidates; do
    [ -x "$jdk/bin/java" ] && { echo "$jdk"; return; }
  done
  [ "${1%%.*}" -ge 9 ] && die "Elasticsearch $1 needs a JDK >= 21 (set ES_JAVA_HOME)"
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v java >/dev/null || die "no JDK found (set ES_JAVA_HOME)"
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

# --- hunspell ---------------------------------------------------------------
install_hunspell() {
  local missing="" p
  for p in $HUNSPELL_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  [ -z "$missing" ] && return 0
  if ! is_root; then log "warning: hunspell packages missing ($missing); run as root to install"; return 0; fi
  log "installing$missing from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq $missing >/dev/null; }
}

place_hunspell() {  # $1 ES config dir
  local conf=$1 loc lang src
  for loc in $HUNSPELL_LOCALES; do
    lang=${loc%%_*}
    src=""
    for cand in "$loc" "${loc/_/-}" "$lang"; do
      [ -f "/usr/share/hunspell/$cand.dic" ] && [ -f "/usr/share/hunspell/$cand.aff" ] && { src=$cand; break; }
    done
    if [ -z "$src" ]; then log "warning: no hunspell dictionary for $loc in /usr/share/hunspell"; continue; fi
    if [ ! -f "$conf/hunspell/$loc/$loc.dic" ]; then
      mkdir -p "$conf/hunspell/$loc"
      cp -L "/usr/share/hunspell/$src.dic" "$conf/hunspell/$loc/$loc.dic"
      cp -L "/usr/share/hunspell/$src.aff" "$conf/hunspell/$loc/$loc.aff"
    fi
    # Lower-cased tokens must still find capitalised entries (German nouns).
    printf 'ignore_case: true\n' > "$conf/hunspell/$loc/settings.yml"
  done
}

# --- node -------------------------------------------------------------------
health() { curl -fsS "$URL/_cluster/health${1:-}" 2>/dev/null; }

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

node_config() {  # $1 home [$2 dir] -> a node's own copy of config/ (owner: caller's job)
  local conf=${2:-$RUN_DIR/config}
  if [ ! -f "$conf/jvm.options" ]; then
    mkdir -p "$conf"
    cp -R "$1/config/." "$conf/"
  fi
  place_hunspell "$conf"
}

start() {
  local v home jh t0 settings
  if running && health >/dev/null; then log "already running on $URL (pid $(cat "$PIDFILE"))"; return 0; fi
  for port in "$ES_PORT" "$ES_TRANSPORT_PORT"; do
    port_taken "$port" && die "port $port on 127.0.0.1 is already in use (HTTP $ES_PORT, transport $ES_TRANSPORT_PORT); stop what listens there (ss -ltnp) or choose other ports with ES_PORT and ES_TRANSPORT_PORT"
  done
  v=$(fetch); unpack "$v"; home=$RUNTIME/$v
  jh=$(java_home_for "$v")
  install_hunspell
  if is_root; then
    id "$RUN_AS" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_AS"
  fi
  mkdir -p "$DATA_DIR" "$RUN_DIR/logs" "$RUN_DIR/tmp"
  node_config "$home"
  if is_root; then chown -R "$RUN_AS" "$RUN_DIR" "$DATA_DIR"; fi
  rm -f "$PIDFILE"
  settings=(-E discovery.type=single-node -E network.host=127.0.0.1 -E http.port="$ES_PORT"
            -E transport.port="$ES_TRANSPORT_PORT" -E cluster.name=flanders-hub-test
            -E path.data="$DATA_DIR" -E path.logs="$RUN_DIR/logs"
            -E cluster.routing.allocation.disk.threshold_enabled=false
            -E action.destructive_requires_name=false)
  # The integ-test-zip ships x-pack-security in some versions only; the setting is unknown without it.
  if [ -d "$home/modules/x-pack-security" ]; then
    settings+=(-E xpack.security.enabled=false)
  fi
  [ -d "$home/modules/x-pack-ml" ] && settings+=(-E xpack.ml.enabled=false)
  log "starting Elasticsearch $v on $URL, transport port $ES_TRANSPORT_PORT, heap $HEAP, data $DATA_DIR (java: $jh)..."
  t0=$(date +%s)
  # From a directory the node's user can enter: the checkout may be root-only.
  (cd "$RUN_DIR" && as_es ES_JAVA_HOME="$jh" ES_TMPDIR="$RUN_DIR/tmp" ES_PATH_CONF="$RUN_DIR/config" \
    ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP ${ES_EXTRA_JAVA_OPTS:-}" \
    "$home/bin/elasticsearch" -d -p "$PIDFILE" "${settings[@]}") >"$RUN_DIR/startup.log" 2>&1 \
    || { echo "error: Elasticsearch $v failed to start:" >&2; tail -n 40 "$RUN_DIR/startup.log" >&2
         tail -n 40 "$RUN_DIR/logs/flanders-hub-test.log" >&2 2>/dev/null || true; exit 1; }
  if ! curl -fsS --retry 30 --retry-delay 2 --retry-connrefused -o /dev/null \
        "$URL/_cluster/health?wait_for_status=yellow&timeout=60s" \
     || ! health "?wait_for_status=yellow&timeout=60s" | grep -Eq '"status":"(green|yellow)"'; then
    echo "error: Elasticsearch $v did not reach yellow/green on $URL; last log lines:" >&2
    tail -n 40 "$RUN_DIR/logs/flanders-hub-test.log" >&2 2>/dev/null || tail -n 40 "$RUN_DIR/startup.log" >&2
    exit 1
  fi
  log "Elasticsearch $v ready on $URL in $(( $(date +%s) - t0 ))s"
}

stop() {
  local pid i
  [ -f "$PIDFILE" ] || PIDFILE=$LEGACY_PIDFILE
  [ -f "$PIDFILE" ] || return 0
  pid=$(cat "$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if health; then echo; else echo "Elasticsearch is not running on $URL" >&2; exit 1; fi ;;
  home)
    v=$(fetch); unpack "$v"; install_hunspell; echo "$RUNTIME/$v" ;;
  java-home)
    v=$(fetch); java_home_for "$v" ;;
  config)
    [ -n "${2:-}" ] || die "usage: $0 config DIR"
    v=$(fetch); unpack "$v"; install_hunspell; node_config "$RUNTIME/$v" "$2" ;;
  *) echo "usage: $0 start|stop|status|home|java-home|config DIR" >&2; exit 2 ;;
esac
