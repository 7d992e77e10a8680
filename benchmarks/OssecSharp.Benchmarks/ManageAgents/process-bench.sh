#!/usr/bin/env bash
# Whole-process timings of manage_agents and agent_control on a 50,000-agent client.keys (hyperfine).
# Usage, from the repository root: benchmarks/OssecSharp.Benchmarks/ManageAgents/process-bench.sh [runs]
set -euo pipefail
runs="${1:-10}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
dotnet build -c Release "$root/src/OssecSharp.ManageAgents" >/dev/null
dotnet build -c Release "$root/src/OssecSharp.AgentControl" >/dev/null
ma="$root/src/OssecSharp.ManageAgents/bin/Release/net10.0/manage_agents"
ac="$root/src/OssecSharp.AgentControl/bin/Release/net10.0/agent_control"

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/etc" "$home/logs" "$home/queue/rids" "$home/queue/agent-info" "$home/queue/agentless"
echo 'TYPE="server"' > "$home/etc/ossec-init.conf"
awk 'BEGIN { for (i = 1; i <= 50000; i++)
  printf "%03d agent%05d 10.%d.%d.%d 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
         i, i, int(i / 65536), int(i / 256) % 256, i % 256 }' > "$home/keys50k"
cp "$home/keys50k" "$home/etc/client.keys"
export OSSEC_HOME="$home"

hyperfine -N --warmup 2 --runs "$runs" --export-markdown "${RESULTS:-/dev/stdout}" \
  --prepare "cp $home/keys50k $home/etc/client.keys" \
  "$ma -V" \
  "$ma -a 172.31.1.1 -n bench-new" \
  "$ma -r 025000" \
  "$ma -e 025000" \
  "$ma -l" \
  "$ac -l"
