#!/usr/bin/env bash
# Side by side: OssecSharp and a real OSSEC 4.2 manager on the same machine, in one sitting, with the same load
# tool. Runs benchmarks/compare/remoted.sh (remoted under ossec-loadtool) and, when present,
# benchmarks/compare/enroll.sh (enrollments/s and enrollments per RSA sign) against each manager, and prints one
# table. With --floor it also measures, in the same sitting, what plain C programs spend on the same jobs
# (benchmarks/floor: a remoted receiver, an OpenSSL enrollment server, an agent-side forwarder). Loopback only; only
# the ports given (or their defaults) are used. Installs are copied, never changed.
#
#   benchmarks/compare.sh --ossec <OSSEC 4.2 prefix>               # ours is built and installed in a scratch folder
#   benchmarks/compare.sh --ours <our prefix> --ossec <prefix> [--seconds 30] [--rate 100000] [--blowfish-rate 60000]
#   benchmarks/compare.sh --ossec <prefix> --floor                 # and the floors (cc, libssl-dev, zlib1g-dev)
#
# Run it on a quiet machine: the figures are only comparable when nothing else competes for the cores.
set -euo pipefail

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    cat <<USAGE
Options:
  --ours DIR            an OssecSharp manager install (default: scripts/install.sh into a scratch folder)
  --ossec DIR           a real OSSEC 4.2 manager install (default: none, ours only)
  --port N              remoted's port (default 21514)      --enroll-port N   authd's port (default 21515)
  --rate R              AES events/s (default 100000)       --blowfish-rate R Blowfish events/s (default 60000)
  --seconds S           sending time per run (default 30)   --agents A        sending agents (default 1000)
  --ossec-rate R        also run OSSEC at this AES rate (default 12000, its highest zero-loss rate in issue 15)
  --floor               also run remoted.sh --floor, enroll.sh --floor and floor.py (plain C floors, same sitting)
USAGE
}

here=$(cd "$(dirname "$0")/.." && pwd)
floor= ours= ossec= port=21514 enroll_port=21515 rate=100000 blowfish_rate=60000 seconds=30 agents=1000 ossec_rate=12000
while [ $# -gt 0 ]; do
    case "$1" in
        --ours) ours=${2:?}; shift 2 ;;
        --ossec) ossec=${2:?}; shift 2 ;;
        --port) port=${2:?}; shift 2 ;;
        --enroll-port) enroll_port=${2:?}; shift 2 ;;
        --rate) rate=${2:?}; shift 2 ;;
        --blowfish-rate) blowfish_rate=${2:?}; shift 2 ;;
        --seconds) seconds=${2:?}; shift 2 ;;
        --agents) agents=${2:?}; shift 2 ;;
        --ossec-rate) ossec_rate=${2:?}; shift 2 ;;
        --floor) floor=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "compare.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

scratch=$(mktemp -d)
chmod 755 "$scratch"
trap 'rm -rf "$scratch"' EXIT
if [ -z "$ours" ]; then
    echo "compare.sh: installing OssecSharp into a scratch folder (scripts/install.sh) ..." >&2
    "$here/scripts/install.sh" --type server --prefix "$scratch/ours" >"$scratch/install.log" 2>&1 \
        || { cat "$scratch/install.log" >&2; exit 1; }
    ours="$scratch/ours"
fi

# Results: one file of "key<TAB>value" lines per (manager, run).
results="$scratch/results"
mkdir -p "$results"
run_remoted() { # name prefix cipher rate
    echo "compare.sh: remoted, $1, $3 at $4/s for $seconds s ..." >&2
    "$here/benchmarks/compare/remoted.sh" --prefix "$2" --port "$port" --cipher "$3" --rate "$4" --seconds "$seconds" \
        --agents "$agents" >"$results/$1.remoted.$3.$4" || echo "compare.sh: that run failed" >&2
}
run_enroll() { # name prefix
    [ -x "$here/benchmarks/compare/enroll.sh" ] || return 0
    echo "compare.sh: enrollment, $1 ..." >&2
    "$here/benchmarks/compare/enroll.sh" --prefix "$2" --port "$enroll_port" >"$results/$1.enroll" \
        || echo "compare.sh: that run failed" >&2
}

