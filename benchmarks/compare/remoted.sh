#!/usr/bin/env bash
# One remoted load run against a manager install, ours or a real OSSEC 4.2: copies the install to a scratch
# folder (the given prefix is never changed), writes a client.keys of load agents into the copy, sets the secure
# listener's port, starts that copy's ossec-remoted on loopback, sends with ossec-loadtool and prints the figures
# as lines "key<TAB>value". Everything it starts is stopped by process id, and the copy is removed.
#
# Where the events are counted: our remoted writes them to logs/archives/archives.log (end to end, what the
# OssecSharp figures mean); OSSEC's remoted writes no archives (analysisd does), so its events are counted where
# remoted hands them over: the load tool binds queue/ossec/queue in analysisd's place (remoted alone). With --floor
# the copy runs benchmarks/floor/remoted_floor.c instead, which writes the same two archive files as ours.
set -euo pipefail

usage() {
    cat <<USAGE
Usage: $0 --prefix DIR --port N [--rate R] [--seconds S] [--agents A] [--registered N] [--cipher aes|blowfish]
          [--protocol udp|tcp] [--count-at archives|queue] [--loadtool CMD] [--floor]
  --prefix DIR     a manager install (OssecSharp's or OSSEC 4.2's); it is copied, never modified
  --port N         the UDP (or TCP) port to listen on, on 127.0.0.1 (only that port is used)
  --rate R         events per second in total (default 100000)
  --seconds S      sending time (default 30)
  --agents A       sending agents (default 1000; also the number registered unless --registered)
  --cipher C       aes (default) or blowfish
  --count-at W     archives (default for ours) or queue (default for OSSEC)
  --loadtool CMD   the load tool (default: dotnet run of tools/OssecSharp.LoadTool, built once in Release)
  --floor          run benchmarks/floor/remoted_floor.c (plain C, AES over UDP only) in the copy of --prefix
                   instead of its ossec-remoted; counted at archives (needs cc, libssl-dev, zlib1g-dev)
Prints: kind, cipher, rate_target, seconds, sent, written, lost, loss_pct, written_per_s, cpu_pct,
cpu_us_per_event, peak_rss_mb, counted_at; for ours also remoted's own counters at its stop (state_received,
state_kernel_dropped, state_discarded_receive_queue, state_discarded_event_sink, state_events_written).
USAGE
}

prefix= port= rate=100000 seconds=30 agents=1000 registered= cipher=aes protocol=udp count_at= loadtool= floor=
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?}; shift 2 ;;
        --port) port=${2:?}; shift 2 ;;
        --rate) rate=${2:?}; shift 2 ;;
        --seconds) seconds=${2:?}; shift 2 ;;
        --agents) agents=${2:?}; shift 2 ;;
        --registered) registered=${2:?}; shift 2 ;;
        --cipher) cipher=${2:?}; shift 2 ;;
        --protocol) protocol=${2:?}; shift 2 ;;
        --count-at) count_at=${2:?}; shift 2 ;;
        --loadtool) loadtool=${2:?}; shift 2 ;;
        --floor) floor=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "remoted.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
[ -n "$prefix" ] && [ -n "$port" ] || { usage >&2; exit 2; }
[ -x "$prefix/bin/ossec-remoted" ] || { echo "remoted.sh: $prefix/bin/ossec-remoted not found" >&2; exit 2; }
registered=${registered:-$agents}
here=$(cd "$(dirname "$0")/../.." && pwd)

# Ours ships .NET assemblies next to its launchers; OSSEC's remoted is one ELF program.
if [ -n "$floor" ]; then
    kind=floor
    [ "$cipher" = aes ] && [ "$protocol" = udp ] || { echo "remoted.sh: the floor receives AES over UDP only" >&2; exit 2; }
elif [ -e "$prefix/bin/ossec-remoted.dll" ] || [ -e "$prefix/bin/OssecSharp.Core.dll" ] || [ -d "$prefix/lib/ossecsharp" ] \
    || grep -q "OssecSharp" "$prefix/bin/ossec-remoted" 2>/dev/null; then
    kind=ours
else
    kind=ossec
fi
count_at=${count_at:-$([ "$kind" = ossec ] && echo queue || echo archives)}

if [ -z "$loadtool" ]; then
    tool_dir="$here/tools/OssecSharp.LoadTool/bin/Release/net10.0"
    # Always: an incremental build is quick, and a load tool left from an older checkout lacks newer options.
    dotnet build "$here/tools/OssecSharp.LoadTool" -c Release -v q --nologo >&2
    loadtool="dotnet $tool_dir/ossec-loadtool.dll"
fi

work=$(mktemp -d)
chmod 755 "$work" # the daemons reach their install after dropping to their own accounts
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

