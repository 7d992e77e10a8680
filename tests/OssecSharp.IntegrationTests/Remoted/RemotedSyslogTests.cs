using System.Net;
using System.Net.Sockets;
using System.Text;
using OssecSharp.Core.Keys;
using OssecSharp.Remoted;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

public sealed class RemotedSyslogTests
{
    private static KeyIp Ip(string field)
    {
        KeyIp.TryParse(field, out var ip).Should().BeTrue();
        return ip;
    }

    [Fact]
    public async Task Syslog_from_allowed_sources_is_forwarded_and_denied_sources_are_dropped()
    {
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "client.keys"), TestAgent.NewKeyLine("001", "web01") + "\n");
        var syslog = new RemoteListener
        {
            Secure = false, Port = 0, LocalIp = IPAddress.Loopback,
            AllowedIps = [Ip("127.0.0.0/8")], DeniedIps = [Ip("127.0.0.9")],
        };
        await using var remoted = RemotedHarness.Start(install, syslog: syslog);
        var target = new IPEndPoint(IPAddress.Loopback, remoted.Daemon.SyslogUdpPort);

        using var allowed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await allowed.SendToAsync(Encoding.UTF8.GetBytes("<34>Nov 22 00:00:00 fw01 kernel: drop\n"), target);
        using var denied = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        denied.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 0));
        await denied.SendToAsync(Encoding.UTF8.GetBytes("<34>Nov 22 00:00:00 evil x"), target);

        (await remoted.WaitForEventsAsync(1)).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Log.Lines.Contains("ossec-remoted: WARN: Message from '127.0.0.9' not allowed."), TimeSpan.FromSeconds(5)))
            .Should().BeTrue();
        remoted.Events.Events.Should().Equal("2:127.0.0.1:Nov 22 00:00:00 fw01 kernel: drop");
    }
}
