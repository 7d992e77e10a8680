using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Install;

/// <summary>
/// install.sh on a machine without clang (NativeAOT's linker): it says so in one line and builds ReadyToRun programs
/// that run. The machine is simulated by a PATH that holds every program of the real PATH but clang.
/// </summary>
public sealed class ReadyToRunFallbackTests
{
    [Fact]
    public async Task Without_clang_install_sh_says_so_in_one_line_and_publishes_ReadyToRun_programs_that_run()
    {
        // Both builds publish the same projects through the same obj/ folders: one at a time.
        await PublishedBuild.GetAsync();
        using var folder = new TempFolder("ossec-r2r-");
        var path = Directory.CreateDirectory(folder.Combine("path")).FullName;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var program in Directory.EnumerateFiles(dir))
            {
                var link = Path.Combine(path, Path.GetFileName(program));
                if (!Path.GetFileName(program).StartsWith("clang", StringComparison.Ordinal) && !Path.Exists(link))
                {
                    File.CreateSymbolicLink(link, program);
                }
            }
        }

        var output = folder.Combine("build");
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "install.sh");
        var build = await ProcessRunner.RunAsync("/usr/bin/nice", ["-n", "10", "/bin/bash", script, "--publish-only", output],
            TimeSpan.FromMinutes(10), new Dictionary<string, string?> { ["PATH"] = path });

        build.ExitCode.Should().Be(0, build.Stdout + build.Stderr);
        build.Stdout.Split('\n').Where(l => l.Contains("clang", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Be("install.sh: clang not found: building ReadyToRun instead of NativeAOT (slower start, more memory; install clang for native programs)");
        build.Stdout.Should().Contain("(ReadyToRun)").And.Contain("[8/8] publishing ossec-control");
        File.Exists(Path.Combine(output, "OssecSharp.Core.dll")).Should().BeTrue("a ReadyToRun build runs on the .NET runtime");

        // Each program starts (its runtime found, its assemblies loaded) and prints its version (on stderr, as OSSEC's).
        foreach (var program in new[] { "ossec-remoted", "ossec-authd", "ossec-agentlessd", "ossec-agentd", "agent-auth", "manage_agents", "agent_control" })
        {
            var version = await ProcessRunner.RunAsync(Path.Combine(output, program), ["-V"], TimeSpan.FromSeconds(30));
            version.Stderr.Should().Contain("OSSEC HIDS v4.2.0", program);
        }
    }
}
