#!/usr/bin/env bash
# Set-up command 1: install what is missing, build in release mode, and run the main job on the
# bundled demo school (rollbook.yml + Data/ at the repository root): check the register, print
# the school's statistics and build the site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product rollbook
bin=.build/release/rollbook
echo "== rollbook check (summary) =="
"$bin" check . | tail -n 17 || true   # exit 1 is expected: the demo school has injected errors
echo "== rollbook stats --by school =="
"$bin" stats . --by school
echo "== rollbook build =="
"$bin" build . --verbose
echo "Open site/intranet/index.html (staff) and site/parents/index.html (parents) in a browser."
# A small trust of three generated schools (different calendars, overlapping pupil ids).
trust=.build/demo-trust
rm -rf "$trust"
echo "== rollbook sample --trust 3 (into $trust) =="
"$bin" sample "$trust" --trust 3 --pupils 450 --seed 2025
echo "== rollbook stats $trust --by school =="
"$bin" stats "$trust" --by school
echo "== rollbook build $trust =="
"$bin" build "$trust"
echo "Open $trust/site/intranet/index.html (the trust's schools side by side) in a browser."
