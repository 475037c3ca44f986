#!/usr/bin/env bash
# The serverless path end to end on this machine, nothing installed by hand:
#   s3rver (local S3) + `hep lambda serve` (local Lambda running real host processes) on 127.0.0.1,
#   the NanoAOD ttbar file uploaded under several keys, ADL Q6 run through the Lambda executor over >= 20 partitions
#   and locally over the same bytes; exits 0 only if the histograms and cut-flows are identical.
# Every process started here is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data/root/nanoAOD_2015_CMS_Open_Data_ttbar.root"
analysis="$root/samples/adl/q6.hep"
copies="${COPIES:-4}"
partitions="${PARTITIONS:-24}"
workers="${WORKERS:-3}"
# HEP_DLL=path/to/hep.dll uses an already built hep instead of building ./hep (e.g. a build in another artifacts folder).
# BOOTSTRAP=path runs another host, e.g. the self-contained one unzipped from `hep lambda package`.
bootstrap_args=()
[ -n "${BOOTSTRAP:-}" ] && bootstrap_args=(--bootstrap "$BOOTSTRAP")
work="$(mktemp -d "${TMPDIR:-/tmp}/hepdsl-demo-XXXXXX")"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Waits for a "KEY=VALUE" line (default key: endpoint) in a log file written by a background process.
endpoint_of() {
  local log="$1" pid="$2" key="${3:-endpoint}"
  for _ in $(seq 1 600); do
    if grep -q "^$key=" "$log" 2>/dev/null; then grep -m1 "^$key=" "$log" | cut -d= -f2-; return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited:" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "no $key from $log after 60 s" >&2; return 1
}

[ -f "$data" ] || { echo "missing $data" >&2; exit 1; }
[ -f "$analysis" ] || { echo "missing $analysis" >&2; exit 1; }
"$root/scripts/ensure-node-tools.sh" >/dev/null

# Any credentials work against s3rver; the emulator's workers inherit them, as a function role would supply them.
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_PROFILE

# An array, not a function: `"${hep[@]}" ... &` must leave the real process's pid in $! for the cleanup.
if [ -n "${HEP_DLL:-}" ]; then hep=(dotnet "$HEP_DLL"); else hep=("$root/hep"); fi
echo "== building hep" >&2
"${hep[@]}" version >/dev/null

echo "== starting s3rver" >&2
node "$root/scripts/s3-server.mjs" "$work/s3" 0 >"$work/s3.log" 2>&1 &
pids+=($!)
s3="$(endpoint_of "$work/s3.log" "${pids[-1]}")"
echo "   $s3" >&2

echo "== starting hep lambda serve --workers $workers${BOOTSTRAP:+, host $BOOTSTRAP}" >&2
# The hosts are configured as deploy/template.yaml configures them: results bucket, inputs they may read, S3 endpoint.
"${hep[@]}" lambda serve "${bootstrap_args[@]}" --workers "$workers" --timeout 120 --memory 1769 --function hepdsl --queue 2 \
  --bucket hepruns --inputs s3://hepdata/ttbar/ --s3-endpoint "$s3" >"$work/lambda.log" 2>"$work/lambda.err" &
pids+=($!)
lambda="$(endpoint_of "$work/lambda.log" "${pids[-1]}")"
# The emulator's per-run secret, for the driver's environment (not its command line, which other users can read).
HEPDSL_EMULATOR_TOKEN="$(endpoint_of "$work/lambda.log" "${pids[-1]}" token)"
export HEPDSL_EMULATOR_TOKEN
echo "   $lambda" >&2

echo "== uploading $copies copies of $(basename "$data")" >&2
inputs=()
mkdir -p "$work/local"
for i in $(seq 1 "$copies"); do
  cp "$data" "$work/local/ttbar-$i.root"
  inputs+=("s3://hepdata/ttbar/ttbar-$i.root")
done
"${hep[@]}" lambda upload "$work"/local/*.root --to s3://hepdata/ttbar/ --s3-endpoint "$s3" --create-bucket >/dev/null
"${hep[@]}" lambda upload "$data" --to s3://hepruns/.keep --s3-endpoint "$s3" --create-bucket >/dev/null

echo "== Q6 on the Lambda emulator ($partitions partitions)" >&2
"${hep[@]}" run "$analysis" --executor lambda --function hepdsl --bucket hepruns --region us-east-1 \
  --endpoint "$lambda" --s3-endpoint "$s3" --concurrency "$((workers + 2))" --partitions "$partitions" \
  --input "${inputs[@]}" --output "$work/out-lambda"

echo "== Q6 locally (same bytes, same partitioning)" >&2
"${hep[@]}" run "$analysis" --partitions "$partitions" --input "$work"/local/*.root --output "$work/out-local"

status=0
for f in histograms.json cutflow.json; do
  if cmp -s "$work/out-lambda/$f" "$work/out-local/$f"; then
    echo "identical: $f"
  else
    echo "DIFFERENT: $f" >&2; diff <(head -c 2000 "$work/out-lambda/$f") <(head -c 2000 "$work/out-local/$f") >&2 || true; status=1
  fi
done
python3 - "$work/out-lambda/lambda-report.json" <<'PY' || status=1
import json, sys
r = json.load(open(sys.argv[1]))
assert r["partitions"] >= 20, r["partitions"]
print(f"lambda-report.json: {r['partitions']} partitions, {r['invocations']} invocations, {r['coldStarts']} cold starts, "
      f"{r['gbSeconds']:.3f} GB-s, ${r['estimatedCostUsd']:.6f}")
PY
[ "$status" = 0 ] && echo "serverless demo: Lambda and local results are identical" || echo "serverless demo: FAILED" >&2
exit "$status"
