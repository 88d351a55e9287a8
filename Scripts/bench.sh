#!/usr/bin/env bash
# Benchmarks, not tests: builds in release and prints the figures quoted in README.md.
#   Scripts/bench.sh            everything
#   Scripts/bench.sh dtmf|batch|tickets|prompts|session
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
  echo "== DTMF: whole process, ivr detect --jsonl vs the spandsp runner on one 60-minute 8 kHz WAV"
  (cd Benchmarks && swift run -c release dtmf-bench process 60)
  echo "== DTMF: hard talk-off, false digits per hour per kind of material"
  (cd Benchmarks && swift run -c release dtmf-bench hard)
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
