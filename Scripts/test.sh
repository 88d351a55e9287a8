#!/usr/bin/env bash
# Passes the tests on a fresh machine: installs what is missing, builds with warnings as errors, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build --build-tests -Xswiftc -warnings-as-errors
# A PostgreSQL server of the tests' own (the store suite runs on SQLite and PostgreSQL): started here, stopped
# on exit. Without it the tests start one themselves; a server that cannot start fails the tests, never skips them.
pgdir=$(mktemp -d /tmp/ivr-test-pg.XXXXXX)
chmod 755 "$pgdir"  # the server runs as user postgres when this runs as root
trap 'Scripts/postgres.sh stop "$pgdir/data"; rm -rf "$pgdir"' EXIT
IVR_TEST_POSTGRES=$(Scripts/postgres.sh start "$pgdir/data" "${IVR_TEST_PG_PORT:-55433}")
export IVR_TEST_POSTGRES
swift test --skip-build "$@"
