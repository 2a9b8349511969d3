# shellcheck shell=bash
# Backup and restore of one instance (docs/operations.md, "Backup and
# restore"). Sourced by hub.sh, which provides the layout (lib.sh) and the
# helpers (pg_layout, psql_admin, as_hub, start_programs, wait_hub, ...).
#
#   hub.sh backup [DIR]    while the hub serves: DIR/database.dump (pg_dump -Fc),
#                          DIR/media.tar, DIR/manifest.json (written last)
#   hub.sh restore DIR     into this instance: checks the backup, recreates the
#                          database, restores the media, checks and applies the
#                          migrations, empties the cache, rebuilds the search
#                          indices, starts the hub again
#
# A backup is consistent: pg_dump reads one snapshot, and the media files are
# copied after it, so every file the database names is in the archive (a file
# uploaded meanwhile is there too, unused). The search indices are not backed
# up: the restore rebuilds them from the database.

BACKUP_FORMAT=flanders-hub-backup
BACKUP_FORMAT_VERSION=1

pg_admin_tool() {  # $1 pg_dump|pg_restore|psql, then its arguments: as postgres, on the socket
  local tool=$1; shift
  runuser -u postgres -- "$PG_BIN/$tool" -h "$HUB_RUN/postgresql" -p "$HUB_PG_PORT" "$@"
}

pg_server_major() {
  pg_admin_tool psql -X -A -t -d postgres -c 'SHOW server_version_num' | cut -c1-2
}

check_pg_client() {  # the dump and restore tools must be the server's major version
  local server
  pg_layout
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$HUB_PG_PORT" \
    || die "PostgreSQL does not answer on 127.0.0.1:$HUB_PG_PORT; start the hub (make production) first"
  server=$(pg_server_major) || die "cannot ask PostgreSQL its version"
  [ "$server" = "$PG_MAJOR" ] \
    || die "PostgreSQL runs version $server but Debian's client tools are $PG_MAJOR; install postgresql-client-$server (pg_dump must match the server's major version)"
}

