using System.Text.RegularExpressions;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Logging;

/// <summary>Two processes append to one ossec.log at once: every line whole, none lost (O_APPEND, one write per line).</summary>
public sealed class MultiProcessLogTests
{
    private const int LinesPerWriter = 20_000;

    [Fact]
    public async Task Two_writer_processes_never_tear_or_lose_lines()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("ossec.log");
        await using var first = ProcessRunner.Start("ossecsharp-logwriter-probe", [path, "writer-a", LinesPerWriter.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await using var second = ProcessRunner.Start("ossecsharp-logwriter-probe", [path, "writer-b", LinesPerWriter.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await first.WaitForExitAsync(TimeSpan.FromSeconds(90));
        await second.WaitForExitAsync(TimeSpan.FromSeconds(90));
        first.ExitCode.Should().Be(0, first.Stderr);
        second.ExitCode.Should().Be(0, second.Stderr);

        var text = await File.ReadAllTextAsync(path);
        text.Should().EndWith("\n");
        var lines = text[..^1].Split('\n');
        lines.Should().HaveCount(2 * LinesPerWriter);
        var shape = new Regex(@"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} (writer-[ab]): INFO: line (\d+) x{150}$", RegexOptions.CultureInvariant);
        var seen = new Dictionary<string, List<int>> { ["writer-a"] = [], ["writer-b"] = [] };
        foreach (var line in lines)
        {
            var match = shape.Match(line);
            match.Success.Should().BeTrue($"line '{line}' must be whole");
            seen[match.Groups[1].Value].Add(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        // Each writer's lines are all there, in its own order.
        seen["writer-a"].Should().Equal(Enumerable.Range(0, LinesPerWriter));
        seen["writer-b"].Should().Equal(Enumerable.Range(0, LinesPerWriter));
    }
}
