using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Install;

/// <summary>
/// The eight programs as a user gets them: <c>scripts/install.sh --publish-only</c> on a fresh machine, that is with
/// an empty NuGet package cache (the NativeAOT compiler packages must come from the registry) and clang installed,
/// as <c>.ci/run</c> installs it, so the programs are NativeAOT. Compiling eight native programs takes minutes on two
/// cores, so it is done once per test run and the tests that install programs (quickstart, layout) share the result.
/// </summary>
internal sealed class PublishedBuild
{
    // xunit 2 has no assembly-wide fixture: one lazily started build for the whole test run stands in for it.
    private static readonly Lazy<Task<PublishedBuild>> Shared = new(BuildAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private PublishedBuild(string directory, string log)
    {
        Directory = directory;
        Log = log;
    }

    /// <summary>The folder holding the published programs (install.sh's <c>--stage</c>).</summary>
    public string Directory { get; }

    /// <summary>What install.sh printed while building.</summary>
    public string Log { get; }

    /// <summary>The shared build, started by the first caller.</summary>
    public static Task<PublishedBuild> GetAsync() => Shared.Value;

    private static async Task<PublishedBuild> BuildAsync()
    {
        // Removed when the test run ends; its package folders hold a few hundred MB.
        var folder = new TempFolder("ossec-published-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        var output = folder.Combine("build");
        var freshMachine = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = System.IO.Directory.CreateDirectory(folder.Combine("nuget-packages")).FullName,
            ["NUGET_HTTP_CACHE_PATH"] = System.IO.Directory.CreateDirectory(folder.Combine("nuget-http-cache")).FullName,
        };
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "install.sh");

        // Niced: the compiler takes both cores for minutes, and the tests running beside it have deadlines.
        var build = await ProcessRunner.RunAsync("/usr/bin/nice", ["-n", "10", "/bin/bash", script, "--publish-only", output],
            TimeSpan.FromMinutes(20), freshMachine);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"install.sh --publish-only failed ({build.ExitCode}): {build.Stdout}\n{build.Stderr}");
        }

        return new PublishedBuild(output, build.Stdout);
    }
}
