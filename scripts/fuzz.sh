#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, ASan + UBSan, parsers only) and runs each
# for RUNS executions (default 1,000,000), two at a time. Seeds: tests/fuzz/corpus/<target> (the
# project's own) and build/fuzz/seeds/<target> (cut from ../shared/fixtures by
# tests/fuzz/make_seeds.py), both read only; new inputs go to build/fuzz/work/<target>; a crash, leak or timeout is written
# to build/fuzz/crashes/<target>/ and fails the script. Copy such an input into
# tests/fuzz/regressions/<target>/ once fixed: tst_fuzz_regressions replays it on every CI run.
# Usage: scripts/fuzz.sh [RUNS] [TARGET...]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-1000000}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(safetensors safetensors_index config tokenizer prompt_set session results)
cd "$root"
cmake --preset fuzz > /dev/null && cmake --build --preset fuzz -j "$(nproc)" || exit 1
python3 tests/fuzz/make_seeds.py build/fuzz/seeds > /dev/null || exit 1

run_one() {
  local t="$1" work="build/fuzz/work/$1" crashes="build/fuzz/crashes/$1" seeds=()
  mkdir -p "$work" "$crashes"
  for d in "tests/fuzz/corpus/$t" "build/fuzz/seeds/$t"; do [ -d "$d" ] && seeds+=("$d"); done
  "build/fuzz/tests/fuzz/fuzz_$t" -runs="$runs" -max_len=65536 -rss_limit_mb=4096 -timeout=20 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$work" "${seeds[@]}" > "build/fuzz/$t.log" 2>&1
  local rc=$?
  local execs
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build/fuzz/$t.log" | grep -o '[0-9]*$')"
  echo "fuzz_$t: ${execs:-?} executions, exit $rc$( [ "$rc" -ne 0 ] && echo " — see build/fuzz/$t.log and $crashes")"
  return "$rc"
}

status=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [ "${#pids[@]}" -ge "$(nproc)" ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit "$status"
