#!/usr/bin/env bash
# Builds OssecSharp (dotnet publish, ReadyToRun) and installs a manager or an agent with OSSEC's layout.
# Re-running it upgrades in place: keys, counters, configuration and certificates are kept.
set -euo pipefail

usage() {
    cat <<USAGE
Usage: $0 [--type server|agent] [--prefix DIR] [--stage DIR] [--no-r2r] [--publish-only DIR]
       $0 --uninstall [--prefix DIR] [--yes]

  --type server|agent  what to install (default: server, or the type already installed at DIR)
  --prefix DIR         install directory (default: /var/ossec)
  --stage DIR          install binaries already published there (skip the build)
  --publish-only DIR   only build and publish the binaries into DIR
  --no-r2r             publish without ReadyToRun (faster build, slower start-up)
  --uninstall          stop the daemons and remove DIR
USAGE
}

repo=$(cd "$(dirname "$0")/.." && pwd)
type=""
prefix=/var/ossec
stage=""
publish_only=""
r2r=true
uninstall=0
assume_yes=0

while [ $# -gt 0 ]; do
    case "$1" in
        --type) type=${2:?--type needs server or agent}; shift 2 ;;
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --stage) stage=${2:?--stage needs a directory}; shift 2 ;;
        --publish-only) publish_only=${2:?--publish-only needs a directory}; shift 2 ;;
        --no-r2r) r2r=false; shift ;;
        --uninstall) uninstall=1; shift ;;
        --yes|-y) assume_yes=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 1 ;;
    esac
done

is_root=0
[ "$(id -u)" = 0 ] && is_root=1

die() { echo "install.sh: ERROR: $*" >&2; exit 1; }
info() { echo "install.sh: $*"; }

all_programs="ossec-remoted ossec-authd ossec-agentlessd ossec-agentd agent-auth manage_agents agent_control ossec-control"
server_programs="ossec-remoted ossec-authd ossec-agentlessd manage_agents agent_control ossec-control"
agent_programs="ossec-agentd agent-auth manage_agents ossec-control"

project_of() {
    case "$1" in
        ossec-remoted) echo OssecSharp.Remoted ;;
        ossec-authd) echo OssecSharp.Authd ;;
        ossec-agentlessd) echo OssecSharp.Agentlessd ;;
        ossec-agentd) echo OssecSharp.Agentd ;;
        agent-auth) echo OssecSharp.AgentAuth ;;
        manage_agents) echo OssecSharp.ManageAgents ;;
        agent_control) echo OssecSharp.AgentControl ;;
        ossec-control) echo OssecSharp.Control ;;
    esac
}

publish() {
    local out=$1
    command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is needed to build"
    mkdir -p "$out"
    info "building into $out (ReadyToRun: $r2r)"
    dotnet restore "$repo/OssecSharp.sln" -r linux-x64 --nologo -v q >/dev/null
    for program in $all_programs; do
        dotnet publish "$repo/src/$(project_of "$program")" -c Release -r linux-x64 --self-contained false \
            -p:PublishReadyToRun="$r2r" -p:DebugType=none \
            --no-restore --nologo -v q -o "$out" >/dev/null \
            || die "dotnet publish of $program failed"
    done
}

if [ -n "$publish_only" ]; then
    publish "$publish_only"
    exit 0
fi

# --- uninstall -------------------------------------------------------------------------------------------
if [ "$uninstall" = 1 ]; then
    [ -f "$prefix/etc/ossec-init.conf" ] || die "no OSSEC install at $prefix (etc/ossec-init.conf missing)"
    if [ "$assume_yes" != 1 ]; then
        printf 'Remove the install at %s, with its keys and logs? (y/n): ' "$prefix"
        read -r answer
        [ "$answer" = y ] || { echo "Nothing removed."; exit 1; }
    fi
    [ -x "$prefix/bin/ossec-control" ] && OSSEC_HOME="$prefix" "$prefix/bin/ossec-control" stop || true
    for pidfile in "$prefix"/var/run/ossec-authd-*.pid; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    if [ -f /etc/ossec-init.conf ] && grep -q "^DIRECTORY=\"$prefix\"" /etc/ossec-init.conf; then
        rm -f /etc/ossec-init.conf
    fi
    rm -rf "$prefix"
    info "removed $prefix"
    exit 0