absolute_dir() {  # hub.sh works from /: a relative DIR is the caller's
  case $1 in
    /*) echo "$1" ;;
    *) echo "${OLDPWD:-$PWD}/$1" ;;
  esac
}

release_field() {  # $1 name in the running release's RELEASE file
  sed -n "s/^$1=//p" "$HUB_CURRENT/RELEASE" 2>/dev/null | head -n 1
}

cmd_backup() {
  local dir=${1:-/var/backups/$HUB_INSTANCE/$(date -u +%Y%m%dT%H%M%SZ)} schema before media_files
  require_root
  dir=$(absolute_dir "$dir")
  supervisor_up || die "the hub (instance $HUB_INSTANCE) is not running; start it with make production"
  check_pg_client
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    die "$dir is not empty; give a new directory for the backup"
  fi
  # Personal data and the whole catalogue: only root reads a backup.
  install -d -m 0700 "$dir"
  step "backing up instance $HUB_INSTANCE into $dir"
  before=$(as_hub python manage.py schema_state) \
    || die "manage.py schema_state failed; is the release healthy? (scripts/production/hub.sh status)"
  step "dumping the database (pg_dump $PG_MAJOR, custom format)"
  pg_admin_tool pg_dump -d hub -Fc -Z 6 >"$dir/database.dump.tmp" \
    || die "pg_dump failed (see the lines above); the backup in $dir is incomplete"
  mv "$dir/database.dump.tmp" "$dir/database.dump"
  schema=$(as_hub python manage.py schema_state) || die "manage.py schema_state failed"
  [ "$schema" = "$before" ] \
    || die "the schema changed during the backup (an upgrade ran?); take the backup again"
  step "archiving the media files ($HUB_MEDIA_ROOT)"
  tar -C "$HUB_MEDIA_ROOT" --numeric-owner -cf "$dir/media.tar.tmp" . \
    || die "tar could not read $HUB_MEDIA_ROOT; the backup in $dir is incomplete"
  mv "$dir/media.tar.tmp" "$dir/media.tar"
  media_files=$(find "$HUB_MEDIA_ROOT" -type f | wc -l)
  step "writing the manifest"
  BACKUP_FORMAT=$BACKUP_FORMAT BACKUP_FORMAT_VERSION=$BACKUP_FORMAT_VERSION \
  SCHEMA=$schema MEDIA_FILES=$media_files PG_SERVER_VERSION=$(pg_admin_tool psql -X -A -t -d postgres -c 'SHOW server_version') \
  PG_DUMP_VERSION=$("$PG_BIN/pg_dump" --version) RELEASE_ID=$(release_field id) \
  RELEASE_COMMIT=$(release_field commit) RELEASE_VERSION=$(release_field version) \
    python3 - "$dir" <<'PY' || die "could not write $dir/manifest.json"
import hashlib, json, os, sys
from datetime import datetime, timezone
folder = sys.argv[1]
def digest(name):
    sha = hashlib.sha256()
    with open(os.path.join(folder, name), "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return {"sha256": sha.hexdigest(), "bytes": os.path.getsize(os.path.join(folder, name))}
env = os.environ
manifest = {
    "format": env["BACKUP_FORMAT"], "format_version": int(env["BACKUP_FORMAT_VERSION"]),
    "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    "instance": env["HUB_INSTANCE"],
    "hub": {"version": env["RELEASE_VERSION"] or env["RELEASE_COMMIT"][:10] or "unknown",
            "release": env["RELEASE_ID"], "commit": env["RELEASE_COMMIT"]},
    "schema": json.loads(env["SCHEMA"]),
    "postgresql": {"server": env["PG_SERVER_VERSION"].strip(), "pg_dump": env["PG_DUMP_VERSION"].strip()},
    "files": {"database.dump": digest("database.dump"),
              "media.tar": {**digest("media.tar"), "files": int(env["MEDIA_FILES"])}},
}
with open(os.path.join(folder, "manifest.json.tmp"), "w", encoding="utf-8") as out:
    json.dump(manifest, out, indent=2)
    out.write("\n")
os.replace(os.path.join(folder, "manifest.json.tmp"), os.path.join(folder, "manifest.json"))
PY
  chmod 0600 "$dir"/*
  note "$(du -sh "$dir" | cut -f1) in $dir: database.dump, media.tar ($media_files files), manifest.json"
  step "backup done; test it with: scripts/production/hub.sh restore $dir (on another instance, docs/operations.md)"
  echo "$dir"
}

verify_backup() {  # $1 dir: the manifest's format and every file's checksum
  python3 - "$1" <<'PY'
import hashlib, json, os, sys
folder = sys.argv[1]
try:
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
except (OSError, ValueError) as error:
    sys.exit(f"error: {folder}/manifest.json cannot be read ({error}): not a complete backup "
             "(the manifest is written last)")
if manifest.get("format") != os.environ["BACKUP_FORMAT"] or \
        manifest.get("format_version") != int(os.environ["BACKUP_FORMAT_VERSION"]):
    sys.exit(f"error: {folder} is not a backup this script reads "
             f"(format {manifest.get('format')} {manifest.get('format_version')})")
for name, expected in manifest.get("files", {}).items():
    path = os.path.join(folder, name)
    sha = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
    except OSError as error:
        sys.exit(f"error: {path} is missing or unreadable ({error})")
    if sha.hexdigest() != expected.get("sha256"):
        sys.exit(f"error: {path} does not match its checksum in the manifest: the backup "
                 "is damaged; use another one")
for name in ("database.dump", "media.tar"):
    if name not in manifest.get("files", {}):
        sys.exit(f"error: the manifest lists no {name}")
hub = manifest.get("hub", {})
print(f"    backup of {manifest.get('instance')} made {manifest.get('created')} by hub "
      f"{hub.get('version')} (release {hub.get('release')}); checksums match")
PY
}

cmd_restore() {
  local dir=${1:-} major staging
  require_root
  [ -n "$dir" ] || die "usage: hub.sh restore DIR (a directory made by hub.sh backup)"
  dir=$(absolute_dir "$dir")
  [ -d "$dir" ] || die "$dir is not a directory"
  if [ "$HUB_INSTANCE" = flanders-hub ] && [ "${HUB_CONFIRM_RESTORE:-}" != yes ]; then
    die "restore replaces the production database, media and indices; set HUB_CONFIRM_RESTORE=yes if you mean it"
  fi
  supervisor_up || die "the hub (instance $HUB_INSTANCE) is not running; start it first (make production, or HUB_PRODUCTION_EMPTY=1 for an empty one)"
  step "checking the backup in $dir"
  BACKUP_FORMAT=$BACKUP_FORMAT BACKUP_FORMAT_VERSION=$BACKUP_FORMAT_VERSION verify_backup "$dir" \
    || die "nothing was changed"
  check_pg_client
  major=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["postgresql"]["server"].split(".")[0])' "$dir/manifest.json")
  [ "$major" -le "$PG_MAJOR" ] \
    || die "the dump comes from PostgreSQL $major, newer than this server ($PG_MAJOR); nothing was changed"
  as_hub python manage.py schema_state --check-code - <"$dir/manifest.json" | sed 's/^/    /' \
    || die "nothing was changed"

  step "stopping gunicorn, the worker and the scheduler (nginx answers 502 meanwhile)"
  ctl stop gunicorn worker scheduler >/dev/null 2>&1 || true
  step "recreating the database and restoring the dump"
  pg_admin_tool psql -X -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<'SQL' || die "could not recreate the database (see above)"
DROP DATABASE IF EXISTS hub WITH (FORCE);
CREATE DATABASE hub OWNER hub ENCODING 'UTF8';
SQL
  # From standard input: the postgres user cannot read a root-only backup.
  pg_admin_tool pg_restore -d hub --exit-on-error --single-transaction <"$dir/database.dump" \
    || die "pg_restore failed (see above); the database is empty. Fix the cause and run the restore again"
  as_hub python manage.py schema_state --check - <"$dir/manifest.json" | sed 's/^/    /' \
    || die "the restored database does not match the manifest"
  step "applying this release's newer migrations, if any"
  as_hub python manage.py migrate --noinput >"$HUB_LOG/migrate.log" 2>&1 \
    || { tail -n 30 "$HUB_LOG/migrate.log" >&2; die "migrate failed after the restore; log: $HUB_LOG/migrate.log"; }

  step "restoring the media files into $HUB_MEDIA_ROOT"
  staging=$HUB_SRV/.media-restore
  rm -rf "$staging"; install -d -m 0755 "$staging"
  tar -C "$staging" --no-same-owner -xf "$dir/media.tar" || die "could not unpack $dir/media.tar"
  chown -R "$HUB_USER:$HUB_USER" "$staging"; chmod -R go+rX,go-w "$staging"
  rm -rf "$HUB_MEDIA_ROOT"; mv "$staging" "$HUB_MEDIA_ROOT"

  step "emptying the cache (answers of the replaced content)"
  set -a; . "$HUB_ETC/secrets.env"; set +a
  [ "$(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -p "$HUB_REDIS_PORT" FLUSHDB 2>&1)" = OK ] \
    || die "Redis did not empty its cache; start it (hub.sh ctl start redis) and run the restore again"
  # The database backend's table came with the dump; the cluster's indices
  # are built from it (new indices, then the aliases swap).
  step "rebuilding the search indices on the cluster from the restored database"
  as_hub python manage.py search_index rebuild --backend elasticsearch 2>&1 | show_output "$HUB_LOG/search_index.log" \
    || die "search_index rebuild failed (above); the hub answers searches from the database meanwhile. Run scripts/production/hub.sh manage search_index rebuild when the cluster is healthy"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$CONTENT_MARKER"

  step "starting the task worker, the scheduler and gunicorn"
  start_programs worker scheduler gunicorn
  wait_hub
  step "restored $dir into instance $HUB_INSTANCE: $HUB_BASE_URL/"
}
