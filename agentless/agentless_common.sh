# Shared helper of the OssecSharp agentless scripts (sourced, not run).
#
# The scripts keep OSSEC's calling convention: argv = [use_su|use_sudo] <user@host[:port]> <arguments...>,
# "test test" = self test (exit 0), and the line protocol on stdout read by ossec-agentlessd:
#   INFO: <text>   logged            ERROR: <text>  logged, the run failed
#   FWD: <record>  integrity record  STORE: now     what follows is stored and diffed (periodic_diff)
#   DATA: <text>   one line of remote output, never interpreted as protocol (OssecSharp framing)
#   REJECT: <text> a remote file name that cannot be reported (control characters)
#
# Unlike OSSEC's expect scripts, ssh runs without a terminal (-T): no echo, no prompt, no bracketed paste
# in the output, and the remote output is framed by these scripts before ossec-agentlessd sees it.
# Passwords come from agentless/.passlist through SSH_ASKPASS (ssh_askpass.sh), never through argv or
# the environment; host keys are pinned in .ssh/known_hosts under the install (filled by register_host.sh).

set -u
export LC_ALL=C

AGL_DIR=$(cd "$(dirname "$0")" && pwd -P)
AGL_HOME=$(cd "$AGL_DIR/.." && pwd -P)
AGL_PASSLIST="$AGL_DIR/.passlist"
AGL_KNOWN_HOSTS="$AGL_HOME/.ssh/known_hosts"
AGL_TIMEOUT=${AGL_TIMEOUT:-600}

agl_fail() {
    # A leading empty line as OSSEC's scripts print, so a partial line of earlier output cannot absorb it.
    printf '\nERROR: %s\n' "$1"
    exit 1
}

# agl_parse_args "$@": sets AGL_PRIV (empty, use_su or use_sudo), AGL_TARGET (user@host[:port] as given),
# AGL_USER, AGL_HOST, AGL_PORT and AGL_ARGS (the remaining arguments). Exits 0 on "test test".
agl_parse_args() {
    if [ "$#" -eq 2 ] && [ "$1" = "test" ] && [ "$2" = "test" ]; then
        exit 0
    fi
    AGL_PRIV=""
    if [ "$#" -ge 1 ] && { [ "$1" = "use_su" ] || [ "$1" = "use_sudo" ]; }; then
        AGL_PRIV=$1
        shift
    fi
    if [ "$#" -lt 2 ] && [ "${AGL_ARGS_OPTIONAL:-0}" != 1 ]; then
        agl_fail "ssh_integrity_check <hostname> <arguments>"
    fi
    if [ "$#" -lt 1 ]; then
        agl_fail "ssh_integrity_check <hostname> <arguments>"
    fi
    AGL_TARGET=$1
    shift
    AGL_ARGS=("$@")
    case "$AGL_TARGET" in
        *@*) ;;
        *) agl_fail "Invalid host '$AGL_TARGET' (expected user@host)." ;;
    esac
    case "$AGL_TARGET" in
        *[[:cntrl:]]* | *' '* | *'|'* | -*) agl_fail "Invalid host (control characters, space or '|')." ;;
    esac
    AGL_USER=${AGL_TARGET%%@*}
    local rest=${AGL_TARGET#*@}
    AGL_PORT=""
    case "$rest" in
        \[*\]:*) AGL_HOST=${rest%%]*}; AGL_HOST=${AGL_HOST#[}; AGL_PORT=${rest##*]:} ;;
        \[*\]) AGL_HOST=${rest#[}; AGL_HOST=${AGL_HOST%]} ;;
        *:*:*) AGL_HOST=$rest ;;
        *:*) AGL_HOST=${rest%:*}; AGL_PORT=${rest##*:} ;;
        *) AGL_HOST=$rest ;;
    esac
    case "$AGL_PORT" in
        '' | *[!0-9]*) [ -n "$AGL_PORT" ] && agl_fail "Invalid port in '$AGL_TARGET'." ;;
    esac
    if [ -z "$AGL_USER" ] || [ -z "$AGL_HOST" ]; then
        agl_fail "Invalid host '$AGL_TARGET' (expected user@host)."
    fi
    return 0
}

