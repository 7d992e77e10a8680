using System.Text;
using OssecSharp.ManageAgents.Store;

namespace OssecSharp.Core.Tests.ManageAgents;

public sealed class KeyLineLocatorTests
{
    private const string File =
        "# comment 001 x any k\n"
        + "001 #*#*#*#*#*#*#*#*#*#*#\n"
        + "10 ten any key10\n"
        + "001 again any key-001\r\n"
        + "1 one 10.0.0.0/8 key 1 with spaces\n"
        + "002 two\n";

    [Theory]
    [InlineData("001", "001 again any key-001\r")]
    [InlineData("1", "1 one 10.0.0.0/8 key 1 with spaces")]
    [InlineData("10", "10 ten any key10")]
    [InlineData("002", null)]
    [InlineData("0", null)]
    public void Finds_the_first_live_line_of_an_id_as_stored(string id, string? expected) =>
        KeyLineLocator.Find(Encoding.Latin1.GetBytes(File), id).Should().Be(expected);

    [Fact]
    public void Lists_live_lines_as_print_agents_splits_them()
    {
        KeyLineLocator.ListLive(Encoding.Latin1.GetBytes(File)).Should().Equal(
            new AgentLine("10", "ten", "any", "any"),
            new AgentLine("001", "again", "any", "any"),
            new AgentLine("1", "one", "10.0.0.0/8", "10.0.0.0"));
    }
}
