#!/usr/bin/env bash
# Installs the Node tools the tests use (JSROOT, s3rver, the LSP client, vscode-textmate, vsce) into scripts/node_modules, once per lock file change.
# --ignore-scripts: JSROOT's optional canvas dependency does not build here, and none of the tools needs install scripts.
# Test projects run in parallel and each calls this: `npm ci` deletes node_modules first, so one caller installs
# under an flock on scripts/.node-tools.lock while the others wait, then find it up to date.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
up_to_date() {
  [ -f node_modules/.installed ] && [ ! package.json -nt node_modules/.installed ] \
    && { [ ! -f package-lock.json ] || [ ! package-lock.json -nt node_modules/.installed ]; }
}
up_to_date && exit 0
if command -v flock >/dev/null 2>&1; then
  exec 9>"$here/.node-tools.lock"
  if ! flock -w 900 9; then
    echo "ensure-node-tools.sh: gave up after 15 minutes waiting for $here/.node-tools.lock" >&2
    exit 1
  fi
else
  echo "ensure-node-tools.sh: no flock(1) here, so concurrent installs are not serialised" >&2
fi
# Another caller may have installed while this one waited.
up_to_date && exit 0
echo "installing node test tools (jsroot, s3rver, LSP client, vscode-textmate, vsce)..." >&2
# Gone before npm starts, so an interrupted install is never taken for a finished one.
rm -f node_modules/.installed
if [ -f package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --omit=optional --loglevel=error >&2
else
  npm install --ignore-scripts --no-audit --no-fund --omit=optional --loglevel=error >&2
fi
touch node_modules/.installed
