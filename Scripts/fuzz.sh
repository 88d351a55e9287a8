#!/usr/bin/env bash
# Fuzzes one parser of outside input with libFuzzer for SECONDS (default 600).
#   Scripts/fuzz.sh TARGET [SECONDS]     TARGET: menu manifest calendar script partial args
#   Scripts/fuzz.sh --build              only build the fuzzer
# Builds `fuzz-ivr` with -sanitize=fuzzer in .build/fuzz (never part of `swift build` or `swift test`), seeds a
# working corpus in .build/fuzz-corpus/TARGET from Fuzz/corpus/TARGET, and runs at low priority. A crash or hang
# leaves crash-*/timeout-* files in .build/fuzz-artifacts/TARGET/: copy each to Fuzz/corpus/TARGET/ (the tests
# replay that folder), fix the parser, and rerun. `swift test --filter CorpusReplayTests` replays the saved corpora.
set -euo pipefail
cd "$(dirname "$0")/.."
export IVR_FUZZ=1
build() {
  nice -n 19 swift build -c release --build-path .build/fuzz --product fuzz-ivr \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library >&2
}
if [[ "${1:-}" == "--build" ]]; then build; exit 0; fi
target="${1:?usage: Scripts/fuzz.sh TARGET [SECONDS] (menu manifest calendar script partial args)}"
seconds="${2:-600}"
[[ -d "Fuzz/corpus/$target" ]] || { echo "fuzz: no Fuzz/corpus/$target" >&2; exit 64; }
build
work=".build/fuzz-corpus/$target"
artifacts=".build/fuzz-artifacts/$target"
mkdir -p "$work" "$artifacts"
cp -n "Fuzz/corpus/$target"/* "$work"/ 2>/dev/null || true
IVR_FUZZ_TARGET="$target" exec nice -n 19 .build/fuzz/release/fuzz-ivr "$work" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$artifacts/" -print_final_stats=1
