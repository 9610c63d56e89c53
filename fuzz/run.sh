#!/usr/bin/env bash
# Runs fuzz targets for a while each and prints what libFuzzer reports at the end.
#   fuzz/run.sh [SECONDS] [TARGET...]     (default: 600 s, every target)
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz wants a nightly compiler;
# RUSTC_BOOTSTRAP=1 lets the stable one take its -Z flags. Overflow checks are on for
# every target. model_mutate runs without AddressSanitizer, which triples its cost per
# input and guards only unsafe code, which the pipeline does not have; without it, a stack
# overflow kills the run without saving the input (see README.md). The others keep it. New corpus entries go to corpus/<target>/ (ignored by git), crashes to
# artifacts/<target>/, logs to logs/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(jmespath model_json model_mutate response runtime_text)
fi
export RUSTC_BOOTSTRAP=1
# A 2 MB stack, as test threads and tokio's workers have: recursion too deep for them
# must show up here, not only in the test suite (see finding 9 in README.md).
ulimit -s 2048
mkdir -p logs
for target in "${targets[@]}"; do
    case "$target" in
        model_mutate) flags=(--sanitizer none --target-dir target/nosan) ;;
        *) flags=(--sanitizer address) ;;
    esac
    cargo fuzz run --debug-assertions "${flags[@]}" "$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        > "logs/$target.log" 2>&1 || echo "$target: stopped with a finding, see fuzz/logs/$target.log and fuzz/artifacts/$target/"
    echo "== $target"
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "logs/$target.log" || true
done
