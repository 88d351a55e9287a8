#!/usr/bin/env bash
# Benchmarks, not tests: builds in release and prints the figures quoted in README.md.
#   Scripts/bench.sh            everything
#   Scripts/bench.sh dtmf|batch|tickets|prompts|console
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
if [[ "$what" == all || "$what" == console ]]; then
  echo "== console: the work queue with 100 000 tickets, then 50 sessions (SSE streams + wrk on /line)"
  "$BENCH" console --tickets 100000 --requests 100 --serve-seconds 40 > /tmp/ivr-console-bench.$$ &
  for _ in $(seq 120); do grep -q serving /tmp/ivr-console-bench.$$ 2>/dev/null && break; sleep 1; done
  COOKIE="Cookie: ivr_session=$(printf 'ab%.0s' $(seq 32))"
  for _ in $(seq 50); do timeout 30 curl -s -N -H "$COOKIE" http://127.0.0.1:8399/line/events >/dev/null & done
  command -v wrk >/dev/null && wrk -t2 -c50 -d20s --latency -H "$COOKIE" http://127.0.0.1:8399/line | sed -n '/Latency Distribution/,/Requests\/sec/p'
  wait
  cat /tmp/ivr-console-bench.$$; rm -f /tmp/ivr-console-bench.$$
fi
if [[ "$what" == all || "$what" == prompts ]]; then
  echo "== prompts: decode, cached lookup, verbaliser"
  "$BENCH" prompts
fi
