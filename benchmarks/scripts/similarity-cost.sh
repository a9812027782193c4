#!/usr/bin/env bash
# Measures what similarity (delta) reduction adds on top of dedup + compression, and what it costs,
# with `flashcore bench reduce` (the array's reduction pipeline, one thread, similarity off and on
# in alternating passes, cost from thread CPU time) on the shared corpora:
#   versions/ (16 releases of one tree): goal similarityGain >= 2, similarityCost <= 0.30
#   silesia/  (no duplicates):           goal similarityCost <= 0.10
# usage: similarity-cost.sh [--rounds N] [extra bench reduce flags...]
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
shared=${FLASHCORE_SHARED:-$root/../shared}
corpora="$shared/testdata/corpora"
for name in versions silesia; do
  if [ ! -d "$corpora/$name" ]; then
    echo "similarity-cost: skipped $name: $corpora/$name not found (set FLASHCORE_SHARED)" >&2
    continue
  fi
  json=$("$root/flashcore" bench reduce "$corpora/$name" --json "$@")
  gain=$(sed -n 's/.*"similarityGain":\([0-9.]*\).*/\1/p' <<<"$json")
  cost=$(sed -n 's/.*"similarityCost":\([0-9.-]*\).*/\1/p' <<<"$json")
  if [ "$name" = versions ]; then
    verdict=$(awk -v g="$gain" -v c="$cost" 'BEGIN { print (g >= 2 && c <= 0.30) ? "met" : "NOT met" }')
    echo "versions: similarityGain $gain (goal >= 2), similarityCost $cost (goal <= 0.30): $verdict" >&2
  else
    verdict=$(awk -v c="$cost" 'BEGIN { print (c <= 0.10) ? "met" : "NOT met" }')
    echo "silesia: similarityCost $cost (goal <= 0.10): $verdict" >&2
  fi
  echo "{\"corpus\":\"$name\",\"result\":$json}"
done
