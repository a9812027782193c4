#!/usr/bin/env bash
# End-to-end ingest and read of the same data by flashcore, borg and restic, side by side.
#
# Usage: benchmarks/scripts/ingest-vs-borg-restic.sh [PATH...]
#   PATH...  files or folders to ingest (default: ../shared/testdata/corpora, else the JDK's lib/)
# Each tool gets the input as one tar stream on stdin (the same bytes for all three), so the
# figures compare the data paths, not the file walkers. A timed ingest ends after the tool has
# returned, i.e. after flashcore's durable commit (shards fdatasynced, metadata committed) and
# after borg's and restic's own commits. Read = streaming the object/archive back to /dev/null.
# Two views of each tool's ingest:
#   cold   one process per ingest, start-up included (`flashcore put`: JVM start and JIT warm-up);
#   warm   the data path alone: flashcore embedded in a running process (`flashcore bench ingest`:
#          durable puts into fresh arrays after warm-up passes, best of 3), borg and restic with the
#          time of the same command on an empty input subtracted (their start-up and commit cost).
# Environment: FLASHCORE_SHARED (shared folder), BORG_COMPRESSION (default zstd,3, flashcore's
# default level), BENCH_DIR (scratch folder, default a temporary one), FLASHCORE_K/M/DRIVES.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${FLASHCORE_SHARED:-$root/../shared}
flashcore="$root/flashcore"

missing=()
for t in borg restic tar; do
  command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "skipped: missing ${missing[*]} (install the Debian packages borgbackup and restic, or run $shared/tools/anchors/install.sh)"
  exit 0
fi

inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
  if [ -d "$shared/testdata/corpora" ]; then
    inputs=("$shared/testdata/corpora")
  else
    java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    inputs=("$java_home/lib")
  fi
fi

work=${BENCH_DIR:-$(mktemp -d /tmp/flashcore-ingest-bench.XXXXXX)}
mkdir -p "$work"
cleanup() { [ -z "${BENCH_DIR:-}" ] && rm -rf "$work"; }
trap cleanup EXIT

# One tar stream of the input, kept in a file so every tool reads identical bytes at disk speed.
tarball="$work/input.tar"
tar -cf "$tarball" "${inputs[@]}" 2>/dev/null
logical=$(stat -c %s "$tarball")
cat "$tarball" >/dev/null

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
mbps() { echo "scale=1; $logical / 1000000 / $1" | bc -l; }
size_of() { du -sb "$1" | cut -f1; }

k=${FLASHCORE_K:-8}; m=${FLASHCORE_M:-2}; drives=${FLASHCORE_DRIVES:-12}

# Build once outside the timing.
"$flashcore" version >/dev/null

# flashcore
fc="$work/flashcore"
"$flashcore" create --array "$fc" --drives "$drives" --k "$k" --m "$m" >/dev/null
t0=$(now); "$flashcore" put --array "$fc" input "$tarball" >/dev/null; t1=$(now)
fc_ingest=$(secs "$t0" "$t1")
t0=$(now); "$flashcore" get --array "$fc" input >/dev/null; t1=$(now)
fc_read=$(secs "$t0" "$t1")
warm=$("$flashcore" bench ingest --k "$k" --m "$m" --drives "$drives" --dir "$work/bench-ingest" --json "$tarball")
fc_warm_mbps=$(echo "$warm" | sed -n 's/.*"mbPerSec":\([0-9.eE+-]*\).*/\1/p')
fc_warm_cpu=$(echo "$warm" | sed -n 's/.*"mbPerCpuSecond":\([0-9.eE+-]*\).*/\1/p')
fc_ranges=$(echo "$warm" | sed -n 's/.*"rangeReadsPerSec":\([0-9.eE+-]*\).*/\1/p')
fc_warm_read=$(echo "$warm" | sed -n 's/.*"readMbPerSec":\([0-9.eE+-]*\).*/\1/p')
stats=$("$flashcore" stats --array "$fc" --json)
field() { echo "$stats" | sed -n "s/.*\"$1\":\([0-9.eE+-]*\).*/\1/p"; }
fc_stored=$(field storedBytes); fc_meta=$(field metadataBytes); fc_phys=$(field physicalBytes)
fc_total=$((fc_stored + fc_meta))

