#!/usr/bin/env bash
# Reed-Solomon speed of flashcore's Java kernel beside Hadoop's pure-Java coder (RSRawEncoder /
# RSRawDecoder, parity identical to ours), same k, m and shard size, one thread each, back to back.
# GB = 10^9 bytes of data; decode loses two data shards. Ratios per CPU-second (the fair view on a
# shared machine) and per wall-clock second.
#
#   benchmarks/scripts/ec-vs-java-coders.sh                 # 10+4 and 4+2 at 1 MiB, 10+4 at 64 KiB
#   benchmarks/scripts/ec-vs-java-coders.sh 10 4 1048576    # one configuration: K M SHARD_BYTES
# Backblaze's JavaReedSolomon, the other well-known Java coder, is not published on Maven Central,
# so it is not part of this comparison.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
flashcore="$root/flashcore"
jar="$root/benchmarks/target/benchmarks.jar"

java_home=""
for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  if [ -n "$c" ] && [ -x "$c/bin/java" ] && "$c/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    java_home=$c; break
  fi
done
[ -n "$java_home" ] || { echo "skipped: no JDK >= 25 found"; exit 0; }

"$flashcore" version >/dev/null
if [ ! -f "$jar" ] || [ -n "$(find "$root/benchmarks/src" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && JAVA_HOME="$java_home" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    ./mvnw -q -B -pl benchmarks -am package -DskipTests >/dev/null)
fi

configs=()
if [ $# -ge 3 ]; then configs=("$1 $2 $3"); else configs=("10 4 1048576" "4 2 1048576" "10 4 65536"); fi

field() { echo "$1" | sed -n "s/.*\"$2\":\([0-9.eE+-]*\).*/\1/p"; }
ratio() { echo "scale=1; $1 / $2" | bc -l; }
printf "%-6s %8s | %-34s | %-34s\n" "k+m" "shard" "encode GB/CPU-s: flashcore hadoop ratio" "decode GB/CPU-s: flashcore hadoop ratio"
for c in "${configs[@]}"; do
  read -r k m s <<<"$c"
  ours=$("$flashcore" bench ec --k "$k" --m "$m" --shard "$s" --backend java --json)
  theirs=$("$java_home/bin/java" -cp "$jar" io.flashcore.benchmarks.HadoopRsBaseline "$k" "$m" "$s")
  oe=$(field "$ours" encodeGBpsPerCpuSecond); od=$(field "$ours" decodeGBpsPerCpuSecond)
  he=$(field "$theirs" encodeGBpsPerCpuSecond); hd=$(field "$theirs" decodeGBpsPerCpuSecond)
  printf "%-6s %8s | %10.2f %10.3f %10sx | %10.2f %10.3f %10sx\n" "$k+$m" "$s" "$oe" "$he" "$(ratio "$oe" "$he")" \
    "$od" "$hd" "$(ratio "$od" "$hd")"
  echo "  wall clock GB/s: flashcore encode $(field "$ours" encodeGBps), decode $(field "$ours" decodeGBps); hadoop encode $(field "$theirs" encodeGBps), decode $(field "$theirs" decodeGBps)"
done
