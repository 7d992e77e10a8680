using OssecSharp.Core.Layout;
using OssecSharp.Core.Rotation;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Rotation;

public sealed class RotationOwnersTests
{
    [Fact]
    public void Plain_ossecsharp_manager_does_every_job_itself()
    {
        using var temp = new TempFolder();
        var paths = new OssecPaths(temp.Path);
        Directory.CreateDirectory(paths.Bin);
        Directory.CreateDirectory(paths.VarRun);
        File.WriteAllText(Path.Combine(paths.Bin, "ossec-remoted"), "apphost");
        File.WriteAllText(Path.Combine(paths.Bin, "ossec-remoted.dll"), "assembly");

        var owners = RotationOwners.Detect(paths);

        owners.Should().Be(new RotationOwners(false, false));
        owners.OurDailyFiles.Should().BeTrue();
        owners.OurMonitor.Should().BeTrue();
    }

    [Fact]
    public void Ossec_binaries_without_our_assembly_are_ossecs()
    {
        using var temp = new TempFolder();
        var paths = new OssecPaths(temp.Path);
        Directory.CreateDirectory(paths.Bin);
        File.WriteAllText(Path.Combine(paths.Bin, "ossec-analysisd"), "ELF");
        File.WriteAllText(Path.Combine(paths.Bin, "ossec-monitord"), "ELF");
        File.WriteAllText(Path.Combine(paths.Bin, "ossec-monitord.dll"), "ours after all");

        var owners = RotationOwners.Detect(paths);

        owners.Should().Be(new RotationOwners(OssecAnalysisd: true, OssecMonitord: false));
        owners.OurDailyFiles.Should().BeFalse();
        owners.OurMonitor.Should().BeTrue();
    }

    [Fact]
    public void Live_pid_file_counts_and_a_stale_one_does_not()
    {
        using var temp = new TempFolder();
        var paths = new OssecPaths(temp.Path);
        Directory.CreateDirectory(paths.VarRun);
        File.WriteAllText(paths.PidFile("ossec-analysisd", 999_999_9), "x");
        RotationOwners.Detect(paths).Should().Be(new RotationOwners(false, false));

        File.WriteAllText(paths.PidFile("ossec-monitord", Environment.ProcessId), "x");
        RotationOwners.Detect(paths).Should().Be(new RotationOwners(false, true));
    }
}
