using OssecSharp.IntegrationTests.Install;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Quickstart;

/// <summary>
/// The README's first command, run as a user runs it on a fresh machine: native programs built from an empty NuGet
/// package cache (the run's shared build, made by the same <c>install.sh --publish-only</c> step the quickstart takes),
/// an install of a manager and an agent, an enrollment, a line sent and the agent shown Active. A regression anywhere
/// in that path fails CI here. Both runs must reuse the build.
/// </summary>
public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_brings_up_a_manager_and_an_agent_from_native_programs_built_from_an_empty_package_cache_twice_in_a_row_and_stops_cleanly()
    {
        var programs = await PublishedBuild.GetAsync();

        // The build says what it is doing instead of staying silent for minutes, and it is native (.ci/run installs
        // clang): one ELF file per program, no assembly beside it.
        programs.Log.Should().Contain("(NativeAOT)").And.Contain("[1/8] publishing ossec-remoted")
            .And.Contain("[8/8] publishing ossec-control").And.NotContain("ReadyToRun");
        foreach (var program in new[] { "ossec-remoted", "ossec-authd", "ossec-agentlessd", "ossec-agentd", "agent-auth", "manage_agents", "agent_control", "ossec-control" })
        {
            var head = new byte[4];
            using (var file = File.OpenRead(Path.Combine(programs.Directory, program)))
            {
                file.ReadExactly(head);
            }

            head.Should().Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], program + " is a native program");
        }

        Directory.GetFiles(programs.Directory, "*.dll").Should().BeEmpty();

        using var folder = new TempFolder("ossec-quickstart-");
        var dir = folder.Combine("qs");
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "quickstart.sh");
        string[] options = ["--dir", dir, "--build-dir", programs.Directory,
            "--remote-port", FreePort.UdpAndTcp().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--auth-port", FreePort.Tcp().ToString(System.Globalization.CultureInfo.InvariantCulture)];

        try
        {
            for (var run = 1; run <= 2; run++)
            {
                var result = await ProcessRunner.RunAsync("/bin/bash", [script, .. options], TimeSpan.FromMinutes(3));
                result.ExitCode.Should().Be(0, $"run {run}: {result.Stdout}\n{result.Stderr}");
                result.Stdout.Should().Contain("up to date (sources unchanged since the last build)");
                result.Stdout.Should().NotContain("publishing");
                result.Stdout.Should().Contain("Started ossec-remoted...");
                result.Stdout.Should().Contain("INFO: Valid key created. Finished.");
                result.Stdout.Should().Contain("Started ossec-agentd...");
                result.Stdout.Should().Contain("The manager received it");
                result.Stdout.Should().MatchRegex(@"ID: \d+, Name: quickstart-agent, IP: [^,]+, Active");
                Directory.GetFiles(Path.Combine(dir, "manager", "bin"), "*.dll").Should().BeEmpty("the installed programs are native");
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
