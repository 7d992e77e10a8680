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
        // Beside the test binaries, replaced by the next run: a temporary folder was left behind when the test host
        // was ended without running its exit handlers.
        var root = Path.Combine(AppContext.BaseDirectory, "published-programs");
        if (System.IO.Directory.Exists(root))
        {
            System.IO.Directory.Delete(root, recursive: true);
        }

        var output = Path.Combine(root, "build");
        var packages = System.IO.Directory.CreateDirectory(Path.Combine(root, "nuget-packages")).FullName;
        var httpCache = System.IO.Directory.CreateDirectory(Path.Combine(root, "nuget-http-cache")).FullName;
        var freshMachine = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = packages,
            ["NUGET_HTTP_CACHE_PATH"] = httpCache,
        };
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "install.sh");

        try
        {
            // Niced: the compiler takes both cores for minutes, and the tests running beside it have deadlines.
            var build = await ProcessRunner.RunAsync("/usr/bin/nice", ["-n", "10", "/bin/bash", script, "--publish-only", output],
                TimeSpan.FromMinutes(20), freshMachine);
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"install.sh --publish-only failed ({build.ExitCode}): {build.Stdout}\n{build.Stderr}");
            }

            return new PublishedBuild(output, build.Stdout);
        }
        finally
        {
            // The package folders (a few hundred MB) serve the build only; the next run removes what is left.
            try
            {
                System.IO.Directory.Delete(packages, recursive: true);
                System.IO.Directory.Delete(httpCache, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
