#!/usr/bin/env bash
# Dedup ratio (total bytes / unique bytes, SHA-256 over each chunk, across all files of a corpus)
# of each chunker on the shared corpora, at several average chunk sizes, via `flashcore chunk --dedup`
# (untimed: speed is chunk-vs-b3sum.sh's job).
#
# Usage: benchmarks/scripts/chunk-dedup.sh [CORPUS...]
#   CORPUS names under testdata/corpora (default: versions silesia calgary canterbury snappy).
#   ALGOS="fastcdc2020 vector vector-ae fixed" (default), AVGS="4096 8192 16384" (bytes).
#   Shared data: $FLASHCORE_SHARED, else ../shared beside the repository root.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
shared=${FLASHCORE_SHARED:-$root/../shared}
algos=${ALGOS:-fastcdc2020 vector vector-ae fixed}
avgs=${AVGS:-4096 8192 16384}
corpora=${*:-versions silesia calgary canterbury snappy}

if ! command -v python3 >/dev/null 2>&1; then
  echo "chunk-dedup: python3 not found (needed to read the JSON); skipping" >&2
  exit 0
fi

printf '%-11s %-12s %6s %8s %10s %9s\n' corpus algo avg chunks "mean B" dedup
for corpus in $corpora; do
  dir="$shared/testdata/corpora/$corpus"
  if [ ! -d "$dir" ]; then
    echo "chunk-dedup: $dir is absent; skipping $corpus" >&2
    continue
  fi
  for avg in $avgs; do
    for algo in $algos; do
      json=$("$root/flashcore" chunk --algo "$algo" --avg "$avg" --dedup --seconds 0 --json "$dir")
      python3 - "$corpus" "$algo" "$avg" "$json" <<'PY'
import json, sys
corpus, algo, avg, j = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
print(f"{corpus:<11} {algo:<12} {avg:>6} {j['count']:>8} {j['avgChunkBytes']:>10.0f} {j['dedupRatio']:>9.4f}")
PY
    done
  done
done
