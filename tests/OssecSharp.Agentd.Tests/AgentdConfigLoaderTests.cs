using OssecSharp.Agentd.Local;
using OssecSharp.Core.Config;
using OssecSharp.Core.Crypto;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Agentd.Tests;

public sealed class AgentdConfigLoaderTests
{
    [Fact]
    public void Reads_client_buffer_localfiles_and_the_reconnect_rule()
    {
        var document = OssecConfigDocument.Parse("""
            <ossec_config>
              <client>
                <server-ip>10.0.0.1</server-ip>
                <server-hostname>manager.example.com</server-hostname>
                <port>1600</port>
                <protocol>tcp</protocol>
                <notify_time>60</notify_time>
                <time-reconnect>30</time-reconnect>
                <crypto_method>blowfish</crypto_method>
              </client>
              <client_buffer>
                <disabled>no</disabled>
                <queue_size>200</queue_size>
                <events_per_second>20</events_per_second>
              </client_buffer>
              <localfile><log_format>syslog</log_format><location>/var/log/messages</location></localfile>
              <localfile><log_format>apache</log_format><location>/var/log/httpd/access_log</location></localfile>
              <localfile><log_format>full_command</log_format><command>df -P</command><alias>disk</alias><frequency>60</frequency></localfile>
              <localfile><log_format>eventchannel</log_format><location>Security</location></localfile>
            </ossec_config>
            """, "ossec.conf");
        var sink = new CollectingSink("ossec-agentd");

        var settings = AgentdConfigLoader.Read(document, InternalOptions.Empty, sink.NewLogger());

        settings.Session.Servers.Select(s => s.Host).Should().Equal("10.0.0.1", "manager.example.com");
        settings.Session.Servers[1].IsHostname.Should().BeTrue();
        settings.Session.Port.Should().Be(1600);
        settings.Session.Tcp.Should().BeTrue();
        settings.Session.NotifyTime.Should().Be(TimeSpan.FromSeconds(60));
        settings.Session.ReconnectTime.Should().Be(TimeSpan.FromSeconds(180));
        settings.Crypto.Should().Be(CryptoMethod.Blowfish);
        settings.BufferEnabled.Should().BeTrue();
        settings.QueueSize.Should().Be(200);
        settings.EventsPerSecond.Should().Be(20);
        settings.LocalFiles.Should().Equal(
            new LocalFileSpec("syslog", "/var/log/messages", null, 0),
            new LocalFileSpec("syslog", "/var/log/httpd/access_log", null, 0),
            new LocalFileSpec("full_command", "df -P", "disk", 60));
        sink.Messages.Should().Contain("Max time to reconnect can't be less than notify_time(60), using notify_time*3 (180)");
        sink.Messages.Should().Contain(m => m.Contains("'eventchannel'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<client_buffer><events_per_second>0</events_per_second></client_buffer>", "events_per_second")]
    [InlineData("<client_buffer><disabled>maybe</disabled></client_buffer>", "disabled")]
    [InlineData("<client_buffer><size>10</size></client_buffer>", "size")]
    public void Bad_client_buffer_values_name_the_setting(string section, string setting)
    {
        var document = OssecConfigDocument.Parse(
            $"<ossec_config><client><server-ip>10.0.0.1</server-ip></client>{section}</ossec_config>", "ossec.conf");

        var read = () => AgentdConfigLoader.Read(document, InternalOptions.Empty, Logger.None);

        read.Should().Throw<ConfigException>().Which.Message.Should().Contain(setting);
    }

    [Fact]
    public void Buffer_defaults_follow_wazuh()
    {
        var document = OssecConfigDocument.Parse("<ossec_config><client><server-ip>10.0.0.1</server-ip></client></ossec_config>", "ossec.conf");

        var settings = AgentdConfigLoader.Read(document, InternalOptions.Empty, Logger.None);

        (settings.BufferEnabled, settings.QueueSize, settings.EventsPerSecond).Should().Be((true, 5000, 500));
        settings.Crypto.Should().Be(CryptoMethod.Aes);
        settings.Session.Port.Should().Be(1514);
    }

    [Fact]
    public void Command_output_events_match_ossec()
    {
        // As captured from real OSSEC (messages.json captured/agent->manager/9): location and label are the alias.
        var command = new LocalFileSpec("command", "echo cmd-event", "echo-cmd", 360);
        var full = new LocalFileSpec("full_command", "printf 'a\\nb\\n'", null, 360);

        CommandRunner.Events(command, "cmd-event hé\n").Select(System.Text.Encoding.UTF8.GetString)
            .Should().Equal("1:echo-cmd:ossec: output: 'echo-cmd': cmd-event hé");
        CommandRunner.Events(full, "a\nb\n").Select(System.Text.Encoding.UTF8.GetString)
            .Should().Equal("1:printf 'a\\nb\\n':ossec: output: 'printf 'a\\nb\\n'':\na\nb\n");
    }
}
