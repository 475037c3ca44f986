#!/usr/bin/env bash
# Starts a local S3-protocol server (s3rver) on 127.0.0.1 for demos and manual tests, in the background.
#   scripts/start-s3.sh [--port N] [--dir DIR]   prints the endpoint and how to use it
#   scripts/start-s3.sh stop                     stops the server started from this checkout
# Any access key / secret works against it (e.g. S3RVER / S3RVER); use path-style addressing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${HEP_S3_STATE:-${TMPDIR:-/tmp}/hepdsl-s3rver}"
pidfile="$state/pid"

if [ "${1:-}" = "stop" ]; then
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")" && rm -f "$pidfile" && echo "s3rver stopped"
  else
    echo "no s3rver running from $state"; rm -f "$pidfile"
  fi
  exit 0
fi

port=4569
dir="$state/data"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "s3rver already running (pid $(cat "$pidfile")); endpoint in $state/endpoint: $(cat "$state/endpoint" 2>/dev/null)"
  exit 0
fi

"$here/ensure-node-tools.sh"
mkdir -p "$state"
log="$state/log"
nohup node "$here/s3-server.mjs" "$dir" "$port" >"$log" 2>&1 &
echo $! >"$pidfile"
for _ in $(seq 1 100); do
  if grep -q '^endpoint=' "$log" 2>/dev/null; then break; fi
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "s3rver failed to start:" >&2; cat "$log" >&2; rm -f "$pidfile"; exit 1; fi
  sleep 0.1
done
endpoint="$(grep '^endpoint=' "$log" | head -1 | cut -d= -f2-)"
[ -n "$endpoint" ] || { echo "s3rver did not report its endpoint; see $log" >&2; exit 1; }
echo "$endpoint" >"$state/endpoint"
echo "s3rver listening at $endpoint (data in $dir, pid $(cat "$pidfile"))"
echo "  export HEP_S3_ENDPOINT=$endpoint AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1"
echo "  stop with: $0 stop"
