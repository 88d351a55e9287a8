#!/usr/bin/env bash
# Makes the default prompt recordings Prompts/<lang>/<id>.wav from the texts in Prompts/prompts.yaml:
# speech with espeak-ng (voices cmn-latn-pinyin and yue, speed 200; see SpeechSynthesisText for digits and
# polyphones), tones with sox; each is then put through
# `ivr prompts install --as-default`, the same conversion operators' recordings get (8 kHz mono 16-bit,
# silence trimmed, -26 dBov active level). The results are committed, so a fresh clone needs none of this.
# Studio recordings replace them with `ivr prompts install ID FILE`.
# Usage: Scripts/make-prompts.sh [PROMPTS_DIR] [ID...]     (default Prompts/, all ids)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-Prompts}
shift || true
ONLY=" $* "
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "make-prompts: $tool is missing; run Scripts/setup.sh" >&2; exit 1; }
done
IVR=${IVR:-}
if [[ -z "$IVR" ]]; then
  swift build --product ivr >/dev/null
  IVR=.build/debug/ivr
fi
SPEED=${SPEED:-200}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The national wait tone: a soft, loopable four-note figure (C5 E5 G5 E5, then a rest), 4 s.
make_wait_tone() {
  local parts=() i=0
  # Each note: the fundamental and a soft octave (Hz), 0.38 s with a gentle decay.
  for pair in 523.25:1046.5 659.25:1318.5 783.99:1568 659.25:1318.5 523.25:1046.5 659.25:1318.5 783.99:1568 1046.5:2093; do
    sox -R -D -n -r 8000 -c 1 -b 16 "$TMP/n$i.wav" synth 0.38 sine "${pair%%:*}" sine "${pair##*:}" \
      remix 1v0.8,2v0.2 fade q 0.03 0.38 0.2 pad 0 0.04 gain -n -6
    parts+=("$TMP/n$i.wav"); i=$((i + 1))
  done
  sox -R -D "${parts[@]}" "$1" pad 0 0.48
}

made=0
while IFS=$'\t' read -r id lang kind text; do
  [[ "$ONLY" == "  " || "$ONLY" == *" $id "* ]] || continue
  raw="$TMP/$lang-$id.raw.wav"
  wav="$TMP/$lang-$id.wav"
  case "$kind:$id" in
    tone:wait_tone) make_wait_tone "$wav" ;;
    tone:beep) sox -R -D -n -r 8000 -c 1 -b 16 "$wav" synth 0.3 sine 1000 fade q 0.01 0.3 0.01 ;;
    tone:*) echo "make-prompts: no generator for tone '$id'; record it and install it" >&2; continue ;;
    *)
      # cmn-latn-pinyin: the plain cmn voice of espeak-ng 1.51 reads its own pinyin as English letters.
      voice=$lang
      [[ "$lang" == cmn ]] && voice=cmn-latn-pinyin
      espeak-ng -v "$voice" -s "$SPEED" -w "$raw" -- "$text"
      sox -R -D -V1 -G "$raw" -r 8000 -c 1 -b 16 "$wav" highpass 100 lowpass 3400
      ;;
  esac
  "$IVR" prompts install "$id" "$wav" --lang "$lang" --prompts "$DIR" --as-default >/dev/null
  made=$((made + 1))
done < <("$IVR" prompts texts --prompts "$DIR")
echo "make-prompts: $made recordings in $DIR"
