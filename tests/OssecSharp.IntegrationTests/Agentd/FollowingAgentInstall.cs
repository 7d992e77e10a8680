using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>
/// An agent install for process tests: its agentd follows <c>logs/app.log</c> as syslog, with the short loop, state and
/// handshake intervals that keep the tests fast. Each test gives its own <c>&lt;client&gt;</c> elements and any sections
/// to add.
/// </summary>
internal static class FollowingAgentInstall
{
    /// <param name="initialContent">What the followed file holds before agentd starts (agentd begins at its end).</param>
    public static TestInstall Create(
        string clientElements, out string followed, string extraSections = "", string? keyLine = null, string initialContent = "")
    {
        var install = new TestInstall("agent");
        followed = install.PathOf("logs", "app.log");
        File.WriteAllText(followed, initialContent);
        install.WriteConfig($"""
            <ossec_config>
              <client>
            {clientElements}
              </client>
            {extraSections}
              <localfile>
                <log_format>syslog</log_format>
                <location>{followed}</location>
              </localfile>
            </ossec_config>
            """);
        File.WriteAllText(install.PathOf("etc", "local_internal_options.conf"),
            "logcollector.loop_timeout=1\nagent.state_interval=1\nagent.handshake_step_ms=100\n");
        if (keyLine is not null)
        {
            File.WriteAllText(install.PathOf("etc", "client.keys"), keyLine + "\n");
        }

        return install;
    }

    /// <summary>The key line of <see cref="AgentdHarness.DefaultIdentity"/>.</summary>
    public static string DefaultKeyLine()
    {
        var id = AgentdHarness.DefaultIdentity;
        return $"{id.Id} {id.Name} {id.IpString} {id.Key}";
    }

    /// <summary>The default agent's id, name and ip with a key no other test shares.</summary>
    public static string UniqueKeyLine()
    {
        var id = AgentdHarness.DefaultIdentity;
        return $"{id.Id} {id.Name} {id.IpString} {System.Security.Cryptography.RandomNumberGenerator.GetHexString(64, lowercase: true)}";
    }
}