# agl_lookup_password: sets AGL_PASS (the password or NOPASS) from .passlist; the key is the target as
# written (user@host:port), else user@host. The first and the last '|' delimit the fields, as in OSSEC.
agl_lookup_password() {
    [ -f "$AGL_PASSLIST" ] || agl_fail 'Password list not present (use "register_host" first).'
    local line key found=""
    for key in "$AGL_TARGET" "$AGL_USER@$AGL_HOST"; do
        while IFS= read -r line || [ -n "$line" ]; do
            if [ "${line%%|*}" = "$key" ]; then
                found=$line
                break 2
            fi
        done <"$AGL_PASSLIST"
    done
    [ -n "$found" ] || agl_fail "Password for '$AGL_TARGET' not found."
    local tail=${found#*|}
    AGL_PASS=${tail%|*}
    return 0
}

# agl_ssh_options: fills the AGL_SSH array (ssh command and options, no remote command).
agl_ssh_options() {
    AGL_SSH=(ssh -T -x -a
        -o "UserKnownHostsFile=$AGL_KNOWN_HOSTS" -o "GlobalKnownHostsFile=/dev/null"
        -o StrictHostKeyChecking=yes -o UpdateHostKeys=no -o CheckHostIP=no
        -o ConnectTimeout=20 -o ServerAliveInterval=15 -o ServerAliveCountMax=4
        -o LogLevel=ERROR -o RequestTTY=no -o "SetEnv=OSSEC_AGENTLESS=1")
    if [ -n "$AGL_PORT" ]; then
        AGL_SSH+=(-p "$AGL_PORT")
    fi
    if [ "$AGL_PASS" = "NOPASS" ]; then
        AGL_SSH+=(-o BatchMode=yes)
        local key
        for key in id_ed25519 id_ecdsa id_rsa; do
            [ -f "$AGL_HOME/.ssh/$key" ] && AGL_SSH+=(-i "$AGL_HOME/.ssh/$key")
        done
    else
        AGL_SSH+=(-o BatchMode=no -o PubkeyAuthentication=no -o NumberOfPasswordPrompts=1
            -o PreferredAuthentications=password,keyboard-interactive)
    fi
    AGL_SSH+=(-l "$AGL_USER" -- "$AGL_HOST")
}

# agl_run_remote <remote command> <stdout file> <stderr file> [stdin file]: runs the command on the remote
# host only (nothing of it is evaluated locally). Sets AGL_RC.
agl_run_remote() {
    local cmd=$1 out=$2 err=$3 input=${4:-/dev/null}
    agl_ssh_options
    if [ "$AGL_PASS" = "NOPASS" ]; then
        timeout -k 5 "$AGL_TIMEOUT" "${AGL_SSH[@]}" "$cmd" <"$input" >"$out" 2>"$err"
    else
        # ssh asks ssh_askpass.sh, which reads the password itself: only the .passlist key is passed.
        OSSEC_AGENTLESS_PASSKEY=$AGL_TARGET SSH_ASKPASS="$AGL_DIR/ssh_askpass.sh" SSH_ASKPASS_REQUIRE=force \
            timeout -k 5 "$AGL_TIMEOUT" "${AGL_SSH[@]}" "$cmd" <"$input" >"$out" 2>"$err"
    fi
    AGL_RC=$?
    return 0
}

# agl_check_ssh_error <stderr file>: when ssh itself failed, prints OSSEC's error line for the cause and
# exits. Remote text is never echoed back: only fixed messages and the host name.
agl_check_ssh_error() {
    local err=$1
    if [ "$AGL_RC" -eq 124 ] || [ "$AGL_RC" -eq 137 ]; then
        agl_fail "Timeout while running on host: $AGL_TARGET ."
    fi
    [ "$AGL_RC" -eq 255 ] || return 0
    if grep -q 'REMOTE HOST IDENTIFICATION HAS CHANGED' "$err"; then
        agl_fail "Host key for '$AGL_TARGET' has changed. Unable to access."
    elif grep -q -e 'No .* host key is known' -e 'Host key verification failed' "$err"; then
        agl_fail "Host key for '$AGL_TARGET' is not known (run register_host.sh add). Unable to access."
    elif grep -q 'Permission denied' "$err"; then
        if [ "$AGL_PASS" = "NOPASS" ]; then
            agl_fail "Public key authentication failed to host: $AGL_TARGET ."
        fi
        agl_fail "Incorrect password to remote host: $AGL_TARGET ."
    elif grep -q -i 'timed out' "$err"; then
        agl_fail "Timeout while connecting to host: $AGL_TARGET ."
    fi
    agl_fail "Unable to connect to remote host: $AGL_TARGET ."
}

# agl_remote_shell: the remote command that starts a shell reading our script from stdin.
agl_remote_shell() {
    case "$AGL_PRIV" in
        use_sudo) printf '%s' 'sudo -n /bin/sh -s' ;;
        use_su) agl_fail "use_su needs a terminal; use use_sudo (sudo -n) with OssecSharp." ;;
        *) printf '%s' '/bin/sh -s' ;;
    esac
}

# agl_frame_data <file>: prints every line of remote output as "DATA: <line>" (CR shown as ^M), so that
# text of the remote host can never be read as protocol.
agl_frame_data() {
    sed -e 's/\r/^M/g' -e 's/^/DATA: /' "$1"
    # sed prints a last line without newline as is; make sure the stream ends with one.
    [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" != '\n' ] && echo
    return 0
}

agl_mktemp() {
    AGL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ossec-agentless.XXXXXX") || agl_fail "Unable to create a temporary directory."
    trap 'rm -rf "$AGL_TMP"' EXIT
}
