#!/usr/bin/env bash
# Passes the tests on a fresh machine: installs what is missing, builds with warnings as errors, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build --build-tests -Xswiftc -warnings-as-errors
# The tests start what they need themselves: the store suite its own PostgreSQL (Scripts/postgres.sh), the cluster
# tests PostgreSQL, Kamailio and two `ivr serve` nodes on loopback. Nothing is started here by hand.
swift test --skip-build "$@"
