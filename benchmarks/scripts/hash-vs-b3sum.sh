#!/usr/bin/env bash
# BLAKE3 and SHA-256 fingerprint speed on one core: `flashcore bench hash` beside
# `b3sum --num-threads 1 --no-mmap` on the same file, in the same run, printed as ratios.
# flashcore runs with --stream: every pass reads the file through a small buffer, as b3sum --no-mmap
# does (hashing a 256 MiB in-memory buffer instead is bound by TLB misses on 4 KiB pages in a VM).
#
# Usage: benchmarks/scripts/hash-vs-b3sum.sh [FILE] [ROUNDS]
#   FILE    default: a 256 MiB file from /dev/urandom (made once in $TMPDIR)
#   ROUNDS  default 3: rounds of (b3sum, flashcore blake3, flashcore sha256); each tool's best round
#           counts.
# Speeds are GB per CPU second (b3sum: user+sys of 3 runs, process start included; flashcore: CPU time
# of the hashing thread over its timed passes, after warm-up): on a shared machine the wall clock mostly
# measures waiting for a core. The wall-clock figures are printed beside them.
# Goals: blake3 >= 0.7x b3sum and >= 2x the JDK's SHA-256 (with SHA-NI).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${FLASHCORE_SHARED:-$root/../shared}

if ! command -v b3sum >/dev/null 2>&1; then
  echo "hash-vs-b3sum: b3sum not installed (bash $shared/tools/anchors/install.sh installs it); skipping" >&2
  exit 0
fi

file=${1:-}
rounds=${2:-3}
if [ -z "$file" ]; then
  file="${TMPDIR:-/tmp}/flashcore-hash-256MiB.bin"
  if [ ! -f "$file" ] || [ "$(stat -c %s "$file")" != 268435456 ]; then
    head -c 268435456 /dev/urandom >"$file"
  fi
fi
[ -f "$file" ] || { echo "hash-vs-b3sum: no such file: $file" >&2; exit 2; }
bytes=$(stat -c %s "$file")

# Build the CLI once, outside the timed part.
"$root/flashcore" version >/dev/null

field() { # field NAME JSON -> value
  sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" <<<"$2" | tr -d '"'
}
best() { # best A B -> the larger number
  awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b > a) ? b : a }'
}

b3_best=""; fc_best=""; sha_best=""; fc_chunk_best=""
b3_wall=""; fc_wall=""
b3_digest=""; fc_digest=""
cat "$file" >/dev/null # page cache: b3sum then reads memory, as flashcore does
for ((r = 1; r <= rounds; r++)); do
  b3_digest=$(b3sum --num-threads 1 --no-mmap --no-names "$file")
  TIMEFORMAT='%R %U %S'
  t=$( { time (for i in 1 2 3; do b3sum --num-threads 1 --no-mmap "$file" >/dev/null; done) ; } 2>&1 )
  b3=$(awk -v b="$bytes" -v t="$t" 'BEGIN { split(t, a, " "); printf "%.3f", 3 * b / (a[2] + a[3]) / 1e9 }')
  b3w=$(awk -v b="$bytes" -v t="$t" 'BEGIN { split(t, a, " "); printf "%.3f", 3 * b / a[1] / 1e9 }')
  fc_json=$("$root/flashcore" bench hash --algo blake3 --stream --seconds 1 "$file" --json)
  fc_digest=$(field digest "$fc_json")
  fc=$(field cpuGbPerSec "$fc_json")
  fcw=$(field bestGbPerSec "$fc_json")
  chunk_json=$("$root/flashcore" bench hash --algo blake3 --stream --chunk 16384 --seconds 1 "$file" --json)
  fc_chunk=$(field cpuGbPerSec "$chunk_json")
  sha_json=$("$root/flashcore" bench hash --algo sha256 --stream --chunk 16384 --seconds 1 "$file" --json)
  sha=$(field cpuGbPerSec "$sha_json")
  printf 'round %d (GB per CPU s): b3sum %.3f, flashcore blake3 %.3f, blake3 16 KiB chunks %.3f, sha256 16 KiB chunks %.3f; wall clock: b3sum %.3f, blake3 best pass %.3f GB/s\n' \
    "$r" "$b3" "$fc" "$fc_chunk" "$sha" "$b3w" "$fcw"
  b3_best=$(best "$b3_best" "$b3"); fc_best=$(best "$fc_best" "$fc")
  fc_chunk_best=$(best "$fc_chunk_best" "$fc_chunk"); sha_best=$(best "$sha_best" "$sha")
  b3_wall=$(best "$b3_wall" "$b3w"); fc_wall=$(best "$fc_wall" "$fcw")
done

if [ "$b3_digest" != "$fc_digest" ]; then
  echo "hash-vs-b3sum: DIGESTS DIFFER: b3sum $b3_digest, flashcore $fc_digest" >&2
  exit 1
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "file: $file ($bytes bytes), digest $fc_digest (b3sum agrees); best of $rounds rounds, one core"
printf 'b3sum --num-threads 1 --no-mmap        %6.3f GB per CPU s (wall clock %.3f GB/s)\n' "$b3_best" "$b3_wall"
printf 'flashcore blake3, whole file, --stream %6.3f GB per CPU s = %sx b3sum (goal >= 0.70x); wall clock %.3f GB/s = %sx\n' \
  "$fc_best" "$(ratio "$fc_best" "$b3_best")" "$fc_wall" "$(ratio "$fc_wall" "$b3_wall")"
printf 'flashcore blake3, 16 KiB chunks        %6.3f GB per CPU s = %sx b3sum, %sx JDK SHA-256 (goal >= 2x)\n' \
  "$fc_chunk_best" "$(ratio "$fc_chunk_best" "$b3_best")" "$(ratio "$fc_chunk_best" "$sha_best")"
printf 'JDK SHA-256 (SHA-NI), 16 KiB chunks    %6.3f GB per CPU s\n' "$sha_best"
