#!/usr/bin/env bash
# Chunking speed beside BLAKE3 hashing on the same file, one core each, in one run:
#   flashcore chunk --algo A --json FILE      (in memory, after warm-up)
#   b3sum --num-threads 1 --no-mmap FILE      (repeated for about a second, file in page cache)
# and the ratio chunker GB/s / b3sum GB/s. Goals: fastcdc2020 >= 0.25x b3sum; vector >= 10 GB/s.
#
# Usage: benchmarks/scripts/chunk-vs-b3sum.sh [FILE]
#   FILE defaults to the Silesia corpus concatenated into a temporary file.
#   ALGOS="fastcdc2020 fastcdc2016 vector vector-ae" (default), AVG=16384 (bytes), SECONDS_PER_RUN=1.
#   Shared data: $FLASHCORE_SHARED, else ../shared beside the repository root.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
shared=${FLASHCORE_SHARED:-$root/../shared}
algos=${ALGOS:-fastcdc2020 fastcdc2016 vector vector-ae}
avg=${AVG:-16384}
secs=${SECONDS_PER_RUN:-1}

if ! command -v b3sum >/dev/null 2>&1; then
  echo "chunk-vs-b3sum: b3sum not found; skipping (install it with: bash $shared/tools/anchors/install.sh)" >&2
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "chunk-vs-b3sum: python3 not found (needed for the arithmetic); skipping" >&2
  exit 0
fi

tmp=""
cleanup() { [ -n "$tmp" ] && rm -f "$tmp"; }
trap cleanup EXIT
if [ $# -ge 1 ]; then
  file=$1
else
  corpus="$shared/testdata/corpora/silesia"
  if [ ! -d "$corpus" ]; then
    echo "chunk-vs-b3sum: no FILE given and $corpus is absent; skipping" >&2
    exit 0
  fi
  tmp=$(mktemp /tmp/flashcore-chunk-XXXXXX.bin)
  find "$corpus" -type f | sort | xargs cat >"$tmp"
  file=$tmp
fi
bytes=$(stat -c %s "$file")
cat "$file" >/dev/null # page cache, for b3sum

limit_ns=$(python3 -c "print(int($secs * 1e9))")

b3sum_gbps() {
  local runs=0 start end
  b3sum --num-threads 1 --no-mmap "$file" >/dev/null # warm-up
  start=$(date +%s%N)
  while :; do
    b3sum --num-threads 1 --no-mmap "$file" >/dev/null
    runs=$((runs + 1))
    end=$(date +%s%N)
    if [ $((end - start)) -ge "$limit_ns" ] && [ "$runs" -ge 3 ]; then
      break
    fi
  done
  python3 -c "print(f'{$bytes * $runs / (($end - $start) / 1e9) / 1e9:.3f}')"
}

echo "file: $file ($bytes bytes), avg chunk $avg bytes"
printf '%-12s %10s %10s %8s  %s\n' algo "GB/s" "b3sum GB/s" ratio goal
for algo in $algos; do
  json=$("$root/flashcore" chunk --algo "$algo" --avg "$avg" --seconds "$secs" --json "$file")
  ours=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['gbPerSec'])" "$json")
  ref=$(b3sum_gbps)
  ratio=$(python3 -c "print(f'{$ours / $ref:.3f}')")
  case $algo in
    fastcdc2020) goal=$(python3 -c "print('met (>= 0.25x)' if $ratio >= 0.25 else 'NOT met (< 0.25x)')") ;;
    vector | vector-ae) goal=$(python3 -c "print('met (>= 10 GB/s)' if $ours >= 10 else 'NOT met (< 10 GB/s)')") ;;
    *) goal="-" ;;
  esac
  printf '%-12s %10s %10s %8s  %s\n' "$algo" "$ours" "$ref" "$ratio" "$goal"
done
