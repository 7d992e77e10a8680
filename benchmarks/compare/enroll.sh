#!/usr/bin/env bash
# Enrollment side by side: `openssl speed` (one core's RSA-2048 and ECDSA P-256 signs/s) and, in the same run, an
# enrollment storm against a manager install, ours or a real OSSEC 4.2: the install is copied to a scratch folder
# (the given prefix is never changed), its client.keys pre-filled, a self-signed RSA-2048 or ECDSA P-256 certificate
# written into the copy, the copy's ossec-authd started on the given port, and `ossec-loadtool enroll` runs N parallel
# clients that enroll as agent-auth does (TCP, a full TLS 1.2 handshake without verifying the certificate,
# `OSSEC A:'name'`, read the key) over the system's libssl (agent-auth's library, the default) or GnuTLS (cheaper for
# the clients, which share the cores with authd); every manager of one comparison gets the same one (tls_client says
# which).
# Prints lines "key<TAB>value". Everything it starts is stopped by process id, and the copy is removed.
# With --floor (no --prefix) the server is benchmarks/floor/enroll_server.c instead: OpenSSL's TLS 1.2 handshake, one
# read, one reply, nothing stored; the least any enrollment server can spend, measured the same way.
#
# Loopback only: as root the whole run happens in a private network namespace whose only interface is lo (both
# authd programs listen on every address of their port; there they have no other). Without root, pick a port that
# nothing else can reach.
#
# OSSEC 4.2 allocates authd ids 1024 to 1024 + MAX_AGENTS - 1 only (MAX_AGENTS: 2,048 in its Makefile) and refuses
# every enrollment past that; it also re-reads client.keys for each one. Its runs therefore start from an empty
# client.keys and measure at most 2,048 enrollments; ours start from 10,000 and 100,000 registered agents.
#
# OSSEC's authd opens the paths of the prefix it was built for until its chroot: it creates, chowns and chmods
# <built prefix>/etc/client.keys there (and writes its PID file and first log lines), then chroots into -D and appends
# each key to /etc/client.keys inside it. Run on a copy, it therefore hands the *built* install's client.keys to its
# account while the copy's stays as copied; when that one is not writable by the account (a fresh install's is
# root:ossec 0640), every enrollment is refused with "Internal manager error adding agent". As root the copy is
# bind-mounted over the built prefix (read from the program's strings, or --ossec-built) in a private mount namespace,
# so that authd touches the copy only; without root, the copy's client.keys is given to the running user.
set -euo pipefail

usage() {
    cat <<USAGE
Usage: $0 (--prefix DIR | --floor) --port N [--keys "rsa ecdsa"] [--registered "10000 100000"] [--clients 8]
          [--enrollments 20000] [--warmup 4000] [--speed-seconds 3] [--loadtool CMD] [--ossec-built DIR]
          [--tls gnutls|libssl]
  --prefix DIR        a manager install (OssecSharp's or OSSEC 4.2's); it is copied, never modified
  --floor             measure benchmarks/floor/enroll_server.c instead of an install (needs cc and libssl-dev)
  --port N            the TCP port authd listens on (clients connect to 127.0.0.1 only)
  --keys LIST         server certificates to measure: rsa (RSA-2048) and/or ecdsa (P-256); default both
  --registered LIST   agents already in client.keys (default "10000 100000" for ours, "0" for OSSEC)
  --clients N         parallel clients (default 8)
  --enrollments N     measured enrollments per run (default 20000; OSSEC: at most 2,048 minus the registered)
  --warmup N          enrollments before the measured ones (default 4000 for ours, 0 for OSSEC)
  --speed-seconds S   seconds per algorithm of openssl speed, run right before each measured run (default 3)
  --loadtool CMD      the load tool (default: tools/OssecSharp.LoadTool, built once in Release)
  --ossec-built DIR   OSSEC only: the prefix its programs were built for (default: read from ossec-authd)
  --tls LIB           the clients' TLS library: libssl (default: agent-auth's library, issue #15's method) or
                      gnutls (about two thirds of libssl's client CPU, leaving more of the shared cores to authd)
Prints: kind, clients, tls_client, openssl_rsa2048_signs_per_s, openssl_ecdsap256_signs_per_s (first measurement), then per
run <key>_<registered>_: enrollments, failed, enrollments_per_s, authd_cpu_pct, authd_cpu_ms (CPU per enrollment),
client_cpu_ms (the load tool's own CPU per enrollment),
rsa_signs_per_s (measured right before it), per_rsa_sign (enrollments/s over that), latency_p50_ms, latency_p99_ms.
USAGE
}

prefix= port= keys="rsa ecdsa" registered= clients=8 enrollments=20000 warmup= speed_seconds=3 loadtool= ossec_built= tls=
floor=
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?}; shift 2 ;;
        --port) port=${2:?}; shift 2 ;;
        --keys) keys=${2:?}; shift 2 ;;
        --registered) registered=${2:?}; shift 2 ;;
        --clients) clients=${2:?}; shift 2 ;;
        --enrollments) enrollments=${2:?}; shift 2 ;;
        --warmup) warmup=${2:?}; shift 2 ;;
        --speed-seconds) speed_seconds=${2:?}; shift 2 ;;
        --loadtool) loadtool=${2:?}; shift 2 ;;
        --ossec-built) ossec_built=${2:?}; shift 2 ;;
        --tls) tls=${2:?}; shift 2 ;;
        --floor) floor=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "enroll.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
