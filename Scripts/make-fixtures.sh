#!/usr/bin/env bash
# Renders every scripted call Tests/Fixtures/calls*/NAME.script.yaml into NAME.wav with `ivr gen call`
# (8 kHz mono 16-bit; the same script always gives the same samples, so re-running changes nothing unless a
# script changed). Ops change a script, run this, and check the call with `ivr batch Tests/Fixtures/calls`.
# Usage: Scripts/make-fixtures.sh [DIR...]     (default: Tests/Fixtures/calls and Tests/Fixtures/calls-pending)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v espeak-ng >/dev/null || { echo "make-fixtures: espeak-ng is missing; run Scripts/setup.sh" >&2; exit 1; }
IVR=${IVR:-}
if [[ -z "$IVR" ]]; then
  swift build --product ivr >/dev/null
  IVR=.build/debug/ivr
fi
if [[ $# -eq 0 ]]; then
  set -- Tests/Fixtures/calls
  [[ -d Tests/Fixtures/calls-pending ]] && set -- "$@" Tests/Fixtures/calls-pending
fi
made=0
for dir in "$@"; do
  for script in "$dir"/*.script.yaml; do
    [[ -e "$script" ]] || continue
    wav="${script%.script.yaml}.wav"
    "$IVR" gen call "$script" -o "$wav" >/dev/null
    [[ -f "${script%.script.yaml}.expect.yaml" ]] || echo "make-fixtures: $script has no .expect.yaml beside it" >&2
    made=$((made + 1))
  done
done
echo "make-fixtures: rendered $made calls"
