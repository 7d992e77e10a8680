#!/usr/bin/env bash
# The floor under the enrollment goals of issue #15: enroll_server.c (OpenSSL's TLS 1.2 handshake, one read, one
# reply, nothing else) measured exactly as benchmarks/compare/enroll.sh measures an authd: `openssl speed` right
# before each case, then `ossec-loadtool enroll` with N parallel clients (libssl by default) on the same cores.
# Needs cc and the OpenSSL headers (libssl-dev). Prints lines "key<TAB>value". Loopback only.
set -euo pipefail

usage() {
    echo "Usage: $0 --port N [--keys \"rsa ecdsa\"] [--clients 8] [--enrollments 20000] [--warmup 4000] [--tls libssl|gnutls]" >&2
}
port= keys="rsa ecdsa" clients=8 enrollments=20000 warmup=4000 tls=libssl
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port=${2:?}; shift 2 ;;
        --keys) keys=${2:?}; shift 2 ;;
        --clients) clients=${2:?}; shift 2 ;;
        --enrollments) enrollments=${2:?}; shift 2 ;;
        --warmup) warmup=${2:?}; shift 2 ;;
        --tls) tls=${2:?}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "floor-enroll.sh: unknown option $1" >&2; usage; exit 2 ;;
    esac
done
[ -n "$port" ] || { usage; exit 2; }
here=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build "$here/tools/OssecSharp.LoadTool" -c Release -v q --nologo >&2
loadtool="dotnet $here/tools/OssecSharp.LoadTool/bin/Release/net10.0/ossec-loadtool.dll"

work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cc -O2 -o "$work/enroll_server" "$here/benchmarks/floor/enroll_server.c" -lssl -lcrypto -lpthread

printf 'kind\tfloor\nclients\t%s\ntls_client\t%s\n' "$clients" "$tls"
for key in $keys; do
    if [ "$key" = ecdsa ]; then
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -nodes -days 30 -subj "/CN=localhost" \
            -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
    else
        openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 30 -subj "/CN=localhost" \
            -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
    fi
    "$work/enroll_server" "$port" "$work/cert.pem" "$work/key.pem" &
    server=$!
    sleep 0.5
    [ "$warmup" -gt 0 ] && $loadtool enroll -m 127.0.0.1 -p "$port" -j "$clients" -n "$warmup" --tls "$tls" >/dev/null
    openssl speed -seconds 3 rsa2048 2>/dev/null >"$work/speed.txt"
    signs=$(awk '/^rsa 2048 bits/ { printf "%.0f", $6 }' "$work/speed.txt")
    $loadtool enroll -m 127.0.0.1 -p "$port" -j "$clients" -n "$enrollments" --pid "$server" --tls "$tls" >"$work/report.txt"
    kill "$server"; wait "$server" 2>/dev/null || true; server=
    rate=$(sed -n 's/^enrollments_per_second=//p' "$work/report.txt")
    cpu=$(sed -n 's/^authd_cpu=\([0-9.]*\)%.*/\1/p' "$work/report.txt")
    client_ms=$(sed -n 's/.*client_cpu_ms_per_enrollment=\([0-9.]*\).*/\1/p' "$work/report.txt")
    printf '%s_rsa_signs_per_s\t%s\n' "$key" "$signs"
    printf '%s_enrollments_per_s\t%s\n' "$key" "$rate"
    printf '%s_per_rsa_sign\t%s\n' "$key" "$(awk -v r="$rate" -v s="$signs" 'BEGIN { printf "%.3f", r / s }')"
    printf '%s_server_cpu_ms\t%s\n' "$key" "$(awk -v c="$cpu" -v r="$rate" 'BEGIN { printf "%.3f", c * 10 / r }')"
    printf '%s_client_cpu_ms\t%s\n' "$key" "$client_ms"
done
