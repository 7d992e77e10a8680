#!/usr/bin/env bash
# Builds OssecSharp (dotnet publish: NativeAOT, or ReadyToRun where clang is missing) and installs a manager or an agent with OSSEC 4.2's layout
# (owners and modes as a real OSSEC install has them). Re-running it upgrades in place: keys, counters,
# configuration and certificates are kept. Run over an existing OSSEC 4.2 install, it replaces the programs we
# port, backs OSSEC's up (--uninstall puts them back) and keeps everything else (see docs/migration.md).
set -euo pipefail

usage() {
    cat <<USAGE
Usage: $0 [--type server|agent] [--prefix DIR] [--stage DIR] [--no-aot] [--no-r2r] [--publish-only DIR]
       $0 --uninstall [--prefix DIR] [--yes]

  --type server|agent  what to install (default: server, or the type already installed at DIR)
  --prefix DIR         install directory (default: /var/ossec)
  --stage DIR          install binaries already published there (skip the build)
  --publish-only DIR   only build and publish the binaries into DIR (skipped when DIR holds a build of
                       the same sources)
  --no-aot             publish ReadyToRun instead of NativeAOT (what is built where clang is missing)
  --no-r2r             publish for the JIT only: neither NativeAOT nor ReadyToRun (fastest build, slowest
                       start-up)
  --uninstall          stop the daemons and remove DIR; over a migrated OSSEC install, put OSSEC's
                       binaries back instead (keys, logs and configuration stay)
USAGE
}

repo=$(cd "$(dirname "$0")/.." && pwd)
type=""
prefix=/var/ossec
stage=""
publish_only=""
# aot: NativeAOT (native programs, needs clang as the linker); r2r: ReadyToRun (needs the .NET runtime); jit.
build=aot
uninstall=0
assume_yes=0

while [ $# -gt 0 ]; do
    case "$1" in
        --type) type=${2:?--type needs server or agent}; shift 2 ;;
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --stage) stage=${2:?--stage needs a directory}; shift 2 ;;
        --publish-only) publish_only=${2:?--publish-only needs a directory}; shift 2 ;;
        --no-aot) [ "$build" = jit ] || build=r2r; shift ;;
        --no-r2r) build=jit; shift ;;
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

# What the published binaries depend on: a change to any of these rebuilds them, nothing else does.
sources_hash() {
    {
        echo "build=$build sdk=$(dotnet --version 2>/dev/null)"
        (cd "$repo" && find src Directory.Build.props Directory.Packages.props global.json \
            \( -name bin -o -name obj \) -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum)
    } | sha256sum | cut -d' ' -f1
}

# NativeAOT links each program with clang (and strips it with objcopy): where either is missing, the programs are
# built ReadyToRun instead, and the user is told so in one line.
choose_build() {
    [ "$build" = aot ] || return 0
    local tool missing=""
    for tool in clang objcopy; do
        command -v "$tool" >/dev/null 2>&1 || missing="${missing:+$missing and }$tool"
    done
    if [ -n "$missing" ]; then
        info "$missing not found: building ReadyToRun instead of NativeAOT (slower start, more memory; install clang for native programs)"
        build=r2r
    fi
}

