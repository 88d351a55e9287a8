#!/usr/bin/env bash
# Benchmarks, not tests: builds in release and prints the figures quoted in README.md.
#   Scripts/bench.sh            everything
#   Scripts/bench.sh dtmf|batch|tickets|prompts|session
#   Scripts/bench.sh sip [CONCURRENT [CALLS [SECONDS]]]   (the SIP line under sipp; not part of `all`)
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
if [[ "$what" == all || "$what" == session ]]; then
  echo "== session: ns per 20 ms frame through a CallSession (detector, machine, player), sessions per core"
  "$BENCH" session
fi
if [[ "$what" == sip ]]; then
  echo "== sip: ivr serve under sipp on loopback"
  Scripts/sip-bench.sh "${@:2}"
fi
