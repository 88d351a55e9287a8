#!/usr/bin/env bash
# Benchmarks, not tests: builds in release and prints the figures quoted in README.md.
#   Scripts/bench.sh            everything
#   Scripts/bench.sh dtmf|batch|tickets|prompts|pin
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh --bench
what="${1:-all}"
swift build -c release --product ivr >/dev/null
swift build -c release --product ivr-bench >/dev/null
IVR=.build/release/ivr
BENCH=.build/release/ivr-bench   # benchmarks that write data: only in temporary folders of their own
if [[ "$what" == all || "$what" == dtmf ]]; then
  echo "== DTMF: ivr vs spandsp on one hour of mixed speech, noise, music and digits (one thread)"
  (cd Benchmarks && swift run -c release dtmf-bench speed 60)
fi
if [[ "$what" == all || "$what" == batch ]]; then
  echo "== batch: the fixture corpus 20 times, all cores"
  "$IVR" batch Tests/Fixtures/calls --repeat-count 20 | tail -2
  echo "== batch: one job"
  "$IVR" batch Tests/Fixtures/calls --repeat-count 10 --jobs 1 | tail -1
fi
if [[ "$what" == all || "$what" == tickets ]]; then
  echo "== tickets: commit and crash-recovery time"
  "$BENCH" tickets
fi
if [[ "$what" == all || "$what" == prompts ]]; then
  echo "== prompts: decode, cached lookup, verbaliser"
  "$BENCH" prompts
fi
if [[ "$what" == all || "$what" == pin ]]; then
  echo "== pin: one identity check (PBKDF2-HMAC-SHA256 + lockout bookkeeping)"
  "$BENCH" pin
fi
