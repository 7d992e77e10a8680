using OssecSharp.Core.Cli;

namespace OssecSharp.Core.Tests.Cli;

public sealed class OssecCommandLineTests
{
    private static readonly OssecCommandSpec Authd = OssecCommandSpec.ForDaemon(
        "ossec-authd", "ossec", "ossec", [new('p', "port", "Manager port (default: 1515)"), new('i', null, "Use client's source IP address")]);

    [Fact]
    public void Bundled_switches_and_counted_debug()
    {
        var result = OssecCommandLine.Parse(Authd, ["-fdd", "-d"]);

        result.Success.Should().BeTrue();
        result.Count('d').Should().Be(3);
        var common = CommonOptions.From(result);
        common.Foreground.Should().BeTrue();
        common.DebugLevel.Should().Be(3);
        common.TestConfig.Should().BeFalse();
    }

    [Theory]
    [InlineData(new[] { "-c/etc/x.conf" }, "/etc/x.conf")]
    [InlineData(new[] { "-c", "/etc/x.conf" }, "/etc/x.conf")]
    [InlineData(new[] { "-fc/etc/x.conf" }, "/etc/x.conf")]
    [InlineData(new[] { "-c", "-f" }, "-f")]
    [InlineData(new[] { "-c", "a", "-c", "b" }, "b")]
    public void Arguments_attached_separate_or_bundled(string[] args, string expected)
    {
        var result = OssecCommandLine.Parse(Authd, args);

        result.Success.Should().BeTrue();
        result.Value('c').Should().Be(expected);
    }

    [Fact]
    public void Operands_are_permuted_and_double_dash_ends_options()
    {
        var result = OssecCommandLine.Parse(Authd, ["one", "-Dfoo", "-", "-p", "1515", "--", "-t"]);

        result.Success.Should().BeTrue();
        result.Value('D').Should().Be("foo");
        result.Value('p').Should().Be("1515");
        result.Has('t').Should().BeFalse();
        result.Operands.Should().Equal("one", "-", "-t");
    }

    [Fact]
    public void Unknown_flag_gives_getopts_message()
    {
        var result = OssecCommandLine.Parse(Authd, ["-f", "-x"]);

        result.Success.Should().BeFalse();
        result.Error.Should().Be("ossec-authd: invalid option -- 'x'");
        (result.BadFlag, result.MissingArgument).Should().Be(('x', false));
    }

    [Fact]
    public void Missing_argument_gives_getopts_message()
    {
        var result = OssecCommandLine.Parse(Authd, ["-fD"]);

        result.Error.Should().Be("ossec-authd: option requires an argument -- 'D'");
        (result.BadFlag, result.MissingArgument).Should().Be(('D', true));
    }

    [Fact]
    public void Help_has_OSSECs_header_usage_and_aligned_options()
    {
        using var writer = new StringWriter();
        OssecCommandSpec.ForDaemon("ossec-remoted", "ossecr", "ossec").WriteHelp(writer);

        var text = writer.ToString();
        text.Should().StartWith(" \nOSSEC HIDS v4.2.0 - OSSEC Foundation (contact@ossec.net)\nhttps://www.ossec.net\n \n");
        text.Should().Contain("  ossec-remoted: -[Vhdtf] [-u user] [-g group] [-c config] [-D dir]\n");
        text.Should().Contain("    -V          Version and license message\n");
        text.Should().Contain("    -u <user>   User to run as (default: ossecr)\n");
        text.Should().Contain("    -c <config> Configuration file to use (default: /etc/ossec.conf)\n");
        text.Should().Contain("                can be specified multiple times\n");
    }

    [Fact]
    public void Usage_lists_extra_flags()
    {
        Authd.Usage.Should().Be("-[Vhdtfi] [-u user] [-g group] [-c config] [-D dir] [-p port]");
    }

    [Fact]
    public void Version_names_OSSEC_and_us()
    {
        using var writer = new StringWriter();
        OssecCommandSpec.WriteVersion(writer);

        writer.ToString().Should().StartWith("\nOSSEC HIDS v4.2.0 - OssecSharp 1.0.0\n\n");
        writer.ToString().Should().Contain("GNU General Public License");
    }

    [Fact]
    public void Declaring_a_flag_twice_is_a_programming_error()
    {
        var act = () => OssecCommandSpec.ForDaemon("x", "u", "g", [new('d', null, "again")]);

        act.Should().Throw<ArgumentException>();
    }
}