publish() {
    local out=$1 stamp hash count=0 started elapsed label props
    command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is needed to build"
    choose_build
    mkdir -p "$out"
    stamp=$out/.ossecsharp-build
    hash=$(sources_hash)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -x "$out/ossec-control" ]; then
        info "binaries in $out are up to date (sources unchanged since the last build)"
        return 0
    fi
    rm -f "$stamp"
    # What an earlier build of another kind left (a ReadyToRun build's assemblies) must not be installed with this one.
    rm -f "$out"/*.dll "$out"/*.deps.json "$out"/*.runtimeconfig.json "$out"/*.xml "$out"/*.pdb "$out"/*.dbg
    # Each publish restores for itself, so the restore always has the publish's properties: a separate restore
    # without ReadyToRun missed the crossgen pack, and a --no-restore publish then failed with NETSDK1094 on a
    # machine whose package cache did not hold it. Only the eight programs are restored, not the tests. The runtime
    # identifier is needed at restore and publish alike: NativeAOT's compiler and ReadyToRun's crossgen are packages
    # of it. The projects ask for NativeAOT themselves (src/Directory.Build.props).
    case "$build" in
        aot) label=NativeAOT; props=(-p:PublishAot=true) ;;
        r2r) label=ReadyToRun; props=(-p:PublishAot=false -p:PublishReadyToRun=true -p:SelfContained=false) ;;
        *) label="JIT only"; props=(-p:PublishAot=false -p:PublishReadyToRun=false -p:SelfContained=false) ;;
    esac
    props+=(-r linux-x64 -p:DebugType=none -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false)
    info "building into $out ($label); the first build takes a few minutes"
    started=$SECONDS
    for program in $all_programs; do
        count=$((count + 1))
        info "[$count/8] publishing $program"
        if ! dotnet publish "$repo/src/$(project_of "$program")" -c Release "${props[@]}" \
            --nologo -v q -o "$out" >"$out/.publish.log" 2>&1; then
            grep -E 'error|warning' "$out/.publish.log" | sort -u | head -20 >&2
            die "dotnet publish of $program failed (full output: $out/.publish.log)"
        fi
    done
    rm -f "$out/.publish.log"
    elapsed=$((SECONDS - started))
    echo "$hash" > "$stamp"
    info "built the 8 programs ($label) in ${elapsed}s"
}

if [ -n "$publish_only" ]; then
    publish "$publish_only"
    exit 0
fi

# --- what is at $prefix ------------------------------------------------------------------------------------
# Our own installs carry bin/.ossecsharp (the files we put into bin/); a migration keeps OSSEC's replaced files
# in backup/ossec-bin with a MANIFEST, so --uninstall can put them back.
marker=$prefix/bin/.ossecsharp
backup=$prefix/backup/ossec-bin
is_ours() { [ -f "$marker" ] || [ -f "$prefix/bin/OssecSharp.Core.dll" ]; }
is_ossec() { [ -f "$prefix/bin/ossec-control" ] && ! is_ours; }

# TYPE= of etc/ossec-init.conf (ours), of /etc/ossec-init.conf when it names this prefix (OSSEC's), or what bin/ holds.
installed_type() {
    local t=""
    [ -f "$prefix/etc/ossec-init.conf" ] && t=$(sed -n 's/^TYPE="\{0,1\}\([a-z]*\)"\{0,1\}$/\1/p' "$prefix/etc/ossec-init.conf")
    if [ -z "$t" ] && [ -f /etc/ossec-init.conf ] && grep -q "^DIRECTORY=\"\{0,1\}$prefix\"\{0,1\}$" /etc/ossec-init.conf; then
        t=$(sed -n 's/^TYPE="\{0,1\}\([a-z]*\)"\{0,1\}$/\1/p' /etc/ossec-init.conf)
    fi
    if [ -z "$t" ]; then
        if [ -e "$prefix/bin/ossec-remoted" ] || [ -e "$prefix/bin/ossec-analysisd" ]; then t=server
        elif [ -e "$prefix/bin/ossec-agentd" ]; then t=agent
        fi
    fi
    [ "$t" = local ] && t=server
    echo "$t"
}

# Live daemons of the install (pid files in var/run), whoever started them.
any_daemon_running() {
    local pidfile
    for pidfile in "$prefix"/var/run/*.pid; do
        [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null && return 0
    done
    return 1
}

stop_everything() {
    [ -x "$prefix/bin/ossec-control" ] && OSSEC_HOME="$prefix" "$prefix/bin/ossec-control" stop >/dev/null 2>&1 || true
    local pidfile pid
    # ossec-authd runs outside ossec-control when started by hand.
    for pidfile in "$prefix"/var/run/ossec-authd-*.pid; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile" 2>/dev/null) || continue
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
}

confirm() {
    [ "$assume_yes" = 1 ] && return 0
    printf '%s (y/n): ' "$1"
    local answer
    read -r answer
    [ "$answer" = y ]
}

# --- uninstall -------------------------------------------------------------------------------------------
if [ "$uninstall" = 1 ]; then
    is_ours || [ -f "$prefix/etc/ossec-init.conf" ] || die "no OssecSharp install at $prefix"
    if [ -f "$backup/MANIFEST" ]; then
        confirm "Put OSSEC's own binaries back at $prefix (keys, logs and configuration stay)?" \
            || { echo "Nothing changed."; exit 1; }
        stop_everything
        if [ -f "$marker" ]; then
            while read -r file; do
                [ -n "$file" ] && rm -f "$prefix/bin/$file"
            done < "$marker"
        fi
        rm -f "$marker"
        restored=""
        while read -r kind a b c; do
            case "$kind" in
                file) cp -a "$backup/$a" "$prefix/$a"; restored="$restored ${a#*/}" ;;
                dir) chmod "$b" "$prefix/$a"; [ "$is_root" = 1 ] && chown "$c" "$prefix/$a" ;;
                created) [ -d "$prefix/$a" ] && rmdir "$prefix/$a" 2>/dev/null; [ -f "$prefix/$a" ] && rm -f "$prefix/$a" ;;
            esac
        done < "$backup/MANIFEST"
        rm -rf "$backup" "$prefix/etc/systemd"
        info "OSSEC's binaries are back:$restored"
        info "start OSSEC with: $prefix/bin/ossec-control start"
        exit 0
    fi
    [ -f "$prefix/etc/ossec-init.conf" ] || die "no OSSEC install at $prefix (etc/ossec-init.conf missing)"
    confirm "Remove the install at $prefix, with its keys and logs?" || { echo "Nothing removed."; exit 1; }
    stop_everything
    if [ -f /etc/ossec-init.conf ] && grep -q "^DIRECTORY=\"$prefix\"" /etc/ossec-init.conf; then
        rm -f /etc/ossec-init.conf
    fi
    rm -rf "$prefix"
    info "removed $prefix"
    exit 0
