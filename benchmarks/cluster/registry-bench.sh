#!/usr/bin/env bash
# A 100,000-agent registry (docs/cluster.md): how long a node takes to start when it materialises client.keys from
# the registry (from an empty file, then with nothing to write), and the enrollment rate through ossec-authd into the
# registry. A throwaway PostgreSQL (initdb in a temporary folder, unix socket only) and install; nothing is left.
# Usage: benchmarks/cluster/registry-bench.sh [BIN]   (BIN: folder with ossec-remoted, ossec-authd, ossec-loadtool;
# default the integration tests' output). N=100000 agents, ENROLL=4000 enrollments, CLIENTS=8.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-tests/OssecSharp.IntegrationTests/bin/Debug/net10.0}
BIN=$(cd "$BIN" && pwd)
N=${N:-100000}; ENROLL=${ENROLL:-4000}; CLIENTS=${CLIENTS:-8}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/ossec-registry-bench.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
now_ms() { date +%s%3N; }
wait_log() { until grep -q "$1" "$home/logs/ossec.log" 2>/dev/null; do sleep 0.02; done; }

as_pg "$pgbin/initdb" -D "$work/data" -A trust -U ossec --no-sync >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/pg.log" -w -o "-k $work -c listen_addresses=''" start >/dev/null
home=$work/node
for d in bin etc/shared logs/archives queue/rids queue/agent-info queue/ossec var/run tmp; do mkdir -p "$home/$d"; done
printf 'DIRECTORY="%s"\nVERSION="v4.2.0"\nTYPE="server"\n' "$home" > "$home/etc/ossec-init.conf"
: > "$home/etc/internal_options.conf"
echo "remoted.pass_empty_keyfile=1" > "$home/etc/local_internal_options.conf"
port=$((20000 + RANDOM % 20000))
cat > "$home/etc/ossec.conf" <<CONF
<ossec_config><remote><connection>secure</connection><port>$port</port><protocol>udp</protocol><local_ip>127.0.0.1</local_ip></remote></ossec_config>
CONF
printf 'connection = Host=%s;Username=ossec;Database=postgres\nnode = bench\n' "$work" > "$home/etc/ossecsharp-registry.conf"
: > "$home/etc/client.keys"

start_remoted() {
    : > "$home/logs/ossec.log"
    local t0; t0=$(now_ms)
    "$BIN/ossec-remoted" -f -u root -g root -D "$home" >/dev/null 2>&1 & pids+=($!)
    wait_log "ossec-remoted: INFO: Started"
    elapsed=$(( $(now_ms) - t0 ))
}
stop_remoted() { kill "${pids[-1]}" 2>/dev/null || { cat "$home/logs/ossec.log" >&2; exit 1; }; wait "${pids[-1]}" 2>/dev/null || true; }

# The schema, made by a first start; then N agents straight into the registry.
start_remoted; stop_remoted
psql -q -h "$work" -U ossec -d postgres -c "INSERT INTO ossec_agents (id, name, ip, key)
    SELECT (1023 + g)::text, 'bench-' || g, 'any', md5(g::text) || md5((g * 7)::text) FROM generate_series(1, $N) g;
    SELECT setval('ossec_agent_id', 1024 + $N);" >/dev/null
: > "$home/etc/client.keys"
start_remoted; cold=$elapsed; stop_remoted
start_remoted; warm=$elapsed; stop_remoted
echo "registry=$N start_materialise_ms=$cold start_up_to_date_ms=$warm lines=$(wc -l < "$home/etc/client.keys")"

# Enrollment into the registry through one authd.
openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=localhost" -days 1 \
    -keyout "$home/etc/sslmanager.key" -out "$home/etc/sslmanager.cert" >/dev/null 2>&1
aport=$((port + 1))
"$BIN/ossec-authd" -f -n -u root -g root -D "$home" -p "$aport" >/dev/null 2>&1 & pids+=($!)
wait_log "ossec-authd: INFO: Started"
"$BIN/ossec-loadtool" enroll -m 127.0.0.1 -p "$aport" -j "$CLIENTS" -n "$ENROLL" --prefix "rb-$RANDOM-" | tail -3
