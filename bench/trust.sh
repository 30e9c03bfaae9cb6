#!/usr/bin/env bash
# Trust scale benchmark (docs/scale.md): a trust of SCHOOLS schools and PUPILS pupils written by
# `rollbook sample --trust`, against the same number of pupils in one school folder.
# Time and peak memory of check, stats and build from /usr/bin/time -v. Release build.
#   bench/trust.sh [SCHOOLS] [PUPILS] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
schools=${1:-300}; pupils=${2:-100000}; work=${3:-.build/bench-trust}
bin=.build/release/rollbook
[ -x "$bin" ] || swift build -c release --product rollbook
rm -rf "$work"; mkdir -p "$work"
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" > /dev/null 2> "$work/time.txt" || true
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
  printf '| %-28s | %10s | %8d MB |\n' "$label" "$wall" $((rss / 1024))
}
echo "| step | wall | peak RSS |"
echo "|---|---|---|"
measure "sample --trust $schools" "$bin" sample "$work/trust" --trust "$schools" --pupils "$pupils" --seed 2025
measure "trust check" "$bin" check "$work/trust" --format csv
measure "trust stats" "$bin" stats "$work/trust"
measure "trust build" "$bin" build "$work/trust"
measure "trust build (no change)" "$bin" build "$work/trust"
measure "sample (one school)" "$bin" sample "$work/school" --pupils "$pupils" --seed 2025
measure "school check" "$bin" check "$work/school" --format csv
measure "school stats" "$bin" stats "$work/school"
measure "school build" "$bin" build "$work/school"
echo "files in the trust site: $(find "$work/trust/site" -type f | wc -l), $(du -sh "$work/trust/site" | cut -f1)"
