using System.Net;
using OssecSharp.Core.Config;
using OssecSharp.Remoted;

namespace OssecSharp.IntegrationTests.Remoted;

public sealed class RemotedConfigLoaderTests
{
    private static RemotedConfig Read(string body, InternalOptions? options = null) => RemotedConfigLoader.Read(
        OssecConfigDocument.Parse("<ossec_config>\n" + body + "\n</ossec_config>\n", "ossec.conf"), options ?? InternalOptions.Empty);

    [Fact]
    public void Remote_blocks_become_listeners_and_the_secure_crypto_accept()
    {
        var config = Read("""
            <remote><connection>secure</connection><crypto_accept>aes</crypto_accept><local_ip>127.0.0.1</local_ip></remote>
            <remote>
              <connection>syslog</connection><protocol>udp,tcp</protocol><port>5140</port>
              <allowed-ips>10.0.0.0/8</allowed-ips><allowed-ips>192.168.1.5</allowed-ips><denied-ips>10.1.0.0/16</denied-ips>
              <ipv6>yes</ipv6>
            </remote>
            """);
        config.Listeners.Should().HaveCount(2);
        var secure = config.Listeners[0];
        secure.Secure.Should().BeTrue();
        secure.Port.Should().Be(1514);
        (secure.Udp, secure.Tcp).Should().Be((true, false));
        secure.LocalIp.Should().Be(IPAddress.Loopback);
        config.CryptoAccept.Should().Be(CryptoAcceptPolicy.AesOnly);
        var syslog = config.Listeners[1];
        syslog.Secure.Should().BeFalse();
        (syslog.Udp, syslog.Tcp).Should().Be((true, true));
        syslog.Port.Should().Be(5140);
        syslog.AllowedIps.Select(i => i.Field).Should().Equal("10.0.0.0/8", "192.168.1.5");
        syslog.DeniedIps.Should().ContainSingle();
        syslog.Line.Should().Be(3);
    }

    [Fact]
    public void Syslog_defaults_to_port_514_no_remote_means_no_listener_and_options_have_OSSECs_defaults()
    {
        Read("<remote><connection>syslog</connection><allowed-ips>any</allowed-ips></remote>").Listeners.Single().Port.Should().Be(514);
        var empty = Read("<global><x>1</x></global>");
        empty.Listeners.Should().BeEmpty();
        empty.CryptoAccept.Should().Be(CryptoAcceptPolicy.Any);
        (empty.RecvCounterFlush, empty.VerifyMsgId, empty.PassEmptyKeyfile).Should().Be((128, true, false));
    }

    [Theory]
    [InlineData("<remote>\n<port>1514</port></remote>", "remote")]
    [InlineData("<remote><connection>secure</connection>\n<protocol>sctp</protocol></remote>", "remote/protocol")]
    [InlineData("<remote><connection>secure</connection>\n<nope>1</nope></remote>", "remote/nope")]
    [InlineData("<remote><connection>syslog</connection>\n</remote>", "remote")]
    [InlineData("<remote><connection>syslog</connection>\n<allowed-ips>10.0.0.0/255.0.0.0</allowed-ips></remote>", "remote/allowed-ips")]
    [InlineData("<remote><connection>secure</connection></remote>\n<remote><connection>secure</connection></remote>", "remote")]
    public void Remote_errors_name_the_setting_and_line(string body, string setting)
    {
        var act = () => Read(body);
        act.Should().Throw<ConfigException>().Where(e => e.Setting == setting && e.Line > 0);
    }
}
