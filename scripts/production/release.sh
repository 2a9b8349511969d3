# shellcheck shell=bash
# Releases: the code of the checkout, its virtualenv and its collected static
# files in $HUB_SRV/releases/<id>, readable by the service users, never in the
# checkout (which may sit in a directory only root can enter). Sourced by hub.sh.
#
# The id is the commit plus a hash of the files' contents, so starting again
# from the same tree reuses the release, and an edited tree makes a new one.
# Virtualenvs live in $HUB_SRV/venvs/<hash of requirements.txt and Python>: a
# release whose requirements did not change reuses its predecessor's, and pip
# fills a new one from the shared wheelhouse ($HUB_SHARED_CACHE/wheels) without
# downloading again.

KEEP_RELEASES=${KEEP_RELEASES:-3}
# Debian's Python (python3, python3-venv): the service users can run it, which
# they cannot do with an interpreter under root's home (pyenv).
HUB_PYTHON=${HUB_PYTHON:-/usr/bin/python3}

release_files() {  # NUL-separated: tracked and untracked-but-not-ignored files
  if git -C "$CHECKOUT" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$CHECKOUT" ls-files -z --cached --others --exclude-standard \
      | (cd "$CHECKOUT" && while IFS= read -r -d '' f; do
           if [ -f "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
         done)
  else  # a tarball of the code: everything but local state
    (cd "$CHECKOUT" && find . \( -name .git -o -name .venv -o -name .cache -o -name __pycache__ \
        -o -path ./media -o -path ./static_collected -o -path ./var -o -name '*.sqlite3' \) -prune \
        -o \( -type f -o -type l \) -printf '%P\0')
  fi
}

release_id() {
  local commit sum
  commit=$(git -C "$CHECKOUT" rev-parse --short=10 HEAD 2>/dev/null || echo nogit)
  sum=$(release_files | (cd "$CHECKOUT" && xargs -0 sha1sum) | sha1sum | cut -c1-8)
  echo "$commit-$sum"
}

pip_offline() {  # $1 venv
  "$1/bin/pip" install --disable-pip-version-check --no-input --progress-bar off \
    --no-index --find-links "$wheels" -r "$CHECKOUT/requirements.txt"
}

ensure_venv() {  # prints the virtualenv for the checkout's requirements.txt
  local key venv wheels=$HUB_SHARED_CACHE/wheels
  key=$( (cat "$CHECKOUT/requirements.txt"; "$HUB_PYTHON" -VV) | sha1sum | cut -c1-12)
  venv=$HUB_SRV/venvs/$key
  if [ -f "$venv/.complete" ]; then echo "$venv"; return; fi
  "$HUB_PYTHON" -c 'import sys; assert sys.version_info[:2] >= (3, 11)' 2>/dev/null \
    || die "Python 3.11 or newer is needed for the release's virtualenv (set HUB_PYTHON=...)"
  step "installing requirements.txt into $venv (once per set of requirements; pip's cache makes repeats quick)" >&2
  rm -rf "$venv"
  # A virtualenv cannot be moved (its scripts name their interpreter): it is
  # built in place and marked complete at the end.
  "$HUB_PYTHON" -m venv "$venv" >&2
  mkdir -p "$wheels"
  # From the wheelhouse alone when it has every pin; otherwise pip fetches (and
  # builds) the missing wheels into it first. pip's HTTP cache is not enough:
  # a mirror that answers "no-store" leaves it empty.
  if pip_offline "$venv" >"$HUB_LOG/pip.log" 2>&1; then
    note "installed from the wheelhouse $wheels (no download)" >&2
  else
    note "fetching the missing wheels into $wheels (once)" >&2
    if ! { PIP_CACHE_DIR=$HUB_SHARED_CACHE/pip "$venv/bin/pip" wheel --disable-pip-version-check \
             --no-input --progress-bar off --find-links "$wheels" --wheel-dir "$wheels" \
             -r "$CHECKOUT/requirements.txt" && pip_offline "$venv"; } >"$HUB_LOG/pip.log" 2>&1; then
      tail -n 30 "$HUB_LOG/pip.log" >&2
      die "pip could not install requirements.txt (log: $HUB_LOG/pip.log); check the network to PyPI and the pins, then run the command again"
    fi
  fi
  note "$(grep -c '^Processing' "$HUB_LOG/pip.log" || true) packages in the virtualenv" >&2
  chmod -R go+rX,go-w "$venv"
  touch "$venv/.complete"
  echo "$venv"
}

