#!/usr/bin/env bash
# A whole cluster on one machine over loopback (issue 14): PostgreSQL (own data folder, port $PG_PORT),
# Kamailio's dispatcher on 127.0.0.1:5060, and two `ivr serve` nodes on their own SIP and RTP ports.
#
#   Scripts/cluster.sh up        start everything (idempotent); waits until the dispatcher sees both nodes up
#   Scripts/cluster.sh down      stop the nodes (SIGTERM: they drain), Kamailio, then PostgreSQL
#   Scripts/cluster.sh status    the dispatcher address, each node's PID, ports and dispatcher state, the store URL
#   Scripts/cluster.sh node N start|stop|kill   one node (kill = SIGKILL, for failover demos)
#
# Environment: CLUSTER_DIR (default /tmp/ivr-cluster), PG_PORT (55434), SIP_PORT (5060: the dispatcher; nodes on
# SIP_PORT+11 and +12), RTP_BASE (20000: node 1 uses 20000-20999, node 2 21000-21999), IVR (the ivr binary, default
# .build/debug/ivr), IVR_NOW (passed to the nodes as --now), KAMAILIO_WORKERS (Kamailio's -n), CLUSTER_NODES=sipp (sipp stand-in nodes that only
# answer OPTIONS and INVITE: checks deploy/kamailio without `ivr serve`; never used by the tests).
# On real hosts the same pieces sit on separate machines: see docs/deployment.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=${CLUSTER_DIR:-/tmp/ivr-cluster}
PG_PORT=${PG_PORT:-55434}
IVR=${IVR:-$ROOT/.build/debug/ivr}
SIP_PORT=${SIP_PORT:-5060}          # the dispatcher's; node N listens on SIP_PORT + 10 + N
RTP_BASE=${RTP_BASE:-20000}         # node N sends and receives RTP on RTP_BASE + (N-1)*1000 … +999
DISPATCHER=127.0.0.1:$SIP_PORT
NODE_SIP=(0 $((SIP_PORT + 11)) $((SIP_PORT + 12)))
NODE_RTP=(0 "$RTP_BASE-$((RTP_BASE + 999))" "$((RTP_BASE + 1000))-$((RTP_BASE + 1999))")

store_url() { echo "postgres://ivr@127.0.0.1:$PG_PORT/ivr"; }
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_postgres() {
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  Scripts/postgres.sh start "$DIR/pg" "$PG_PORT" >/dev/null
}

start_node() {
  local n=$1 pidfile="$DIR/node$1.pid"
  if alive "$pidfile"; then return 0; fi
  mkdir -p "$DIR/node$n"
  if [[ "${CLUSTER_NODES:-ivr}" == sipp ]]; then
    sipp -sf "$ROOT/Tests/Fixtures/cluster/standin-uas.xml" -i 127.0.0.1 -p "${NODE_SIP[$n]}" -nostdin \
      >"$DIR/node$n.log" 2>&1 &
  else
    if ! "$IVR" serve --help >/dev/null 2>&1; then
      echo "cluster.sh: $IVR has no 'serve' command (build it: swift build; or CLUSTER_NODES=sipp for stand-ins)" >&2
      exit 1
    fi
    local now=()
    if [[ -n "${IVR_NOW:-}" ]]; then now=(--now "$IVR_NOW"); fi
    "$IVR" serve --listen "127.0.0.1:${NODE_SIP[$n]}" --rtp-ports "${NODE_RTP[$n]}" --data "$DIR/node$n" \
      --prompts "$ROOT/Prompts" --store "$(store_url)" --allow 127.0.0.0/8 --node "node$n" "${now[@]}" ${IVR_SERVE_ARGS:-} \
      >"$DIR/node$n.log" 2>&1 &
  fi
  echo $! >"$pidfile"
}