[ -n "$port" ] && { [ -n "$prefix" ] || [ -n "$floor" ]; } || { usage >&2; exit 2; }
if [ -z "$floor" ]; then
    [ -x "$prefix/bin/ossec-authd" ] || { echo "enroll.sh: $prefix/bin/ossec-authd not found" >&2; exit 2; }
    prefix=$(cd "$prefix" && pwd)
fi
here=$(cd "$(dirname "$0")/../.." && pwd)

# Ours ships .NET assemblies next to its launchers; OSSEC's authd is one ELF program.
if [ -n "$floor" ]; then
    kind=floor
elif [ -e "$prefix/bin/ossec-authd.dll" ] || [ -e "$prefix/bin/OssecSharp.Core.dll" ] || [ -d "$prefix/lib/ossecsharp" ] \
    || grep -q "OssecSharp" "$prefix/bin/ossec-authd" 2>/dev/null; then
    kind=ours
else
    kind=ossec
fi
ossec_cap=2048
if [ "$kind" = ours ]; then
    registered=${registered:-10000 100000}; warmup=${warmup:-4000}
elif [ "$kind" = floor ]; then
    registered=0; warmup=${warmup:-4000} # it stores nothing: there is no registry to fill
else
    registered=${registered:-0}; warmup=${warmup:-0}
    # KEYSFILE_PATH is "<built prefix>/etc/client.keys"; the chroot-relative path is "/etc/client.keys" alone.
    if [ -z "$ossec_built" ]; then
        ossec_built=$(strings "$prefix/bin/ossec-authd" 2>/dev/null | sed -n 's|^\(/.*[^/]\)/etc/client\.keys$|\1|p' | head -n 1)
    fi
fi

tls=${tls:-libssl}
case "$tls" in gnutls|libssl) ;; *) echo "enroll.sh: --tls takes gnutls or libssl" >&2; exit 2 ;; esac

if [ -z "$loadtool" ]; then
    tool_dir="$here/tools/OssecSharp.LoadTool/bin/Release/net10.0"
    # Always: an incremental build is quick, and a load tool left from an older checkout lacks newer options.
    dotnet build "$here/tools/OssecSharp.LoadTool" -c Release -v q --nologo >&2
    loadtool="dotnet $tool_dir/ossec-loadtool.dll"
fi

# As root, run again inside a network namespace of our own (built above first: a build may need the network).
if [ "$(id -u)" = 0 ] && [ -z "${ENROLL_SH_NETNS:-}" ] && command -v ip >/dev/null && unshare -n true 2>/dev/null; then
    exec env ENROLL_SH_NETNS=1 unshare -n -- "$0" ${floor:+--floor} ${prefix:+--prefix "$prefix"} --port "$port" --keys "$keys" \
        --registered "$registered" --clients "$clients" --enrollments "$enrollments" --warmup "$warmup" \
        --speed-seconds "$speed_seconds" --loadtool "$loadtool" --tls "$tls" ${ossec_built:+--ossec-built "$ossec_built"}