# build_release: prints the release's directory (new, or the existing one with
# the same id). Needs hub.env and secrets.env: collectstatic imports the
# production settings.
build_release() {
  local id dir tmp venv commit
  id=$(release_id)
  dir=$HUB_SRV/releases/$id
  if [ -f "$dir/.complete" ]; then
    note "release $id is built already: reusing it" >&2
    echo "$dir"; return
  fi
  step "building release $id from $CHECKOUT" >&2
  tmp=$HUB_SRV/releases/.build-$id
  rm -rf "$tmp" "$dir"; mkdir -p "$tmp"
  release_files | tar -C "$CHECKOUT" --null --no-recursion -T - -cf - | tar -C "$tmp" -xf -
  venv=$(ensure_venv)
  ln -s "$venv" "$tmp/.venv"
  commit=$(git -C "$CHECKOUT" rev-parse HEAD 2>/dev/null || echo unknown)
  # version: what backups record as the hub's version (git describe: the
  # latest tag, commits since, the commit; -dirty for uncommitted changes).
  printf 'id=%s\ncommit=%s\nversion=%s\nbuilt=%s\nfrom=%s\nvenv=%s\n' "$id" "$commit" \
    "$(git -C "$CHECKOUT" describe --tags --always --dirty 2>/dev/null || echo "${commit:0:10}")" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$CHECKOUT" "$venv" >"$tmp/RELEASE"
  note "collecting static files (hashed names for nginx's immutable caching)" >&2
  # shellcheck disable=SC2086
  if ! env -i $CLEAN_ENV HUB_ETC="$HUB_ETC" HUB_RELEASE_DIR="$tmp" "$tmp/scripts/production/hub-exec.sh" \
        python manage.py collectstatic --noinput -v 0 >"$HUB_LOG/collectstatic.log" 2>&1; then
    tail -n 30 "$HUB_LOG/collectstatic.log" >&2
    die "collectstatic failed in $tmp (log: $HUB_LOG/collectstatic.log); fix the error above and run the command again"
  fi
  # The hub user cannot write bytecode next to the code: compile it now.
  "$venv/bin/python" -m compileall -q -j 0 "$tmp/cms" "$tmp/search" "$tmp/plugins" \
    "$tmp/themes" >/dev/null 2>&1 || true
  chmod -R go+rX,go-w "$tmp"
  touch "$tmp/.complete"
  mv "$tmp" "$dir"
  echo "$dir"
}

switch_current() {  # $1 release directory
  ln -sfn "releases/$(basename "$1")" "$HUB_SRV/.current.new"
  mv -Tf "$HUB_SRV/.current.new" "$HUB_CURRENT"
}

prune_releases() {  # keep the newest $KEEP_RELEASES and the current one; drop unused venvs
  local current keep=0 dir venv
  current=$(readlink -f "$HUB_CURRENT" 2>/dev/null || true)
  while IFS= read -r dir; do
    [ "$dir" = "$current" ] && continue
    keep=$((keep + 1))
    [ "$keep" -le "$KEEP_RELEASES" ] && continue
    rm -rf "$dir"
  done < <(ls -1dt "$HUB_SRV"/releases/*/ 2>/dev/null | sed 's:/$::')
  for venv in "$HUB_SRV"/venvs/*/; do
    venv=${venv%/}
    [ -d "$venv" ] || continue
    if ! grep -qsx "venv=$venv" "$HUB_SRV"/releases/*/RELEASE; then rm -rf "$venv"; fi
  done
}
