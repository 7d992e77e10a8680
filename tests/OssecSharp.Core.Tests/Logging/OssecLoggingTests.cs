using OssecSharp.Core.Layout;
using OssecSharp.Core.Logging;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Logging;

public sealed class OssecLoggingTests
{
    [Theory]
    [InlineData(0, false, false)]
    [InlineData(1, true, false)]
    [InlineData(2, true, true)]
    public void Debug_count_selects_debug1_and_debug2(int debugLevel, bool debugWritten, bool verboseWritten)
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("logs"));
        var paths = new OssecPaths(temp.Path);
        using (var logger = OssecLogging.CreateLogger("ossec-test", paths, debugLevel, foreground: false))
        {
            logger.Information("info line");
            logger.Debug("debug1 line");
            logger.Verbose("debug2 line");
        }

        var text = File.ReadAllText(paths.OssecLog);
        text.Should().Contain("ossec-test: INFO: info line\n");
        text.Contains("ossec-test: DEBUG: debug1 line\n", StringComparison.Ordinal).Should().Be(debugWritten);
        text.Contains("ossec-test: DEBUG: debug2 line\n", StringComparison.Ordinal).Should().Be(verboseWritten);
    }

    [Fact]
    public void Foreground_writes_the_same_line_to_stderr()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("logs"));
        var paths = new OssecPaths(temp.Path);
        using var stderr = new StringWriter();
        using (var logger = OssecLogging.CreateLogger("ossec-test", paths, 0, foreground: true, stderr))
        {
            logger.Warning("careful");
        }

        stderr.ToString().Should().Be(File.ReadAllText(paths.OssecLog));
        stderr.ToString().Should().EndWith(" ossec-test: WARN: careful\n");
    }

    [Fact]
    public void File_sink_follows_a_rotation_by_rename_and_creates_the_file_0660()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("ossec.log");
        var (logger, sink) = CollectingSink.CreateLogger();
        logger.Information("one");
        logger.Information("two");
        var fileSink = new OssecLogFileSink(path, "ossec-test");

        fileSink.Emit(sink.Events[0]);
        File.Move(path, path + ".1");
        fileSink.Emit(sink.Events[1]);

        File.ReadAllText(path + ".1").Should().EndWith("ossec-test: INFO: one\n");
        File.ReadAllText(path).Should().EndWith("ossec-test: INFO: two\n");
        fileSink.FailedWrites.Should().Be(0);
    }

    [Fact]
    public void Missing_folder_is_counted_not_thrown()
    {
        using var temp = new TempFolder();
        var (logger, sink) = CollectingSink.CreateLogger();
        logger.Information("one");
        var fileSink = new OssecLogFileSink(temp.Combine("missing", "ossec.log"), "ossec-test");

        fileSink.Emit(sink.Events[0]);

        fileSink.FailedWrites.Should().Be(1);
    }
}
