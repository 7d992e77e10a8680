using System.Globalization;
using System.Text.Json;
using OssecSharp.Core.Interop;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.AgentControl;

/// <summary>
/// Replays every vector of agent_control.json against the real executable: an install holding the vector's
/// client.keys and agent-info files (with their recorded mtimes), the vector's host name (a UTS namespace), and the
/// vector's clock (libfaketime; file times are left real), in UTC as recorded. stdout, stderr and the exit code must
/// be the recorded ones byte for byte.
/// </summary>
[Trait("Area", "AgentControl")]
public sealed class AgentControlVectorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>(setup index, vector index, vector name): setup 0 is the top-level one, then more_setups.</summary>
    public static TheoryData<int, int, string> Vectors()
    {
        var data = new TheoryData<int, int, string>();
        var setups = Setups();
        for (var s = 0; s < setups.Count; s++)
        {
            var vectors = setups[s].Vectors;
            for (var v = 0; v < vectors.Count; v++)
            {
                data.Add(s, v, vectors[v].GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    [Fact]
    public void Every_vector_of_the_file_is_replayed()
    {
        var total = SharedReference.LoadVectors("agent_control.json").RootElement.GetProperty("count").GetInt32();

        Vectors().Count().Should().Be(total);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Agent_control_prints_exactly_what_OSSEC_printed(int setupIndex, int vectorIndex, string name)
    {
        var setup = Setups()[setupIndex];
        var otherHostName = System.Net.Dns.GetHostName() != setup.HostName;
        if (otherHostName && !Libc.IsRoot)
        {
            // The host name of the recording needs a UTS namespace (root); CI runs as root.
            return;
        }

        File.Exists("/usr/bin/faketime").Should().BeTrue("the replay needs faketime (.ci/run installs it) to run at the recorded time");
        var vector = setup.Vectors[vectorIndex];
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "client.keys"), setup.ClientKeys);
        foreach (var info in setup.AgentInfo.EnumerateObject())
        {
            var file = install.PathOf("queue", "agent-info", info.Name);
            File.WriteAllText(file, info.Value.GetProperty("content").GetString());
            File.SetLastWriteTimeUtc(file, DateTimeOffset.FromUnixTimeSeconds(info.Value.GetProperty("mtime_epoch").GetInt64()).UtcDateTime);
        }

        var now = DateTimeOffset.FromUnixTimeSeconds(vector.GetProperty("now_epoch").GetInt64())
            .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var argv = vector.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToList();
        var environment = new Dictionary<string, string?>
        {
            ["OSSEC_HOME"] = install.Home,
            ["TZ"] = "UTC",
            // Only the clock is faked: the agent-info mtimes must be read as they are.
            ["NO_FAKE_STAT"] = "1",
        };
        string[] atRecordedTime = ["faketime", "-f", "@" + now, ProcessRunner.ExecutablePath(argv[0]), .. argv.Skip(1)];
        string[] command = !otherHostName
            ? atRecordedTime
            : ["unshare", "-u", "sh", "-c", "hostname \"$1\" && shift && exec \"$@\"", "sh", setup.HostName, .. atRecordedTime];

        var (exitCode, stdout, stderr) = await ExactProcess.RunAsync(command[0], command.Skip(1), environment, Timeout);

        stdout.Should().Be(vector.GetProperty("stdout").GetString(), name);
        stderr.Should().Be(vector.GetProperty("stderr").GetString(), name);
        exitCode.Should().Be(vector.GetProperty("exit_code").GetInt32(), name);
    }

    private static List<Setup> Setups()
    {
        var root = SharedReference.LoadVectors("agent_control.json").RootElement.Clone();
        var first = root.GetProperty("setup");
        var setups = new List<Setup>
        {
            new(first.GetProperty("hostname").GetString()!, first.GetProperty("client_keys").GetString()!, first.GetProperty("agent_info"),
                [.. root.GetProperty("vectors").EnumerateArray()]),
        };
        setups.AddRange(root.GetProperty("more_setups").EnumerateArray().Select(s => new Setup(
            s.GetProperty("hostname").GetString()!, s.GetProperty("client_keys").GetString()!, s.GetProperty("agent_info"),
            [.. s.GetProperty("vectors").EnumerateArray()])));
        return setups;
    }

    private sealed record Setup(string HostName, string ClientKeys, JsonElement AgentInfo, IReadOnlyList<JsonElement> Vectors);
}
