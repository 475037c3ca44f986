#!/usr/bin/env bash
# The benchmark suite in one command: builds bench/HepDsl.Bench (Release), generates the benchmark dataset when it
# is missing, runs every mode and writes docs/performance.md (machine, date, commit and the tables the modes print).
#
#   scripts/bench.sh
#
# Settings (environment variables, defaults in brackets):
#   BENCH_DATA         dataset folder [.bench-data]; BENCH_EVENTS events it is generated with [4000000] in zstd, lz4
#                      and zlib; BENCH_LZMA_EVENTS in lzma [1000000, one file: the LZMA-9 writer is ~10x slower]
#   BENCH_FAST_EVENTS  events per query for zstd [all of them]; BENCH_SLOW_EVENTS for lz4, zlib, lzma, and per codec
#                      in the RNTuple vs TTree mode [1000000]
#   BENCH_JSROOT_EVENTS events JSROOT and HepDsl read for the JSROOT comparison [500000]
#   BENCH_RUNS         timed runs per measurement, after one warm-up [3]
#   BENCH_ROOT_FILES   the real ROOT files the reader mode reads (NanoAOD, HZZ) [../shared/data/root]
#   BENCH_OUT          the report [docs/performance.md]; BENCH_ARTIFACTS build output [/tmp/hepdsl-bench-artifacts]
# Everything in the report is printed by the harness in this run; a mode that fails or finds results that differ
# is marked in the report and makes this script exit non-zero after writing it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${BENCH_DATA:-$root/.bench-data}"
events="${BENCH_EVENTS:-4000000}"
lzma_events="${BENCH_LZMA_EVENTS:-1000000}"
fast="${BENCH_FAST_EVENTS:-}"
slow="${BENCH_SLOW_EVENTS:-1000000}"
runs="${BENCH_RUNS:-3}"
jsroot_events="${BENCH_JSROOT_EVENTS:-500000}"
out="${BENCH_OUT:-$root/docs/performance.md}"
art="${BENCH_ARTIFACTS:-/tmp/hepdsl-bench-artifacts}"
root_files="${BENCH_ROOT_FILES:-$root/../shared/data/root}"
log() { echo "bench: $*" >&2; }

log "building bench/HepDsl.Bench (Release) into $art"
dotnet build bench/HepDsl.Bench/HepDsl.Bench.csproj -c Release --artifacts-path "$art" --nologo -v quiet -clp:ErrorsOnly >&2
bench() { dotnet "$art/bin/HepDsl.Bench/release/HepDsl.Bench.dll" "$@"; }
# The usage text (no mode given, exit status 2) lists the modes, one per line.
has_mode() { local usage; usage="$(bench 2>&1 || true)"; grep -q "^  $1 " <<< "$usage"; }

scripts/ensure-node-tools.sh

parts="$(mktemp -d)"
trap 'rm -rf "$parts"' EXIT
failed=()
# section TITLE COMMAND...: runs one mode into the report, with its duration; a failing mode is marked, not fatal.
section() {
  local title="$1"; shift
  log "$title"
  local start=$SECONDS status=0
  { echo "## $title"; echo; } >> "$parts/body.md"
  "$@" > "$parts/part.md" || status=$?
  cat "$parts/part.md" >> "$parts/body.md"
  if ((status != 0)); then
    failed+=("$title")
    { echo "**This mode exited with status $status** (see above: results that differ, or an error on stderr)."; echo; } >> "$parts/body.md"
  fi
  { echo "_Command: \`HepDsl.Bench ${*:2}\`; took $((SECONDS - start)) s._"; echo; } >> "$parts/body.md"
}

# Real files, not the generated dataset: NanoAOD (baskets inside the TTree record) and HZZ in every compression.
section "TTree reader: throughput next to pure decompression (NanoAOD, HZZ)" \
  bench reader "$root_files" "$runs"
# The shared RNTuple files (dimuon, NanoAOD import, ...): per column, the reader next to only decompressing its pages.
section "RNTuple decoding: per column, next to pure page decompression" \
  bench rntuple-decode "$root_files" "$runs"
# The dataset mode skips compressions whose manifest matches (same parameters, all files there) and writes the rest.
section "Benchmark dataset: ZSTD, LZ4, zlib" bench dataset --events "$events" --out "$data" --compressions zstd,lz4,zlib
section "Benchmark dataset: LZMA" bench dataset --events "$lzma_events" --files "$(( (lzma_events + 999999) / 1000000 ))" --out "$data" --compressions lzma
fast_args=(); [ -n "$fast" ] && fast_args=(--events-zstd "$fast")
section "ADL queries, one worker, per compression" \
  bench queries --data "$data" --runs "$runs" "${fast_args[@]}" --events-lz4 "$slow" --events-zlib "$slow" --events-lzma "$slow"
# The dataset mode wrote the same events as RNTuples (DIR/rntuple-<codec>): the queries on both formats side by side.
section "RNTuple vs TTree: ADL queries, one worker, per compression" \
  bench rntuple --data "$data" --runs "$runs" --events "$slow"
section "Generated vs hand-written C# (Q1, Q5, Q6)" \
  bench handwritten --data "$data" --compression zstd --runs "$((runs + 2))" ${fast:+--events "$fast"}
