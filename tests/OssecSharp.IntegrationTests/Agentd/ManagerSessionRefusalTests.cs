using System.Text;
using OssecSharp.Agentd.Session;
using OssecSharp.Agentd.Shared;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>
/// A manager restart is detected by the receive loop (the ICMP refusal) while the event pump may be in the middle
/// of a send: the event that met the closed port must be sent again, not counted as delivered.
/// </summary>
public sealed class ManagerSessionRefusalTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Event_in_flight_when_the_refusal_is_seen_is_sent_again()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        using var folder = new TempFolder("agentd-refusal");
        Directory.CreateDirectory(folder.Combine("rids"));
        Directory.CreateDirectory(folder.Combine("shared"));
        var log = new CollectingSink("ossec-agentd").NewLogger();
        var time = new PausingTimeProvider(TimeSpan.FromSeconds(2));
        using var sender = new SenderCounter(folder.Combine("rids", "sender_counter"));
        using var receive = new ReceiveCounterStore(folder.Combine("rids"));
        using var codec = new AgentChannelCodec(AgentdHarness.DefaultIdentity, CryptoMethod.Aes, sender, receive, verifyMessageId: false);
        using var shared = new SharedFileReceiver(folder.Combine("shared"), log);
        var handler = new ManagerMessageHandler(shared, null, folder.Combine(".syscheck_run"), log);

        // No keepalive during the test: the event under test must be the first datagram to meet the closed port.
        var options = AgentdHarness.Session(manager.Port) with { NotifyTime = TimeSpan.FromMinutes(10), ReconnectTime = TimeSpan.FromMinutes(10) };
        using var session = new ManagerSession(options, codec, handler, () => "#!-Linux test\n"u8.ToArray(), () => [], log, time);
        using var stop = new CancellationTokenSource();
        var running = session.RunAsync(stop.Token);
        try
        {
            await session.WaitConnectedAsync(stop.Token).WaitAsync(s_wait);
            await manager.StopAsync();

            // The sending flow pauses right after the datagram left (when it reads the clock to remember the send),
            // so the receive loop sees the refusal while the send is still in flight (2 s: long enough for the thread
            // pool to run the receive loop even on a busy machine).
            var sent = await Task.Run(async () =>
            {
                time.PauseThisFlow();
                return await session.SendEventAsync(new PendingEvent(7, Encoding.UTF8.GetBytes("1:test:in flight")), stop.Token);
            }).WaitAsync(s_wait);
            sent.Should().Be(SendResult.Sent);

            (await ProcessRunner.WaitUntilAsync(() => session.RetryCount == 1, TimeSpan.FromSeconds(5)))
                .Should().BeTrue("the event sent to the closed port is put back for a resend");
            session.TryTakeRetry(out var retry).Should().BeTrue();
            retry.Sequence.Should().Be(7);
        }
        finally
        {
            await stop.CancelAsync();
            await running.WaitAsync(s_wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    /// <summary>The system clock, except that reading it pauses the async flows that asked for it.</summary>
    private sealed class PausingTimeProvider(TimeSpan pause) : TimeProvider
    {
        private readonly AsyncLocal<bool> _pause = new();

        public void PauseThisFlow() => _pause.Value = true;

        public override long GetTimestamp()
        {
            if (_pause.Value)
            {
                Thread.Sleep(pause);
            }

            return base.GetTimestamp();
        }
    }
}
