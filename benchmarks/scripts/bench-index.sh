#!/usr/bin/env bash
# Measures the dedup index at the sizes given (default 10 M and 100 M entries), one run at a time,
# printing one JSON object per size. Rates are per core (process CPU time); each run also measures a
# baseline of random 8-byte reads over as much memory, so lookupsPerMemoryRead compares across machines.
# 100 M entries need about 2.5 GiB (the index plus the baseline's region).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000000 100000000)
for n in "${sizes[@]}"; do
  "$root/flashcore" bench index --entries "$n" --json
done
