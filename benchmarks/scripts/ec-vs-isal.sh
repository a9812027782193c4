#!/usr/bin/env bash
# Reed-Solomon encode/decode speed of flashcore beside ISA-L called from C, same k, m and shard size,
# one thread, run back to back on this machine. GB/s = 10^9 bytes of data per second.
#
#   benchmarks/scripts/ec-vs-isal.sh                 # default set: 4+2, 10+4, 16+4 at 1 MiB; 10+4, 146+4 at 64 KiB
#   benchmarks/scripts/ec-vs-isal.sh 10 4 1048576    # one configuration: K M SHARD_BYTES
#   EC_ROUNDS=3 benchmarks/scripts/ec-vs-isal.sh     # best of 3 per configuration
#   EC_SKEW=64 benchmarks/scripts/ec-vs-isal.sh      # shard i at (i x 64) mod 4096 bytes into its page
#                                                    # (default 0: page-aligned, as O_DIRECT buffers are)
#   EC_BASELINE=/path/to/other/flashcore benchmarks/scripts/ec-vs-isal.sh
#                                                    # also run another build's launcher (say, main's) in
#                                                    # the same rounds: before/after per CPU-second (a
#                                                    # build that knows bench ec --shard-skew)
#
# Two views: wall-clock GB/s against the shared ISA-L harness (isal-ec-bench, its avx512 line), and
# GB per second of the benchmark thread's own CPU time against a small C loop over ISA-L's
# ec_encode_data built here (the fair view on a shared, busy machine: waiting for a core is not
# counted on either side). Decode on the C side is ec_encode_data with 2 output rows, which is what
# ISA-L's decode runs. Java and the C loop use the same buffer layout (EC_SKEW): at 16+4 x 1 MiB the
# layout alone moves either side by up to 25 %, more than the difference between them.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
shared=${FLASHCORE_SHARED:-$root/../shared}
anchors=${FLASHCORE_ANCHORS:-/tmp/flashcore-anchors}
isal_bench=$anchors/isal-ec-bench
rounds=${EC_ROUNDS:-1}
baseline=${EC_BASELINE:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -x "$isal_bench" ] && [ -f "$shared/tools/anchors/install.sh" ]; then
  echo "ISA-L harness missing; running $shared/tools/anchors/install.sh" >&2
  bash "$shared/tools/anchors/install.sh" >/dev/null 2>&1 || true
fi
if [ ! -x "$isal_bench" ]; then
  echo "SKIP: ISA-L harness $isal_bench not found (build it with bash $shared/tools/anchors/install.sh)"
  exit 0
fi

cpu_bench=""
if command -v cc >/dev/null 2>&1 && [ -f /usr/include/isa-l/erasure_code.h ]; then
  cat >"$work/ec_cpu.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <isa-l/erasure_code.h>
