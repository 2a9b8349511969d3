#!/bin/sh
# Starts nginx for supervisord: nginx-start.sh CONFIG PORT...
#
# nginx's worker processes outlive a master killed with SIGKILL (or an OOM
# kill) and keep the listening sockets, so a new master fails with "Address
# already in use" and supervisord gives up. Before starting, stop the nginx
# processes that still listen on this instance's ports and whose master is
# gone (their parent is no nginx master); a running master is never touched.
set -eu
conf=$1
shift
for port in "$@"; do
  for pid in $(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)
    case "$cmd" in "nginx: worker"*|"nginx: cache"*) ;; *) continue ;; esac
    parent=$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    case "$(tr '\0' ' ' < "/proc/$parent/cmdline" 2>/dev/null || true)" in
      "nginx: master"*) continue ;;
    esac
    echo "nginx-start: stopping orphaned nginx process $pid on port $port"
    kill -KILL "$pid" 2>/dev/null || true
  done
done
exec /usr/sbin/nginx -c "$conf"
