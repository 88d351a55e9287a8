#!/usr/bin/env bash
# The SIP line benchmark (not a test): sipp calls `ivr serve` on loopback; each call streams SECONDS of caller
# audio with keys (a fixture call's opening), CONCURRENT calls at once, CALLS in all. Prints failed calls, ivr CPU
# per call-second, peak memory per call, and the line's RTP send-interval deviation from 20 ms (tshark capture).
#   Scripts/sip-bench.sh [CONCURRENT=100] [CALLS=2*CONCURRENT] [SECONDS=20]
# Needs root for the capture (dumpcap on lo) and the release build at .build/release/ivr.
set -euo pipefail
cd "$(dirname "$0")/.."
C=${1:-100}
N=${2:-$((2 * C))}
SECS=${3:-20}
IVR=${IVR:-.build/release/ivr}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

# Caller audio: the first SECONDS of a fixture call with keys, as raw µ-law for sipp's rtp_stream.
sox Tests/Fixtures/calls/global-keys-employment.wav -t ul -r 8000 -c 1 "$tmp/caller.ulaw" trim 0 "$SECS"
sed -e "s/@CALLER@/13800138000/g" -e "s/@FORMATS@/0 8 101/" \
    -e "s#@ATTRS@#a=rtpmap:0 PCMU/8000\n      a=rtpmap:8 PCMA/8000\n      a=rtpmap:101 telephone-event/8000#" \
    -e "s#@MEDIA@#<nop><action><exec rtp_stream=\"$tmp/caller.ulaw,1,0\"/></action></nop>#" \
    -e "s/@PAUSE@/$((SECS * 1000))/" Tests/Fixtures/sip/uac.xml > "$tmp/uac.xml"

"$IVR" serve --listen 127.0.0.1:0 --rtp-ports 20000-39999 --data "$tmp/data" --max-calls $((C + 50)) \
  --now 2025-09-26T10:00:00+08:00 > "$tmp/serve.log" 2>&1 &
ivr_pid=$!
for _ in $(seq 50); do grep -q "listening on" "$tmp/serve.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/serve.log" | head -1)
[[ -n "$port" ]] || { cat "$tmp/serve.log"; exit 1; }

dumpcap -q -i lo -P -B 64 -s 64 -f "udp src portrange 20000-39999 and udp dst portrange 40000-65000" -w "$tmp/line.pcap" 2>/dev/null &
cap_pid=$!
sleep 1
load0=$(cut -d' ' -f1-3 /proc/loadavg)
cpu0=$(awk '{print $14 + $15}' /proc/$ivr_pid/stat)
start=$(date +%s.%N)
set +e
sipp -sf "$tmp/uac.xml" -m "$N" -l "$C" -r $(( C / 4 > 0 ? C / 4 : 1 )) -i 127.0.0.1 -p 40000 -mp 42000 \
  -timeout $((SECS * N / C + 120))s -recv_timeout 60s -timeout_error -nostdin -trace_stat -stf "$tmp/stat.csv" \
  127.0.0.1:"$port" > "$tmp/sipp.out" 2>&1
sipp_rc=$?
set -e
end=$(date +%s.%N)
cpu1=$(awk '{print $14 + $15}' /proc/$ivr_pid/stat)
hwm_kb=$(awk '/VmHWM/ {print $2}' /proc/$ivr_pid/status)
load1=$(cut -d' ' -f1-3 /proc/loadavg)
kill $cap_pid; wait $cap_pid 2>/dev/null || true
kill -TERM $ivr_pid; wait $ivr_pid 2>/dev/null || true

failed=$(awk -F';' 'NR==1 {for (i=1;i<=NF;i++) if ($i=="FailedCall(C)") c=i} END {print $c}' "$tmp/stat.csv")
ok=$(awk -F';' 'NR==1 {for (i=1;i<=NF;i++) if ($i=="SuccessfulCall(C)") c=i} END {print $c}' "$tmp/stat.csv")
hz=$(getconf CLK_TCK)
echo "sip: $N calls, $C at once, ${SECS} s of caller audio each; sipp exit $sipp_rc; $ok succeeded, $failed failed"
echo "failed calls: $failed"
echo "machine load average (1, 5, 15 min): $load0 before, $load1 after; $(nproc) cores; ivr: $IVR"
awk -v c0="$cpu0" -v c1="$cpu1" -v hz="$hz" -v n="$N" -v s="$SECS" -v hwm="$hwm_kb" -v conc="$C" -v t0="$start" -v t1="$end" 'BEGIN {
  cpu = (c1 - c0) / hz
  printf "ivr CPU: %.2f s over %.1f s wall = %.1f%% of one core; %.2f ms CPU per call-second\n", cpu, t1 - t0, 100 * cpu / (t1 - t0), 1000 * cpu / (n * s)
  printf "ivr peak memory: %.1f MB, %.0f kB per concurrent call\n", hwm / 1024, hwm / conc }'
# A stream is one (line port, sipp port) pair: a port the line reuses for a later call starts a new stream.
tshark -r "$tmp/line.pcap" -T fields -e frame.time_epoch -e udp.srcport -e udp.dstport 2>/dev/null | python3 -c '
import sys
last = {}
dev = []
for line in sys.stdin:
    t, src, dst = line.split()
    t = float(t)
    key = (src, dst)
    if key in last:
        dev.append(abs((t - last[key]) * 1000 - 20.0))
    last[key] = t
dev.sort()
if not dev:
    print("send interval: no packets captured"); sys.exit()
p99 = dev[min(len(dev) - 1, int(0.99 * len(dev)))]
print("line RTP send interval, deviation from 20 ms over %d intervals of %d streams: mean %.3f ms, p99 %.3f ms, max %.3f ms"
      % (len(dev), len(last), sum(dev) / len(dev), p99, dev[-1]))'
