#!/usr/bin/env bash
# The main job. With a sound card: the live demo line (`ivr line`; type 0-9 * # to press keys, Ctrl-C to stop).
# Without one: says so in one line and runs a bundled sample call through `ivr call` instead, printing the path
# the call took and where line.wav (what the line played) is, so you can listen to it.
# Over SIP instead: `ivr serve --listen 0.0.0.0:5060 --allow <your LAN>/24` and call sip:12333@<this host> from a
# softphone (baresip: `/dial sip:12333@<host>`; Linphone); see README "The SIP line".
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product ivr >/dev/null
IVR=.build/release/ivr
if [[ -s /proc/asound/cards ]] && ! grep -q "no soundcards" /proc/asound/cards; then
  exec "$IVR" line "$@"
fi
SAMPLE=Tests/Fixtures/calls/voicemail-hash-friday.wav
echo "run: no sound card on this machine; running the bundled sample call $SAMPLE instead"
rm -rf var/sample-call
"$IVR" call "$SAMPLE" --now 2025-09-26T10:00:00+08:00 --caller 13800138000 --data var --out var/sample-call --call-id sample-call
echo "run: the line's audio is $(pwd)/var/sample-call/line.wav; its event log is var/sample-call/events.jsonl"
echo "run: the staff web console: \`$IVR console adduser NAME --role 管理员 --data var\` (type the password),"
echo "     then \`$IVR console --data var\` and open http://127.0.0.1:8333/ to log in (roles: 咨询员, 监督员, 管理员)."