fi

# --- install or upgrade ---------------------------------------------------------------------------------
existing_type=""
if [ -f "$prefix/etc/ossec-init.conf" ]; then
    existing_type=$(sed -n 's/^TYPE="\(.*\)"/\1/p' "$prefix/etc/ossec-init.conf")
fi
if [ -z "$type" ]; then
    type=${existing_type:-server}
fi
case "$type" in server|agent) ;; local) type=server ;; *) die "--type must be server or agent, not '$type'" ;; esac
if [ -n "$existing_type" ] && [ "$existing_type" != "$type" ]; then
    die "$prefix holds a $existing_type install; uninstall it before installing a $type"
fi

if [ -z "$stage" ]; then
    stage=$(mktemp -d)
    trap 'rm -rf "$stage"' EXIT
    publish "$stage"
fi
[ -x "$stage/ossec-control" ] || die "no published binaries in $stage"

was_running=0
if [ -n "$existing_type" ] && [ -x "$prefix/bin/ossec-control" ]; then
    info "upgrading the $type install at $prefix"
    if OSSEC_HOME="$prefix" "$prefix/bin/ossec-control" status >/dev/null 2>&1; then
        was_running=1
    fi
    OSSEC_HOME="$prefix" "$prefix/bin/ossec-control" stop >/dev/null 2>&1 || true
else
    info "installing a $type into $prefix"
fi

if [ "$is_root" = 1 ]; then
    getent group ossec >/dev/null || groupadd -r ossec
    for user in ossec ossecr; do
        getent passwd "$user" >/dev/null || useradd -r -g ossec -d "$prefix" -s /usr/sbin/nologin "$user"
    done
fi

# owner:group mode path  (control-and-files.md §2; ownership only when installing as root)
make_dir() {
    local owner=$1 mode=$2 dir=$prefix/$3
    mkdir -p "$dir"
    chmod "$mode" "$dir"
    [ "$is_root" = 1 ] && chown "$owner" "$dir"
    return 0
}

common_dirs="root:ossec 0750 .
root:ossec 0750 bin
root:ossec 0770 etc
root:ossec 0770 etc/shared
ossec:ossec 0750 logs
root:ossec 0750 queue
ossec:ossec 0770 queue/ossec
ossec:ossec 0770 queue/alerts
ossec:ossec 0770 queue/rids
ossec:ossec 0750 queue/diff
root:ossec 0750 var
root:ossec 0770 var/run
root:ossec 1770 tmp"
server_dirs="ossec:ossec 0770 logs/archives
ossecr:ossec 0770 queue/agent-info
ossec:ossec 0750 queue/agentless
root:ossec 0750 agentless
ossec:ossec 0700 .ssh
ossec:ossec 0750 backup/agents"

while read -r owner mode dir; do make_dir "$owner" "$mode" "$dir"; done <<<"$common_dirs"
if [ "$type" = server ]; then
    while read -r owner mode dir; do make_dir "$owner" "$mode" "$dir"; done <<<"$server_dirs"
fi
# The daemons the installer runs as root write here as the ossec users; without root the installing user owns all.
[ "$is_root" = 1 ] && chown ossecr:ossec "$prefix/queue/rids" 2>/dev/null || true

