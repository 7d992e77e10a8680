#!/usr/bin/env bash
# Longer run of the fuzz tests (tests/OssecSharp.IntegrationTests/Fuzz): every input surface for N seconds each,
# with several seeds, through the real executables. Prints one line per surface and seed (inputs, rate, extra
# figures); a failure names its seed, and OSSECSHARP_FUZZ_SEED=<seed> replays it.
#
#   benchmarks/fuzz/run-long.sh [--seconds N] [--seeds "1 2 3"] [--filter Surface]
#
# Defaults: 60 s per surface, seeds 1 2 3 (18 minutes in all). CI runs the same tests for 3 s with one seed.
set -euo pipefail

seconds=60
seeds="1 2 3"
filter="FullyQualifiedName~OssecSharp.IntegrationTests.Fuzz"
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --seeds) seeds="$2"; shift 2 ;;
        --filter) filter="FullyQualifiedName~OssecSharp.IntegrationTests.Fuzz.$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "run-long.sh: unknown argument '$1'" >&2; exit 1 ;;
    esac
done

root="$(cd "$(dirname "$0")/../.." && pwd)"
report="$(mktemp -t ossecsharp-fuzz.XXXXXX)"
trap 'rm -f "$report"' EXIT
dotnet build "$root/tests/OssecSharp.IntegrationTests" -v q --nologo >/dev/null
status=0
for seed in $seeds; do
    echo "== seed $seed, $seconds s per surface"
    OSSECSHARP_FUZZ_SECONDS="$seconds" OSSECSHARP_FUZZ_SEED="$seed" OSSECSHARP_FUZZ_REPORT="$report" \
        dotnet test "$root/tests/OssecSharp.IntegrationTests" --no-build --nologo -v q --filter "$filter" \
        -- RunConfiguration.TestSessionTimeout=$(( (seconds * 6 + 600) * 1000 )) || status=1
done
echo "== figures (surface, seed, seconds, inputs, rate, extra)"
sort "$report"
exit $status
