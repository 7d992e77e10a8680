using System.Text.Json;

namespace OssecSharp.Tests.Common;

/// <summary>
/// Finds the project's reference material (<c>../shared</c> from the repository root) at run time.
/// The vectors are never copied into the project.
/// </summary>
internal static class SharedReference
{
    private static readonly Lazy<string> s_root = new(Locate);

    public static string Root => s_root.Value;

    public static string VectorsDirectory => Path.Combine(Root, "vectors");

    public static string Vector(string fileName) => Path.Combine(VectorsDirectory, fileName);

    public static JsonDocument LoadVectors(string fileName) =>
        JsonDocument.Parse(File.ReadAllBytes(Vector(fileName)));

    /// <summary>The repository root: the folder holding OssecSharp.sln above the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OssecSharp.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("OssecSharp.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("OSSECSHARP_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(Path.Combine(fromEnv, "vectors")))
        {
            return fromEnv;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        if (Directory.Exists(Path.Combine(candidate, "vectors")))
        {
            return candidate;
        }

        throw new InvalidOperationException(
            "The shared reference folder was not found at ../shared from the repository root; set OSSECSHARP_SHARED.");
    }
}
