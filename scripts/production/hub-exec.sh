#!/bin/sh
# Runs one of the hub's processes (gunicorn, the task worker, the scheduler, a
# manage.py command) inside a release with the instance's environment:
#   HUB_ETC=/etc/flanders-hub hub-exec.sh gunicorn -c ...
# supervisord starts every hub process through this file (as the hub user), and
# `hub.sh manage` does too, so they all see exactly the same environment.
set -eu
: "${HUB_ETC:?HUB_ETC names the instance configuration directory, e.g. /etc/flanders-hub}"
set -a
. "$HUB_ETC/hub.env"      # rendered on every start from hub.env.template
. "$HUB_ETC/secrets.env"  # generated once; root:hub 0640
set +a
# A release other than `current` (an upgrade migrates before it switches).
release=${HUB_RELEASE_DIR:-$HUB_RELEASE}
cd "$release"
PATH="$release/.venv/bin:$PATH"
export PATH
exec "$@"