fi
if [ -n "${ENROLL_SH_NETNS:-}" ]; then
    # OSSEC binds with getaddrinfo(AI_ADDRCONFIG), which wants an address outside 127/8: a documentation address on
    # lo of this namespace, reachable from nowhere else.
    ip link set lo up
    ip addr add 192.0.2.1/32 dev lo
fi

work=$(mktemp -d)
chmod 711 "$work" # the daemon's account must reach the copy
pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    pids=()
}
cleanup() { stop; rm -rf "$work"; }
trap cleanup EXIT
if [ "$kind" = floor ]; then
    cc -O2 -o "$work/enroll_server" "$here/benchmarks/floor/enroll_server.c" -lssl -lcrypto -lpthread
fi

listening() {
    local hex file
    hex=$(printf ':%04X ' "$port")
    for file in /proc/net/tcp /proc/net/tcp6; do grep -qi "$hex.* 0A " "$file" 2>/dev/null && return 0; done
    return 1
}

# One core's signs/s for RSA-2048 and ECDSA P-256 (the last figure of openssl's table row is not the sign rate:
# "rsa 2048 bits <sign s> <verify s> <sign/s> <verify/s>", "256 bits ecdsa (nistp256) <s> <s> <sign/s> <verify/s>").
speed() {
    openssl speed -seconds "$speed_seconds" rsa2048 ecdsap256 2>/dev/null >"$work/speed.txt"
    rsa_signs=$(awk '/^rsa 2048 bits/ { printf "%.0f", $6 }' "$work/speed.txt")
    ecdsa_signs=$(awk '/ecdsa \(nistp256\)/ { printf "%.0f", $7 }' "$work/speed.txt")
}
speed
printf 'kind\t%s\n' "$kind"
printf 'clients\t%s\n' "$clients"
printf 'tls_client\t%s\n' "$tls"
printf 'openssl_rsa2048_signs_per_s\t%s\n' "$rsa_signs"
printf 'openssl_ecdsap256_signs_per_s\t%s\n' "$ecdsa_signs"

user_flags=()
if [ "$(id -u)" != 0 ]; then
    user_flags=(-u "$(id -un)" -g "$(id -gn)")
fi

