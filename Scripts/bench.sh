#!/usr/bin/env bash
# Benchmarks, not tests: builds in release and prints the figures quoted in README.md.
#   Scripts/bench.sh            everything
#   Scripts/bench.sh dtmf|batch|tickets|prompts|pin|session|report|recording|console
#   Scripts/bench.sh sip [CONCURRENT [CALLS [SECONDS]]]   (the SIP line under sipp; not part of `all`)
#   Scripts/bench.sh cluster   (Kamailio + two ivr serve nodes vs one, and PostgreSQL vs SQLite commits; not part of `all`;
#                               CLUSTER_RATES="10 20 40" calls/s and CLUSTER_CONCURRENT="100 200" calls set the loads)
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh --bench
what="${1:-all}"
swift build -c release --product ivr >/dev/null
# The sip benchmark needs only ivr.
[[ "$what" == sip ]] || swift build -c release --product ivr-bench >/dev/null
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
if [[ "$what" == all || "$what" == pin ]]; then
  echo "== pin: one identity check (PBKDF2-HMAC-SHA256 + lockout bookkeeping)"
  "$BENCH" pin
fi
if [[ "$what" == all || "$what" == session ]]; then
  echo "== session: ns per 20 ms frame through a CallSession (detector, machine, player), sessions per core"
  "$BENCH" session
fi
if [[ "$what" == all || "$what" == report ]]; then
  echo "== report: ivr report over 100 000 calls (the corpus's real event logs replayed at varied dates and callers)"
  work=$(mktemp -d)
  "$IVR" batch Tests/Fixtures/calls --keep-events "$work/events" >/dev/null
  "$BENCH" calls --events "$work/events" --count "${REPORT_CALLS:-100000}" --data "$work/data"
  for run in 1 2 3; do
    start=$(date +%s.%N)
    "$IVR" report --from 2025-01-01 --to 2025-12-31 --now 2026-01-05T09:00:00+08:00 --data "$work/data" \
      --json "$work/report.json" --html "$work/report.html" | head -1
    end=$(date +%s.%N)
    echo "report run $run: $(awk "BEGIN{printf \"%.2f\", $end - $start}") s wall (JSON $(stat -c %s "$work/report.json") B, HTML $(stat -c %s "$work/report.html") B)"
  done
  rm -rf "$work"
fi
if [[ "$what" == all || "$what" == recording ]]; then
  echo "== recording: disk per recorded minute (FLAC, 8 kHz, caller left + line right) over the fixture corpus"
  work=$(mktemp -d)
  bytes=0; samples=0
  for wav in Tests/Fixtures/calls/*.wav; do
    name=$(basename "$wav" .wav)
    now=$(sed -n 's/^now: //p' "Tests/Fixtures/calls/$name.expect.yaml")
    "$IVR" call "$wav" --record --call-id "$name" --now "$now" --data "$work/data" --out "$work/out" >/dev/null
  done
  while IFS= read -r f; do
    bytes=$((bytes + $(stat -c %s "$f"))); samples=$((samples + $(soxi -s "$f")))
  done < <(find "$work/data/calls" -name '*.flac')
  awk -v n="$(find "$work/data/calls" -name '*.flac' | wc -l)" -v b="$bytes" -v s="$samples" 'BEGIN {
    m = s / 8000 / 60
    printf "%d recordings, %.1f min, %d B: %.0f kB per recorded minute (16-bit PCM stereo would be 1920 kB)\n", n, m, b, b / m / 1000 }'
  rm -rf "$work"
fi
if [[ "$what" == sip ]]; then
  echo "== sip: ivr serve under sipp on loopback"
  Scripts/sip-bench.sh "${@:2}"
fi
if [[ "$what" == cluster ]]; then
  echo "== cluster: ticket commits per second, PostgreSQL vs SQLite (ivr-bench store)"
  work=$(mktemp -d /tmp/ivr-bench-cluster.XXXXXX)
  chmod 755 "$work"
  export CLUSTER_DIR="$work/cluster" PG_PORT=${PG_PORT:-55499} SIP_PORT=${SIP_PORT:-5460} RTP_BASE=${RTP_BASE:-36000}
  export IVR="$(pwd)/$IVR" IVR_NOW=2025-09-26T10:00:00+08:00 KAMAILIO_WORKERS=1
  trap 'Scripts/cluster.sh down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  pgurl=$(Scripts/postgres.sh start "$work/pg" $((PG_PORT + 1)))
  nice -n 19 "$BENCH" store --store "$pgurl"
  Scripts/postgres.sh stop "$work/pg"
  echo "== cluster: calls through Kamailio to two nodes vs one (sipp; each call 3 s of silence, then the caller's BYE)"
  Scripts/cluster.sh up >/dev/null
  head -c 24000 /dev/zero | tr '\0' '\377' > "$work/silence.ulaw"
  scenario() { sed -e "s|@AUDIO@|$work/silence.ulaw|" -e "s|@HOLD_MS@|$1|" Tests/Fixtures/cluster/uac-audio.xml.in > "$work/uac-$1.xml"; echo "$work/uac-$1.xml"; }
  load() {  # RATE CALLS CONCURRENT HOLD_MS: one bounded sipp run; prints ok, failed, wall seconds
    local s=$(date +%s.%N) out="$work/sipp.out"
    timeout 300 nice -n 19 sipp -sf "$(scenario "$4")" -r "$1" -m "$2" -l "$3" -i 127.0.0.1 -p 25460 -mp 25500 \
      -timeout 240s -recv_timeout 30s -timeout_error -nostdin "127.0.0.1:$SIP_PORT" > "$out" 2>&1 || true
    local e=$(date +%s.%N)
    local ok=$(grep 'Successful call' "$out" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    local bad=$(grep 'Failed call' "$out" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    echo "${ok:-0} ${bad:-0} $(awk "BEGIN{printf \"%.1f\", $e - $s}")"
  }
  declare -A completed=()
  measure() {  # LABEL
    for rate in ${CLUSTER_RATES:-10 20 40}; do
      read -r ok bad wall < <(load "$rate" $((rate * 15)) 1000 3000)
      local cps=$(awk "BEGIN{printf \"%.1f\", $ok / ($wall - 3)}")
      completed["$1 $rate"]=$cps
      echo "$1: offered $rate calls/s for 15 s: $ok ok, $bad failed, ${wall} s wall, $cps completed calls/s"
    done
    for conc in ${CLUSTER_CONCURRENT:-100 200}; do
      read -r ok bad wall < <(load 50 "$conc" "$conc" 20000)
      echo "$1: $conc calls up at once (20 s each): $ok ok, $bad failed"
    done
  }
  measure "two nodes"
  Scripts/cluster.sh node 2 stop >/dev/null
  for _ in $(seq 50); do Scripts/cluster.sh status | grep -q 'node2.*dispatcher-state I' && break; sleep 0.2; done
  measure "one node "
  for rate in ${CLUSTER_RATES:-10 20 40}; do
    echo "scaling factor at $rate calls/s offered (two nodes' completed calls/s over one node's): $(awk "BEGIN{printf \"%.2f\", ${completed["two nodes $rate"]} / ${completed["one node  $rate"]}}")"
  done
  echo "(both nodes, Kamailio, PostgreSQL and sipp share this machine's cores: see docs/deployment.md for sizing)"
fi