# Binaries: the programs of this type, plus the shared assemblies they load.
programs=$server_programs
[ "$type" = agent ] && programs=$agent_programs
for file in "$stage"/*.dll; do
    base=$(basename "$file" .dll)
    case " $all_programs " in
        *" $base "*) case " $programs " in *" $base "*) ;; *) continue ;; esac ;;
    esac
    install -m 0640 "$file" "$prefix/bin/"
done
for program in $programs; do
    install -m 0750 "$stage/$program" "$prefix/bin/$program"
    for extra in deps.json runtimeconfig.json; do
        [ -f "$stage/$program.$extra" ] && install -m 0640 "$stage/$program.$extra" "$prefix/bin/"
    done
done
[ "$is_root" = 1 ] && chown -R root:ossec "$prefix/bin"

# Configuration: created once, kept on upgrade. internal_options.conf is ours to replace (local_ is the user's).
if [ ! -f "$prefix/etc/ossec.conf" ]; then
    install -m 0640 "$repo/etc/ossec-$type.conf" "$prefix/etc/ossec.conf"
fi
install -m 0640 "$repo/etc/internal_options.conf" "$prefix/etc/internal_options.conf"
[ -f "$prefix/etc/local_internal_options.conf" ] || install -m 0640 /dev/null "$prefix/etc/local_internal_options.conf"
if [ ! -f "$prefix/etc/client.keys" ]; then
    install -m 0640 /dev/null "$prefix/etc/client.keys"
fi

cat > "$prefix/etc/ossec-init.conf" <<INIT
DIRECTORY="$prefix"
NAME="OSSEC HIDS"
VERSION="v4.2.0"
DATE="$(date)"
TYPE="$type"
INIT
chmod 0640 "$prefix/etc/ossec-init.conf"
if [ "$is_root" = 1 ] && [ "$prefix" = /var/ossec ]; then
    install -m 0600 "$prefix/etc/ossec-init.conf" /etc/ossec-init.conf
fi

if [ "$type" = server ]; then
    if [ -d "$repo/agentless" ]; then
        for script in "$repo"/agentless/*; do
            [ -f "$script" ] && install -m 0550 "$script" "$prefix/agentless/"
        done
    fi
    if [ ! -f "$prefix/etc/sslmanager.cert" ] || [ ! -f "$prefix/etc/sslmanager.key" ]; then
        if command -v openssl >/dev/null; then
            info "creating a self-signed manager certificate (etc/sslmanager.cert)"
            openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$(hostname)" \
                -keyout "$prefix/etc/sslmanager.key" -out "$prefix/etc/sslmanager.cert" >/dev/null 2>&1 \
                || die "openssl could not create the manager certificate"
            chmod 0640 "$prefix/etc/sslmanager.key" "$prefix/etc/sslmanager.cert"
        else
            info "openssl not found: create etc/sslmanager.cert and etc/sslmanager.key before starting ossec-authd"
        fi
    fi
fi

if [ "$is_root" = 1 ]; then
    chown -R root:ossec "$prefix/etc"
    chmod 0640 "$prefix"/etc/*.conf "$prefix/etc/client.keys"
    [ -f "$prefix/agentless/.passlist" ] && chmod 0600 "$prefix/agentless/.passlist"
    chown -R ossec:ossec "$prefix/logs"
fi

# systemd units, one per daemon and a target that groups them (installed into etc/systemd; link them to use).
mkdir -p "$prefix/etc/systemd"
daemons="ossec-remoted ossec-authd ossec-agentlessd"
[ "$type" = agent ] && daemons="ossec-agentd"
for daemon in $daemons; do
    cat > "$prefix/etc/systemd/$daemon.service" <<UNIT
[Unit]
Description=OssecSharp $daemon
After=network-online.target
PartOf=ossec.target

[Service]
Type=simple
Environment=OSSEC_HOME=$prefix
$([ "$daemon" = ossec-agentd ] && echo "# A 4 MiB gen0 budget keeps the agent's memory flat under load (read from the environment only).
Environment=DOTNET_GCgen0size=0x400000")
ExecStartPre=$prefix/bin/$daemon -t
ExecStart=$prefix/bin/$daemon -f
Restart=on-failure
RestartSec=5
# Our daemons exit 1 after a clean SIGTERM shutdown, as OSSEC's do.
SuccessExitStatus=1

[Install]
WantedBy=ossec.target
UNIT
done
cat > "$prefix/etc/systemd/ossec.target" <<UNIT
[Unit]
Description=OssecSharp ($type)
Wants=$(for d in $daemons; do printf '%s.service ' "$d"; done)

[Install]
WantedBy=multi-user.target
UNIT

info "done. Start it with: $prefix/bin/ossec-control start"
[ "$type" = server ] && info "add agents with $prefix/bin/manage_agents or enroll them with ossec-authd (-p 1515)"
info "systemd units are in $prefix/etc/systemd (ln -s them into /etc/systemd/system to use systemd instead)"

if [ "$was_running" = 1 ]; then
    OSSEC_HOME="$prefix" "$prefix/bin/ossec-control" start
fi
