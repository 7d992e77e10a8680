#!/usr/bin/env bash
# Prints the default ossec.conf of an agent for this machine: the manager to report to, and the logs it has.
# The system logs are followed as files when they exist (/var/log/syslog, auth.log, messages, secure); on a
# journald-only system (Debian 12 and later) the journal is read through a command instead, from where the
# previous run stopped (journalctl's cursor file), so nothing is sent twice or skipped.
#
#   scripts/agent-conf.sh [INSTALL_DIR]     (INSTALL_DIR: where the cursor file goes, default /var/ossec)
set -euo pipefail
home=${1:-/var/ossec}

cat <<CONF
<!-- OssecSharp agent configuration (OSSEC's ossec.conf dialect). Set the manager's address in <server-ip>. -->
<ossec_config>
  <client>
    <server-ip>127.0.0.1</server-ip>
    <port>1514</port>
    <protocol>udp</protocol>
    <crypto_method>aes</crypto_method>
    <notify_time>10</notify_time>
    <time-reconnect>60</time-reconnect>
  </client>
CONF

found=0
for log in /var/log/syslog /var/log/auth.log /var/log/messages /var/log/secure; do
    [ -f "$log" ] || continue
    found=1
    cat <<CONF

  <localfile>
    <log_format>syslog</log_format>
    <location>$log</location>
  </localfile>
CONF
done

if [ "$found" = 0 ] && command -v journalctl >/dev/null 2>&1; then
    cursor=$home/queue/ossec/journal.cursor
    cat <<CONF

  <!-- No syslog files on this machine: the journal, every 10 s, from where the previous run stopped.
       ossec-agentd runs as user ossec, which the installer adds to group systemd-journal to read it. -->
  <localfile>
    <log_format>command</log_format>
    <command>journalctl --quiet --no-pager --output=short --cursor-file=$cursor \$([ -s $cursor ] || echo --since=-10s)</command>
    <alias>journald</alias>
    <frequency>10</frequency>
  </localfile>
CONF
fi

echo "</ossec_config>"
