using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Quickstart;

/// <summary>
/// The README's first command, run as a user runs it: it builds, installs a manager and an agent, enrolls, sends a
/// line and shows the agent Active. A regression anywhere in that path fails CI here.
/// </summary>
public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_brings_up_a_manager_and_an_agent_twice_in_a_row_and_stops_cleanly()
    {
        using var folder = new TempFolder("ossec-quickstart-");
        var dir = folder.Combine("qs");
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "quickstart.sh");
        string[] ports = ["--remote-port", FreePort.UdpAndTcp().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--auth-port", FreePort.Tcp().ToString(System.Globalization.CultureInfo.InvariantCulture)];

        try
        {
            for (var run = 1; run <= 2; run++)
            {
                var result = await ProcessRunner.RunAsync("/bin/bash", [script, "--dir", dir, "--no-r2r", .. ports],
                    TimeSpan.FromMinutes(6));
                result.ExitCode.Should().Be(0, $"run {run}: {result.Stdout}\n{result.Stderr}");
                result.Stdout.Should().Contain("Started ossec-remoted...");
                result.Stdout.Should().Contain("INFO: Valid key created. Finished.");
                result.Stdout.Should().Contain("Started ossec-agentd...");
                result.Stdout.Should().Contain("The manager received it");
                result.Stdout.Should().MatchRegex(@"ID: \d+, Name: quickstart-agent, IP: [^,]+, Active");
            }
        }
        finally
        {
            var stop = await ProcessRunner.RunAsync("/bin/bash", [script, "--stop", "--dir", dir], TimeSpan.FromMinutes(2));
            stop.ExitCode.Should().Be(0, stop.Stdout + stop.Stderr);
        }

        Directory.Exists(dir).Should().BeFalse();
    }
}
