using System.Text;
using OssecSharp.Agentd.Follow;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Agentd.Tests;

public sealed class FileFollowerTests : IDisposable
{
    private readonly TempFolder _dir = new("agentd-follow-");
    private readonly List<string> _lines = [];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Existing_file_is_read_from_its_end_and_new_lines_are_sent()
    {
        var path = _dir.Combine("app.log");
        await File.WriteAllTextAsync(path, "old line\n");
        using var follower = Create(path);

        await follower.PollAsync(CancellationToken.None);
        await File.AppendAllTextAsync(path, "first\nsecond\npart");
        await follower.PollAsync(CancellationToken.None);
        await File.AppendAllTextAsync(path, "ial\n");
        await follower.PollAsync(CancellationToken.None);

        _lines.Should().Equal("first", "second", "partial");
    }

    [Fact]
    public async Task Missing_file_is_picked_up_from_its_start_when_it_appears()
    {
        var path = _dir.Combine("later.log");
        using var follower = Create(path);
        await follower.PollAsync(CancellationToken.None);

        await File.WriteAllTextAsync(path, "hello\n");
        await follower.PollAsync(CancellationToken.None);

        _lines.Should().Equal("hello");
    }

    [Fact]
    public async Task Rotation_reads_the_rest_of_the_old_file_then_the_new_file_without_loss_or_repeat()
    {
        var path = _dir.Combine("rot.log");
        await File.WriteAllTextAsync(path, string.Empty);
        using var follower = Create(path);
        await follower.PollAsync(CancellationToken.None);

        await File.AppendAllTextAsync(path, "a1\n");
        await follower.PollAsync(CancellationToken.None);
        await File.AppendAllTextAsync(path, "a2\n");
        File.Move(path, path + ".1");
        await File.AppendAllTextAsync(path + ".1", "a3\n");
        await File.WriteAllTextAsync(path, "b1\n");
        await follower.PollAsync(CancellationToken.None);
        await File.AppendAllTextAsync(path, "b2\n");
        await follower.PollAsync(CancellationToken.None);

        _lines.Should().Equal("a1", "a2", "a3", "b1", "b2");
    }

    [Fact]
    public async Task Truncation_restarts_from_the_beginning()
    {
        var path = _dir.Combine("trunc.log");
        await File.WriteAllTextAsync(path, string.Empty);
        using var follower = Create(path);
        await follower.PollAsync(CancellationToken.None);
        await File.AppendAllTextAsync(path, "long line number one\n");
        await follower.PollAsync(CancellationToken.None);

        await File.WriteAllTextAsync(path, "short\n");
        await follower.PollAsync(CancellationToken.None);

        _lines.Should().Equal("long line number one", "short");
    }

    [Fact]
    public async Task Long_lines_are_cut_to_the_limit()
    {
        var path = _dir.Combine("long.log");
        await File.WriteAllTextAsync(path, string.Empty);
        using var follower = new FileFollower(path, 8, Collect, Logger.None);
        await follower.PollAsync(CancellationToken.None);
        await File.AppendAllTextAsync(path, "0123456789abcdef\nok\n");
        await follower.PollAsync(CancellationToken.None);

        _lines.Should().Equal("01234567", "ok");
    }

    [Fact]
    public async Task A_cut_line_is_reported_once_per_file_with_ossecs_large_message_line()
    {
        // Issue #13 item 8: a 1 MB line was cut without a word. OSSEC's read_syslog says "Large message size".
        var path = _dir.Combine("huge.log");
        await File.WriteAllTextAsync(path, string.Empty);
        var (log, sink) = CollectingSink.CreateLogger("ossec-agentd");
        using var follower = new FileFollower(path, 6000, Collect, log);
        await follower.PollAsync(CancellationToken.None);
        await File.AppendAllTextAsync(path, new string('x', 1 << 20) + "\nshort\n" + new string('y', 7000) + "\n");
        await follower.PollAsync(CancellationToken.None);

        _lines.Select(l => l.Length).Should().Equal(6000, 5, 6000);
        var reports = sink.Lines.Where(l => l.Contains("Large message size", StringComparison.Ordinal)).ToList();
        reports.Should().ContainSingle();
        reports[0].Should().StartWith("ossec-agentd: ERROR: Large message size(length=1048576): 'xxxx")
            .And.Contain(path).And.Contain("cut to 6000 bytes");
        reports[0].Length.Should().BeLessThan(400, "the sample of the line is short");
    }

    private FileFollower Create(string path) => new(path, 6000, Collect, Logger.None);

    private ValueTask Collect(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        _lines.Add(Encoding.UTF8.GetString(line.Span));
        return ValueTask.CompletedTask;
    }
}
