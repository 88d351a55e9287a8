#!/usr/bin/env bash
# Installs the Debian packages ivr builds and tests with. Idempotent; quick when all are present.
# Works as root on a fresh Debian 12 box (uses sudo otherwise).
set -euo pipefail

# C libraries the package links (the `providers:` in Package.swift) and the tools tests use to make audio.
PACKAGES=(
  pkg-config
  libasound2-dev      # ALSA (CALSA)
  libsndfile1-dev     # audio files (CSndFile)
  libsamplerate0-dev  # resampling (CSampleRate)
  libsqlite3-dev      # SQLite under GRDB
  espeak-ng           # test speech and default prompts (a tool, not a runtime dependency)
  sox                 # test audio (a tool, not a runtime dependency)
  postgresql-15       # PostgreSQL 15: the shared store of several nodes (tests and Scripts/cluster.sh run their own server)
  kamailio            # the SIP dispatcher in front of several `ivr serve` nodes (deploy/kamailio; its modules are in this package)
  alsa-utils          # /usr/share/sounds/alsa: DTMF talk-off speech (a test whose material is missing fails)
  # Recorded human speech for the DTMF hard talk-off rows (Tests/DSPTests, Benchmarks): Asterisk prompts in five
  # languages and gcin's Mandarin syllables.
  asterisk-core-sounds-en-wav asterisk-core-sounds-fr-wav asterisk-core-sounds-es-wav
  asterisk-core-sounds-ru-wav asterisk-core-sounds-it-wav asterisk-prompt-it-menardi-wav gcin-voice
  chromium            # headless browser: the report page test (ReportBrowserTests)
  fonts-noto-cjk      # Chinese glyphs for the report page in Chromium
  libre-dev           # SIP/RTP (CSIPShim, `ivr serve`)
  sip-tester          # sipp, the SIP peer of the serve tests and the sip benchmark
  tshark              # RTP capture analysis (serve tests, sip benchmark)
  curl                # the serve tests read the line's metrics page
  libjs-chart.js      # Chart.js for the console's charts, served from /usr/share/javascript/chart.js
  python3             # drives Chromium in the console's browser test (Scripts/console-browser.py)
)
if [[ "${1:-}" == "--bench" ]]; then
  PACKAGES+=(libspandsp-dev)   # spandsp, only for the side-by-side DTMF benchmark
  PACKAGES+=(valgrind)         # callgrind, for profiling `ivr detect`
  PACKAGES+=(wrk curl)         # load for the console benchmark (Scripts/bench.sh console)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
