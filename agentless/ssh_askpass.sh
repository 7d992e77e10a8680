#!/usr/bin/env bash
# SSH_ASKPASS helper of the OssecSharp agentless scripts: prints the password of the host named by
# OSSEC_AGENTLESS_PASSKEY (user@host[:port], not a secret) from agentless/.passlist, so the password is
# never in any process's argv or environment. ssh calls it with its prompt as $1.
set -u
export LC_ALL=C
case "${1:-}" in
    *'(yes/no'*) echo no; exit 0 ;;   # never accept an unknown host key here (keys are pinned)
esac
dir=$(cd "$(dirname "$0")" && pwd -P)
key=${OSSEC_AGENTLESS_PASSKEY:-}
[ -n "$key" ] || exit 1
short=$key
case "$key" in
    *@\[*\]:*) short=${key%:*} ;;
    *@*:*:*) ;;
    *@*:*) short=${key%:*} ;;
esac
for k in "$key" "$short"; do
    while IFS= read -r line || [ -n "$line" ]; do
        if [ "${line%%|*}" = "$k" ]; then
            tail=${line#*|}
            # The additional (su/enable) password is asked for as such by the device scripts only.
            printf '%s\n' "${tail%|*}"
            exit 0
        fi
    done <"$dir/.passlist"
done
exit 1
