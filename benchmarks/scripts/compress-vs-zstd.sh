#!/usr/bin/env bash
# Runs `flashcore bench compress` beside `zstd -bL -BBYTES` on the same file, alternating them for
# a few rounds (this machine is shared and noisy), and prints the ratios ours/zstd of compression
# speed, decompression speed and compression ratio. Goals: speed >= 0.95x, ratio >= 0.98x.
# Speeds are given twice: per wall second (what both tools print) and per CPU second (ours from
# the thread's CPU time; zstd's scaled by wall/CPU time of its run from /usr/bin/time), which other
# load on a shared machine disturbs much less.
#
# Negative levels map to zstd's --fast=N.
# usage: compress-vs-zstd.sh [--level L] [--block BYTES] [--rounds N] [--seconds S] [FILE]
#   FILE defaults to corpora/silesia/dickens in the shared test data
#   ($FLASHCORE_SHARED/testdata, else ../shared/testdata beside the repository).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
shared=${FLASHCORE_SHARED:-$root/../shared}
level=1
block=16384
rounds=3
seconds=2
file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --level) level=$2; shift 2 ;;
    --block) block=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) file=$1; shift ;;
  esac
done
[ -n "$file" ] || file="$shared/testdata/corpora/silesia/dickens"
if [ ! -f "$file" ]; then
  echo "compress-vs-zstd: skipped: $file not found (set FLASHCORE_SHARED or pass FILE)" >&2
  exit 0
fi
if ! command -v zstd >/dev/null 2>&1; then
  echo "compress-vs-zstd: skipped: the zstd tool is not installed (bash ../shared/tools/anchors/install.sh)" >&2
  exit 0
fi

zstd_args=(-b"$level")
[ "$level" -lt 0 ] && zstd_args=(--fast="${level#-}" -b)
iters=$(( ${seconds%.*} < 1 ? 1 : ${seconds%.*} ))

ours_c=(); ours_d=(); zstd_c=(); zstd_d=()
ours_cc=(); ours_dc=(); zstd_cc=(); zstd_dc=()
timer=""
[ -x /usr/bin/time ] && timer="/usr/bin/time -f TIME:%e:%U:%S"
ours_ratio=""; zstd_ratio=""
for ((r = 1; r <= rounds; r++)); do
  json=$("$root/flashcore" bench compress --level "$level" --block "$block" --seconds "$seconds" "$file" --json)
  ours_ratio=$(sed -n 's/.*"ratio":\([0-9.]*\).*/\1/p' <<<"$json")
  ours_c+=("$(sed -n 's/.*"compressMBps":\([0-9.]*\).*/\1/p' <<<"$json")")
  ours_d+=("$(sed -n 's/.*"decompressMBps":\([0-9.]*\).*/\1/p' <<<"$json")")
  ours_cc+=("$(sed -n 's/.*"compressMBpsCpu":\([0-9.]*\).*/\1/p' <<<"$json")")
  ours_dc+=("$(sed -n 's/.*"decompressMBpsCpu":\([0-9.]*\).*/\1/p' <<<"$json")")
  raw=$($timer zstd "${zstd_args[@]}" -B"$block" -i"$iters" "$file" 2>&1 | tr '\r' '\n')
  line=$(grep -E 'MB/s.*MB/s' <<<"$raw" | tail -n 1)
  factor=1
  if t=$(grep -E '^TIME:' <<<"$raw"); then
    factor=$(awk -F: '{ c = $3 + $4; printf "%.4f", (c > 0) ? $2 / c : 1 }' <<<"$t")
  fi
  read -r in out <<<"$(sed -n 's/.*: *\([0-9]*\) -> *\([0-9]*\) .*/\1 \2/p' <<<"$line")"
  zstd_ratio=$(awk -v a="$in" -v b="$out" 'BEGIN { printf "%.4f", a / b }')
  speeds=$(grep -oE '[0-9.]+ MB/s' <<<"$line" | awk '{print $1}' | tr '\n' ' ')
  read -r zc zd <<<"$speeds"
  zstd_c+=("$zc"); zstd_d+=("$zd")
  zstd_cc+=("$(awk -v v="$zc" -v f="$factor" 'BEGIN { printf "%.1f", v * f }')")
  zstd_dc+=("$(awk -v v="$zd" -v f="$factor" 'BEGIN { printf "%.1f", v * f }')")
  echo "round $r: flashcore ${ours_c[-1]} / ${ours_d[-1]} MB/s (cpu ${ours_cc[-1]} / ${ours_dc[-1]}) x$ours_ratio   zstd $zc / $zd MB/s (cpu ${zstd_cc[-1]} / ${zstd_dc[-1]}) x$zstd_ratio" >&2
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
oc=$(median "${ours_c[@]}"); od=$(median "${ours_d[@]}")
zc=$(median "${zstd_c[@]}"); zd=$(median "${zstd_d[@]}")
occ=$(median "${ours_cc[@]}"); odc=$(median "${ours_dc[@]}")
zcc=$(median "${zstd_cc[@]}"); zdc=$(median "${zstd_dc[@]}")
awk -v f="$(basename "$file")" -v l="$level" -v b="$block" -v oc="$oc" -v od="$od" -v zc="$zc" -v zd="$zd" \
    -v orat="$ours_ratio" -v zrat="$zstd_ratio" -v rounds="$rounds" \
    -v occ="$occ" -v odc="$odc" -v zcc="$zcc" -v zdc="$zdc" 'BEGIN {
  printf "{\"file\":\"%s\",\"level\":%d,\"block\":%d,\"rounds\":%d,", f, l, b, rounds
  printf "\"flashcore\":{\"ratio\":%s,\"compressMBps\":%s,\"decompressMBps\":%s,\"compressMBpsCpu\":%s,\"decompressMBpsCpu\":%s},", orat, oc, od, occ, odc
  printf "\"zstd\":{\"ratio\":%s,\"compressMBps\":%s,\"decompressMBps\":%s,\"compressMBpsCpu\":%s,\"decompressMBpsCpu\":%s},", zrat, zc, zd, zcc, zdc
  printf "\"compressSpeedVsZstd\":%.3f,\"decompressSpeedVsZstd\":%.3f,", oc / zc, od / zd
  printf "\"compressSpeedVsZstdCpu\":%.3f,\"decompressSpeedVsZstdCpu\":%.3f,\"ratioVsZstd\":%.4f}\n", occ / zcc, odc / zdc, orat / zrat
}'
