# Integrity check of the OssecSharp agentless scripts (sourced after agentless_common.sh).
#
# The remote side prints NUL-terminated records "<size>:<perm>:<uid>:<gid>:<md5>:<sha1> <path>" between
# two marker records carrying a random nonce, so names with any character (spaces, newlines) survive the
# trip and nothing printed by a login script can pass for a record. Hashing is batched (one md5sum and one
# sha1sum per xargs batch) instead of OSSEC's five processes per file.

# The remote program for GNU systems. $1 = nonce, then the directories.
agl_remote_linux='n=$1; shift
t=$(mktemp -d 2>/dev/null) || { echo "mktemp failed" >&2; exit 3; }
trap '\''rm -rf "$t"'\'' EXIT
printf "\0OSSEC-BEGIN-%s\0" "$n"
find "$@" -type f -readable -print0 2>/dev/null >"$t/l"
c=$(tr -dc "\0" <"$t/l" | wc -c)
xargs -0 -r stat --printf "%s:%a:%u:%g\0" -- <"$t/l" >"$t/s" 2>/dev/null
xargs -0 -r md5sum -z -- <"$t/l" 2>/dev/null | cut -z -c1-32 >"$t/m"
xargs -0 -r sha1sum -z -- <"$t/l" 2>/dev/null | cut -z -c1-40 >"$t/h"
ok=1
for f in s m h; do [ "$(tr -dc "\0" <"$t/$f" | wc -c)" = "$c" ] || ok=0; done
if [ "$ok" = 1 ]; then
    paste -z -d ":: " "$t/s" "$t/m" "$t/h" "$t/l"
else
    # A file changed or vanished while hashing: redo it file by file so no record is misaligned.
    xargs -0 -r sh -c '\''for f do s=$(stat --printf "%s:%a:%u:%g" -- "$f") && m=$(md5sum <"$f") && h=$(sha1sum <"$f") && printf "%s:%s:%s %s\0" "$s" "${m%% *}" "${h%% *}" "$f"; done'\'' sh <"$t/l"
fi
printf "OSSEC-END-%s\0" "$n"'

# The remote program for BSD systems (stat -f, md5 -q, sha1 -q; permissions in decimal as OSSEC's script).
agl_remote_bsd='n=$1; shift
printf "\0OSSEC-BEGIN-%s\0" "$n"
find "$@" -type f -print0 2>/dev/null | xargs -0 sh -c '\''for f do [ -r "$f" ] || continue; s=$(stat -f "%Dz:%Dp:%Du:%Dg" "$f") && m=$(md5 -q "$f") && h=$(sha1 -q "$f") && printf "%s:%s:%s %s\0" "$s" "$m" "$h" "$f"; done'\'' sh
printf "OSSEC-END-%s\0" "$n"'

agl_quote() {
    # Single-quotes one word for the remote shell.
    local s=${1//\'/\'\\\'\'}
    printf "'%s'" "$s"
}

agl_integrity_check() {
    local flavour=$1 program
    if [ "$flavour" = bsd ]; then program=$agl_remote_bsd; else program=$agl_remote_linux; fi
    [ "${#AGL_ARGS[@]}" -gt 0 ] || agl_fail "ssh_integrity_check <hostname> <arguments>"
    local d
    for d in "${AGL_ARGS[@]}"; do
        case "$d" in
            /*) ;;
            *) agl_fail "Directory '$d' is not an absolute path." ;;
        esac
    done
    agl_mktemp
    local nonce
    nonce=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$program" >"$AGL_TMP/program"
    local cmd
    cmd="$(agl_remote_shell) -- $(agl_quote "$nonce")"
    for d in "${AGL_ARGS[@]}"; do
        cmd="$cmd $(agl_quote "$d")"
    done
    agl_run_remote "$cmd" "$AGL_TMP/out" "$AGL_TMP/err" "$AGL_TMP/program"
    agl_check_ssh_error "$AGL_TMP/err"
    if ! grep -z -q -x "OSSEC-END-$nonce" "$AGL_TMP/out"; then
        if grep -q -e 'sudo' "$AGL_TMP/err"; then
            agl_fail "sudo refused to run the check on host: $AGL_TARGET ."
        fi
        agl_fail "Incomplete output from host: $AGL_TARGET (exit $AGL_RC)."
    fi
    echo "INFO: Started."
    echo "INFO: Starting."
    sed -z -n -e "/^OSSEC-BEGIN-$nonce\$/,/^OSSEC-END-$nonce\$/p" "$AGL_TMP/out" |
        sed -z -E -e '/^OSSEC-(BEGIN|END)-/d' \
            -e '/[[:cntrl:]]/{s/[[:cntrl:]]/?/g;s/^/REJECT: /;b}' \
            -e '/^[0-9]+:[0-9]+:[0-9]+:[0-9]+:[0-9a-f]{32}:[0-9a-f]{40} \//!{s/^/REJECT: /;b}' \
            -e 's/^/FWD: /' |
        tr '\0' '\n'
    echo "INFO: Finished."
    exit 0
}
