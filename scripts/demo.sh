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
echo "== rollbook diff (what changed since the earlier export named by previous: in rollbook.yml) =="
"$bin" diff exports/2026-07-15 . | tail -n 1
echo "== rollbook build =="
"$bin" build . --verbose
echo "Open site/intranet/index.html (staff; Amendments lists the changes since exports/2026-07-15) and site/parents/index.html (parents) in a browser."
