#!/usr/bin/env bash
# Side-by-side measurements for BENCHMARKS.md, in one run on one machine:
#   (a) cold debug and release builds and stripped size of a minimal DescribeSessions
#       binary: this project's full AppStream crate, its DescribeSessions-only slice, and
#       aws-sdk-appstream + aws-config, each in its own fresh target directory;
#   (b) codegen time for AppStream, and for all of botocore when BOTOCORE_DATA names an
#       unpacked botocore/data directory; with it, also the cold debug build of a minimal
#       ListNotebookInstances binary on the full generated SageMaker crate (the largest
#       AWS JSON service) against aws-sdk-sagemaker + aws-config, with the generated
#       lines and the crate's own compile time;
#   (c) typed parse throughput against serde_json::Value, and (d) calls per second over
#       loopback (criterion, in micro/).
# Not part of the test command: it downloads the AWS SDK crates and takes ~15 minutes.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
scratch=${BENCH_SCRATCH:-$root/target/bench}
mkdir -p "$scratch"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "rustc:   $(rustc --version)"

seconds() { local start=$SECONDS; "$@" > /dev/null 2>&1; echo $((SECONDS - start)); }

declare -A build
for bin in min-full min-slice min-sdk; do
  for profile in debug release; do
    dir="$scratch/$bin-$profile"
    rm -rf "$dir"
    flag=""; [ "$profile" = release ] && flag="--release"
    cp "$root/Cargo.lock" "$bin/Cargo.lock" 2>/dev/null || true
    # Downloads are not build time: fetch first, then time the build alone.
    cargo fetch -q --manifest-path "$bin/Cargo.toml"
    start=$(date +%s.%N)
    cargo build -q $flag --manifest-path "$bin/Cargo.toml" --target-dir "$dir"
    end=$(date +%s.%N)
    build[$bin-$profile]=$(echo "$end - $start" | bc)
    if [ "$profile" = release ]; then
      strip -o "$dir/stripped" "$dir/release/$bin"
      build[$bin-size]=$(stat -c %s "$dir/stripped")
    fi
    printf '%-10s %-8s %8.1f s\n' "$bin" "$profile" "${build[$bin-$profile]}"
  done
  printf '%-10s %-8s %8.2f MB stripped\n' "$bin" size "$(echo "${build[$bin-size]} / 1000000" | bc -l)"
done
ratio() { echo "scale=2; $1 / $2" | bc; }

if [ -n "${BOTOCORE_DATA:-}" ]; then
  cargo build -q --release --manifest-path "$root/Cargo.toml" -p xtask
  gen="$scratch/gen-sagemaker"
  rm -rf "$gen"
  "$root/target/release/xtask" codegen --model "$BOTOCORE_DATA/sagemaker/2017-07-24/service-2.json" --out "$gen" --name sagemaker > /dev/null
  lines=$(find "$gen/src" -name '*.rs' -exec cat {} + | wc -l)
  for bin in min-sagemaker min-sagemaker-sdk; do
    dir="$scratch/$bin-debug"
    rm -rf "$dir"
    cargo fetch -q --manifest-path "$bin/Cargo.toml"
    start=$(date +%s.%N)
    cargo build -q --manifest-path "$bin/Cargo.toml" --target-dir "$dir"
    end=$(date +%s.%N)
    build[$bin-debug]=$(echo "$end - $start" | bc)
    printf '%-18s %-8s %8.1f s\n' "$bin" debug "${build[$bin-debug]}"
  done
  # The generated crate alone: its dependencies built first, then it, cold.
  dir="$scratch/sagemaker-own"
  rm -rf "$dir"
  cargo build -q --manifest-path min-sagemaker/Cargo.toml --target-dir "$dir" -p botogen-runtime
  start=$(date +%s.%N)
  cargo build -q --manifest-path min-sagemaker/Cargo.toml --target-dir "$dir" -p sagemaker
  end=$(date +%s.%N)
  printf 'generated SageMaker crate: %s lines of src/, its own cold debug compile %.1f s\n' "$lines" "$(echo "$end - $start" | bc)"
  echo "  cold debug build, SageMaker:    $(ratio "${build[min-sagemaker-sdk-debug]}" "${build[min-sagemaker-debug]}")x"
  echo
fi

echo
echo "ratios (AWS SDK / ours; higher is better):"
echo "  cold debug build, full crate:   $(ratio "${build[min-sdk-debug]}" "${build[min-full-debug]}")x"
echo "  cold debug build, slice:        $(ratio "${build[min-sdk-debug]}" "${build[min-slice-debug]}")x"
echo "  cold release build, full crate: $(ratio "${build[min-sdk-release]}" "${build[min-full-release]}")x"
echo "  cold release build, slice:      $(ratio "${build[min-sdk-release]}" "${build[min-slice-release]}")x"
echo "  stripped size, full crate:      $(ratio "${build[min-sdk-size]}" "${build[min-full-size]}")x"
echo "  stripped size, slice:           $(ratio "${build[min-sdk-size]}" "${build[min-slice-size]}")x"

echo
cargo build -q --release --manifest-path "$root/Cargo.toml" -p xtask
xtask="$root/target/release/xtask"
best=999
for _ in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$xtask" codegen --model "$root/models/appstream/2016-12-01/service-2.json" --out "$scratch/codegen-appstream" > /dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  best=$(echo "if ($t < $best) $t else $best" | bc)
done
echo "codegen, AppStream (best of 5, load + generate + write): ${best} s"
if [ -n "${BOTOCORE_DATA:-}" ]; then
  "$xtask" survey "$BOTOCORE_DATA" | tail -1
fi

echo
(cd micro && cp "$root/Cargo.lock" Cargo.lock 2>/dev/null; cargo bench -q --benches -- --warm-up-time 2 --measurement-time 5 2>&1 | grep -E '^[a-z_]+/|time:|thrpt:')
