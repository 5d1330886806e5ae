#!/usr/bin/env bash
# Fuzzes the deck parser with libFuzzer for FUZZ_SECONDS (default 600) and keeps every crashing,
# hanging or slow input in Tests/CardboxEngineTests/FuzzRegressions/, which a unit test replays.
# Usage: scripts/fuzz.sh BINARY   (the Makefile's `fuzz` target builds BINARY first)
set -uo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: scripts/fuzz.sh path/to/CardboxFuzz}
seconds=${FUZZ_SECONDS:-600}
work=${FUZZ_WORK:-.build-fuzz/corpus}
regressions=Tests/CardboxEngineTests/FuzzRegressions
mkdir -p "$work" "$regressions"
# Seed the working corpus: shipped decks, hand-written edge cases, and every kept regression.
find Content Tests/FuzzSeeds "$regressions" -type f \( -name '*.md' ! -name README.md -o -name 'crash-*' -o -name 'timeout-*' -o -name 'slow-unit-*' -o -name 'oom-*' \) \
    -exec cp -n {} "$work/" \; 2>/dev/null
# libFuzzer's artifacts: crash-*, timeout-*, slow-unit-*, oom-*, leak-*.
artifacts() { find "$regressions" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'slow-unit-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l; }
before=$(artifacts)
start=$(date +%s)
executions=0
runs=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
while :; do
    left=$(( seconds - ($(date +%s) - start) ))
    (( left > 0 )) || break
    runs=$((runs + 1))
    # -timeout: an input taking 10 s is a hang; -report_slow_units keeps inputs over 2 s.
    "$binary" "$work" -dict=scripts/fuzz.dict -max_total_time="$left" -max_len=262144 -timeout=10 -rss_limit_mb=4096 \
        -report_slow_units=2 -print_final_stats=1 -artifact_prefix="$regressions/" >"$log" 2>&1
    status=$?
    count=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    executions=$((executions + ${count:-0}))
    if (( status != 0 )); then
        echo "fuzz: run $runs stopped with status $status; last lines:"
        grep -E 'ERROR|SUMMARY|artifact|Test unit written' "$log" | tail -5
        # A crash ends libFuzzer's run; go on fuzzing for the time that is left.
    fi
done
after=$(artifacts)
echo "fuzz: $seconds s, $executions executions, $runs libFuzzer run(s), $((after - before)) new crashing/slow inputs in $regressions (corpus: $(ls "$work" | wc -l) inputs)"
(( after == before ))
