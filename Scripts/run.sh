#!/usr/bin/env bash
# The main job: on a machine with a sound card, plays the national welcome prompt to the default device;
# without one, says so in one line and converts it into var/ so you can listen to it elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product ivr >/dev/null
IVR=.build/release/ivr
SAMPLE=Prompts/cmn/welcome.wav
[[ -f "$SAMPLE" ]] || SAMPLE=Tests/Fixtures/sample.wav
if [[ -s /proc/asound/cards ]] && ! grep -q "no soundcards" /proc/asound/cards; then
  exec "$IVR" play "$SAMPLE" "$@"
fi
echo "run: no sound card on this machine; converting $SAMPLE instead of playing it"
mkdir -p var
"$IVR" convert "$SAMPLE" var/sample-line.wav
echo "run: listen to $(pwd)/var/sample-line.wav"
