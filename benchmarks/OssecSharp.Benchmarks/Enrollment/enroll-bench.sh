#!/usr/bin/env bash
# Enrollments per second of a real ossec-authd process: 8 (or -j N) parallel clients over libssl on the same host
# (ossec-loadtool enroll), with N agents already registered, RSA-2048 or ECDSA P-256 server certificate.
# Usage, from the repository root:
#   benchmarks/OssecSharp.Benchmarks/Enrollment/enroll-bench.sh [registered=10000] [rsa|ecdsa] [clients=8] [enrollments=20000]
set -euo pipefail
registered="${1:-10000}"
keytype="${2:-rsa}"
clients="${3:-8}"
count="${4:-20000}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
dotnet build -c Release "$root/src/OssecSharp.Authd" >/dev/null
dotnet build -c Release "$root/tools/OssecSharp.LoadTool" >/dev/null
authd="$root/src/OssecSharp.Authd/bin/Release/net10.0/ossec-authd"
load="$root/tools/OssecSharp.LoadTool/bin/Release/net10.0/ossec-loadtool"

home="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$home"' EXIT
mkdir -p "$home/etc" "$home/logs" "$home/var/run" "$home/queue"
if [ "$keytype" = ecdsa ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$home/etc/sslmanager.key" \
    -out "$home/etc/sslmanager.cert" -days 30 -subj "/CN=localhost" 2>/dev/null
else
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$home/etc/sslmanager.key" \
    -out "$home/etc/sslmanager.cert" -days 30 -subj "/CN=localhost" 2>/dev/null
fi
"$load" keys -D "$home" -n "$registered" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
OSSEC_HOME="$home" "$authd" ${AUTHD_FLAGS:-} -f -n -p "$port" -u "$(id -un)" -g "$(id -gn)" -D "$home" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q "Started" "$home/logs/ossec.log" 2>/dev/null && break; sleep 0.1; done

echo "openssl speed (1 core, 3 s):"
openssl speed -seconds 3 rsa2048 ecdsap256 2>/dev/null | grep -E "^rsa 2048|nistp256" | sed 's/^/  /'
echo "warm-up (4,000 enrollments), then the measured run: registered=$registered key=$keytype clients=$clients"
"$load" enroll -p "$port" -j "$clients" -n 4000 --prefix warm- >/dev/null
"$load" enroll -p "$port" -j "$clients" -n "$count" --prefix run- --pid "$pid"
[ -n "${KEEP_LOG:-}" ] && cp "$home/logs/ossec.log" "$KEEP_LOG"
# Every key is appended to client.keys itself before it is sent: the count is exact as soon as the run ends.
echo "client.keys lines: $(wc -l < "$home/etc/client.keys") (expected $((registered + 4000 + count)))"
