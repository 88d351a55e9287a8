#!/usr/bin/env bash
# Passes the tests on a fresh machine: installs what is missing, builds with warnings as errors, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build --build-tests -Xswiftc -warnings-as-errors
swift test --skip-build "$@"
