using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Quickstart;

/// <summary>
/// The README's first command, run as a user runs it on a fresh machine: an empty NuGet package cache, a ReadyToRun
/// build, an install of a manager and an agent, an enrollment, a line sent and the agent shown Active. A regression
/// anywhere in that path fails CI here. The second run must reuse the first run's build.
/// </summary>
public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_brings_up_a_manager_and_an_agent_from_an_empty_package_cache_twice_in_a_row_and_stops_cleanly()
    {
        using var folder = new TempFolder("ossec-quickstart-");
        var dir = folder.Combine("qs");
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "quickstart.sh");
        string[] options = ["--dir", dir, "--build-dir", folder.Combine("build"),
            "--remote-port", FreePort.UdpAndTcp().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--auth-port", FreePort.Tcp().ToString(System.Globalization.CultureInfo.InvariantCulture)];

        // A fresh machine: nothing in the package folder nor in NuGet's HTTP cache, so every package (the crossgen
        // pack of ReadyToRun included) must be restored from the registry by the build itself.
        var freshMachine = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Directory.CreateDirectory(folder.Combine("nuget-packages")).FullName,
            ["NUGET_HTTP_CACHE_PATH"] = Directory.CreateDirectory(folder.Combine("nuget-http-cache")).FullName,
        };

        try
        {
            for (var run = 1; run <= 2; run++)
            {
                var result = await ProcessRunner.RunAsync("/bin/bash", [script, .. options],
                    TimeSpan.FromMinutes(run == 1 ? 8 : 3), freshMachine);
                result.ExitCode.Should().Be(0, $"run {run}: {result.Stdout}\n{result.Stderr}");
                result.Stdout.Should().Contain("Started ossec-remoted...");
                result.Stdout.Should().Contain("INFO: Valid key created. Finished.");
                result.Stdout.Should().Contain("Started ossec-agentd...");
                result.Stdout.Should().Contain("The manager received it");
                result.Stdout.Should().MatchRegex(@"ID: \d+, Name: quickstart-agent, IP: [^,]+, Active");
                if (run == 1)
                {
                    // The build says what it is doing instead of staying silent for minutes.
                    result.Stdout.Should().Contain("[1/8] publishing ossec-remoted").And.Contain("[8/8] publishing ossec-control");
                }
                else
                {
                    result.Stdout.Should().Contain("up to date (sources unchanged since the last build)");
                    result.Stdout.Should().NotContain("publishing");
                }
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
