using System.Text;
using OssecSharp.Core.Agents;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Core.Tests.Agents;

public sealed class AgentInfoTests
{
    private const string Uname = "Linux vm 6.18.44 #1 SMP x86_64 - OSSEC HIDS v4.2.0 / 59861a3d47a089d184552003af5f409f";

    [Fact]
    public void The_file_is_named_and_written_as_OSSEC_4_remoted_writes_it()
    {
        AgentInfo.FileName("web01", "any").Should().Be("web01-any");
        AgentInfo.FileName("db01", "10.0.0.0").Should().Be("db01-10.0.0.0");
        AgentInfo.From(Uname, CryptoMethod.Aes).ToBytes().Should().Equal(Encoding.ASCII.GetBytes(Uname + "\ncrypto_method:aes\n"));
        AgentInfo.From(Uname, CryptoMethod.Blowfish).Format().Should().Be(Uname + "\ncrypto_method:blowfish\n");
        new AgentInfo("Windows", null).Format().Should().Be("Windows\n");
    }

    [Fact]
    public void Agent_control_reads_back_the_os_the_version_and_a_trusted_method_only()
    {
        var info = AgentInfo.Read(new StringReader(AgentInfo.From(Uname, CryptoMethod.Blowfish).Format()))!;
        info.OperatingSystem.Should().Be("Linux vm 6.18.44 #1 SMP x86_64");
        info.Version.Should().Be("OSSEC HIDS v4.2.0 / 59861a3d47a089d184552003af5f409f");
        info.Encryption.Should().Be("blowfish");

        var old = AgentInfo.Read(new StringReader("no dash here\ncrypto_method:rot13\n"))!;
        old.OperatingSystem.Should().Be("no dash here");
        old.Version.Should().BeNull();
        old.Encryption.Should().BeNull();
        AgentInfo.Read(new StringReader(string.Empty)).Should().BeNull();
    }

    [Theory]
    [InlineData(null, "NeverConnected")]
    [InlineData(0, "Active")]
    [InlineData(1829, "Active")]
    [InlineData(1830, "Disconnected")]
    [InlineData(100_000, "Disconnected")]
    public void Status_follows_the_1830_second_window_in_whole_seconds(int? ageSeconds, string expected)
    {
        var now = new DateTimeOffset(2026, 11, 22, 0, 30, 0, TimeSpan.Zero).AddMilliseconds(900);
        DateTime? mtime = ageSeconds is { } age ? now.UtcDateTime.AddSeconds(-age) : null;
        AgentInfo.StatusAt(mtime, now).ToString().Should().Be(expected);
    }

    [Fact]
    public void The_window_is_monitord_s_three_notify_times_plus_30_seconds_and_a_backdated_file_is_disconnected()
    {
        AgentInfo.ActiveWindow.Should().Be(TimeSpan.FromSeconds(1830));
        AgentInfo.WindowFor(TimeSpan.FromSeconds(60)).Should().Be(TimeSpan.FromSeconds(210));
        var now = DateTimeOffset.UtcNow;
        AgentInfo.StatusAt(AgentInfo.DisconnectedMtime(now), now).Should().Be(AgentStatus.Disconnected);
    }
}
