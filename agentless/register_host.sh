#!/usr/bin/env bash
# register_host.sh: credentials of the agentless hosts in agentless/.passlist (OSSEC's line format
# "user@host|password|additional_password", NOPASS = ssh public key), and their pinned host keys in
# .ssh/known_hosts under the install (taken with ssh-keyscan when a host is added, checked strictly later).
set -u
export LC_ALL=C
umask 077

ME=$0
cd "$(dirname "$0")" 2>/dev/null || { echo "ERROR: You must run this script from the same directory."; exit 1; }
[ -f "./register_host.sh" ] || { echo "ERROR: You must run this script from the same directory."; exit 1; }
PASSLIST=.passlist
HOME_DIR=$(cd .. && pwd -P)
KNOWN_HOSTS="$HOME_DIR/.ssh/known_hosts"

usage() {
    echo "$ME options:"
    echo "        add <user@host[:port]> [<passwd>] (<additional_pass>)"
    echo "        remove <user@host[:port]>"
    echo "        list (passwords)"
    exit 0
}

valid_host() {
    case "$1" in
        *@?*) ;;
        *) return 1 ;;
    esac
    case "$1" in
        *[[:cntrl:]]* | *' '* | *'|'* | -* | @*) return 1 ;;
    esac
    return 0
}

# Exact match on the first field (OSSEC greps "<host>|" anywhere in the line).
has_host() {
    [ -f "$PASSLIST" ] || return 1
    local line
    while IFS= read -r line || [ -n "$line" ]; do
        [ "${line%%|*}" = "$1" ] && return 0
    done <"$PASSLIST"
    return 1
}

split_target() {
    local rest=${1#*@}
    SSH_PORT=22
    case "$rest" in
        \[*\]:*) SSH_HOST=${rest%%]*}; SSH_HOST=${SSH_HOST#[}; SSH_PORT=${rest##*]:} ;;
        \[*\]) SSH_HOST=${rest#[}; SSH_HOST=${SSH_HOST%]} ;;
        *:*:*) SSH_HOST=$rest ;;
        *:*) SSH_HOST=${rest%:*}; SSH_PORT=${rest##*:} ;;
        *) SSH_HOST=$rest ;;
    esac
}

# Pins the host key of a new host (skipped with OSSEC_AGENTLESS_NO_KEYSCAN=1, e.g. when keys are managed
# by hand). A failure is a warning: the checks then fail with a clear "host key is not known" error.
pin_host_key() {
    [ "${OSSEC_AGENTLESS_NO_KEYSCAN:-0}" = 1 ] && return 0
    split_target "$1"
    mkdir -p "$HOME_DIR/.ssh" && chmod 700 "$HOME_DIR/.ssh"
    if ssh-keygen -F "$([ "$SSH_PORT" = 22 ] && echo "$SSH_HOST" || echo "[$SSH_HOST]:$SSH_PORT")" \
        -f "$KNOWN_HOSTS" >/dev/null 2>&1; then
        return 0
    fi
    local keys
    keys=$(ssh-keyscan -T 10 -p "$SSH_PORT" -- "$SSH_HOST" 2>/dev/null)
    if [ -z "$keys" ]; then
        echo "WARN: Unable to read the host key of '$SSH_HOST' (port $SSH_PORT); add it to $KNOWN_HOSTS by hand."
        return 0
    fi
    printf '%s\n' "$keys" >>"$KNOWN_HOSTS" && chmod 600 "$KNOWN_HOSTS"
    echo "*Host key of '$SSH_HOST' pinned."
}

read_secret() {
    local value=""
    if [ -t 0 ]; then
        stty -echo 2>/dev/null
        IFS= read -r value
        stty echo 2>/dev/null
        echo
    else
        IFS= read -r value
    fi
    REPLY=$value
}

case "${1:-}" in
    "" | help | -h) usage ;;
    list)
        echo "*Available hosts: "
        [ -f "$PASSLIST" ] || exit 0
        if [ "${2:-}" = passwords ]; then
            sort -u "$PASSLIST"
        else
            cut -d '|' -f 1 "$PASSLIST" | sort -u
        fi
        exit 0
        ;;
    add)
        host=${2:-}
        if [ -z "$host" ]; then
            echo "ERROR: Missing hostname name."
            echo "ex: $ME add <user@host> [<passwd>] (<additional_pass>)"
            exit 1
        fi
        valid_host "$host" || { echo "ERROR: Invalid host '$host' (user@host[:port], no spaces or '|')."; exit 1; }
        if has_host "$host"; then
            echo "ERROR: Host '$host' already added."
            exit 1
        fi
        if [ "$#" -ge 3 ]; then
            pass=$3
            addpass=${4:-}
        else
            echo "Please provide password for host $host."
            printf 'Password: '
            read_secret; pass=$REPLY
            echo "Please provide additional password for host $host (<enter> for empty)."
            printf 'Password: '
            read_secret; addpass=$REPLY
        fi
        case "$pass$addpass" in
            *'|'* | *[[:cntrl:]]*) echo "ERROR: A password may not contain '|' or control characters."; exit 1 ;;
        esac
        [ -f "$PASSLIST" ] || : >"$PASSLIST"
        chmod 600 "$PASSLIST"
        if ! printf '%s|%s|%s\n' "$host" "$pass" "$addpass" >>"$PASSLIST"; then
            echo "ERROR: Unable to creating entry (echo failed)."
            exit 1
        fi
        echo "*Host $host added."
        pin_host_key "$host"
        exit 0
        ;;
    remove)
        host=${2:-}
        if [ -z "$host" ]; then
            echo "ERROR: Missing hostname name."
            echo "ex: $ME remove <user@host>"
            exit 1
        fi
        if ! has_host "$host"; then
            echo "ERROR: Host '$host' not found."
            exit 1
        fi
        tmp=$(mktemp "./.passlist.XXXXXX") || { echo "ERROR: Unable to remove entry."; exit 1; }
        while IFS= read -r line || [ -n "$line" ]; do
            [ "${line%%|*}" = "$host" ] || printf '%s\n' "$line"
        done <"$PASSLIST" >"$tmp"
        chmod 600 "$tmp" && sync "$tmp" 2>/dev/null
        mv -f "$tmp" "$PASSLIST" || { rm -f "$tmp"; echo "ERROR: Unable to remove entry."; exit 1; }
        echo "*Host $host removed."
        exit 0
        ;;
    *)
        echo "ERROR: Invalid argument."
        exit 1
        ;;
esac
