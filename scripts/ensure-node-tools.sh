#!/usr/bin/env bash
# Installs the Node tools the tests use (JSROOT, s3rver) into scripts/node_modules, once per lock file change.
# --ignore-scripts: JSROOT's optional canvas dependency does not build here, and neither tool needs install scripts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if [ ! -f node_modules/.installed ] || [ package.json -nt node_modules/.installed ] || { [ -f package-lock.json ] && [ package-lock.json -nt node_modules/.installed ]; }; then
  echo "installing node test tools (jsroot, s3rver)..." >&2
  if [ -f package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund --omit=optional --loglevel=error >&2
  else
    npm install --ignore-scripts --no-audit --no-fund --omit=optional --loglevel=error >&2
  fi
  touch node_modules/.installed
fi