# borg
export BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes BORG_RELOCATED_REPO_ACCESS_IS_OK=yes
export BORG_BASE_DIR="$work/borg-home"
borg init --encryption=none "$work/borg" >/dev/null 2>&1
t0=$(now); borg create --compression "${BORG_COMPRESSION:-zstd,3}" "$work/borg::input" - <"$tarball" >/dev/null 2>&1; t1=$(now)
borg_ingest=$(secs "$t0" "$t1")
t0=$(now); borg extract --stdout "$work/borg::input" >/dev/null 2>&1; t1=$(now)
borg_read=$(secs "$t0" "$t1")
borg_size=$(size_of "$work/borg")
t0=$(now); borg create --compression "${BORG_COMPRESSION:-zstd,3}" "$work/borg::empty" - </dev/null >/dev/null 2>&1 || true; t1=$(now)
borg_empty=$(secs "$t0" "$t1")

# restic
export RESTIC_PASSWORD=flashcore-bench RESTIC_CACHE_DIR="$work/restic-cache"
restic init --repo "$work/restic" >/dev/null 2>&1
t0=$(now); restic backup --repo "$work/restic" --stdin --stdin-filename input <"$tarball" >/dev/null 2>&1; t1=$(now)
restic_ingest=$(secs "$t0" "$t1")
t0=$(now); restic dump --repo "$work/restic" latest input >/dev/null 2>&1; t1=$(now)
restic_read=$(secs "$t0" "$t1")
restic_size=$(size_of "$work/restic")
t0=$(now); restic backup --repo "$work/restic" --stdin --stdin-filename empty </dev/null >/dev/null 2>&1 || true; t1=$(now)
restic_empty=$(secs "$t0" "$t1")

ratio() { echo "scale=2; $1 / $2" | bc -l; }
warm_of() { # MB/s without the empty-input time; the cold figure when that leaves nothing
  local d; d=$(echo "$1 - $2" | bc -l)
  if [ "$(echo "$d > 0.01" | bc -l)" = 1 ]; then mbps "$d"; else mbps "$1"; fi
}
borg_warm=$(warm_of "$borg_ingest" "$borg_empty"); restic_warm=$(warm_of "$restic_ingest" "$restic_empty")
echo "input: ${inputs[*]} ($logical bytes as one tar stream); flashcore $k+$m on $drives drive files; borg --compression ${BORG_COMPRESSION:-zstd,3}; restic defaults; $(nproc) cores"
printf "%-10s %12s %12s %12s %16s %s\n" tool "cold MB/s" "warm MB/s" "read MB/s" "stored bytes" "(flashcore: stored+metadata, before parity)"
printf "%-10s %12s %12.1f %12s %16s\n" flashcore "$(mbps "$fc_ingest")" "$fc_warm_mbps" "$(mbps "$fc_read")" "$fc_total"
printf "%-10s %12s %12s %12s %16s\n" borg "$(mbps "$borg_ingest")" "$borg_warm" "$(mbps "$borg_read")" "$borg_size"
printf "%-10s %12s %12s %12s %16s\n" restic "$(mbps "$restic_ingest")" "$restic_warm" "$(mbps "$restic_read")" "$restic_size"
echo "flashcore ingest, cold: $(ratio "$borg_ingest" "$fc_ingest")x borg, $(ratio "$restic_ingest" "$fc_ingest")x restic (goal >= 3x each)"
echo "flashcore ingest, warm: $(ratio "$fc_warm_mbps" "$borg_warm")x borg, $(ratio "$fc_warm_mbps" "$restic_warm")x restic (goal >= 3x each); flashcore $(printf %.1f "$fc_warm_cpu") MB per CPU second"
echo "flashcore stored+metadata: $(ratio "$fc_total" "$borg_size")x borg's repository, $(ratio "$fc_total" "$restic_size")x restic's (goal < 1)"
echo "flashcore warm reads: $(printf %.1f "$fc_warm_read") MB/s for the whole object, $(printf %.0f "$fc_ranges") range reads/s of 64 KiB at random offsets (no counterpart in borg or restic)"
echo "flashcore metadata: $fc_meta bytes = $(echo "scale=3; 100 * $fc_meta / $logical" | bc -l) % of logical (goal <= 1 %); physical with parity: $fc_phys bytes"
