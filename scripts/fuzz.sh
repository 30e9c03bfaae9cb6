#!/usr/bin/env bash
# Fuzzes Rollbook's input readers with libFuzzer.
#   scripts/fuzz.sh [csv|config|markdown|all] [-runs=N | -max_total_time=S] ...
# Builds an instrumented binary in .build-fuzz, runs the target(s) on a working corpus in
# .build-fuzz/corpus/<target> seeded from Tests/Fuzz/seeds/<target>; crash inputs are written
# to .build-fuzz/crashes/. Exit status is non-zero when a target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
targets="${1:-all}"; shift || true
[ "$targets" = all ] && targets="csv config markdown"
args=("$@"); [ ${#args[@]} -eq 0 ] && args=(-max_total_time=30)
swift build -c release --scratch-path .build-fuzz --sanitize=fuzzer -Xswiftc -DFUZZING --product rollbook-fuzz 2>&1 | grep -E "error|warning: |Compiling rollbook|Build complete" || true
bin=.build-fuzz/release/rollbook-fuzz
[ -x "$bin" ] || { echo "fuzz build failed"; exit 1; }
mkdir -p .build-fuzz/crashes
status=0
for t in $targets; do
  mkdir -p ".build-fuzz/corpus/$t"
  echo "== fuzzing $t (${args[*]}) =="
  if ! ROLLBOOK_FUZZ_TARGET="$t" SWIFT_BACKTRACE=enable=no "$bin" "${args[@]}" -max_len=8192 -timeout=10 \
       -artifact_prefix=".build-fuzz/crashes/$t-" ".build-fuzz/corpus/$t" "Tests/Fuzz/seeds/$t" 2>".build-fuzz/$t.log"; then
    status=1
    echo "CRASH in $t: see .build-fuzz/$t.log and .build-fuzz/crashes/"
    tail -n 30 ".build-fuzz/$t.log"
  fi
  grep -E "^#[0-9]+ *DONE|Done [0-9]+ runs" ".build-fuzz/$t.log" | tail -n 1 || tail -n 2 ".build-fuzz/$t.log"
done
exit $status
