using OssecSharp.Agentd;
using OssecSharp.Core.Layout;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>What agentd says about its client.keys when it cannot use it: the real reason, not "not found or empty".</summary>
public sealed class AgentdKeyLoadTests
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_file_with_only_a_bad_line_says_which_line_and_why()
    {
        using var install = new TestInstall("agent");
        File.WriteAllText(install.PathOf("etc", "client.keys"), $"001 agent 999.1.1.1 {K}\n");
        var log = new CollectingSink("ossec-agentd");
        var daemon = new AgentdDaemon(new OssecPaths(install.Home), new AgentdConfig { Session = AgentdHarness.Session(1514) }, log.NewLogger(), TimeProvider.System);

        daemon.LoadIdentity().Should().BeNull();

        log.Messages.Should().Contain("Invalid ip address: '999.1.1.1'. (client.keys line 1: agent '001' skipped)");
        log.Messages.Should().Contain(m => m.StartsWith("No usable key in ", StringComparison.Ordinal) && m.EndsWith(": 1 line(s) skipped (see above).", StringComparison.Ordinal));
        log.Messages.Should().NotContain("File client.keys not found or empty.");
    }

    [Fact]
    public void A_missing_file_gets_ossecs_lines()
    {
        using var install = new TestInstall("agent");
        var log = new CollectingSink("ossec-agentd");
        var daemon = new AgentdDaemon(new OssecPaths(install.Home), new AgentdConfig { Session = AgentdHarness.Session(1514) }, log.NewLogger(), TimeProvider.System);

        daemon.LoadIdentity().Should().BeNull();

        log.Messages.Should().Contain($"Authentication key file '{install.PathOf("etc", "client.keys")}' not found.");
        log.Messages.Should().Contain("File client.keys not found or empty.");
    }

    [Fact]
    public void The_first_good_line_is_used_after_a_bad_one_which_is_logged()
    {
        using var install = new TestInstall("agent");
        File.WriteAllText(install.PathOf("etc", "client.keys"), $"a/b bad any {K}\n1024 agent any {K}\n");
        var log = new CollectingSink("ossec-agentd");
        var daemon = new AgentdDaemon(new OssecPaths(install.Home), new AgentdConfig { Session = AgentdHarness.Session(1514) }, log.NewLogger(), TimeProvider.System);

        daemon.LoadIdentity()!.Id.Should().Be("1024");
        log.Messages.Should().Contain("client.keys line 1: invalid agent id 'a/b' (1 to 8 digits expected); line skipped.");
    }
}