run_floor() {
    if ! command -v cc >/dev/null; then
        echo "compare.sh: no C compiler: the floor runs are skipped" >&2
        return 0
    fi
    echo "compare.sh: floors (plain C): remoted receiver, enrollment server, agent forwarder ..." >&2
    "$here/benchmarks/compare/remoted.sh" --prefix "$ours" --port "$port" --rate "$rate" --seconds "$seconds" \
        --agents "$agents" --floor >"$results/floor.remoted" || echo "compare.sh: the remoted floor failed" >&2
    "$here/benchmarks/compare/enroll.sh" --floor --port "$enroll_port" >"$results/floor.enroll" \
        || echo "compare.sh: the enrollment floor failed" >&2
    python3 "$here/benchmarks/floor/floor.py" 1000 10 3 >"$results/floor.forwarder" \
        || echo "compare.sh: the forwarder floor failed" >&2
}

run_remoted ours "$ours" aes "$rate"
run_remoted ours "$ours" blowfish "$blowfish_rate"
if [ -n "$ossec" ]; then
    run_remoted ossec "$ossec" aes "$ossec_rate"
    [ "$ossec_rate" = "$rate" ] || run_remoted ossec "$ossec" aes "$rate"
    run_remoted ossec "$ossec" blowfish "$blowfish_rate"
fi
run_enroll ours "$ours"
[ -z "$ossec" ] || run_enroll ossec "$ossec"
[ -z "$floor" ] || run_floor

value() { # file key
    [ -f "$1" ] && awk -F '\t' -v k="$2" '$1 == k { print $2; exit }' "$1" || true
}

echo
echo "machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo "remoted: $agents agents, ${seconds} s per run, loopback UDP; ours counted in archives.log, OSSEC at its analysis queue"
echo
printf '| %-42s | %-26s | %-26s |\n' "what" "OssecSharp" "OSSEC 4.2"
printf '| %-42s | %-26s | %-26s |\n' "---" "---" "---"
row() { printf '| %-42s | %-26s | %-26s |\n' "$1" "$2" "$3"; }
for run in "aes $rate" "aes $ossec_rate" "blowfish $blowfish_rate"; do
    set -- $run
    o="$results/ours.remoted.$1.$2" s="$results/ossec.remoted.$1.$2"
    [ -f "$o" ] || [ -f "$s" ] || continue
    cell() { # file
        [ -f "$1" ] || { echo "—"; return; }
        echo "$(value "$1" written_per_s)/s of $(value "$1" sent_per_s)/s sent, lost $(value "$1" lost) ($(value "$1" loss_pct) %)"
    }
    row "remoted $1 at $2/s: written/s, sent/s, lost" "$(cell "$o")" "$(cell "$s")"
    row "  CPU per event (µs), CPU (% of a core)" \
        "$( [ -f "$o" ] && echo "$(value "$o" cpu_us_per_event) µs, $(value "$o" cpu_pct) %" || echo —)" \
        "$( [ -f "$s" ] && echo "$(value "$s" cpu_us_per_event) µs, $(value "$s" cpu_pct) %" || echo —)"
    row "  peak RSS (MB), p99 latency (ms)" \
        "$( [ -f "$o" ] && echo "$(value "$o" peak_rss_mb) MB, $(value "$o" latency_p99_ms) ms" || echo —)" \
        "$( [ -f "$s" ] && echo "$(value "$s" peak_rss_mb) MB, $(value "$s" latency_p99_ms) ms" || echo —)"
done

# Enrollment: every key enroll.sh prints, one row each.
if [ -f "$results/ours.enroll" ] || [ -f "$results/ossec.enroll" ]; then
    cut -f1 "$results"/*.enroll 2>/dev/null | awk '!seen[$0]++' | while read -r key; do
        [ -n "$key" ] || continue
        o=$(value "$results/ours.enroll" "$key"); s=$(value "$results/ossec.enroll" "$key")
        row "enroll: $key" "${o:-—}" "${s:-—}"
    done
fi

# The floors: their own keys (no registered agents; the forwarder's CPU per window).
for file in "$results/floor.remoted" "$results/floor.enroll" "$results/floor.forwarder"; do
    [ -f "$file" ] || continue
    echo
    echo "floor ($(basename "$file" | cut -d. -f2), plain C, same sitting):"
    sed 's/\t/: /' "$file"
done