fi

# --- install, upgrade or migration -----------------------------------------------------------------------
migrating=0
existing_type=""
if is_ossec; then
    migrating=1
    existing_type=$(installed_type)
    [ -n "$existing_type" ] || die "$prefix looks like an OSSEC install, but its type (server or agent) is unknown"
elif is_ours || [ -f "$prefix/etc/ossec-init.conf" ]; then
    existing_type=$(installed_type)
fi
if [ -z "$type" ]; then
    type=${existing_type:-server}
fi
case "$type" in server|agent) ;; local) type=server ;; *) die "--type must be server or agent, not '$type'" ;; esac
if [ -n "$existing_type" ] && [ "$existing_type" != "$type" ]; then
    die "$prefix holds a $existing_type install; uninstall it before installing a $type"
fi
if [ "$migrating" = 1 ] && [ "$is_root" != 1 ]; then
    die "replacing an OSSEC install needs root (its files belong to root, ossec and ossecr)"
fi

if [ -z "$stage" ]; then
    # Kept between runs, so re-running install.sh on an unchanged tree does not rebuild.
    stage=$repo/.build/publish
    if ! mkdir -p "$stage" 2>/dev/null; then
        stage=$(mktemp -d)
        trap 'rm -rf "$stage"' EXIT
    fi
    publish "$stage"
fi
[ -x "$stage/ossec-control" ] || die "no published binaries in $stage"

was_running=0
if [ "$migrating" = 1 ]; then
    info "found an OSSEC $type install at $prefix: replacing the programs OssecSharp ports"
    any_daemon_running && was_running=1
    stop_everything
