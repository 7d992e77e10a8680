using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Layout;

/// <summary>The default agent configuration install.sh writes follows what the machine has (scripts/agent-conf.sh).</summary>
public sealed class AgentConfTests
{
    private static readonly string[] s_syslogFiles = ["/var/log/syslog", "/var/log/auth.log", "/var/log/messages", "/var/log/secure"];

    [Fact]
    public async Task The_default_agent_config_names_only_logs_this_machine_has_and_passes_agentds_configuration_test()
    {
        using var install = new TestInstall("agent");
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "agent-conf.sh");

        var generate = await ProcessRunner.RunAsync("/bin/bash", [script, install.Home]);

        generate.ExitCode.Should().Be(0, generate.Stderr);
        var config = generate.Stdout;
        foreach (var file in s_syslogFiles)
        {
            config.Contains($"<location>{file}</location>", StringComparison.Ordinal).Should().Be(File.Exists(file), file);
        }

        if (!s_syslogFiles.Any(File.Exists))
        {
            // journald only (Debian 12): the journal through a command, resumed from its cursor file.
            config.Should().Contain("<log_format>command</log_format>")
                .And.Contain($"journalctl --quiet --no-pager --output=short --cursor-file={install.PathOf("queue", "ossec", "journal.cursor")}");
        }

        install.WriteConfig(config);
        var test = await ProcessRunner.RunAsync("ossec-agentd", ["-t", "-D", install.Home], TimeSpan.FromSeconds(30));
        test.ExitCode.Should().Be(0, test.Stdout + test.Stderr);
    }
}
