#!/usr/bin/env bash
# Reed-Solomon encode/decode speed of flashcore beside ISA-L's own C harness, same k, m and shard
# size, one thread, run back to back on this machine. Prints GB/s (10^9 bytes of data per second)
# and ratios.
#
#   benchmarks/scripts/ec-vs-isal.sh                 # default set: 4+2, 10+4, 16+4 at 1 MiB; 10+4, 146+4 at 64 KiB
#   benchmarks/scripts/ec-vs-isal.sh 10 4 1048576    # one configuration: K M SHARD_BYTES
#   EC_ROUNDS=3 benchmarks/scripts/ec-vs-isal.sh     # repeat each configuration (best of, for noisy machines)
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
shared=${FLASHCORE_SHARED:-$root/../shared}
anchors=${FLASHCORE_ANCHORS:-/tmp/flashcore-anchors}
isal_bench=$anchors/isal-ec-bench
rounds=${EC_ROUNDS:-1}

if [ ! -x "$isal_bench" ] && [ -f "$shared/tools/anchors/install.sh" ]; then
  echo "ISA-L harness missing; running $shared/tools/anchors/install.sh" >&2
  bash "$shared/tools/anchors/install.sh" >/dev/null 2>&1 || true
fi
if [ ! -x "$isal_bench" ]; then
  echo "SKIP: ISA-L harness $isal_bench not found (build it with bash $shared/tools/anchors/install.sh)"
  exit 0
fi

if [ $# -ge 3 ]; then
  configs=("$1 $2 $3")
else
  configs=("4 2 1048576" "10 4 1048576" "16 4 1048576" "10 4 65536" "146 4 65536")
fi

field() { # field NAME JSON -> number
  sed -n "s/.*\"$1\":\([0-9.eE+-]*\).*/\1/p" <<<"$2"
}
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }

has_isal_backend=yes
"$root/flashcore" bench ec --k 2 --m 2 --shard 4096 --seconds 0.01 --warmup 0 --backend isal --json >/dev/null 2>&1 \
  || has_isal_backend=""

printf '%-8s %9s | %9s %9s | %9s %9s | %9s %9s | %7s %7s %7s\n' \
  "k+m" "shard" "java enc" "java dec" "isal-C enc" "(dispatch)" "ffm enc" "ffm dec" "java/C" "ffm/C" "jdec/fdec"
for cfg in "${configs[@]}"; do
  read -r k m shard <<<"$cfg"
  je=0; jd=0; ce=0; cd=0; fe=0; fd=0
  for ((r = 0; r < rounds; r++)); do
    j=$("$root/flashcore" bench ec --k "$k" --m "$m" --shard "$shard" --backend java --json)
    c=$("$isal_bench" "$k" "$m" "$shard" 1)
    je=$(best "$je" "$(field encodeGBps "$j")"); jd=$(best "$jd" "$(field decodeGBps "$j")")
    ce=$(best "$ce" "$(awk '$1 == "avx512" { print $3 / 1000 }' <<<"$c")")
    cd=$(best "$cd" "$(awk '$1 ~ /^dispatch/ { print $3 / 1000 }' <<<"$c")")
    if [ -n "$has_isal_backend" ]; then
      f=$("$root/flashcore" bench ec --k "$k" --m "$m" --shard "$shard" --backend isal --json)
      fe=$(best "$fe" "$(field encodeGBps "$f")"); fd=$(best "$fd" "$(field decodeGBps "$f")")
    fi
  done
  printf '%-8s %9s | %9.2f %9.2f | %9.2f %9.2f | %9.2f %9.2f | %7s %7s %7s\n' \
    "$k+$m" "$shard" "$je" "$jd" "$ce" "$cd" "$fe" "$fd" \
    "$(ratio "$je" "$ce")" "$(ratio "$fe" "$cd")" "$(ratio "$jd" "$fd")"
done
echo "GB/s of data, one thread. java/C = pure Java encode / ISA-L avx512 encode from C;"
echo "ffm/C = ISA-L through FFM / ISA-L ec_encode_data from C; jdec/fdec = Java decode / ISA-L-via-FFM decode (2 lost data shards)."
[ -n "$has_isal_backend" ] || echo "(flashcore's ISA-L back-end is unavailable here: ffm columns are 0)"
echo "Backblaze JavaReedSolomon is not published on Maven Central, so it is not run here."