elif [ -n "$existing_type" ] && [ -x "$prefix/bin/ossec-control" ]; then
    info "upgrading the $type install at $prefix"
    any_daemon_running && was_running=1
    stop_everything
else
    info "installing a $type into $prefix"
fi

if [ "$is_root" = 1 ]; then
    getent group ossec >/dev/null || groupadd -r ossec
    for user in ossec ossecr; do
        getent passwd "$user" >/dev/null || useradd -r -g ossec -d "$prefix" -s /usr/sbin/nologin "$user"
    done
fi

# The default agent configuration reads the journal where no syslog files exist: its account may read it.
if [ "$is_root" = 1 ] && [ "$type" = agent ] && getent group systemd-journal >/dev/null; then
    id -nG ossec | grep -qw systemd-journal || usermod -a -G systemd-journal ossec
fi

# --- layout ------------------------------------------------------------------------------------------------
# mode owner:group path, as OSSEC 4.2 lays them out (the layout reference), with these differences, all needed by
# a daemon of ours after it dropped to its account:
#   bin/              root:ossec instead of root:root: .NET loads assemblies after the drop, so ossec and ossecr
#                     must be able to read bin/ (the programs themselves stay 0550 root:root);
#   logs/archives/    0770 and its files 0660: our ossec-remoted (ossecr) and ossec-agentlessd (ossec) both append
#                     there, where OSSEC's analysisd (ossec) alone did;
#   .ssh/             ossec:ossec: ossec-agentlessd (ossec) reads the host keys pinned there.
# Without root the installing user owns everything and keeps write access to the folders.
common_dirs="550 root:ossec .
550 root:ossec etc
770 root:ossec etc/shared
550 root:ossec queue
750 ossec:ossec queue/ossec
770 ossec:ossec queue/alerts
750 ossec:ossec queue/syscheck
750 ossec:ossec queue/diff
1550 root:ossec tmp
750 ossec:ossec logs
550 root:ossec var
770 root:ossec var/run
550 root:ossec backup
750 ossec:ossec backup/agents
550 root:ossec bin"
server_dirs="750 ossecr:ossec queue/rids
750 ossecr:ossec queue/agent-info
750 ossec:ossec queue/agentless
770 ossec:ossec logs/archives
550 root:ossec agentless
700 ossec:ossec .ssh"
agent_dirs="750 ossec:ossec queue/rids"

# Folders whose mode a daemon of ours depends on: set on every install, a migrated one included.
required_dirs=" logs/archives bin queue/rids queue/agent-info "

make_dir() {
    local mode=$1 owner=$2 dir=$prefix/$3 existed=0
    [ -d "$dir" ] && existed=1
    if [ "$existed" = 1 ] && [ "$migrating" = 1 ]; then
        case "$required_dirs" in *" $3 "*) ;; *) return 0 ;; esac
        echo "dir $3 $(stat -c '%a %U:%G' "$dir")" >> "$backup/MANIFEST"
    fi
    mkdir -p "$dir"
    if [ "$is_root" = 1 ]; then
        chown "$owner" "$dir"
        chmod "$mode" "$dir"
    else
        chmod "$mode" "$dir"
        chmod u+w "$dir"
    fi
    if [ "$existed" = 0 ] && [ "$migrating" = 1 ]; then
        echo "created $3" >> "$backup/MANIFEST"
    fi
}

# A file's owner and mode (root only for the owner), created empty when missing.
make_file() {
    local mode=$1 owner=$2 file=$prefix/$3
    [ -e "$file" ] || : > "$file"
    chmod "$mode" "$file"
    # Without root the installing user is every daemon's account: it keeps write access to what it owns.
    if [ "$is_root" = 1 ]; then chown "$owner" "$file"; else chmod u+w "$file"; fi
    return 0
}

