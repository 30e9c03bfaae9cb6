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
echo "== rollbook import ctf (the demo school as its MIS would export it) =="
demo_tmp=$(mktemp -d)
trap 'rm -rf "$demo_tmp"' EXIT
"$bin" sample "$demo_tmp/mis" --pupils 200 --seed 2025 --export ctf >/dev/null
mkdir -p "$demo_tmp/imported"
cp rollbook.yml "$demo_tmp/imported/"
"$bin" import ctf "$demo_tmp/mis/exports/school.ctf.xml" --into "$demo_tmp/imported"
echo "-- stats --by school of the imported copy:"
"$bin" stats "$demo_tmp/imported" --by school
if "$bin" stats "$demo_tmp/mis" --by year | cmp -s - <("$bin" stats "$demo_tmp/imported" --by year); then
  echo "-- identical, year by year, to the exported school's own statistics"
else
  echo "-- differs from the exported school's own statistics" >&2; exit 1
fi
echo "Open site/intranet/index.html (staff; Amendments lists the changes since exports/2026-07-15, Last year compares with 2024-25/) and site/parents/index.html (parents) in a browser."
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
