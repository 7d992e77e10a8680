#!/bin/bash
# Midnight under load with the real ossec-remoted: remoted runs under libfaketime (faketime(1)) from a few seconds
# before midnight while ossec-loadtool sends at RATE for SECS; afterwards every day file (plain or .gz) is read back
# and the load tool's markers counted: each accepted event must appear exactly once across the two days, and the
# ended day must be gzipped with its .sum. Needs: faketime, a Release build of ossec-remoted and ossec-loadtool.
#
#   day-change-bench.sh <install> <bin dir of ossec-remoted> <bin dir of ossec-loadtool> [rate] [secs] [fake start]
#
# The install needs etc/ossec.conf with a secure UDP <remote> on PORT (default 41514), etc/internal_options.conf
# with monitord.day_wait=5, and client.keys from `ossec-loadtool keys -D <install> -n 10000`. Choose the fake start
# so that midnight falls inside the sending window (the load tool first encodes every event: ~4 s per 50,000 here).
set -u
INST=$1; RBIN=$2; LBIN=$3; RATE=${4:-50000}; SECS=${5:-4}; START=${6:-"2026-12-31 23:59:36"}; PORT=${PORT:-41514}
rm -rf "$INST"/logs/archives/* "$INST"/queue/rids/* "$INST"/var/run/* "$INST"/logs/ossec.log
FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$START" "$RBIN/ossec-remoted" -f -D "$INST" -u root -g root &
FPID=$!
sleep 1.5
# faketime(1) runs remoted as its child: signal and measure remoted itself, not the wrapper.
RPID=$(pgrep -n -P "$FPID" || echo "$FPID")
"$LBIN/ossec-loadtool" run -D "$INST" -p "$PORT" -a 1000 -r "$RATE" -t "$SECS" --pid "$RPID"
for _ in $(seq 1 90); do [ -n "$(find "$INST/logs/archives" -name '*.log.gz' | head -1)" ] && break; sleep 2; done
sleep 3
days() { find "$INST/logs/archives" -name 'ossec-archive-*.log*' ! -name '*.sum' | sort; }
all() { for f in $(days); do case $f in *.gz) zcat "$f";; *) cat "$f";; esac; done; }
for f in $(days); do case $f in *.gz) n=$(zcat "$f" | wc -l);; *) n=$(wc -l < "$f");; esac; echo "$f: $n lines"; done
echo "unique markers: $(all | grep -o 'lt[^ ]*#[0-9]*#' | sort -u | wc -l), lines: $(all | wc -l)"
grep -E '^(events|events_written|discarded.*)=' "$INST/var/run/ossec-remoted.state"
find "$INST/logs/archives" -name '*.sum' -exec cat {} \;
kill "$RPID"; wait "$FPID"