stop_node() {
  local n=$1 sig=${2:-TERM} pidfile="$DIR/node$1.pid"
  if alive "$pidfile"; then
    local pid
    pid=$(cat "$pidfile")
    kill -s "$sig" "$pid" 2>/dev/null || true
    # A draining node finishes its calls; give it a while, then insist.
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

start_kamailio() {
  local pidfile="$DIR/kamailio.pid"
  if alive "$pidfile"; then return 0; fi
  mkdir -p "$DIR/kamailio"
  {
    echo "# written by Scripts/cluster.sh"
    for n in 1 2; do echo "1 sip:127.0.0.1:${NODE_SIP[$n]} 0 0 duid=node$n"; done
  } >"$DIR/kamailio/dispatcher.list"
  # KAMAILIO_WORKERS=1 (benchmarks): one SIP worker, so a node's 180 and 200 are relayed in order (sipp aborts a
  # call on a 180 after the 200; real UAs ignore it).
  local workers=()
  if [[ -n "${KAMAILIO_WORKERS:-}" ]]; then workers=(-n "$KAMAILIO_WORKERS"); fi
  kamailio "${workers[@]}" -DD -E -f "$ROOT/deploy/kamailio/kamailio.cfg" -Y "$DIR/kamailio" -m 64 -M 8 \
    -A "DISPATCHER_LIST=\"$DIR/kamailio/dispatcher.list\"" -A "LISTEN=udp:$DISPATCHER" -A "CTL_SOCKET=\"unix:$DIR/kamailio/kamailio_ctl\"" \
    >"$DIR/kamailio.log" 2>&1 &
  echo $! >"$pidfile"
}

# Node states as Kamailio sees them: "sip:127.0.0.1:5071 AP" lines (A active, I inactive, P probing, D disabled).
dispatcher_states() {
  kamcmd -s "unix:$DIR/kamailio/kamailio_ctl" dispatcher.list 2>/dev/null \
    | awk '/URI:/ {uri=$2} /FLAGS:/ {print uri, $2}'
}

wait_up() {
  for _ in $(seq 1 150); do
    if [[ $(dispatcher_states | grep -c ' A') -ge 2 ]]; then return 0; fi
    sleep 0.2
  done
  echo "cluster.sh: the dispatcher does not see both nodes up after 30 s (logs: $DIR/node1.log, $DIR/node2.log, $DIR/kamailio.log)" >&2
  return 1
}

case "${1:-}" in
  up)
    start_postgres
    start_node 1
    start_node 2
    start_kamailio
    wait_up
    "$0" status
    ;;
  down)
    stop_node 1
    stop_node 2
    if alive "$DIR/kamailio.pid"; then kill "$(cat "$DIR/kamailio.pid")" 2>/dev/null || true; sleep 0.5; fi
    rm -f "$DIR/kamailio.pid"
    Scripts/postgres.sh stop "$DIR/pg"
    ;;
  status)
    states=$(dispatcher_states || true)
    if alive "$DIR/kamailio.pid"; then k="running, pid $(cat "$DIR/kamailio.pid")"; else k="stopped"; fi
    echo "dispatcher: sip:$DISPATCHER ($k)"
    for n in 1 2; do
      uri="sip:127.0.0.1:${NODE_SIP[$n]}"
      state=$(awk -v u="$uri" '$1 == u {print $2}' <<<"$states")
      if alive "$DIR/node$n.pid"; then p="pid $(cat "$DIR/node$n.pid")"; else p="stopped"; fi
      echo "node$n: $uri rtp ${NODE_RTP[$n]} $p dispatcher-state ${state:-?} data $DIR/node$n"
    done
    if Scripts/postgres.sh status "$DIR/pg"; then s="running"; else s="stopped"; fi
    echo "store: $(store_url) ($s, data $DIR/pg)"
    ;;
  node)
    n=${2:?node number}
    case "${3:-}" in
      start) start_node "$n" ;;
      stop) stop_node "$n" TERM ;;
      kill) stop_node "$n" KILL ;;
      *) echo "usage: cluster.sh node N start|stop|kill" >&2; exit 2 ;;
    esac
    ;;
  *)
    echo "usage: cluster.sh up|down|status|node N start|stop|kill" >&2
    exit 2
    ;;
esac