section "JSROOT (Node) vs HepDsl, Q1 and Q2" \
  bench jsroot --data "$data" --compression zstd --events "$jsroot_events" --runs "$runs"
section "Local scaling: LocalExecutor with 1 and 2 workers" \
  bench scaling --data "$data" --compression zstd --runs "$runs" ${fast:+--events "$fast"}
if has_mode agc; then
  section "AGC ttbar: all variations vs nominal only, one worker" \
    bench agc --data "$data" --compression zstd --runs "$runs" --agc-like 200000 ${fast:+--events "$fast"}
fi
if has_mode lambda; then
  # Its default input (the real NanoAOD file uploaded 40 times to a local s3rver) keeps the run short: local S3 served
  # by one Node process, not the codecs, limits throughput here, so the point is the per-invocation overhead.
  section "Emulated Lambda: 1..8 workers, per-invocation overhead" \
    bench lambda --repeats "$runs"
else
  { echo "## Emulated Lambda: 1..8 workers, per-invocation overhead"; echo
    echo "**Not measured in this run:** the bench has no 'lambda' mode yet (bench/HepDsl.Bench/Lambda)."; echo; } >> "$parts/body.md"
fi
if has_mode lambda-scale; then
  # The real driver with 1,000 invocations in flight over 10,000 partitions against a simulated AWS endpoint (about
  # 2.5 minutes), then the same against a function limit of 800 (429s), then the datasets on paper.
  section "Lambda driver at scale: 1,000 in flight over 10,000 partitions" bench lambda-scale
  section "Lambda driver at scale: 1,000 in flight against an 800 limit" bench lambda-scale --limit 800
  section "Lambda driver at scale: results in S3 (in-memory store behind the S3 protocol)" bench lambda-scale --results s3
  section "Lambda on paper: ADL and AGC ttbar at 100, 1,000, 3,000 functions" bench lambda-plan
fi
if has_mode lambda-cold; then
  # Fresh host processes, one cold invocation each: the bench's own (JIT) host with its init warm-up on and off. The
  # ReadyToRun package hosts are compared by hand (docs/performance.md): publishing them takes minutes.
  section "Lambda host cold start, phase by phase" bench lambda-cold --rounds "$((runs + 2))" \
    --hosts "jit=$art/bin/HepDsl.Bench/release/bootstrap.dll,jit-no-warm-up=$art/bin/HepDsl.Bench/release/bootstrap.dll;HEPDSL_INIT_WARMUP=off"
fi
# A real xrootd (scripts/start-xrootd.sh; installs xrootd-server when missing) serving the shared files over root://
# and HTTP (XrdHttp) on loopback, next to local reads of the same files.
section "Remote reads: root:// vs HTTP vs local on loopback (one xrootd daemon)" \
  bench xrootd --runs "$runs"
section "Profile of the hottest query and the fix: before vs after" \
  bench profile --data "$data" --compression zstd --runs "$runs" --events "$slow"

# Where the time goes, before and after the fix, when perf can sample here (JIT symbols from the perf map).
if perf record -q -e cpu-clock -o "$parts/probe.data" true >/dev/null 2>&1; then
  { echo "### perf: q6 on zstd (hotloop mode, 10 s each, cpu-clock sampling), top symbols by self time"; echo; } >> "$parts/body.md"
  for variant in before generated; do
    log "perf: q6 $variant"
    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -q -F 499 -e cpu-clock -o "$parts/q6.data" \
      dotnet "$art/bin/HepDsl.Bench/release/HepDsl.Bench.dll" hotloop --data "$data" --compression zstd --query q6 \
      --variant "$variant" --events "$slow" --seconds 10 > "$parts/hot.txt" 2>&1 || true
    { echo "$variant: $(head -1 "$parts/hot.txt")"; echo; echo '```'
      perf report -i "$parts/q6.data" --no-children --sort dso,symbol 2>/dev/null | grep -E '^ +[0-9.]+%' | head -8 \
        | sed -E 's/\[OptimizedTier1\]|\[Optimized\]//; s/\[JIT\] tid [0-9]+ +/[JIT] /; s/ +$//' | cut -c1-160 || true
      echo '```'; echo; } >> "$parts/body.md"
  done
fi

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench samples scripts || echo ' (with uncommitted changes)')"
{
  echo "# Performance"
  echo
  echo "Written by \`scripts/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') at commit $commit. Every number below is printed"
  echo "by the bench harness (bench/HepDsl.Bench) in this run; run the script again to refresh them."
  echo
  echo "- Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -sr)"
  echo "- .NET SDK $(dotnet --version), Node $(node --version); load average at the start of the report: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Dataset: $data, written by the bench's 'dataset' mode: $events events in ZSTD, LZ4 and zlib, $lzma_events in LZMA (its writer is slower)."
  echo "  Queries read all zstd events${fast:+ (up to $fast)} and the first $slow events of lz4, zlib and lzma, to bound the run time."
  echo "- Times are min (best run) and median over $runs timed runs after a warm-up; on a shared machine the median shows the noise."
  echo
  cat "$parts/body.md"
} > "$parts/report.md"
mkdir -p "$(dirname "$out")"
mv "$parts/report.md" "$out"
log "wrote $out"
if ((${#failed[@]})); then
  log "failed or inconsistent: ${failed[*]}"
  exit 1
fi
