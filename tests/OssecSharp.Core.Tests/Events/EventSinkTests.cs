using System.Text;
using OssecSharp.Core.Events;
using OssecSharp.Core.Net;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Core.Tests.Events;

public sealed class EventSinkTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static ArchiveEvent Event(int i) =>
        new('1', "(web01) any->/var/log/auth.log", $"message {i}", DateTimeOffset.Now, "001", "web01", "any");

    [Fact]
    public async Task Events_are_archived_and_forwarded_to_a_bound_reader()
    {
        using var temp = new TempFolder();
        using var server = UnixDatagramServer.Bind(temp.Combine("queue"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var options = new EventSinkOptions { ArchivesLog = temp.Combine("archives.log"), ArchivesJson = temp.Combine("archives.json"), AnalysisSocket = server.Path };
        var sink = new EventSink(options, Logger.None);
        sink.Start();

        sink.TryEnqueue(Event(1)).Should().BeTrue();
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(Deadline);
        var length = await server.ReceiveAsync(buffer, cts.Token);
        (await sink.StopAsync(Deadline)).Should().BeTrue();
        await sink.DisposeAsync();

        Encoding.UTF8.GetString(buffer, 0, length).Should().Be("1:(web01) any->/var/log/auth.log:message 1\0");
        File.ReadAllText(options.ArchivesLog).Should().EndWith(" (web01) any->/var/log/auth.log message 1\n");
        File.ReadAllLines(options.ArchivesJson).Should().ContainSingle().Which.Should().Contain("\"full_log\":\"message 1\"");
        sink.Counters.Should().Be(new EventSinkCounters(1, 1, 0, 1, 0, 0));
    }

    [Fact]
    public async Task Missing_reader_is_counted_archiving_goes_on_and_a_later_reader_is_found()
    {
        using var temp = new TempFolder();
        var socketPath = temp.Combine("queue");
        var (logger, logs) = CollectingSink.CreateLogger("ossec-remoted");
        var options = new EventSinkOptions
        {
            ArchivesLog = temp.Combine("archives.log"),
            AnalysisSocket = socketPath,
            ConnectRetryInterval = TimeSpan.FromMilliseconds(100),
        };
        var sink = new EventSink(options, logger);
        sink.Start();

        sink.TryEnqueue(Event(1));
        (await ProcessRunner.WaitUntilAsync(() => sink.Counters.Written == 1, Deadline)).Should().BeTrue();
        sink.Counters.AnalysisFailures.Should().Be(1);

        using var server = UnixDatagramServer.Bind(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await Task.Delay(150);
        sink.TryEnqueue(Event(2));
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(Deadline);
        var length = await server.ReceiveAsync(buffer, cts.Token);
        await sink.DisposeAsync();

        Encoding.UTF8.GetString(UnixDatagramServer.TrimNul(buffer.AsSpan(0, length))).Should().EndWith(":message 2");
        File.ReadAllLines(options.ArchivesLog).Should().HaveCount(2);
        sink.Counters.Forwarded.Should().Be(1);
        logs.Lines.Should().NotContain(l => l.Contains("WARN", StringComparison.Ordinal), "an absent analysisd is only counted");
    }

    [Fact]
    public async Task Slow_writer_full_queue_discards_counts_and_reports_but_loses_nothing_accepted()
    {
        using var temp = new TempFolder();
        var (logger, logs) = CollectingSink.CreateLogger("ossec-remoted");
        var options = new EventSinkOptions
        {
            Capacity = 4,
            ArchivesLog = temp.Combine("archives.log"),
            WriterDelay = TimeSpan.FromMilliseconds(100),
            DropReportInterval = TimeSpan.Zero,
        };
        var sink = new EventSink(options, logger);
        sink.Start();

        var accepted = 0;
        for (var i = 0; i < 50; i++)
        {
            if (sink.TryEnqueue(Event(i)))
            {
                accepted++;
            }
        }

        (await sink.StopAsync(Deadline)).Should().BeTrue();
        await sink.DisposeAsync();

        var counters = sink.Counters;
        counters.Received.Should().Be(accepted);
        counters.Discarded.Should().Be(50 - accepted).And.BeGreaterThan(0);
        counters.Written.Should().Be(accepted);
        File.ReadAllLines(options.ArchivesLog).Should().HaveCount(accepted);
        logs.Lines.Should().Contain(l => l.EndsWith($"WARN: {50 - accepted} events discarded: event queue full (4 events).", StringComparison.Ordinal));
        sink.TryEnqueue(Event(99)).Should().BeFalse("a stopped sink accepts nothing");
    }

    [Fact]
    public async Task Stop_flushes_every_queued_event()
    {
        using var temp = new TempFolder();
        var options = new EventSinkOptions { ArchivesLog = temp.Combine("archives.log"), Capacity = 5000 };
        var sink = new EventSink(options, Logger.None);
        sink.Start();
        for (var i = 0; i < 3000; i++)
        {
            sink.TryEnqueue(Event(i)).Should().BeTrue();
        }

        (await sink.StopAsync(Deadline)).Should().BeTrue();
        await sink.DisposeAsync();

        var lines = File.ReadAllLines(options.ArchivesLog);
        lines.Should().HaveCount(3000);
        lines[2999].Should().EndWith("message 2999");
        sink.Counters.ToStateValues().Should().Contain(new KeyValuePair<string, string>("events_written", "3000"));
    }
}
