using System.Security.Cryptography;
using System.Text;
using OssecSharp.Agentd.Shared;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Agentd.Tests;

public sealed class SharedFileReceiverTests : IDisposable
{
    private readonly TempFolder _root = new("agentd-shared-");

    public void Dispose() => _root.Dispose();

    private string SharedDir => _root.Combine("etc", "shared");

    [Fact]
    public void Merged_file_is_installed_and_split_into_its_files()
    {
        var merged = "!12 agent.conf\n<agent_conf>!18 rootkit_files.txt\n# rootkit file db\n";
        using var receiver = new SharedFileReceiver(SharedDir, Logger.None);

        Receive(receiver, "merged.mg", merged, chunk: 10).Should().BeTrue();

        File.ReadAllText(Path.Combine(SharedDir, "merged.mg")).Should().Be(merged);
        File.ReadAllText(Path.Combine(SharedDir, "agent.conf")).Should().Be("<agent_conf>");
        File.ReadAllText(Path.Combine(SharedDir, "rootkit_files.txt")).Should().Be("# rootkit file db\n");
        Directory.GetFiles(SharedDir).Should().HaveCount(3, "no temporary file is left behind");
    }

    [Fact]
    public void Md5_mismatch_installs_nothing()
    {
        using var receiver = new SharedFileReceiver(SharedDir, Logger.None);
        receiver.Begin(Encoding.ASCII.GetBytes("00000000000000000000000000000000 merged.mg\n")).Should().BeTrue();
        receiver.Append("!3 x\nabc"u8);
        receiver.Close().Should().BeFalse();

        Directory.GetFiles(SharedDir).Should().BeEmpty();
    }

    [Theory]
    [InlineData("../../escape.txt", "-.-..-escape.txt")]
    [InlineData("/etc/passwd", "-etc-passwd")]
    [InlineData(".hidden", "-hidden")]
    [InlineData("..", "-.")]
    public void Malicious_pushed_names_stay_inside_etc_shared(string name, string expected)
    {
        using var receiver = new SharedFileReceiver(SharedDir, Logger.None);

        Receive(receiver, name, "payload\n", chunk: 900).Should().BeTrue();

        File.Exists(Path.Combine(SharedDir, expected)).Should().BeTrue();
        File.Exists(_root.Combine("escape.txt")).Should().BeFalse();
        Directory.GetFiles(_root.Path, "*", SearchOption.AllDirectories)
            .Should().OnlyContain(f => f.StartsWith(SharedDir + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void Malicious_names_inside_merged_mg_are_sanitized_too()
    {
        var merged = "!4 ../../../pwned\nevil!4 merged.mg\nxxxx";
        using var receiver = new SharedFileReceiver(SharedDir, Logger.None);

        Receive(receiver, "merged.mg", merged, chunk: 900).Should().BeTrue();

        File.Exists(_root.Combine("pwned")).Should().BeFalse();
        File.ReadAllText(Path.Combine(SharedDir, "-.-..-..-pwned")).Should().Be("evil");
        File.ReadAllText(Path.Combine(SharedDir, "merged.mg")).Should().Be(merged, "a file named merged.mg inside it never replaces it");
    }

    [Fact]
    public void Aborted_transfer_leaves_no_file()
    {
        using var receiver = new SharedFileReceiver(SharedDir, Logger.None);
        receiver.Begin("d41d8cd98f00b204e9800998ecf8427e empty.txt\n"u8).Should().BeTrue();
        receiver.Abort();

        Directory.GetFiles(SharedDir).Should().BeEmpty();
    }

    private static bool Receive(SharedFileReceiver receiver, string name, string content, int chunk)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
        receiver.Begin(Encoding.UTF8.GetBytes($"{md5} {name}\n")).Should().BeTrue();
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            receiver.Append(bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset)));
        }

        return receiver.Close();
    }
}
