using OssecSharp.Core.Config;
using OssecSharp.Core.Layout;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Config;

public sealed class InternalOptionsTests
{
    [Fact]
    public void Local_file_wins_and_first_line_of_a_file_wins()
    {
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "internal_options.conf"),
            "# comment\n remoted.debug=2\nremoted.recv_counter_flush=128\r\nremoted.verify_msg_id=1\nremoted.verify_msg_id=0\nagent.debug=1\n");
        File.WriteAllText(install.PathOf("etc", "local_internal_options.conf"), "remoted.recv_counter_flush=500\n");

        var options = InternalOptions.Load(new OssecPaths(install.Home));

        options.GetInt("remoted", "recv_counter_flush", 128, 10, 999999).Should().Be(500);
        options.GetInt("remoted", "verify_msg_id", 1, 0, 1).Should().Be(1);
        options.GetInt("remoted", "debug", 0, 0, 2).Should().Be(0, "lines starting with a space are skipped");
        options.GetInt("agent", "debug", 0, 0, 2).Should().Be(1);
        options.GetInt("authd", "worker_pool", 8, 1, 128).Should().Be(8, "missing keys take the default (deviation)");
    }

    [Theory]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("12a")]
    [InlineData("")]
    public void Out_of_range_or_non_numeric_is_an_error_naming_file_line_and_option(string value)
    {
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "internal_options.conf"), "# x\nremoted.recv_counter_flush=" + value + "\n");
        var options = InternalOptions.Load(new OssecPaths(install.Home));

        var act = () => options.GetInt("remoted", "recv_counter_flush", 128, 10, 999999);
        act.Should().Throw<ConfigException>()
            .Where(e => e.Line == 2 && e.Setting == "remoted.recv_counter_flush" && e.File.EndsWith("internal_options.conf"));
    }

    [Fact]
    public void Missing_files_give_defaults()
    {
        using var folder = new TempFolder();
        var options = InternalOptions.Load(folder.Combine("a"), folder.Combine("b"));
        options.GetInt("remoted", "recv_counter_flush", 128, 10, 999999).Should().Be(128);
        options.GetString("remoted", "x").Should().BeNull();
    }
}
