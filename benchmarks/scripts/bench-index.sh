#!/usr/bin/env bash
# Measures the dedup index at the sizes given (default 10 M and 100 M entries), one run at a time,
# printing one JSON object per size. Rates are per core (process CPU time); each run also measures a
# baseline of random 8-byte reads over as much memory, so lookupsPerMemoryRead compares across
# machines and loads. 100 M entries need about 2.5 GiB (the index plus the baseline's region).
#
# The index maps its large slabs on transparent huge pages itself (madvise) where the kernel allows.
# HUGEPAGES=1 also puts the Java heap (segments, lookup directory) and malloc'd memory on them
# (-XX:+UseTransparentHugePages, glibc's hugetlb tunable).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000000 100000000)
if [ "${HUGEPAGES:-0}" = 1 ]; then
  export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
  export FLASHCORE_JAVA_OPTS="${FLASHCORE_JAVA_OPTS:-} -XX:+UseTransparentHugePages"
fi
for n in "${sizes[@]}"; do
  "$root/flashcore" bench index --entries "$n" --json
done
