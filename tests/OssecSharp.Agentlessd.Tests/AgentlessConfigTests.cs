using OssecSharp.Agentlessd.Config;

namespace OssecSharp.IntegrationTests.Agentless.Unit;

public sealed class AgentlessConfigTests
{
    private static AgentlessConfig? Create(out IReadOnlyList<AgentlessConfigError> errors, params (string Name, string Value)[] elements) =>
        AgentlessConfig.TryCreate([elements.Select((e, i) => new AgentlessConfigElement(e.Name, e.Value, i + 1)).ToList()],
            type => type is "ssh_integrity_check_linux" or "ssh_generic_diff", "/var/ossec/agentless", out errors);

    [Fact]
    public void Parses_a_block_with_OSSECs_defaults()
    {
        var config = Create(out var errors, ("type", "ssh_integrity_check_linux"), ("host", "root@10.0.0.5"),
            ("host", "use_su admin@10.0.0.6"), ("state", "periodic"), ("arguments", "/bin /etc"));

        errors.Should().BeEmpty();
        var entry = config!.Entries.Should().ContainSingle().Subject;
        entry.Frequency.Should().Be(86400);
        entry.IsPeriodic.Should().BeTrue();
        entry.IsDiff.Should().BeFalse();
        entry.Hosts.Should().Equal(new AgentlessHost("", "root@10.0.0.5", "root@10.0.0.5"), new AgentlessHost("use_su", "admin@10.0.0.6", "admin@10.0.0.6"));
    }

    [Fact]
    public void Port_element_is_passed_to_the_scripts_but_not_to_names()
    {
        var config = Create(out _, ("type", "ssh_generic_diff"), ("host", "cisco@10.0.0.1"), ("host", "a@b:2200"),
            ("host", "v6@fe80::1"), ("port", "2222"), ("state", "periodic_diff"));

        config!.Entries[0].Hosts.Select(h => (h.Target, h.ScriptTarget)).Should().Equal(
            ("cisco@10.0.0.1", "cisco@10.0.0.1:2222"), ("a@b:2200", "a@b:2200"), ("v6@fe80::1", "v6@[fe80::1]:2222"));
        config.Entries[0].IsDiff.Should().BeTrue();
    }

    [Theory]
    [InlineData("frequency", "-5", 1235, "Invalid value for element 'frequency': -5.")]
    [InlineData("state", "sometimes", 1235, "Invalid value for element 'state': sometimes.")]
    [InlineData("interval", "60", 1230, "Invalid element in the configuration: 'interval'.")]
    [InlineData("host", "../../etc@x", 1235, "Invalid value for element 'host': ../../etc@x.")]
    [InlineData("host", "root@a/b", 1235, "Invalid value for element 'host': root@a/b.")]
    [InlineData("host", "nohost", 1235, "Invalid value for element 'host': nohost.")]
    [InlineData("port", "70000", 1235, "Invalid value for element 'port': 70000.")]
    public void Rejects_bad_values_with_OSSECs_messages(string element, string value, int code, string message)
    {
        var config = Create(out var errors, ("type", "ssh_integrity_check_linux"), ("host", "root@h"), ("state", "periodic"), (element, value));

        config.Should().BeNull();
        errors.Should().Equal(new AgentlessConfigError(code, message));
    }

    [Fact]
    public void Missing_script_and_missing_options_and_zero_frequency_are_errors()
    {
        Create(out var e1, ("type", "../bin/sh"), ("host", "a@b"), ("state", "periodic")).Should().BeNull();
        e1.Should().Equal(new AgentlessConfigError(null, "Unable to find '../bin/sh' at '/var/ossec/agentless'."),
            new AgentlessConfigError(1235, "Invalid value for element 'type': ../bin/sh."));

        Create(out var e2, ("type", "ssh_generic_diff"), ("state", "periodic")).Should().BeNull();
        e2.Should().Equal(new AgentlessConfigError(7103, "Missing agentless options."));

        Create(out var e3, ("type", "ssh_generic_diff"), ("host", "a@b"), ("state", "periodic"), ("frequency", "0")).Should().BeNull();
        e3.Should().Equal(new AgentlessConfigError(7102, "Frequency not set for the periodic option."));
    }

    [Theory]
    [InlineData("/bin /etc", new[] { "/bin", "/etc" })]
    [InlineData("cat /x; ls -la /y", new[] { "cat", "/x;", "ls", "-la", "/y" })]
    [InlineData("'/dir with space' \"a \\\"b\\\"\" c\\ d", new[] { "/dir with space", "a \"b\"", "c d" })]
    [InlineData("$(rm -rf /) `x`", new[] { "$(rm", "-rf", "/)", "`x`" })]
    [InlineData("  ", new string[0])]
    public void Arguments_split_like_a_shell_without_expansion(string text, string[] words) =>
        AgentlessArguments.Split(text).Should().Equal(words);
}