static double cpu(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
/* ec_cpu K P LEN SECONDS ROWS SKEW: data GB per CPU-second of ec_encode_data with ROWS output rows.
   Buffers as `flashcore bench ec --shard-skew SKEW` lays them out: one page-aligned region, buffer i
   in its own pages, starting (i * SKEW) mod 4096 bytes into its first page. */
int main(int argc, char **argv) {
  int k = atoi(argv[1]), p = atoi(argv[2]), rows = atoi(argv[5]);
  long len = atol(argv[3]), skew = argc > 6 ? atol(argv[6]) : 0;
  double secs = atof(argv[4]);
  long stride = (len + 4095) / 4096 * 4096 + 4096;
  unsigned char *a = malloc((k + p) * k), *t = malloc(32 * k * p), *d[256], *c[256], *region;
  if (posix_memalign((void **)&region, 4096, stride * (k + p))) return 1;
  for (int i = 0; i < k + p; i++) {
    unsigned char *b = region + i * stride + (i * skew) % 4096;
    if (i < k) { d[i] = b; for (long j = 0; j < len; j++) b[j] = rand(); } else c[i - k] = b;
  }
  gf_gen_cauchy1_matrix(a, k + p, k);
  ec_init_tables(k, rows, a + k * k, t);
  double w0 = cpu();
  while (cpu() - w0 < secs / 4) ec_encode_data(len, k, rows, t, d, c);
  long it = 0; double t0 = cpu(), e;
  do { ec_encode_data(len, k, rows, t, d, c); it++; e = cpu() - t0; } while (e < secs);
  printf("%.3f\n", (double)k * len * it / e / 1e9);
  return 0;
}
C
  if cc -O2 -o "$work/ec_cpu" "$work/ec_cpu.c" -lisal 2>/dev/null; then cpu_bench="$work/ec_cpu"; fi
fi
[ -n "$cpu_bench" ] || echo "(no C compiler or ISA-L headers (libisal-dev): the per-CPU-second C columns are 0)"

if [ $# -ge 3 ]; then
  configs=("$1 $2 $3")
else
  configs=("4 2 1048576" "10 4 1048576" "16 4 1048576" "10 4 65536" "146 4 65536")
fi

field() { sed -n "s/.*\"$1\":\([0-9.eE+-]*\).*/\1/p" <<<"$2"; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }

has_isal_backend=yes
"$root/flashcore" bench ec --k 2 --m 2 --shard 4096 --seconds 0.01 --warmup 0 --backend isal --json >/dev/null 2>&1 \
  || has_isal_backend=""

skew=${EC_SKEW:-0}
echo "buffer layout: page-aligned, shard i at (i x $skew) mod 4096 bytes into its page (EC_SKEW), on both sides"
printf '%-6s %8s | %-26s | %-26s | %-26s | %-26s | %-26s\n' "" "" "encode, wall GB/s" "encode, GB/CPU-s" \
  "decode 2 lost, GB/CPU-s" "ISA-L via FFM, wall GB/s" "ISA-L via FFM, GB/CPU-s"
printf '%-6s %8s | %8s %8s %8s | %8s %8s %8s | %8s %8s %8s | %8s %8s %8s | %8s %8s %8s\n' "k+m" "shard" \
  "java" "C avx512" "ratio" "java" "C" "ratio" "java" "C" "ratio" "ffm" "C disp." "ratio" "ffm" "C" "ratio"
for cfg in "${configs[@]}"; do
  read -r k m shard <<<"$cfg"
  je=0; jec=0; jdc=0; ce=0; cdisp=0; cec=0; cdc=0; fe=0; fec=0; bec=0; bdc=0
  for ((r = 0; r < rounds; r++)); do
    if [ -n "$baseline" ]; then
      b=$("$baseline" bench ec --k "$k" --m "$m" --shard "$shard" --shard-skew "$skew" --backend java --json)
      bec=$(best "$bec" "$(field encodeGBpsPerCpuSecond "$b")")
      bdc=$(best "$bdc" "$(field decodeGBpsPerCpuSecond "$b")")
    fi
    j=$("$root/flashcore" bench ec --k "$k" --m "$m" --shard "$shard" --shard-skew "$skew" --backend java --json)
    c=$("$isal_bench" "$k" "$m" "$shard" 1)
    je=$(best "$je" "$(field encodeGBps "$j")")
    jec=$(best "$jec" "$(field encodeGBpsPerCpuSecond "$j")")
    jdc=$(best "$jdc" "$(field decodeGBpsPerCpuSecond "$j")")
    ce=$(best "$ce" "$(awk '$1 == "avx512" { print $3 / 1000 }' <<<"$c")")
    cdisp=$(best "$cdisp" "$(awk '$1 ~ /^dispatch/ { print $3 / 1000 }' <<<"$c")")
    if [ -n "$cpu_bench" ]; then
      cec=$(best "$cec" "$("$cpu_bench" "$k" "$m" "$shard" 1 "$m" "$skew")")
      cdc=$(best "$cdc" "$("$cpu_bench" "$k" "$m" "$shard" 1 2 "$skew")")
    fi
    if [ -n "$has_isal_backend" ]; then
      f=$("$root/flashcore" bench ec --k "$k" --m "$m" --shard "$shard" --shard-skew "$skew" --backend isal --json)
      fe=$(best "$fe" "$(field encodeGBps "$f")")
      fec=$(best "$fec" "$(field encodeGBpsPerCpuSecond "$f")")
    fi
  done
  printf '%-6s %8s | %8.2f %8.2f %8s | %8.2f %8.2f %8s | %8.2f %8.2f %8s | %8.2f %8.2f %8s | %8.2f %8.2f %8s\n' \
    "$k+$m" "$shard" "$je" "$ce" "$(ratio "$je" "$ce")" "$jec" "$cec" "$(ratio "$jec" "$cec")" \
    "$jdc" "$cdc" "$(ratio "$jdc" "$cdc")" "$fe" "$cdisp" "$(ratio "$fe" "$cdisp")" \
    "$fec" "$cec" "$(ratio "$fec" "$cec")"
  if [ -n "$baseline" ]; then
    printf '%-6s %8s | %-26s | %8.2f %8.2f %8s | %8.2f %8.2f %8s |\n' "" "baseline" "" \
      "$bec" "$cec" "$(ratio "$bec" "$cec")" "$bdc" "$cdc" "$(ratio "$bdc" "$cdc")"
  fi
done
[ -z "$baseline" ] || echo "(baseline rows: $baseline, run in the same rounds, per CPU-second)"
[ -n "$has_isal_backend" ] || echo "(flashcore's ISA-L back-end is unavailable here: the ffm column is 0)"
echo "Backblaze JavaReedSolomon is not published on Maven Central, so it is not run here."
