#!/usr/bin/env bash
# Benchmarks, not tests: builds in release and prints the figures quoted in README.md.
#   Scripts/bench.sh            everything
#   Scripts/bench.sh dtmf|batch|tickets|prompts
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh --bench
what="${1:-all}"
swift build -c release --product ivr >/dev/null
IVR=.build/release/ivr
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
  tmp=$(mktemp -d)
  "$IVR" tickets bench --data "$tmp/var"
  rm -rf "$tmp"
fi
if [[ "$what" == all || "$what" == prompts ]]; then
  echo "== prompts: decode, cached lookup, verbaliser"
  "$IVR" prompts bench
fi
