#!/usr/bin/env bash
# Starts a real XRootD data server (Debian's xrootd-server) on 127.0.0.1, exporting a directory of ROOT files, a
# redirector in front of it (xrootd.redirect: every open, stat and dirlist is sent on to the data server), and a
# second data server offering TLS (roots://) with a self-signed certificate for 127.0.0.1.
#   scripts/start-xrootd.sh --state DIR [--data DIR]   starts them; prints port=N, redirector_port=M, tls_port=T,
#                                                      http_port=H (the data server over HTTP, XrdHttp) and ca_dir=D
#                                                      (trust it with X509_CERT_DIR=D for roots://)
#   scripts/start-xrootd.sh stop --state DIR           stops the servers started with that state directory
# The data server exports DIR/data: a symlink to every file of --data (default ../shared/data/root) and
# unreadable.root, a copy the daemon user cannot read (for permission-error tests). Installs xrootd-server and
# xrootd-client with apt-get when they are missing. The daemon refuses to run as root, so as root it drops to
# 'nobody' (-R). Ports are chosen free at random, so several checkouts can run servers at once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

stop=0
if [ "${1:-}" = "stop" ]; then stop=1; shift; fi
state=""
data="$here/../../shared/data/root"
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$state" ] || { echo "--state DIR is required" >&2; exit 2; }

if [ "$stop" = 1 ]; then
  for name in redirector data tls; do
    pidfile="$state/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")" || true; fi
    rm -f "$pidfile"
  done
  echo "xrootd stopped ($state)"
  exit 0
fi

if ! command -v xrootd >/dev/null || ! command -v xrdcp >/dev/null || ! command -v openssl >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "xrootd is not installed and installing needs root: apt-get install xrootd-server xrootd-client openssl" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  # Test projects run in parallel and each may start a server: one installs under the lock, the others wait for it
  # (two apt-get runs at once would fail on dpkg's own lock).
  exec 8>"$(dirname "${BASH_SOURCE[0]}")/.xrootd-install.lock"
  flock -w 900 8 || { echo "start-xrootd.sh: gave up waiting for another install" >&2; exit 1; }
  if ! command -v xrootd >/dev/null || ! command -v xrdcp >/dev/null || ! command -v openssl >/dev/null; then
    apt-get install -y -q xrootd-server xrootd-client openssl >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get install -y -q xrootd-server xrootd-client openssl >/dev/null; }
  fi
  flock -u 8
fi

data="$(cd "$data" && pwd)"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
user="$(id -un)"
run_as=()
if [ "$(id -u)" = 0 ]; then user=nobody; run_as=(-R nobody); fi

# The daemon user must reach the state directory; its admin and log directories are its own.
chmod 755 "$state"
rm -rf "$state/data" "$state/empty"
mkdir -p "$state/data" "$state/empty" "$state/data-admin" "$state/redirector-admin" "$state/tls-admin" "$state/logs" "$state/tls" "$state/ca"
chmod 755 "$state/data" "$state/empty"
chown "$user" "$state/data-admin" "$state/redirector-admin" "$state/tls-admin" "$state/logs"
for f in "$data"/*; do ln -s "$f" "$state/data/$(basename "$f")"; done
cp "$data/uproot-Zmumu.root" "$state/data/unreadable.root"
chmod 000 "$state/data/unreadable.root"

# A self-signed certificate for 127.0.0.1; the CA directory holds it under its hash name, as X509_CERT_DIR wants.
openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$state/tls/key.pem" -out "$state/tls/cert.pem" >/dev/null 2>&1
chown -R "$user" "$state/tls"
chmod 600 "$state/tls/key.pem"
cp "$state/tls/cert.pem" "$state/ca/cert.pem"
ln -sf cert.pem "$state/ca/$(openssl x509 -hash -noout -in "$state/tls/cert.pem").0"

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 40000 ))
    if port_is_free "$p"; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

# start NAME CONFIG-BODY: writes NAME.cfg, starts the daemon on a free port, waits until it accepts connections.
start() {
  local name="$1" body="$2" port log
  for _ in $(seq 1 5); do
    port="$(pick_port)"
    printf 'xrd.port %s\nall.adminpath %s\nall.pidpath %s\n%s\n' "$port" "$state/$name-admin" "$state/$name-admin" "$body" >"$state/$name.cfg"
    log="$state/logs/$name.log"
    rm -f "$log"
    # xrootd 5.5 has no directive to listen on one address only; clients here only ever use 127.0.0.1.
    nohup xrootd "${run_as[@]}" -c "$state/$name.cfg" -l "$log" >"$state/$name.out" 2>&1 &
    echo $! >"$state/$name.pid"
    for _ in $(seq 1 100); do
      if ! kill -0 "$(cat "$state/$name.pid")" 2>/dev/null; then break; fi
      if grep -q "initialization completed" "$log" 2>/dev/null && ! port_is_free "$port"; then
        echo "$port"; return 0
      fi
      sleep 0.1
    done
    kill "$(cat "$state/$name.pid")" 2>/dev/null || true
    # Lost the race for the port (or failed): show why if it was not the port.
    if ! grep -qi "address already in use" "$log" "$state/$name.out" 2>/dev/null; then
      echo "xrootd ($name) failed to start:" >&2; cat "$state/$name.out" "$log" >&2 2>/dev/null || true; return 1
    fi
  done
  echo "xrootd ($name): no port could be bound" >&2; return 1
}

# The data server also speaks HTTP (XrdHttp) on a second port, so benchmarks compare root:// and HTTP on one daemon.
http_port="$(pick_port)"
data_port="$(start data "all.export /
oss.localroot $state/data
xrd.protocol XrdHttp:$http_port libXrdHttp.so")"
redirector_port="$(start redirector "all.export /
oss.localroot $state/empty
xrootd.redirect 127.0.0.1:$data_port /
xrootd.redirect 127.0.0.1:$data_port stat dirlist locate")"
tls_port="$(start tls "all.export /
oss.localroot $state/data
xrd.tls $state/tls/cert.pem $state/tls/key.pem
xrd.tlsca noverify")"
echo "port=$data_port"
echo "redirector_port=$redirector_port"
echo "tls_port=$tls_port"
echo "http_port=$http_port"
echo "ca_dir=$state/ca"
echo "data=$state/data"
