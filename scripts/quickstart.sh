#!/usr/bin/env bash
# One command from a fresh clone to a working manager and agent on loopback:
# builds OssecSharp, installs a manager and an agent into a throwaway folder (no root needed), starts the
# manager, enrolls the agent with agent-auth, starts the agent, writes a test log line and shows it arriving.
#
#   scripts/quickstart.sh [--dir DIR] [--remote-port N] [--auth-port N] [--no-aot|--no-r2r] [--build-dir DIR]
#   scripts/quickstart.sh --stop [--dir DIR]        stop everything and remove DIR
# The binaries are built into --build-dir (default .build/publish in the clone) and rebuilt only when the sources
# change: NativeAOT, or ReadyToRun where clang is missing (or with --no-aot; --no-r2r builds for the JIT only).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${QUICKSTART_DIR:-$repo/.quickstart}
remote_port=1514
auth_port=1515
build_flag=""
build_dir=""
action=start

while [ $# -gt 0 ]; do
    case "$1" in
        --dir) dir=${2:?}; dir_given=1; shift 2 ;;
        --remote-port) remote_port=${2:?}; shift 2 ;;
        --auth-port) auth_port=${2:?}; shift 2 ;;
        --no-aot|--no-r2r) build_flag=$1; shift ;;
        --build-dir) build_dir=${2:?}; shift 2 ;;
        --stop) action=stop; shift ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "quickstart: unknown option '$1'" >&2; exit 1 ;;
    esac
done
case "$dir" in /*) ;; *) dir=$PWD/$dir ;; esac

# As root, install.sh lays out OSSEC's accounts and the daemons drop to ossec/ossecr: they must be able to reach the
# folder. A clone under a private home (/root is 0700) cannot be reached, so the default folder moves to /var/tmp.
reachable_by_daemons() {
    local parent
    parent=$(dirname "$1")
    while [ ! -d "$parent" ]; do parent=$(dirname "$parent"); done
    ! command -v runuser >/dev/null 2>&1 || ! id nobody >/dev/null 2>&1 || runuser -u nobody -- test -x "$parent"
}
if [ "$(id -u)" = 0 ] && ! reachable_by_daemons "$dir"; then
    if [ -n "${dir_given:-}" ] || [ -n "${QUICKSTART_DIR:-}" ]; then
        echo "quickstart: the daemons run as the ossec accounts, which cannot reach $dir (a parent folder is private);" >&2
        echo "quickstart: choose a --dir they can reach, such as /var/tmp/ossecsharp-quickstart" >&2
        exit 1
    fi
    dir=/var/tmp/ossecsharp-quickstart
    echo "quickstart: the daemons run as the ossec accounts, which cannot reach the clone's folder: using $dir"
fi
[ -n "$build_dir" ] || build_dir=$repo/.build/publish
case "$build_dir" in /*) ;; *) build_dir=$PWD/$build_dir ;; esac
manager=$dir/manager
agent=$dir/agent

say() { printf '\n== %s\n' "$*"; }

stop_all() {
    for home in "$agent" "$manager"; do
        if [ -x "$home/bin/ossec-control" ]; then
            OSSEC_HOME="$home" "$home/bin/ossec-control" stop >/dev/null 2>&1 || true
        fi
    done
    for pidfile in "$manager"/var/run/ossec-authd-*.pid; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$pidfile"
    done
}

if [ "$action" = stop ]; then
    stop_all
    rm -rf "$dir"
    echo "quickstart: stopped and removed $dir"
    exit 0
fi

# A previous run (finished or interrupted) is stopped and replaced, so the command works twice in a row.
stop_all
rm -rf "$dir"
mkdir -p "$dir"

on_interrupt() {
    trap - INT TERM
    echo
    echo "quickstart: interrupted, cleaning up"
    stop_all
    rm -rf "$dir"
    exit 130
}
trap on_interrupt INT TERM

say "Building OssecSharp"
"$repo/scripts/install.sh" --publish-only "$build_dir" $build_flag

say "Installing a manager into $manager and an agent into $agent"
"$repo/scripts/install.sh" --type server --prefix "$manager" --stage "$build_dir" >/dev/null
"$repo/scripts/install.sh" --type agent --prefix "$agent" --stage "$build_dir" >/dev/null

cat > "$manager/etc/ossec.conf" <<CONF
<ossec_config>
  <remote>
    <connection>secure</connection>
    <port>$remote_port</port>
    <protocol>udp</protocol>
    <local_ip>127.0.0.1</local_ip>
  </remote>
</ossec_config>
CONF

log_file=$agent/logs/quickstart.log
: > "$log_file"
cat > "$agent/etc/ossec.conf" <<CONF
<ossec_config>
  <client>
    <server-ip>127.0.0.1</server-ip>
    <port>$remote_port</port>
    <protocol>udp</protocol>
    <notify_time>5</notify_time>
    <time-reconnect>30</time-reconnect>
  </client>
  <localfile>
    <log_format>syslog</log_format>
    <location>$log_file</location>
  </localfile>
</ossec_config>
CONF

say "Starting the manager"
OSSEC_HOME="$manager" "$manager/bin/ossec-control" start
OSSEC_HOME="$manager" "$manager/bin/ossec-authd" -p "$auth_port"
echo "Started ossec-authd on port $auth_port"

say "Enrolling the agent (agent-auth -m 127.0.0.1 -p $auth_port -A quickstart-agent)"
install -m 0640 "$manager/etc/authd.pass" "$agent/etc/authd.pass"
# As root the install is root:ossec and agent-auth runs with group ossec: give the copy the same owner.
chown --reference="$agent/etc/ossec.conf" "$agent/etc/authd.pass" 2>/dev/null || true
OSSEC_HOME="$agent" "$agent/bin/agent-auth" -m 127.0.0.1 -p "$auth_port" -A quickstart-agent -D "$agent"

say "Starting the agent"
OSSEC_HOME="$agent" "$agent/bin/ossec-control" start

say "Writing a test line to $log_file"
line="OssecSharp quickstart: hello from the agent at $(date '+%Y-%m-%d %H:%M:%S') ($$)"
echo "$line" >> "$log_file"

archives=$manager/logs/archives/archives.log
for _ in $(seq 300); do
    grep -qF "$line" "$archives" 2>/dev/null && break
    sleep 0.1
done
if ! grep -qF "$line" "$archives" 2>/dev/null; then
    echo "quickstart: ERROR: the test line did not reach $archives; see $manager/logs/ossec.log and $agent/logs/ossec.log" >&2
    exit 1
fi
echo "The manager received it (logs/archives/archives.log):"
grep -F "$line" "$archives"

say "agent_control -l"
for _ in $(seq 100); do
    OSSEC_HOME="$manager" "$manager/bin/agent_control" -l | grep -q "quickstart-agent.*Active" && break
    sleep 0.1
done
OSSEC_HOME="$manager" "$manager/bin/agent_control" -l

cat <<DONE

== Done. A manager and an agent are running on 127.0.0.1 (secure channel UDP $remote_port, enrollment TCP $auth_port).
   Append lines to $log_file and watch $archives.
   Stop everything and remove $dir with:
       scripts/quickstart.sh --stop${dir:+ --dir $dir}
DONE