run() {
    local key=$1 count=$2 home="$work/install" measured=$enrollments tag="${1}_${2}"
    rm -rf "$home"
    if [ "$kind" = floor ]; then
        mkdir -p "$home/etc" # only for its certificate
    else
        cp -a "$prefix" "$home"
    fi
    rm -f "$home"/var/run/*.pid 2>/dev/null || true
    local keyfile="$home/etc/client.keys" ref="$work/keys.ref"
    touch "$keyfile" && cp -a "$keyfile" "$ref"
    if [ "$count" -gt 0 ]; then
        $loadtool keys -D "$home" -n "$count" >/dev/null
    else
        : >"$keyfile"
    fi
    chown --reference="$ref" "$keyfile" && chmod --reference="$ref" "$keyfile"
    if [ "$kind" = ossec ]; then
        # Past its cap OSSEC adds nobody: measure only what it can add (its ids 1024..3071 must still be free).
        local room=$((ossec_cap - (count > 1023 ? count - 1023 : 0) - warmup))
        [ "$measured" -gt "$room" ] && measured=$room
        [ "$measured" -gt 0 ] || { echo "enroll.sh: OSSEC has no room left under its $ossec_cap-agent cap" >&2; return 1; }
    fi
    if [ "$key" = ecdsa ]; then
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -nodes -days 30 -subj "/CN=localhost" \
            -keyout "$home/etc/sslmanager.key" -out "$home/etc/sslmanager.cert" 2>/dev/null
    else
        openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 30 -subj "/CN=localhost" \
            -keyout "$home/etc/sslmanager.key" -out "$home/etc/sslmanager.cert" 2>/dev/null
    fi
    chmod 0640 "$home/etc/sslmanager.key" "$home/etc/sslmanager.cert"
    chgrp --reference="$ref" "$home/etc/sslmanager.key" "$home/etc/sslmanager.cert" 2>/dev/null || true

    if listening; then echo "enroll.sh: port $port is already in use" >&2; return 1; fi
    local launch=()
    if [ "$kind" = ossec ]; then
        if [ "$(id -u)" = 0 ] && [ -n "$ossec_built" ] && [ -d "$ossec_built" ] && unshare -m true 2>/dev/null; then
            # The copy over the built prefix, in this process's own mount namespace (unshare and sh exec: same pid).
            launch=(unshare -m -- sh -c 'mount --make-rprivate / && mount --bind "$1" "$2" && shift 2 && exec "$@"'
                sh "$home" "$ossec_built")
        else
            echo "enroll.sh: OSSEC's authd will use ${ossec_built:-its built prefix} before its chroot (no bind mount)" >&2
            [ "$(id -u)" = 0 ] || chown "$(id -un):$(id -gn)" "$keyfile"
        fi
    fi
    if [ "$kind" = floor ]; then
        "$work/enroll_server" "$port" "$home/etc/sslmanager.cert" "$home/etc/sslmanager.key" >"$work/authd.out" 2>&1 &
    else
        OSSEC_HOME="$home" "${launch[@]}" "$home/bin/ossec-authd" -f -n -p "$port" "${user_flags[@]}" -D "$home" \
            -x "$home/etc/sslmanager.cert" -k "$home/etc/sslmanager.key" >"$work/authd.out" 2>&1 &
    fi
    local pid=$!
    pids+=("$pid")
    for _ in $(seq 300); do listening && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    listening || { echo "enroll.sh: the server did not listen on $port" >&2; cat "$work/authd.out" >&2; stop; return 1; }

    local prefix_names="e$$-$tag-"
    if [ "$warmup" -gt 0 ]; then
        $loadtool enroll -m 127.0.0.1 -p "$port" -j "$clients" -n "$warmup" --prefix "${prefix_names}w" --tls "$tls" >/dev/null || true
    fi
    speed
    local report="$work/report.txt" status=0
    $loadtool enroll -m 127.0.0.1 -p "$port" -j "$clients" -n "$measured" --prefix "${prefix_names}r" --pid "$pid" --tls "$tls" \
        >"$report" 2>"$work/loadtool.err" || status=$?
    stop
    if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
        echo "enroll.sh: the load tool failed ($status)" >&2; cat "$work/loadtool.err" >&2; return 1
    fi

    local rate cpu failed p50 p99 client_ms
    rate=$(sed -n 's/^enrollments_per_second=//p' "$report")
    cpu=$(sed -n 's/^authd_cpu=\([0-9.]*\)%.*/\1/p' "$report")
    failed=$(sed -n 's/.* failed=\([0-9]*\) .*/\1/p' "$report")
    p50=$(sed -n 's/^latency_ms p50=\([0-9.]*\) .*/\1/p' "$report")
    p99=$(sed -n 's/.* p99=\([0-9.]*\) .*/\1/p' "$report")
    client_ms=$(sed -n 's/.*client_cpu_ms_per_enrollment=\([0-9.]*\).*/\1/p' "$report")
    printf '%s_registered\t%s\n' "$tag" "$count"
    printf '%s_enrollments\t%s\n' "$tag" "$measured"
    printf '%s_failed\t%s\n' "$tag" "$failed"
    printf '%s_enrollments_per_s\t%s\n' "$tag" "$rate"
    printf '%s_authd_cpu_pct\t%s\n' "$tag" "$cpu"
    printf '%s_authd_cpu_ms\t%s\n' "$tag" "$(awk -v c="$cpu" -v r="$rate" 'BEGIN { if (r > 0) printf "%.3f", c / 100 / r * 1000 }')"
    printf '%s_client_cpu_ms\t%s\n' "$tag" "$client_ms"
    printf '%s_rsa_signs_per_s\t%s\n' "$tag" "$rsa_signs"
    printf '%s_per_rsa_sign\t%s\n' "$tag" "$(awk -v r="$rate" -v s="$rsa_signs" 'BEGIN { if (s > 0) printf "%.3f", r / s }')"
    printf '%s_latency_p50_ms\t%s\n' "$tag" "$p50"
    printf '%s_latency_p99_ms\t%s\n' "$tag" "$p99"
    [ -n "$(sed -n 's/^first_failure=//p' "$report")" ] && printf '%s_first_failure\t%s\n' "$tag" "$(sed -n 's/^first_failure=//p' "$report")"
    return 0
}

for key in $keys; do
    for count in $registered; do
        run "$key" "$count" || printf '%s_%s_error\t%s\n' "$key" "$count" "see the lines above"
    done
done
