#!/usr/bin/env bash
# The test suite under the address sanitizer (own scratch path, so the normal build is untouched).
# Leak detection is off: XCTest itself leaks. First build takes several minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path .build-asan --disable-xctest "$@"
