using OssecSharp.Agentd.Config;
using OssecSharp.Core.Config;
using OssecSharp.Core.Crypto;

namespace OssecSharp.IntegrationTests.Agentd;

public sealed class ClientSectionTests
{
    private static OssecConfigDocument Doc(string body) =>
        OssecConfigDocument.Parse("<ossec_config>\n" + body + "\n</ossec_config>\n", "ossec.conf");

    [Fact]
    public void Client_defaults_and_values()
    {
        var c = ClientConfig.From(Doc("""
            <client>
              <server-ip>10.0.0.1</server-ip>
              <server-hostname>mgr.example.com</server-hostname>
              <server-ip>2001:db8::1</server-ip>
              <notify_time>10</notify_time>
              <time-reconnect>60</time-reconnect>
              <crypto_method>blowfish</crypto_method>
              <protocol>TCP</protocol>
              <config-profile>web, linux</config-profile>
            </client>
            <syscheck><frequency>10</frequency><whatever/></syscheck>
            """))!;
        c.Servers.Should().Equal(
            new ClientServer("10.0.0.1", false), new ClientServer("mgr.example.com", true), new ClientServer("2001:db8::1", false));
        c.Port.Should().Be(1514);
        c.NotifyTime.Should().Be(10);
        c.TimeReconnect.Should().Be(60);
        c.CryptoMethod.Should().Be(CryptoMethod.Blowfish);
        c.Protocol.Should().Be(TransportProtocol.Tcp);
        c.ConfigProfile.Should().Be("web, linux");
    }

    [Fact]
    public void Client_time_reconnect_is_forced_above_notify_time_and_blocks_append_servers()
    {
        var c = ClientConfig.From(Doc("""
            <client><server-ip>10.0.0.1</server-ip><port>1600</port></client>
            <client><server-ip>10.0.0.2</server-ip><notify_time>2000</notify_time></client>
            """))!;
        c.Servers.Select(s => s.Host).Should().Equal("10.0.0.1", "10.0.0.2");
        c.Port.Should().Be(1514, "scalar options reset at each block");
        c.TimeReconnect.Should().Be(6000);
        c.TimeReconnectAdjusted.Should().BeTrue();
        c.CryptoMethod.Should().Be(CryptoMethod.Aes);
    }

    [Theory]
    [InlineData("<client><server-ip>10.0.0.1</server-ip>\n<port>70000</port></client>", 3, "client/port")]
    [InlineData("<client><server-ip>10.0.0.1</server-ip>\n<port>abc</port></client>", 3, "client/port")]
    [InlineData("<client>\n<server-ip>host.example</server-ip></client>", 3, "client/server-ip")]
    [InlineData("<client><server-ip>10.0.0.1</server-ip>\n<colour>red</colour></client>", 3, "client/colour")]
    [InlineData("<client><port>1514</port></client>", 2, "client")]
    [InlineData("<client><server-ip>10.0.0.1</server-ip>\n<crypto_method>des</crypto_method></client>", 3, "client/crypto_method")]
    public void Client_errors_name_file_line_and_setting(string body, int line, string setting)
    {
        var act = () => ClientConfig.From(Doc(body));
        act.Should().Throw<ConfigException>().Where(e => e.File == "ossec.conf" && e.Line == line && e.Setting == setting);
    }

    [Fact]
    public void No_client_section_is_null() => ClientConfig.From(Doc("<global><x>1</x></global>")).Should().BeNull();

    [Fact]
    public void Localfile_blocks()
    {
        var files = LocalFileConfig.From(Doc("""
            <localfile><log_format>syslog</log_format><location>/var/log/messages</location></localfile>
            <localfile><log_format>full_command</log_format><command>df -P</command><alias>df</alias><frequency>360</frequency></localfile>
            <localfile><log_format>multi-line: 3</log_format><location>/var/log/x</location></localfile>
            """));
        files.Should().HaveCount(3);
        files[0].Location.Should().Be("/var/log/messages");
        files[1].Command.Should().Be("df -P");
        files[1].Alias.Should().Be("df");
        files[1].Frequency.Should().Be(360);
        files[2].LogFormat.Should().Be("multi-line: 3");
    }

    [Theory]
    [InlineData("<localfile>\n<log_format>bogus</log_format><location>/x</location></localfile>", "localfile/log_format")]
    [InlineData("<localfile><log_format>syslog</log_format></localfile>", "localfile")]
    [InlineData("<localfile><log_format>command</log_format><location>/x</location></localfile>", "localfile")]
    [InlineData("<localfile><log_format>syslog</log_format><location>/x</location>\n<size>1</size></localfile>", "localfile/size")]
    public void Localfile_errors(string body, string setting)
    {
        var act = () => LocalFileConfig.From(Doc(body));
        act.Should().Throw<ConfigException>().Where(e => e.Setting == setting);
    }
}
