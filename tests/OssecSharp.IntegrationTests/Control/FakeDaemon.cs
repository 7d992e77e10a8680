using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Control;

/// <summary>
/// A stand-in daemon (a shell script) that behaves as our daemons do towards ossec-control: <c>-t</c> checks the
/// configuration, a start backgrounds a child that writes <c>var/run/&lt;name&gt;-&lt;pid&gt;.pid</c> and removes it on SIGTERM.
/// Files in the install make it misbehave: <c>fail-test-&lt;name&gt;</c>, <c>fail-start-&lt;name&gt;</c>, <c>die-&lt;name&gt;</c>.
/// </summary>
internal static class FakeDaemon
{
    public static void Install(TestInstall install, string name)
    {
        var path = install.PathOf("bin", name);
        File.WriteAllText(path, $$"""
            #!/bin/sh
            name={{name}}
            if [ "$1" = "-t" ]; then
                if [ -f "$OSSEC_HOME/fail-test-$name" ]; then echo "$name: ERROR: (1230): Invalid element in the configuration: 'bogus'."; exit 1; fi
                exit 0
            fi
            if [ -f "$OSSEC_HOME/fail-start-$name" ]; then echo "$name: ERROR: Unable to bind to port"; exit 1; fi
            sh -c '
                pidfile="$OSSEC_HOME/var/run/$1-$$.pid"
                echo $$ > "$pidfile"
                if [ -f "$OSSEC_HOME/die-$1" ]; then
                    echo "2026/11/22 00:00:00 $1: CRITICAL: (1206): Unable to bind." >> "$OSSEC_HOME/logs/ossec.log"
                    exit 1
                fi
                trap "rm -f \"$pidfile\"; exit 0" TERM
                while :; do sleep 0.1; done
            ' "$name" "$name" </dev/null >/dev/null 2>&1 &
            sleep 0.2
            exit 0
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}
