using System.Net.Sockets;
using System.Text;
using OssecSharp.Core.Net;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Net;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnixDatagramTests
{
    [Fact]
    public async Task Server_binds_with_mode_replaces_stale_file_and_strips_NUL()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("queue");
        await File.WriteAllTextAsync(path, "stale");
        var received = new List<string>();
        using (var server = UnixDatagramServer.Bind(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite))
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var loop = server.RunAsync(bytes =>
            {
                lock (received)
                {
                    received.Add(Encoding.UTF8.GetString(bytes));
                }
            }, cts.Token);
            using var client = new UnixDatagramClient(path, TimeSpan.FromSeconds(1));
            client.TrySend("1:test:hello\0"u8).Should().BeTrue();
            client.TrySend("1:test:world"u8).Should().BeTrue();
            (await ProcessRunner.WaitUntilAsync(() => { lock (received) { return received.Count == 2; } }, TimeSpan.FromSeconds(10))).Should().BeTrue();
            await cts.CancelAsync();
            await loop.WaitAsync(TimeSpan.FromSeconds(10));
        }

        received.Should().Equal("1:test:hello", "1:test:world");
        File.Exists(path).Should().BeFalse("the bound path is removed on dispose");
    }

    [Fact]
    public void Client_without_reader_fails_fast_and_waits_before_retrying()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("absent");
        using var client = new UnixDatagramClient(path, TimeSpan.FromHours(1));

        client.TrySend("x"u8).Should().BeFalse();
        var firstError = client.LastError;
        firstError.Should().NotBe(SocketError.Success);

        using var server = UnixDatagramServer.Bind(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        client.TrySend("x"u8).Should().BeFalse("the retry delay has not passed");
        client.IsConnected.Should().BeFalse();
    }

    [Fact]
    public void Busy_reader_gives_false_without_blocking()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("busy");
        using var server = UnixDatagramServer.Bind(path, UnixFileMode.UserRead | UnixFileMode.UserWrite, receiveBufferBytes: 4096);
        using var client = new UnixDatagramClient(path, TimeSpan.FromSeconds(1));
        var payload = new byte[1024];

        var sent = 0;
        var started = DateTime.UtcNow;
        while (client.TrySend(payload) && sent < 100_000)
        {
            sent++;
        }

        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(5));
        client.LastError.Should().BeOneOf(SocketError.WouldBlock, SocketError.NoBufferSpaceAvailable);
        client.IsConnected.Should().BeTrue("a busy reader keeps the connection");
    }

    [Fact]
    public void Blocking_receive_reads_datagrams_and_returns_at_once_when_stopped()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("queue");
        using var server = UnixDatagramServer.Bind(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var client = new UnixDatagramClient(path, TimeSpan.FromSeconds(1));
        client.TrySend("1:x:first\0"u8).Should().BeTrue();
        var buffer = new byte[256];
        var length = server.Receive(buffer, TimeSpan.FromSeconds(5));
        Encoding.ASCII.GetString(buffer, 0, length).Should().Be("1:x:first\0");

        var timedOut = () => server.Receive(buffer, TimeSpan.FromMilliseconds(50));
        timedOut.Should().Throw<SocketException>().Which.SocketErrorCode.Should().BeOneOf(SocketError.TimedOut, SocketError.WouldBlock);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var reader = new Thread(() => length = server.Receive(buffer, TimeSpan.FromSeconds(30)));
        reader.Start();
        Thread.Sleep(100);
        server.StopReceiving();
        reader.Join(TimeSpan.FromSeconds(5)).Should().BeTrue("a shutdown wakes the blocked receive");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        length.Should().Be(0);
    }
}