home="$work/install"
if [ -n "$floor" ]; then
    cc -O2 -o "$work/remoted_floor" "$here/benchmarks/floor/remoted_floor.c" -lcrypto -lz
fi
cp -a "$prefix" "$home"
rm -f "$home"/var/run/*.pid "$home"/queue/rids/* "$home"/queue/agent-info/* 2>/dev/null || true
rm -f "$home/queue/ossec/queue"
keys="$home/etc/client.keys"
keys_ref="$work/keys.ref"
touch "$keys" && cp -a "$keys" "$keys_ref"
$loadtool keys -D "$home" -n "$registered" >&2
chown --reference="$keys_ref" "$keys" && chmod --reference="$keys_ref" "$keys"

# The secure listener on the given port only (the first <remote> block that is secure).
perl -0pi -e 's{<remote>\s*<connection>secure</connection>.*?</remote>}{<remote>\n    <connection>secure</connection>\n    <port>'"$port"'</port>\n    <protocol>'"$protocol"'</protocol>\n    <local_ip>127.0.0.1</local_ip>\n  </remote>}s' "$home/etc/ossec.conf"
grep -q "<port>$port</port>" "$home/etc/ossec.conf" || { echo "remoted.sh: no secure <remote> block in ossec.conf" >&2; exit 1; }

listening() {
    local hex file
    hex=$(printf ':%04X ' "$port")
    for file in /proc/net/udp /proc/net/udp6 /proc/net/tcp /proc/net/tcp6; do grep -qi "$hex" "$file" && return 0; done
    return 1
}
if listening; then echo "remoted.sh: port $port is already in use" >&2; exit 1; fi

pidfile="$work/remoted.pids"
report="$work/report.txt"
$loadtool run -D "$home" -m 127.0.0.1 -p "$port" -a "$agents" -r "$rate" -t "$seconds" -c "$cipher" -P "$protocol" \
    --count-at "$count_at" --pid-file "$pidfile" >"$report" 2>"$work/loadtool.err" &
tool=$!
pids+=("$tool")

# OSSEC's remoted connects to the analysis queue once at start: it must exist first when the tool counts there.
if [ "$count_at" = queue ]; then
    for _ in $(seq 600); do [ -S "$home/queue/ossec/queue" ] && break; kill -0 "$tool" 2>/dev/null || break; sleep 0.1; done
fi

if [ -n "$floor" ]; then
    "$work/remoted_floor" "$home" "$port" >"$work/remoted.out" 2>&1 &
else
    "$home/bin/ossec-remoted" -f -D "$home" -c "$home/etc/ossec.conf" >"$work/remoted.out" 2>&1 &
fi
remoted=$!
pids+=("$remoted")
for _ in $(seq 300); do listening && break; sleep 0.1; done
listening || { echo "remoted.sh: ossec-remoted did not listen on $port" >&2; cat "$work/remoted.out" >&2; exit 1; }
sleep 3 # both read client.keys and open counter files after binding: let them finish before the load starts
# OSSEC's remoted forks one process per listener: the started process and its children all count.
remoted_pids="$remoted $(pgrep -P "$remoted" | tr '\n' ' ' || true)"
for pid in $remoted_pids; do case " ${pids[*]} " in *" $pid "*) ;; *) pids+=("$pid") ;; esac; done
echo "$remoted_pids" >"$pidfile"

status=0
wait "$tool" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    echo "remoted.sh: the load tool failed ($status)" >&2; cat "$work/loadtool.err" >&2; exit 1
fi

value() { sed -n "s/^$1=//p" "$report" | head -1; }
printf 'kind\t%s\n' "$kind"
printf 'cipher\t%s\n' "$cipher"
printf 'protocol\t%s\n' "$protocol"
printf 'rate_target\t%s\n' "$rate"
printf 'seconds\t%s\n' "$seconds"
printf 'agents\t%s\n' "$agents"
for key in sent written lost loss_pct sent_per_s written_per_s cpu_pct cpu_us_per_event peak_rss_mb latency_p50_ms latency_p99_ms; do
    printf '%s\t%s\n' "$key" "$(value "$key")"
done
printf 'counted_at\t%s\n' "$count_at"

# Ours: where any lost event went, from the state file remoted writes when it stops (OSSEC's has no such counters).
if [ "$kind" = ours ]; then
    kill "$remoted" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$remoted" 2>/dev/null || break; sleep 0.1; done
    state="$home/var/run/ossec-remoted.state"
    for key in received kernel_dropped discarded_receive_queue discarded_event_sink events_written; do
        printf 'state_%s\t%s\n' "$key" "$(sed -n "s/^$key=//p" "$state" 2>/dev/null | head -1)"
    done
fi