# Programs we replace in a migration: backed up once, with the folders' modes, before anything changes.
programs=$server_programs
[ "$type" = agent ] && programs=$agent_programs
if [ "$migrating" = 1 ]; then
    if [ ! -f "$backup/MANIFEST" ]; then
        mkdir -p "$backup/bin" "$backup/agentless"
        chmod 0700 "$backup"
        : > "$backup/MANIFEST"
        for program in $programs; do
            if [ -e "$prefix/bin/$program" ]; then
                cp -a "$prefix/bin/$program" "$backup/bin/$program"
                echo "file bin/$program" >> "$backup/MANIFEST"
            fi
        done
        if [ "$type" = server ] && [ -d "$repo/agentless" ]; then
            for script in "$repo"/agentless/*; do
                name=$(basename "$script")
                if [ -e "$prefix/agentless/$name" ]; then
                    cp -a "$prefix/agentless/$name" "$backup/agentless/$name"
                    echo "file agentless/$name" >> "$backup/MANIFEST"
                fi
            done
        fi
    fi
fi

while read -r mode owner dir; do make_dir "$mode" "$owner" "$dir"; done <<<"$common_dirs"
if [ "$type" = server ]; then
    while read -r mode owner dir; do make_dir "$mode" "$owner" "$dir"; done <<<"$server_dirs"
else
    while read -r mode owner dir; do make_dir "$mode" "$owner" "$dir"; done <<<"$agent_dirs"
fi

# Binaries: the programs of this type, plus the shared assemblies they load. The list goes into bin/.ossecsharp.
new_marker=$(mktemp)
for file in "$stage"/*.dll; do
    # A NativeAOT build has no assemblies: each program is one native file.
    [ -f "$file" ] || continue
    base=$(basename "$file" .dll)
    case " $all_programs " in
        *" $base "*) case " $programs " in *" $base "*) ;; *) continue ;; esac ;;
    esac
    install -m 0440 "$file" "$prefix/bin/"
    basename "$file" >> "$new_marker"
done
for program in $programs; do
    install -m 0550 "$stage/$program" "$prefix/bin/$program"
    echo "$program" >> "$new_marker"
    for extra in deps.json runtimeconfig.json; do
        if [ -f "$stage/$program.$extra" ]; then
            install -m 0440 "$stage/$program.$extra" "$prefix/bin/"
            echo "$program.$extra" >> "$new_marker"
        fi
    done
done
echo ".ossecsharp" >> "$new_marker"
install -m 0440 "$new_marker" "$marker"
rm -f "$new_marker"
if [ "$is_root" = 1 ]; then
    while read -r file; do
        case "$file" in
            *.dll|*.json|.ossecsharp) chown root:ossec "$prefix/bin/$file" ;;
            *) chown root:root "$prefix/bin/$file" ;;
        esac
    done < "$marker"
else
    chmod u+w "$prefix"/bin/*
fi

# Optional daemons, as OSSEC's ossec-control records them; AUTHD_OPTIONS is ours (ossec-authd's options, read by
# ossec-control and by the systemd unit; OSSEC's script ignores it). Existing lines are kept.
process_list=$prefix/bin/.process_list
if [ ! -f "$process_list" ]; then
    [ "$migrating" = 1 ] && echo "created bin/.process_list" >> "$backup/MANIFEST"
    : > "$process_list"
fi
if ! grep -q '^AUTHD_OPTIONS=' "$process_list"; then
    printf '%s\n' '# ossec-authd options used by "ossec-control start" once "ossec-control enable auth" is set.' \
        'AUTHD_OPTIONS="-p 1515"' >> "$process_list"
fi
chmod 0640 "$process_list"
[ "$is_root" = 1 ] && chown root:ossec "$process_list"
[ "$is_root" = 1 ] || chmod u+w "$process_list"

# Configuration: created once, kept on upgrade and migration. internal_options.conf is ours to replace on our own
# installs (local_internal_options.conf is the user's); a migration keeps OSSEC's.
etc_writable() { [ "$is_root" = 1 ] || chmod u+w "$prefix/etc"; }
etc_writable
if [ ! -f "$prefix/etc/ossec.conf" ]; then
    if [ "$type" = agent ]; then
        "$repo/scripts/agent-conf.sh" "$prefix" > "$prefix/etc/ossec.conf"
    else
        cp "$repo/etc/ossec-server.conf" "$prefix/etc/ossec.conf"
    fi
    make_file 640 root:ossec etc/ossec.conf
fi
if [ "$migrating" = 0 ]; then
    cp "$repo/etc/internal_options.conf" "$prefix/etc/internal_options.conf"
    make_file 640 root:ossec etc/internal_options.conf
fi
[ -f "$prefix/etc/local_internal_options.conf" ] || make_file 640 root:ossec etc/local_internal_options.conf
# client.keys: created 0440 root:ossec as OSSEC's installer does; an existing one keeps its owner and mode
# (ossec-authd makes it ossec:ossec 0640 when it starts, as OSSEC's does).
[ -f "$prefix/etc/client.keys" ] || make_file 440 root:ossec etc/client.keys

if [ ! -f "$prefix/etc/ossec-init.conf" ]; then
    [ "$migrating" = 1 ] && echo "created etc/ossec-init.conf" >> "$backup/MANIFEST"
    fresh_init=1
else
    fresh_init=0
fi
if [ "$migrating" = 0 ] || [ "$fresh_init" = 1 ]; then
    cat > "$prefix/etc/ossec-init.conf" <<INIT
DIRECTORY="$prefix"
NAME="OSSEC HIDS"
VERSION="v4.2.0"
DATE="$(date)"
TYPE="$type"
INIT
    make_file 640 root:ossec etc/ossec-init.conf
fi
if [ "$is_root" = 1 ] && [ "$prefix" = /var/ossec ] && [ ! -f /etc/ossec-init.conf ]; then
    install -m 0644 "$prefix/etc/ossec-init.conf" /etc/ossec-init.conf
fi

if [ "$type" = server ]; then
    if [ -d "$repo/agentless" ]; then
        for script in "$repo"/agentless/*; do
            [ -f "$script" ] || continue
            if [ "$migrating" = 1 ] && [ ! -e "$prefix/agentless/$(basename "$script")" ]; then
                echo "created agentless/$(basename "$script")" >> "$backup/MANIFEST"
            fi
            install -m 0550 "$script" "$prefix/agentless/"
            [ "$is_root" = 1 ] && chown root:ossec "$prefix/agentless/$(basename "$script")"
        done
    fi
    [ -f "$prefix/agentless/.passlist" ] && chmod 0600 "$prefix/agentless/.passlist"
    if [ ! -f "$prefix/etc/sslmanager.cert" ] || [ ! -f "$prefix/etc/sslmanager.key" ]; then
        if command -v openssl >/dev/null; then
            info "creating a self-signed ECDSA P-256 manager certificate (etc/sslmanager.cert)"
            if [ "$migrating" = 1 ]; then
                printf 'created etc/sslmanager.cert\ncreated etc/sslmanager.key\n' >> "$backup/MANIFEST"
            fi
            # ECDSA P-256: authd's signature per enrollment costs a tenth of an RSA-2048 one, and OSSEC 4.2's
            # agent-auth (OpenSSL, cipher list EECDH+AESGCM:...) negotiates ECDHE-ECDSA with it. An existing
            # certificate, RSA or not, is never replaced (docs/benchmarks/enrollment.md).
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -nodes -days 3650 \
                -subj "/CN=$(hostname)" -keyout "$prefix/etc/sslmanager.key" -out "$prefix/etc/sslmanager.cert" \
                >/dev/null 2>&1 || die "openssl could not create the manager certificate"
            make_file 640 root:ossec etc/sslmanager.key
            make_file 640 root:ossec etc/sslmanager.cert
        else
            info "openssl not found: create etc/sslmanager.cert and etc/sslmanager.key before starting ossec-authd"
        fi
    fi
fi

# Files several accounts append to: created here so that whoever writes first, each can write (0660, group ossec).
make_file 660 ossec:ossec logs/ossec.log
if [ "$type" = server ]; then
    make_file 660 ossec:ossec logs/archives/archives.log
    make_file 660 ossec:ossec logs/archives/archives.json
fi
if [ "$is_root" != 1 ]; then
    chmod u+w "$prefix" "$prefix/etc"
fi

# systemd units, one per daemon and a target that groups them (installed into etc/systemd; link them to use).
# Optional daemons (authd, agentlessd) start only when enabled with ossec-control, which records it in
# bin/.process_list: the units read the same file.
mkdir -p "$prefix/etc/systemd"
daemons="ossec-remoted ossec-authd ossec-agentlessd"
[ "$type" = agent ] && daemons="ossec-agentd"
for daemon in $daemons; do
    condition=""
    options=""
    case "$daemon" in
        ossec-authd)
            condition="# Started only while enabled (ossec-control enable auth).
ExecCondition=/bin/sh -c '. $prefix/bin/.process_list; [ \"\$\$AUTH_DAEMON\" = ossec-authd ]'"
            options=' $AUTHD_OPTIONS' ;;
        ossec-agentlessd)
            condition="# Started only while enabled (ossec-control enable agentless).
ExecCondition=/bin/sh -c '. $prefix/bin/.process_list; [ \"\$\$AGENTLESS_DAEMON\" = ossec-agentlessd ]'" ;;
    esac
    cat > "$prefix/etc/systemd/$daemon.service" <<UNIT
[Unit]
Description=OssecSharp $daemon
After=network-online.target
PartOf=ossec.target

[Service]
Type=simple
Environment=OSSEC_HOME=$prefix
EnvironmentFile=-$prefix/bin/.process_list
$([ "$daemon" = ossec-agentd ] && echo "# A 4 MiB gen0 budget keeps the agent's memory flat under load (read from the environment only).
Environment=DOTNET_GCgen0size=0x400000")
$([ -n "$condition" ] && echo "$condition")
ExecStartPre=$prefix/bin/$daemon -t$options
ExecStart=$prefix/bin/$daemon -f$options
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

if [ "$migrating" = 1 ]; then
    # OSSEC's daemons that we do not port stay in bin/ and are started and stopped by our ossec-control as by theirs.
    kept=""
    for name in ossec-analysisd ossec-monitord ossec-logcollector ossec-syscheckd ossec-execd ossec-maild ossec-dbd \
        ossec-csyslogd; do
        [ -e "$prefix/bin/$name" ] && kept="$kept $name"
    done
    info "replaced OSSEC's:$(for p in $programs; do [ -f "$backup/bin/$p" ] && printf ' %s' "$p"; done)"
    info "OSSEC's originals are kept in $backup (scripts/install.sh --uninstall --prefix $prefix puts them back)"
    info "kept: users, modes, etc/ossec.conf, internal_options.conf, client.keys, certificates, queue/rids, agent-info"
    [ -n "$kept" ] && info "not taken over (they keep running from OSSEC's binaries, started by ossec-control):$kept"
fi
info "done. Start it with: $prefix/bin/ossec-control start"
[ "$type" = server ] && info "enroll agents: set ossec-authd's options in AUTHD_OPTIONS of $prefix/bin/.process_list (default -p 1515), then: $prefix/bin/ossec-control enable auth && $prefix/bin/ossec-control restart"
info "systemd units are in $prefix/etc/systemd (ln -s them into /etc/systemd/system to use systemd instead)"

if [ "$was_running" = 1 ]; then
    OSSEC_HOME="$prefix" "$prefix/bin/ossec-control" start
fi
